import Foundation
import Testing
@testable import DubanWeb

/// The urlencoded body parser (every web form goes through it).
@Suite struct FormDataTests {
    @Test func decodesPercentEscapesPlusAndUTF8() {
        let f = FormData.urlencoded("state=inProgress&note=%E6%9C%AC%E5%AD%A3%E5%BA%A6+done%21&empty=&flag&a%3Db=c%26d")
        #expect(f["state"] == "inProgress")
        #expect(f["note"] == "本季度 done!")
        #expect(f["empty"] == "")
        #expect(f["flag"] == "")
        #expect(f["a=b"] == "c&d")
    }

    @Test func keepsMalformedEscapesAsSent() {
        // Foundation's removingPercentEncoding gives nil for these; the value is kept as sent.
        let f = FormData.urlencoded("a=100%&b=%zz+x&c=%E6%9C&d=%4")
        #expect(f["a"] == "100%")
        #expect(f["b"] == "%zz+x")
        #expect(f["c"] == "%E6%9C")
        #expect(f["d"] == "%4")
    }

    @Test func emptyPairsAndRepeatedAmpersandsAreSkipped() {
        let f = FormData.urlencoded("&&x=1&&")
        #expect(f == ["x": "1"])
        #expect(FormData.urlencoded("").isEmpty)
    }

    @Test func valuesAreTrimmedWhenRead() {
        let f = FormData(fields: ["a": "  甲 \n", "b": "\u{3000}乙\u{3000}", "c": "丙"])
        #expect(f["a"] == "甲")
        #expect(f["b"] == "乙")
        #expect(f["c"] == "丙")
        #expect(f["missing"] == "")
    }
}
