import Foundation
import Testing
@testable import DubanCore

@Suite("CSVReader")
struct CSVReaderTests {
    private func read(_ csv: String) throws -> GridTable {
        try table(Data(csv.utf8))
    }

    private func table(_ data: Data) throws -> GridTable {
        let grid = try CSVReader.read(data, source: "t.csv")
        #expect(grid.format == .csv)
        #expect(grid.lines.isEmpty)
        #expect(grid.tables.count == 1)
        let table = try #require(grid.tables.first)
        #expect(table.name == "表1")
        #expect(table.aligned && !table.mergesKnown)
        #expect(table.linesBefore == 0)
        #expect(Set(table.rows.map(\.cells.count)).count <= 1, "rows of different widths")
        return table
    }

    private func texts(_ table: GridTable) -> [[String]] { table.rows.map { $0.cells.map(\.text) } }

    /// The damage detail of a refused file.
    private func damage(_ data: Data) -> String? {
        do {
            _ = try CSVReader.read(data, source: "t.csv")
        } catch ImportError.damaged(let file, let detail) {
            #expect(file == "t.csv")
            return detail
        } catch {
            Issue.record("unexpected \(error)")
        }
        return nil
    }

    // MARK: - Encodings

    @Test("UTF-8 with and without a BOM", arguments: [true, false])
    func utf8(bom: Bool) throws {
        let data = (bom ? Data([0xEF, 0xBB, 0xBF]) : Data()) + Data("序号,牵头单位\n1,区政府办\n".utf8)
        let t = try table(data)
        #expect(texts(t) == [["序号", "牵头单位"], ["1", "区政府办"]])
        #expect(t.rows.map(\.number) == [1, 2])
    }

    @Test("GB18030 (what Excel on Chinese Windows writes), with CRLF")
    func gb18030() throws {
        let data = try #require("序号,工作任务,完成时限\r\n1,“政务公开”,全年工作\r\n".data(using: TextDecoding.gb18030))
        #expect(String(data: data, encoding: .utf8) == nil)
        let t = try table(data)
        #expect(texts(t) == [["序号", "工作任务", "完成时限"], ["1", "“政务公开”", "全年工作"]])
    }

    @Test("an empty file, or one with only a BOM, is refused", arguments: [Data(), Data([0xEF, 0xBB, 0xBF])])
    func empty(data: Data) {
        #expect(throws: ImportError.emptyFile("t.csv")) { try CSVReader.read(data, source: "t.csv") }
    }

    // MARK: - Delimiters

    @Test("semicolons, with commas inside unquoted cells")
    func semicolon() throws {
        let t = try read("序号;具体要求;牵头单位\n1;公开,透明,及时;区政府办\n2;回应关切;各部门\n")
        #expect(texts(t) == [["序号", "具体要求", "牵头单位"], ["1", "公开,透明,及时", "区政府办"], ["2", "回应关切", "各部门"]])
    }

    @Test("tabs")
    func tab() throws {
        let t = try read("序号\t具体要求\t完成时限\n1\t甲,乙;丙\t6月底前\n")
        #expect(texts(t) == [["序号", "具体要求", "完成时限"], ["1", "甲,乙;丙", "6月底前"]])
    }

    @Test("delimiters inside quotes do not count when guessing")
    func quotedDelimitersIgnored() throws {
        let t = try read("a;\"x,y,z,w\";c\nd;\"1,2,3\";f\n")
        #expect(texts(t) == [["a", "x,y,z,w", "c"], ["d", "1,2,3", "f"]])
    }

    @Test("Excel's sep= first line names the delimiter and is not a row")
    func sepLine() throws {
        let t = try read("sep=;\n序号;要求,说明\n1;甲,乙\n")
        #expect(texts(t) == [["序号", "要求,说明"], ["1", "甲,乙"]])
        #expect(t.rows.map(\.number) == [2, 3])
    }

    // MARK: - Quoting

    @Test("quoted cells hold delimiters, doubled quotes and newlines")
    func quoting() throws {
        let csv = "\"a, \"\"b\"\"\",\"第一行\n第二行\r\n  第三行  \",c\r\n\"\",x,\"末尾\"\"\"\r\n"
        let t = try read(csv)
        #expect(t.rows[0].cells[0].lines == ["a, \"b\""])
        #expect(t.rows[0].cells[1].lines == ["第一行", "第二行", "第三行"])
        #expect(t.rows[0].cells[2].lines == ["c"])
        #expect(t.rows[1].cells.map(\.lines) == [[], ["x"], ["末尾\""]])
        #expect(t.rows.map(\.number) == [1, 2], "a record spanning lines is one record")
    }

    @Test("lenient quoting: text after a closing quote, spaces before an opening one, quotes mid-cell")
    func lenientQuotes() throws {
        let t = try read("\"引号\"之后, \"前面有空格,也行\",中间\"引号\"\n")
        #expect(texts(t) == [["引号之后", "前面有空格,也行", "中间\"引号\""]])
    }

    @Test("an unmatched quote is refused with its record number")
    func unmatchedQuote() throws {
        let detail = try #require(damage(Data("a,b\nc,\"d\ne,f\n".utf8)))
        #expect(detail.contains("第2行"))
        #expect(detail.contains("引号"))
    }

    // MARK: - Shape

    @Test("merged cells arrive blank; short rows are padded; title rows stay rows")
    func blanksAndPadding() throws {
        let t = try read("""
            某区2018年分工方案
            序号,工作任务,,具体要求
            1,大类,小类,要求一
            2,,,要求二

            3,,,要求三
            """)
        #expect(t.rows.count == 6)
        #expect(t.rows.map(\.number) == [1, 2, 3, 4, 5, 6])
        #expect(t.rows[0].cells == [GridCell("某区2018年分工方案"), GridCell(lines: []), GridCell(lines: []), GridCell(lines: [])])
        #expect(t.rows[3].cells == [GridCell("2"), GridCell(lines: []), GridCell(lines: []), GridCell("要求二")])
        #expect(t.rows[3].cells.allSatisfy { $0.merge == .origin })
        #expect(t.rows[4].isBlank)
        #expect(texts(t)[5] == ["3", "", "", "要求三"], "no newline at the end of the file")
    }

    @Test("spaces inside a cell line are collapsed and trimmed")
    func spaces() throws {
        let t = try read("  甲  乙 ,\u{3000}丙\u{3000}\n")
        #expect(texts(t) == [["甲 乙", "丙"]])
    }

    // MARK: - Limits

    @Test("a record over 2,000 columns is refused")
    func columnLimit() throws {
        let ok = String(repeating: "x,", count: 1_999) + "x\n"
        #expect(try read(ok).rows[0].cells.count == 2_000)
        let detail = try #require(damage(Data((String(repeating: "x,", count: 2_000) + "x\n").utf8)))
        #expect(detail.contains("2000 列"))
        #expect(detail.contains("第1行"))
    }

    @Test("a table that would pad out to over 2,000,000 cells is refused")
    func cellBudget() throws {
        let csv = String(repeating: "x,", count: 1_999) + "x\n" + String(repeating: "y\n", count: 1_000)
        let detail = try #require(damage(Data(csv.utf8)))
        #expect(detail.contains("万个格子"))
    }

    @Test("a cell over 1 MB is refused, quoted or not", arguments: [false, true])
    func cellLimit(quoted: Bool) throws {
        let big = String(repeating: "政务公开\n", count: 90_000)  // 1.17 MB
        let cell = quoted ? "\"\(big)\"" : big.replacingOccurrences(of: "\n", with: "")
        let detail = try #require(damage(Data("序号,要求\n1,\(cell)\n".utf8)))
        #expect(detail.contains("1 MB"))
        #expect(detail.contains("第2行"))
    }

    @Test("a large quoted cell just under the limit is read in one piece")
    func largeCell() throws {
        let big = String(repeating: "政务公开\n", count: 60_000)  // 780 KB, 60,000 lines
        let t = try read("1,\"\(big)\"\n")
        #expect(t.rows[0].cells[1].lines.count == 60_000)
    }

    // MARK: - The Guandu fixture

    @Test("plan-gbk.csv imports to expected.json (93/93)")
    func guanduFixture() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Paths.guandu("plan-gbk.csv")))
        let t = try table(data)
        #expect(t.rows.allSatisfy { $0.cells.count == 6 })
        let grid = try CSVReader.read(data, source: "plan-gbk.csv")
        let draft = try PlanInterpreter.interpret(grid)
        let root = try Expected.guanduRoot()
        #expect(draft.title == root["title"] as? String)
        #expect(draft.year == root["year"] as? Int)

        let db = try AppDatabase.inMemory()
        guard case .created(let planId) = try db.importPlan(draft, sha256: "x") else {
            Issue.record("plan not created")
            return
        }
        let tasks = try db.tasks(planId: planId)
        #expect(tasks.count == 93)
        let problems = mismatches(tasks, expected: try Expected.guanduTasks())
        #expect(problems.isEmpty, "\(problems.prefix(20).joined(separator: "\n"))")
    }
}
