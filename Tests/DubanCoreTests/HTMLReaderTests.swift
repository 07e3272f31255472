import Foundation
import Testing
@testable import DubanCore

@Suite("HTMLReader")
struct HTMLReaderTests {
    private func read(_ html: String) throws -> Grid {
        try HTMLReader.read(Data(html.utf8), source: "t.html")
    }

    private func table(_ html: String) throws -> GridTable {
        let grid = try read(html)
        #expect(grid.tables.count == 1)
        return try #require(grid.tables.first)
    }

    /// Every row of an aligned table is as wide as the table.
    private func expectRectangular(_ table: GridTable, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let widths = Set(table.rows.map(\.cells.count))
        #expect(widths.count <= 1, "row widths \(widths)", sourceLocation: sourceLocation)
        #expect(table.aligned && table.mergesKnown, sourceLocation: sourceLocation)
    }

    private func texts(_ row: GridRow) -> [String] { row.cells.map(\.text) }

    private let above = GridCell.covered(.fromAbove)
    private let left = GridCell.covered(.fromLeft)

    // MARK: - Spans

    @Test("rowspan covers the cells below")
    func rowspan() throws {
        let t = try table("""
            <table><tr><td>1</td><td rowspan="3">类别</td><td>甲</td></tr>
            <tr><td>2</td><td>乙</td></tr><tr><td>3</td><td>丙</td></tr></table>
            """)
        expectRectangular(t)
        #expect(t.rows.map(\.number) == [1, 2, 3])
        #expect(t.rows[0].cells == [GridCell("1"), GridCell("类别"), GridCell("甲")])
        #expect(t.rows[1].cells == [GridCell("2"), above, GridCell("乙")])
        #expect(t.rows[2].cells == [GridCell("3"), above, GridCell("丙")])
    }

    @Test("colspan covers the cells to the right")
    func colspan() throws {
        let t = try table("""
            <table><thead><tr><th>序号</th><th colspan=2>工作任务</th><th>牵头单位</th></tr></thead>
            <tbody><tr><td>1</td><td>大类</td><td>小类</td><td>区政府办</td></tr></tbody></table>
            """)
        expectRectangular(t)
        #expect(t.rows[0].cells == [GridCell("序号"), GridCell("工作任务"), left, GridCell("牵头单位")])
        #expect(texts(t.rows[1]) == ["1", "大类", "小类", "区政府办"])
    }

    @Test("rowspan and colspan together cover a block")
    func rowAndColSpan() throws {
        let t = try table("""
            <table><tr><td>a</td><td rowspan="3" colspan="2">块</td><td>b</td></tr>
            <tr><td>c</td><td>d</td></tr><tr><td>e</td><td>f</td></tr></table>
            """)
        expectRectangular(t)
        #expect(t.rows[0].cells == [GridCell("a"), GridCell("块"), left, GridCell("b")])
        #expect(t.rows[1].cells == [GridCell("c"), above, above, GridCell("d")])
        #expect(t.rows[2].cells == [GridCell("e"), above, above, GridCell("f")])
    }

    @Test("a rowspan past the last row stops at the table's end; rowspan=0 runs to it")
    func rowspanClipped() throws {
        let t = try table("<table><tr><td rowspan=9>x</td><td rowspan=0>y</td></tr><tr><td>z</td></tr></table>")
        expectRectangular(t)
        #expect(t.rows.count == 2)
        #expect(t.rows[1].cells == [above, above, GridCell("z")])
    }

    @Test("&nbsp; is whitespace, empty cells stay, short rows are padded")
    func emptyCellsAndPadding() throws {
        let t = try table("""
            <table><tr><td>&nbsp;</td><td></td><td> a&nbsp;&nbsp;\n b&#12288;</td></tr><tr><td>only</td></tr></table>
            """)
        expectRectangular(t)
        #expect(t.rows[0].cells == [GridCell(lines: []), GridCell(lines: []), GridCell("a b")])
        #expect(t.rows[1].cells == [GridCell("only"), GridCell(lines: []), GridCell(lines: [])])
        #expect(t.rows[1].cells[1].merge == .origin)
    }

    // MARK: - Cell text

    @Test("text split across spans is joined without spaces")
    func spans() throws {
        let t = try table("""
            <table><tr><td><p><span style="font-size:14pt">推进</span><span>政务</span><b>公开</b></p></td>
            <td><span>Hello</span> <span>World</span></td></tr></table>
            """)
        #expect(t.rows[0].cells[0].lines == ["推进政务公开"])
        #expect(t.rows[0].cells[1].lines == ["Hello World"])
    }

    @Test("each <p>, <div>, <li> and <br> piece in a cell is a line")
    func cellLines() throws {
        let t = try table("""
            <table><tr><td><p>第一段</p><p>第二<br>第三</p>尾巴<div>块</div><ul><li>甲</li><li>乙</li></ul><br><br></td></tr></table>
            """)
        #expect(t.rows[0].cells[0].lines == ["第一段", "第二", "第三", "尾巴", "块", "甲", "乙"])
    }

    @Test("a nested table's text becomes lines of its cell, not a table")
    func nestedTable() throws {
        let grid = try read("""
            <table><tr><td>序号</td><td>要求</td></tr>
            <tr><td>1</td><td>外<table><tr><td>内1</td><td>内2</td></tr><tr><td>内3</td></tr></table>后</td></tr>
            <tr><td>2</td><td>下一行</td></tr></table>
            """)
        #expect(grid.tables.count == 1)
        let t = try #require(grid.tables.first)
        expectRectangular(t)
        #expect(t.rows.count == 3)
        #expect(t.rows[1].cells[1].lines == ["外", "内1", "内2", "内3", "后"])
        #expect(texts(t.rows[2]) == ["2", "下一行"])
    }

    @Test("a one-row frame table around a bigger table is page layout, not the table")
    func layoutTable() throws {
        let grid = try read("""
            <table><tr><td><div>网站导航</div><p>分工方案</p>
            <table><tr><td>序号</td><td>要求</td></tr><tr><td>1</td><td>甲</td></tr><tr><td>2</td><td>乙</td></tr></table>
            <p>落款</p></td></tr></table>
            """)
        #expect(grid.lines == ["网站导航", "分工方案", "落款"])
        #expect(grid.tables.count == 1)
        let t = try #require(grid.tables.first)
        #expect(t.linesBefore == 2)
        #expect(t.rows.map(texts) == [["序号", "要求"], ["1", "甲"], ["2", "乙"]])
    }

    @Test("Word's conditional markers, <o:p> and mid-sentence line wraps leave no trace")
    func wordHTML() throws {
        let t = try table("""
            <table><tr><td><p class=MsoNormal><![if !supportLists]><span>1.<span>&nbsp;</span></span><![endif]><span
            lang=EN-US>推进政务<o:p></o:p></span><span>公开工作
            要点</span><o:p>&nbsp;</o:p></p></td><td><span>Open
            data</span></td></tr></table>
            """)
        #expect(t.rows[0].cells[0].lines == ["1. 推进政务公开工作要点"])
        #expect(t.rows[0].cells[1].lines == ["Open data"])
    }

    // MARK: - Page text

    @Test("text around the table becomes lines; script, style and head are ignored")
    func pageChrome() throws {
        let grid = try read("""
            <!DOCTYPE html><html><head><title>不要</title><style>p { color: red }</style>
            <script>var x = "<table><tr><td>假</td></tr></table>";</script></head>
            <body><div class="nav"><a href="/">首页</a> &gt; <a href="/gk">政务公开</a></div>
            <h1>某区2018年分工方案</h1><p>  正文  第一段 </p>
            <table><tr><td>序号</td></tr></table>
            <div>页脚<span>版权所有</span></div><!-- 注释 --><script>document.write("x")</script></body></html>
            """)
        #expect(grid.lines == ["首页 > 政务公开", "某区2018年分工方案", "正文 第一段", "页脚版权所有"])
        #expect(grid.tables.count == 1)
        #expect(grid.tables[0].linesBefore == 3)
        #expect(grid.format == .html)
        #expect(grid.source == "t.html")
    }

    @Test("two tables: names, lines before each, row numbers within each")
    func twoTables() throws {
        let grid = try read("""
            <h2>一</h2><table><caption>表题</caption><tr><td>a</td></tr><tr><td>b</td></tr></table>
            <p>中间</p><p>再中间</p><table><tr><td>c</td><td>d</td></tr></table><p>后</p>
            """)
        #expect(grid.lines == ["一", "表题", "中间", "再中间", "后"])
        #expect(grid.tables.map(\.name) == ["表1", "表2"])
        #expect(grid.tables.map(\.linesBefore) == [2, 4])
        #expect(grid.tables[0].rows.map(\.number) == [1, 2])
        #expect(grid.tables[1].rows.map(\.number) == [1])
        #expect(grid.tables[1].rows[0].cells.map(\.text) == ["c", "d"])
    }

    @Test("cells standing directly in a table form a row")
    func strayCells() throws {
        let t = try table("<table><td>a</td><td>b</td><tr><td>c</td></tr></table>")
        expectRectangular(t)
        #expect(t.rows.map(texts) == [["a", "b"], ["c", ""]])
    }

    // MARK: - Parsing (libxml2's events, linked as its tree builder did)

    @Test("cells and rows left open are closed by the next one")
    func autoClosedCells() throws {
        let t = try table("<table><tr><td>a<td>b<tr><td>c</table>")
        expectRectangular(t)
        #expect(t.rows.map(texts) == [["a", "b"], ["c", ""]])
    }

    @Test("a prefixed element is read by its local name (w:p is a paragraph)")
    func prefixedElements() throws {
        let grid = try read("<p>甲<w:p>乙</w:p>丙<st1:chsdate>2018年</st1:chsdate>日</p>")
        #expect(grid.lines == ["甲", "乙", "丙2018年日"])
    }

    @Test("entities are decoded in text and never start markup")
    func entities() throws {
        let t = try table("<table><tr><td>&lt;table&gt;&amp;&#x5E8F;&#21495;</td></tr></table>")
        #expect(t.rows[0].cells[0].lines == ["<table>&序号"])
    }

    @Test("text after </html> goes under the page, unless a DOCTYPE comes first")
    func afterHTML() throws {
        #expect(try read("<html><body><p>a</p></body></html><p>b</p>").lines == ["a", "b"])
        #expect(try read("<!DOCTYPE html><html><body><p>a</p></body></html><p>b</p>").lines == ["a"])
    }

    @Test("nesting deeper than 256 elements ends the page there")
    func depthLimit() throws {
        #expect(try read("<p>前</p>" + String(repeating: "<div>", count: 200) + "深处").lines == ["前", "深处"])
        #expect(try read("<p>前</p>" + String(repeating: "<div>", count: 300) + "深处").lines == ["前"])
    }

    @Test("span values: spaces and + skipped, other digits and junk ignored, huge ones clipped")
    func spanValues() throws {
        let t = try table("""
            <table><tr><td colspan=" 2">a</td><td COLSPAN="+2">b</td><td colspan="２">c</td></tr>
            <tr><td rowspan="1234567">d</td><td colspan="x3">e</td></tr></table>
            """)
        expectRectangular(t)
        #expect(t.rows[0].cells == [GridCell("a"), left, GridCell("b"), left, GridCell("c")])
        #expect(t.rows[1].cells.prefix(2) == [GridCell("d"), GridCell("e")])
    }

    @Test("a page of more than a million tags is refused before parsing")
    func tooManyTags() throws {
        let page = String(repeating: "<b>", count: 1_000_001)
        do {
            _ = try read(page)
            Issue.record("not refused")
        } catch let error as ImportError {
            guard case .damaged(_, let detail) = error else { Issue.record("\(error)"); return }
            #expect(detail.contains("已拒绝"))
        }
    }

    // MARK: - Charset

    private let sample = "<table><tr><td>牵头单位</td><td>完成时限</td></tr></table>"

    @Test("UTF-8 with a BOM")
    func utf8BOM() throws {
        let grid = try HTMLReader.read(Data([0xEF, 0xBB, 0xBF]) + Data(sample.utf8), source: "t.html")
        #expect(grid.tables.first?.rows.first?.cells.map(\.text) == ["牵头单位", "完成时限"])
    }

    @Test("UTF-16 with a BOM")
    func utf16BOM() throws {
        let data = try #require(sample.data(using: .utf16LittleEndian))
        let grid = try HTMLReader.read(Data([0xFF, 0xFE]) + data, source: "t.html")
        #expect(grid.tables.first?.rows.first?.cells.map(\.text) == ["牵头单位", "完成时限"])
    }

    @Test("GBK named by a <meta> tag", arguments: [
        "<meta charset=\"gbk\">",
        "<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=gb2312\">",
        "<?xml version=\"1.0\" encoding=\"GBK\"?>",
        "",  // not UTF-8, so GB18030
    ])
    func gbkMeta(declaration: String) throws {
        let page = "\(declaration)<html><head><title>标题</title></head><body><p>官渡区分工方案</p>\(sample)</body></html>"
        let data = try #require(page.data(using: TextDecoding.gb18030))
        let grid = try HTMLReader.read(data, source: "t.html")
        #expect(grid.lines == ["官渡区分工方案"])
        #expect(grid.tables.first?.rows.first?.cells.map(\.text) == ["牵头单位", "完成时限"])
    }

    @Test("a <meta charset=gbk> does not re-decode a page that is really UTF-8 with a BOM")
    func bomBeatsMeta() throws {
        let page = "<meta charset=gbk><p>官渡区</p>"
        let grid = try HTMLReader.read(Data([0xEF, 0xBB, 0xBF]) + Data(page.utf8), source: "t.html")
        #expect(grid.lines == ["官渡区"])
    }

    // MARK: - Hostile input

    @Test("an empty file is refused")
    func empty() {
        #expect(throws: ImportError.emptyFile("t.html")) { try HTMLReader.read(Data(), source: "t.html") }
    }

    @Test("200,000 nested elements neither crash nor recurse", arguments: ["<div>", "<table><tr><td>", "<span>"])
    func deepNesting(open: String) throws {
        let page = String(repeating: open, count: 200_000) + "深处"
        let grid = try read(page)
        #expect(grid.tables.count <= 1)
    }

    @Test("a table wider than 2,000 columns is refused")
    func tooWide() throws {
        let page = "<table><tr>" + String(repeating: "<td colspan=1000>x</td>", count: 3) + "</tr></table>"
        #expect(throws: ImportError.self) { try read(page) }
        do { _ = try read(page) } catch let error as ImportError {
            guard case .damaged(let file, let detail) = error else { Issue.record("\(error)"); return }
            #expect(file == "t.html")
            #expect(detail.contains("2000 列"))
        }
    }

    @Test("huge rowspans cannot allocate millions of cells")
    func cellBudget() throws {
        let row = "<tr>" + String(repeating: "<td rowspan=65534 colspan=1000>x</td>", count: 2) + "</tr>"
        let page = "<table>" + String(repeating: row, count: 2_000) + "</table>"
        #expect(throws: ImportError.self) { try read(page) }
    }

    @Test("NUL bytes and binary junk do not crash")
    func junk() throws {
        var bytes = Array("<table><tr><td>a\0b</td></tr></table>".utf8)
        bytes += (0..<2_000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }
        _ = try? HTMLReader.read(Data(bytes), source: "t.html")
        let grid = try read("<table><tr><td>a\0b</td></tr></table>")
        #expect(grid.tables.first?.rows.first?.cells.first?.text == "ab")
    }

    // MARK: - The Guandu fixture

    @Test("plan.html imports to expected.json (93/93)")
    func guanduFixture() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Paths.guandu("plan.html")))
        let grid = try HTMLReader.read(data, source: "plan.html")
        #expect(grid.tables.count == 1)
        let table = try #require(grid.tables.first)
        expectRectangular(table)
        #expect(table.rows.count == 94)
        #expect(table.linesBefore == grid.lines.count - 1)
        let draft = try PlanInterpreter.interpret(grid)
        let root = try Expected.guanduRoot()
        #expect(draft.title == root["title"] as? String)
        #expect(draft.year == root["year"] as? Int)
        #expect(draft.issuer == root["issuer"] as? String)
        #expect(draft.issued?.iso == root["issued"] as? String)
        #expect(draft.findings.isEmpty, "\(draft.findings)")

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
