import Foundation
import Testing
@testable import DubanCore

/// `StorageDate` writes what GRDB's own date formatter writes.
@Suite struct StorageDateTests {
    /// GRDB's storage format (GRDB/Core/Support/Foundation/Date.swift).
    static let grdb: DateFormatter = {
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd HH:mm:ss.SSS"
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(secondsFromGMT: 0)
        return f
    }()

    @Test func matchesGRDBsFormatter() {
        var dates: [Date] = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 951_782_400.5),  // 2000-02-29
                             Date(timeIntervalSince1970: 1_542_844_799.9994), Date(timeIntervalSince1970: 4_102_444_800.25)]
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2000 {  // pseudo-random instants 1970…2100 (0.4 ms past a millisecond: no rounding question)
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            dates.append(Date(timeIntervalSince1970: Double(x % 4_102_444_800_000) / 1000 + 0.0004))
        }
        for d in dates {
            #expect(StorageDate.text(d) == Self.grdb.string(from: d), "\(d.timeIntervalSince1970)")
        }
    }

    @Test func sortsLikeTheDates() {
        let a = Date(timeIntervalSince1970: 1_600_000_000), b = a.addingTimeInterval(0.001)
        #expect(StorageDate.text(a) < StorageDate.text(b))
        #expect(StorageDate.text(Date(timeIntervalSince1970: 1_542_844_799.9994)) == "2018-11-21 23:59:59.999")
    }
}

/// Audit details as JSON: texts quoted with the escapes JSON needs, and only those.
@Suite struct JSONQuoteTests {
    @Test func quotesAndEscapes() throws {
        #expect(JSONValue.quote("官渡区2018年政务公开") == "\"官渡区2018年政务公开\"")
        #expect(JSONValue.quote("") == "\"\"")
        #expect(JSONValue.quote("a\"b\\c\nd\re\tf\u{1}g") == "\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\"")
        for text in ["区发改局、区城改局", "“引号”", "x\"", "\u{7F}", "tab\there"] {
            let decoded = try JSONDecoder().decode(String.self, from: Data(JSONValue.quote(text).utf8))
            #expect(decoded == text)
        }
    }
}
