import Foundation
import Testing
@testable import DubanCore

@Suite("XlsxWriter")
struct XlsxWriterTests {
    static let asOf = Day(year: 2018, month: 9, day: 30)!

    /// A unit-progress sheet with every kind of cell.
    private func progressSheet() -> Sheet {
        Sheet(
            name: "单位进度",
            columns: ["单位", "任务数", "平均进度", "完成率", "截止日期", "备注"],
            rows: [
                ["区发展改革局", 12, 3.5, .percent(0.85), .day(Self.asOf), .empty],
                ["区财政局", 0, -2.25, .percent(1), .day(Day(year: 2019, month: 1, day: 1)!), "按季度报送"],
                ["区教育局"],
            ],
            title: "官渡区2018年政府工作报告分工方案 单位进度 截至2018-09-30")
    }

    private func texts(_ table: GridTable) -> [[String]] { table.rows.map { $0.cells.map(\.text) } }

    /// The text of one package part.
    private func part(_ sheets: [Sheet], _ path: String) throws -> String {
        let data = try #require(XlsxWriter.parts(sheets).first { $0.0 == path }?.1, "no part \(path)")
        return String(decoding: data, as: UTF8.self)
    }

    private func read(_ sheets: [Sheet]) throws -> Grid {
        try XlsxReader.read(try XlsxWriter.workbook(sheets), source: "t.xlsx")
    }

    // MARK: - Round trip

    @Test func roundTripThroughReader() throws {
        let grid = try read([progressSheet()])
        #expect(grid.format == .xlsx)
        let table = try #require(grid.tables.first)
        #expect(grid.tables.count == 1)
        #expect(table.name == "单位进度")
        #expect(texts(table) == [
            ["官渡区2018年政府工作报告分工方案 单位进度 截至2018-09-30", "", "", "", "", ""],
            ["单位", "任务数", "平均进度", "完成率", "截止日期", "备注"],
            ["区发展改革局", "12", "3.5", "85.0%", "2018年9月30日", ""],  // percent cells as Excel shows them (0.0%)
            ["区财政局", "0", "-2.25", "100.0%", "2019年1月1日", "按季度报送"],
            ["区教育局", "", "", "", "", ""],
        ])
        #expect(table.rows.map(\.number) == [1, 2, 3, 4, 5])
        #expect(table.rows.allSatisfy { $0.cells.allSatisfy { $0.merge == .origin } }, "nothing is merged")
    }

    @Test func numbersAndDatesAreStoredAsValues() throws {
        let xml = try part([progressSheet()], "xl/worksheets/sheet1.xml")
        let number = XlsxWriter.Style.number.rawValue
        #expect(xml.contains(#"<c r="B3" s="\#(number)"><v>12</v></c>"#))
        #expect(xml.contains(#"<c r="C3" s="\#(number)"><v>3.5</v></c>"#))
        #expect(xml.contains(#"<c r="C4" s="\#(number)"><v>-2.25</v></c>"#))
        #expect(xml.contains(#"<c r="D3" s="\#(XlsxWriter.Style.percent.rawValue)"><v>0.85</v></c>"#))
        #expect(xml.contains(#"<c r="E3" s="\#(XlsxWriter.Style.day.rawValue)"><v>43373</v></c>"#))
        let styles = try part([progressSheet()], "xl/styles.xml")
        #expect(styles.contains(#"formatCode="yyyy-mm-dd""#))
        #expect(styles.contains(#"formatCode="0.0%""#))
    }

    @Test(arguments: [
        (Day(year: 2018, month: 9, day: 30)!, 43373),
        (Day(year: 1970, month: 1, day: 1)!, 25569),
        (Day(year: 1900, month: 3, day: 1)!, 61),
        (Day(year: 1900, month: 2, day: 28)!, 59),
        (Day(year: 1900, month: 1, day: 1)!, 1),
        (Day(year: 9999, month: 12, day: 31)!, 2_958_465),
    ])
    func daySerials(day: Day, serial: Int) {
        #expect(XlsxWriter.serial(day) == serial)
        #expect(XlsxReader.day(fromSerial: Double(serial)) == day || serial < 61)
    }

    @Test func daysOutsideExcelRangeAreText() throws {
        let old = Day(year: 1899, month: 12, day: 31)!
        #expect(XlsxWriter.serial(old) == nil)
        let table = try #require(try read([Sheet(name: "s", headers: ["日期"], rows: [[.day(old)]])]).tables.first)
        #expect(texts(table) == [["日期"], ["1899-12-31"]])
    }

    // MARK: - Escaping

    @Test func escapesMarkupAndDropsIllegalCharacters() throws {
        let sheet = Sheet(
            name: "a<s>&\"'b", headers: ["<script>&\"'"],
            rows: [["<script>&\"'"], ["a\u{0}b\u{1}c\u{8}d\u{B}e\u{C}f\u{E}g\u{1F}h\u{FFFE}i\u{FFFF}j"], ["第一行\n第二行"]])
        let xml = try part([sheet], "xl/worksheets/sheet1.xml")
        #expect(xml.contains("&lt;script&gt;&amp;&quot;&apos;"))
        #expect(!xml.contains("<script>"))
        #expect(xml.contains(">abcdefghij</t>"))
        #expect(xml.unicodeScalars.allSatisfy { $0.value >= 0x20 || $0 == "\t" || $0 == "\n" })
        let workbook = try part([sheet], "xl/workbook.xml")
        #expect(workbook.contains(#"<sheet name="a&lt;s&gt;&amp;&quot;&apos;b""#))

        let table = try #require(try read([sheet]).tables.first)
        #expect(table.name == "a<s>&\"'b")
        #expect(texts(table) == [["<script>&\"'"], ["<script>&\"'"], ["abcdefghij"], ["第一行\n第二行"]])
    }

    @Test func carriageReturnAndEdgeSpacesSurvive() throws {
        let xml = try part([Sheet(name: "s", columns: [], rows: [[" a\rb "]])], "xl/worksheets/sheet1.xml")
        #expect(xml.contains(#"<t xml:space="preserve"> a&#13;b </t>"#))
    }

    @Test func literalExcelEscapeIsProtected() throws {
        let xml = try part([Sheet(name: "s", columns: [], rows: [["代码_x0041_与_x12_"]])], "xl/worksheets/sheet1.xml")
        // Excel decodes _xHHHH_ in string content; the underscore itself is escaped so the text stays literal.
        #expect(xml.contains(">代码_x005F_x0041_与_x12_</t>"))
    }

    // MARK: - Sheet names

    @Test(arguments: [
        ("a[b]c:d*e?f/g\\h", "a_b_c_d_e_f_g_h"),
        ("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一"),
        ("'引号'", "引号"),
        ("  单位\n进度\t", "单位进度"),
        ("", "Sheet1"),
        ("[]", "__"),
        ("History", "History (2)"),
    ])
    func sanitisesSheetName(raw: String, expected: String) {
        #expect(XlsxWriter.sheetNames([raw]) == [expected])
    }

    @Test func sheetNamesAreUniqueIgnoringCase() {
        let long = String(repeating: "进", count: 40)
        let names = XlsxWriter.sheetNames(["进度", "进度", "Sheet", "sheet", "进度", long, long, "", "Sheet8"])
        #expect(names == [
            "进度", "进度 (2)", "Sheet", "sheet (2)", "进度 (3)",
            String(repeating: "进", count: 31), String(repeating: "进", count: 27) + " (2)", "Sheet8", "Sheet8 (2)",
        ])
        #expect(names.allSatisfy { $0.utf16.count <= 31 })
        #expect(Set(names.map { $0.lowercased() }).count == names.count)
    }

    @Test func surrogatePairsAreNotSplit() {
        let name = String(repeating: "a", count: 30) + "𠀀"
        #expect(XlsxWriter.sheetNames([name]) == [String(repeating: "a", count: 30)])
    }

    @Test func readerSeesSanitisedNamesInOrder() throws {
        let sheets = ["汇总", "汇总", "a/b"].map { Sheet(name: $0, headers: ["x"], rows: [[1]]) }
        #expect(try read(sheets).tables.map(\.name) == ["汇总", "汇总 (2)", "a_b"])
    }

    // MARK: - Formulas

    @Test func formulaLookingTextStaysText() throws {
        let risky = ["=1+2", "+A1", "-3", "@SUM(A1:A2)", "=HYPERLINK(\"http://x\")", "\t=1", "\r=1"]
        let sheet = Sheet(name: "s", headers: ["=表头"], rows: risky.map { [CellValue.text($0)] }, title: "=标题")
        let xml = try part([sheet], "xl/worksheets/sheet1.xml")
        #expect(!xml.contains("<f>") && !xml.contains("<f "))
        #expect(!xml.contains(#"t="str""#))
        #expect(xml.components(separatedBy: #"t="inlineStr""#).count - 1 == risky.count + 2)
        #expect(xml.contains(">=1+2</t>"), "kept as is, no apostrophe")
        let table = try #require(try read([sheet]).tables.first)
        #expect(texts(table).prefix(6).map { $0[0] } == ["=标题", "=表头", "=1+2", "+A1", "-3", "@SUM(A1:A2)"])
    }

    // MARK: - Layout

    @Test func frozenPaneBoldFilledHeaderAndFilter() throws {
        let sheets = [progressSheet()]
        let xml = try part(sheets, "xl/worksheets/sheet1.xml")
        #expect(xml.contains(#"<pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/>"#))
        #expect(xml.contains(#"<autoFilter ref="A2:F5"/>"#))
        #expect(xml.contains(#"<dimension ref="A1:F5"/>"#))
        let header = XlsxWriter.Style.header.rawValue
        #expect(xml.contains(#"<c r="A2" s="\#(header)" t="inlineStr"><is><t>单位</t></is></c>"#))
        #expect(xml.contains(#"<c r="A1" s="\#(XlsxWriter.Style.title.rawValue)" t="inlineStr">"#))
        // cellXfs[header] uses a bold font and the solid fill.
        let styles = try part(sheets, "xl/styles.xml")
        let fonts = styles.components(separatedBy: "<font>").dropFirst()
        let xfs = styles.components(separatedBy: "<cellXfs")[1].components(separatedBy: "<xf ").dropFirst()
        let headerXf = Array(xfs)[header]
        #expect(headerXf.contains(#"fontId="1""#) && headerXf.contains(#"fillId="2""#))
        #expect(Array(fonts)[1].contains("<b/>"))
        #expect(styles.contains(#"<fill><patternFill patternType="solid">"#))
        let workbook = try part(sheets, "xl/workbook.xml")
        #expect(workbook.contains(#"localSheetId="0" hidden="1">&apos;单位进度&apos;!$A$2:$F$5</definedName>"#))
        #expect(workbook.contains(#"<definedName name="_xlnm.Print_Titles" localSheetId="0">&apos;单位进度&apos;!$1:$2"#))
    }

    @Test func withoutTitleTheHeaderIsTheFirstRow() throws {
        let xml = try part([Sheet(name: "s", headers: ["a", "b"], rows: [[1, 2]])], "xl/worksheets/sheet1.xml")
        #expect(xml.contains(#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#))
        #expect(xml.contains(#"<autoFilter ref="A1:B2"/>"#))
    }

    @Test func columnWidthsFollowContent() throws {
        let sheet = Sheet(
            name: "s",
            columns: ["abcd", "一二三四", Sheet.Column("固定", width: 30), "长"],
            rows: [["a", "", "", .text(String(repeating: "很长的文字", count: 40))]])
        let widths = XlsxWriter.columnWidths(sheet, width: 4)
        #expect(widths == [7, 11, 30, XlsxWriter.maxAutoWidth])
        #expect(XlsxWriter.displayWidth("第一行\nab") == 6)
        let xml = try part([sheet], "xl/worksheets/sheet1.xml")
        #expect(xml.contains(#"<col min="3" max="3" width="30.0" customWidth="1"/>"#))
    }

    @Test func rowsWiderThanColumnsAndColumnNames() throws {
        #expect(["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"] == [0, 25, 26, 51, 52, 701, 702].map(XlsxWriter.columnName))
        let table = try #require(try read([Sheet(name: "s", headers: ["a"], rows: [[1, 2, 3]])]).tables.first)
        #expect(texts(table) == [["a", "", ""], ["1", "2", "3"]])
    }

    @Test func emptyWorkbookStillHasOneSheet() throws {
        let parts = XlsxWriter.parts([])
        #expect(parts.contains { $0.0 == "xl/worksheets/sheet1.xml" })
        #expect(try read([]).tables.isEmpty)
        let xml = try part([], "xl/worksheets/sheet1.xml")
        #expect(!xml.contains("<pane") && !xml.contains("<autoFilter") && !xml.contains("<cols>"))
    }

    @Test func everyPartIsWellFormedAndDeclared() throws {
        let sheets = [progressSheet(), Sheet(name: "空", columns: []), Sheet(name: "仅标题", columns: [], title: "标题")]
        let data = try XlsxWriter.workbook(sheets)
        let package = try OOXMLPackage(data: data, file: "t.xlsx")
        #expect(package.paths.first == "[Content_Types].xml")
        #expect(Set(package.paths) == Set(XlsxWriter.parts(sheets).map(\.0)))
        for path in package.paths {
            // libxml2 refuses malformed XML with ImportError.damaged.
            try XMLStream.parse(package, part: path, handler: CollectingHandler(elements: []))
        }
        let types = try part(sheets, "[Content_Types].xml")
        for k in 1...3 { #expect(types.contains(#"PartName="/xl/worksheets/sheet\#(k).xml""#)) }
        let rels = try part(sheets, "xl/_rels/workbook.xml.rels")
        #expect(rels.contains(#"Id="rId4""#) && rels.contains("styles.xml"))
        #expect(try read(sheets).tables.map(\.name) == ["单位进度", "仅标题"])
    }

    // MARK: - LibreOffice

    /// The first executable named `name` on PATH.
    private func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test func libreOfficeConvertsWorkbookToPDF() throws {
        guard let soffice = executable("soffice") else {
            // Not installed here: nothing to check (the workbook itself is covered above).
            return
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("duban-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("进度.xlsx")
        var rows = progressSheet().rows
        for k in 0..<200 {
            rows.append(["单位\(k)", .int(k), .number(Double(k) / 7), .percent(Double(k) / 200), .day(Self.asOf.adding(days: k)), "=\(k)"])
        }
        var sheet = progressSheet()
        sheet.rows = rows
        try XlsxWriter.workbook([sheet, Sheet(name: "第二页", headers: ["说明"], rows: [["<b>&"]])]).write(to: input)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: soffice)
        process.arguments = [
            "-env:UserInstallation=file://\(dir.path)/profile", "--headless", "--convert-to", "pdf",
            "--outdir", dir.path, input.path,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let pdf = dir.appendingPathComponent("进度.pdf")
        let bytes = try Data(contentsOf: pdf)
        #expect(bytes.count > 1000)
        #expect(bytes.starts(with: Data("%PDF".utf8)))
    }
}
