import Foundation
import Testing
@testable import DubanCore

@Suite("CSVWriter")
struct CSVWriterTests {
    private let sheet = Sheet(
        name: "单位进度",
        columns: ["单位", "任务数", "完成率", "截止日期"],
        rows: [
            ["区发展改革局", 12, .percent(0.85), .day(Day(year: 2018, month: 9, day: 30)!)],
            ["区财政局", 0, .percent(0.2875), .empty],
        ],
        title: "官渡区分工方案 单位进度 截至2018-09-30")

    private let expected = "官渡区分工方案 单位进度 截至2018-09-30,,,\r\n"
        + "单位,任务数,完成率,截止日期\r\n"
        + "区发展改革局,12,85.0%,2018-09-30\r\n"
        + "区财政局,0,28.8%,\r\n"

    @Test func utf8WithBOMAndCRLF() {
        let data = CSVWriter.data(sheet)
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: data.dropFirst(3), as: UTF8.self) == expected)
        #expect(!String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }

    @Test func gb18030RoundTripWithoutBOM() throws {
        var wide = sheet
        wide.rows.append(["𠀀😀€·—“引号”", .int(-3)])  // beyond GBK: four-byte GB18030 sequences
        let data = CSVWriter.data(wide, encoding: .gb18030)
        #expect(!data.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(data.starts(with: [0xB9, 0xD9, 0xB6, 0xC9, 0xC7, 0xF8]), "官渡区 in GB18030")
        let text = try #require(String(data: data, encoding: TextDecoding.gb18030))
        #expect(text == expected + "𠀀😀€·—“引号”,-3,,\r\n")
        #expect(try TextDecoding.decode(data, file: "t.csv").1 == .gb18030)
    }

    /// A line (NULs, private-use characters) on which Foundation's whole-string GB18030
    /// conversion stops the process; the DOCX fuzzer found it through the prose reader's repair
    /// of shifted GBK. Kept as its scalars in hex.
    static func lineThatStopsFoundation() throws -> String {
        let hex = try String(contentsOf: Paths.fixtures.appendingPathComponent("gb18030-stops-foundation.hex"), encoding: .utf8)
        var scalars = String.UnicodeScalarView()
        for h in hex.split(whereSeparator: \.isWhitespace) { scalars.append(try #require(UInt32(h, radix: 16).flatMap(Unicode.Scalar.init))) }
        return String(scalars)
    }

    @Test func gb18030BytesAreFoundationsScalarByScalar() throws {
        // Ordinary text: the same bytes as Foundation's conversion of the whole string.
        let plan = try String(contentsOfFile: Paths.guandu("plan.txt"), encoding: .utf8) + "𠀀😀€·—\u{E500}\u{0}"
        #expect(TextDecoding.gb18030Bytes(plan) == plan.data(using: TextDecoding.gb18030))
        // The line Foundation cannot convert whole: converted, and it decodes back to itself.
        let line = try Self.lineThatStopsFoundation()
        #expect(line.unicodeScalars.count == 507)
        let bytes = TextDecoding.gb18030Bytes(line)
        #expect(String(data: bytes, encoding: TextDecoding.gb18030) == line)
        // A report cell holding it (a unit's note can hold anything) is written, not a crash.
        var withLine = sheet
        withLine.rows.append([.text(line), .int(1)])
        let csv = try #require(String(data: CSVWriter.data(withLine, encoding: .gb18030), encoding: TextDecoding.gb18030))
        #expect(csv == CSVWriter.string(withLine))
        // The prose reader's repair re-encodes such lines: it returns instead of stopping the process.
        _ = ProseText.repairShiftedGBK(line)
    }

    @Test(arguments: [
        (CellValue.text("=1+2"), "'=1+2"),
        (.text("+86 871"), "'+86 871"),
        (.text("-3"), "'-3"),
        (.text("@SUM(A1)"), "'@SUM(A1)"),
        (.text("\tx"), "'\tx"),
        (.text("\r=1"), "\"'\r=1\""),
        (.text("=A1,B1"), "\"'=A1,B1\""),
        (.text("a=1"), "a=1"),
        (.int(-3), "-3"),
        (.number(-2.5), "-2.5"),
        (.number(3), "3"),
        (.number(.nan), ""),
        (.percent(-0.05), "-5.0%"),
        (.percent(1), "100.0%"),
        (.percent(0.0004), "0.0%"),
        (.day(Day(year: 2019, month: 1, day: 2)!), "2019-01-02"),
        (.empty, ""),
    ])
    func fieldFormatting(value: CellValue, expected: String) {
        #expect(CSVWriter.field(value) == expected)
    }

    @Test(arguments: [
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("line1\nline2", "\"line1\nline2\""),
        ("line1\r\nline2", "\"line1\r\nline2\""),
        ("plain 文字", "plain 文字"),
    ])
    func rfc4180Quoting(raw: String, expected: String) {
        #expect(CSVWriter.field(.text(raw)) == expected)
    }

    @Test(arguments: ["=1+2", "+1", "-1", "@a", "\tx", "\rx", "a,b", "\"q\"", "x\ny", "-a,\"b\"", "'", "", "普通文字", "a=b"])
    func textFieldsMatchCSVLine(raw: String) {
        #expect(CSVWriter.field(.text(raw)) == CSVLine.cell(raw))
    }

    @Test func injectionInTitleAndHeaderToo() {
        let risky = Sheet(name: "s", headers: ["=表头", "b"], rows: [["=1+2", -3]], title: "@标题")
        #expect(CSVWriter.string(risky) == "'@标题,\r\n'=表头,b\r\n'=1+2,-3\r\n")
    }

    @Test func noTitleNoHeaderAndRaggedRows() {
        #expect(CSVWriter.string(Sheet(name: "s", columns: [], rows: [[1, 2], [3]])) == "1,2\r\n3,\r\n")
        #expect(CSVWriter.string(Sheet(name: "s", headers: ["a"], rows: [[1, 2]])) == "a,\r\n1,2\r\n")
        #expect(CSVWriter.string(Sheet(name: "s", columns: [])) == "")
    }

    @Test func readsBackThroughCSVReader() throws {
        let messy = Sheet(name: "s", headers: ["要求", "备注"], rows: [["一、\"两个\"，三", "a,b\n第二行"]])
        let grid = try CSVReader.read(CSVWriter.data(messy), source: "t.csv")
        let table = try #require(grid.tables.first)
        #expect(table.rows.map { $0.cells.map(\.text) } == [["要求", "备注"], ["一、\"两个\"，三", "a,b\n第二行"]])
    }
}
