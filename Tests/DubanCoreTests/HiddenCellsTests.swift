import Foundation
import Testing
@testable import DubanCore

/// What a workbook shows is the plan: hidden sheets, rows and columns are left out (and said),
/// a filter's hidden rows stay, and number formats are read as Excel shows them. The workbooks
/// were written by openpyxl in the fifth (table) audit, each varying one thing from a normal plan.
@Suite("Hidden and struck-through cells, Excel's formats")
struct HiddenCellsTests {
    static let dir = Paths.fixtures.appendingPathComponent("layouts")

    func read(_ name: String) throws -> PlanDraft {
        try PlanImporter.read(path: Self.dir.appendingPathComponent(name).path, year: 2021).draft
    }

    @Test("a hidden column with the same header (the old 牵头单位) is not read, and the preview says so")
    func hiddenColumn() throws {
        let d = try read("x17-hidden-column.xlsx")
        #expect(d.tasks.map { $0.units.leads } == [["区发改局"], ["区政务服务局"], ["区工信局"], ["区教育局"], ["区卫健局"], ["区人社局"]])
        #expect(d.findings.contains { $0.message == "工作表“分工方案”的第 E 列（“牵头单位”）是隐藏的，未读取" })
    }

    @Test("a hidden row (a cancelled task) is not read, with a warning naming it")
    func hiddenRow() throws {
        let d = try read("x18-hidden-row.xlsx")
        #expect(d.tasks.map(\.seq) == ["1", "2", "4", "5", "6"])
        let warning = try #require(d.findings.first { $0.message.contains("是隐藏的，未读取") })
        #expect(warning.severity == .warning && warning.message.contains("第6行"))
    }

    @Test("rows hidden by a filter are part of the plan: all read, with a note")
    func filteredRows() throws {
        let d = try read("x19-autofilter.xlsx")
        #expect(d.tasks.count == 6)
        #expect(d.findings.contains { $0.severity == .info && $0.message.contains("设置了筛选") })
    }

    @Test("a hidden sheet (the old version) is not joined to the plan")
    func hiddenSheet() throws {
        let d = try read("x20-hidden-sheet.xlsx")
        #expect(d.tasks.map(\.seq) == ["1", "2", "3", "4", "5", "6"])
        #expect(d.findings.contains { $0.message.hasPrefix("工作表“分工方案（旧）”是隐藏的，未读取") })
    }

    @Test("deadlines Excel converted as typed: 2021年12月 and 2021-6 are months, 6.30 in format 0.00 is 30 June")
    func excelConvertedDeadlines() throws {
        let d = try read("x21-excel-converted-deadlines.xlsx")
        #expect(d.tasks.map(\.deadlineText) == ["2021年12月", "2021年6月", "2021.10", "2021.1", "6.30", "12.31", "2021年9月"])
        #expect(d.tasks.map { $0.deadline.due?.iso ?? "-" }
                == ["2021-12-31", "2021-06-30", "2021-10-31", "-", "2021-06-30", "2021-12-31", "2021-09-30"])
        // 2021.1 may be 2021.10 shown by Excel as a number: flagged, not taken as January.
        #expect(d.findings.contains { $0.message == "序号 4：完成时限“2021.1”无法识别，已按原文保留" })
    }

    @Test("section rows: 一 in the 序号 column with its title beside it, or 一、… running over empty cells", arguments: [
        "x22-numeral-section-rows.xlsx", "x23-overflowing-section-rows.xlsx",
    ])
    func sectionRowsWithoutMerges(file: String) throws {
        let d = try read(file)
        #expect(d.tasks.count == 6)
        #expect(d.tasks.map(\.category) == Array(repeating: "推动经济高质量发展", count: 3) + Array(repeating: "保障和改善民生", count: 3))
        #expect(d.findings.isEmpty)
    }

    @Test("a sheet under the same header whose title names last year is not joined to the plan")
    func lastYearsSheet() throws {
        let d = try read("x24-last-year-sheet.xlsx")
        #expect(d.tasks.count == 6 && d.title == "某某区2021年政府工作报告重点任务分工方案")
        #expect(d.findings.map(\.message) == ["这张表的标题是2020年的（本方案是2021年的），表头虽然相同，也没有并入；如果它确实属于本方案，请删去或改正它的标题后重新导入"])
    }

    @Test("blank or dashed 完成时限 cells are named in one warning (such tasks never turn red)")
    func blankDeadlines() throws {
        let d = try read("x25-ditto-dash-blank.xlsx")
        #expect(d.tasks.filter { $0.deadline.kind == .none }.map(\.seq) == ["3", "6"])
        #expect(d.tasks[4].units.leads == ["区教育局"])  // 〃 repeats the lead above
        #expect(d.findings.map(\.message) == ["2 项任务的完成时限是空的（序号 3、6），导入后列入“无完成时限”，不会显示逾期；请在文件中补上，或导入后用 duban edit 任务编号 --deadline 设定"])
    }

    @Test("struck-through text is crossed out: a replaced lead unit and a cancelled row are left out, and named",
          arguments: ["x26-struck-through.docx", "x26-struck-through-inline.xlsx", "x26-struck-through-shared.xlsx"])
    func struckThrough(file: String) throws {
        let d = try read(file)
        #expect(d.tasks.map(\.seq) == ["1", "2", "4", "5", "6"])
        #expect(d.tasks[0].units.leads == ["区发改局"])  // ~~区经信局~~区发改局
        let messages = d.findings.filter { $0.severity == .warning }.map(\.message)
        #expect(messages.count == 2)
        #expect(messages.first == "带删除线的文字“区经信局”已按删除处理，未读取；如果它仍然有效，请去掉删除线后重新导入")
        #expect(messages.last?.hasPrefix("整行带删除线（“3 培育新兴产业") == true)
    }

    @Test("one sheet per section: each sheet's title names the category of its rows; the plan's title is before the bracket")
    func sheetPerCategory() throws {
        let d = try read("x30-sheet-per-category.xlsx")
        #expect(d.title == "某某区2021年政府工作报告重点任务分工方案")
        #expect(d.tasks.map(\.category) == Array(repeating: "推动经济高质量发展", count: 3) + Array(repeating: "保障和改善民生", count: 3))
        #expect(d.tasks[0].subcategory == "扩大有效投资")
    }

    @Test("1.10 typed as a number shows as 1.1: the second 1.1 under one heading is flagged")
    func repeatedSeq() throws {
        let d = try read("x31-seq-1-10-as-number.xlsx")
        #expect(d.tasks.count == 11)
        #expect(d.findings.map(\.message) == ["序号 1.1 与第4行的序号相同，请核对是否录错（例如 Excel 把 1.10 当作数字，显示成了 1.1）"])
    }

    @Test("a web page's <del>/<s>/<strike> text is crossed out: the live date and unit are read, the struck ones named")
    func struckWebPage() throws {
        let d = try PlanImporter.read(path: Self.dir.appendingPathComponent("x32-struck-web-page.html").path).draft
        #expect(d.tasks[0].units.leads == ["市城投集团"] && d.tasks[0].deadline.due == Day(iso: "2023-09-30"))
        #expect(d.findings.contains { $0.message.hasPrefix("带删除线的文字“2023年12月底前”已按删除处理") })
    }

    @Test("a web editor's line-through style (on a span, a row, a cell, a paragraph) is read like <del>, by both HTML parsers alike")
    func struckStyleWebPage() throws {
        let file = "x37-struck-style-web-page.html"
        let data = try Data(contentsOf: Self.dir.appendingPathComponent(file))
        let d = try PlanImporter.read(data: data, name: file).draft
        #expect(d.tasks.map(\.seq) == ["1", "2", "4"])
        #expect(d.tasks[0].units.leads == ["市城投集团"] && d.tasks[0].deadline.due == Day(iso: "2023-09-30"))
        #expect(d.tasks[2].deadline.due == nil)
        let struck = d.findings.map(\.message).filter { $0.contains("删除线") }
        #expect(struck == [
            "带删除线的文字“本方案自2022年起施行。”已按删除处理，未读取；如果它仍然有效，请去掉删除线后重新导入",
            "带删除线的文字“市住建局”已按删除处理，未读取；如果它仍然有效，请去掉删除线后重新导入",
            "带删除线的文字“2023年12月底前”已按删除处理，未读取；如果它仍然有效，请去掉删除线后重新导入",
            "整行带删除线（“3 建设城市综合体育馆 市体育局 2023年12月底前”），已按删去的任务处理，未读取；如果它仍然有效，请去掉删除线后重新导入",
            "带删除线的文字“2023年6月底前”已按删除处理，未读取；如果它仍然有效，请去掉删除线后重新导入",
        ])
        // The page is read by the fast path, and libxml2's reading is the same.
        let bytes = [UInt8](data)
        #expect(bytes.withUnsafeBufferPointer(HTMLFastParser.parse) != nil)
        let fast = try HTMLReader.read(data, source: file, fastPath: true)
        let reference = try HTMLReader.read(data, source: file, fastPath: false)
        #expect(fast.lines == reference.lines && !fast.lines.contains { $0.contains("2022") })
        #expect(fast.tables.map { $0.rows.map { $0.cells.map(\.lines) } } == reference.tables.map { $0.rows.map { $0.cells.map(\.lines) } })
        #expect(fast.omitted == reference.omitted)
        #expect(HTMLReader.fastPathAgrees(data))
    }

    @Test("a style repeated on a row is dropped as libxml2 drops it; a character reference in a style goes to libxml2", arguments: [
        ("<tr style=\"color:red\" style=\"display:none\"><td>", true), ("<tr style=\"color:red\" style=\"text-decoration:line-through\"><td>", true),
        ("<tr><td style=\"text-decoration:&#108;ine-through\">", false), ("<tr><td style=\"font-family:&quot;宋体&quot;;text-decoration:line-through\">", true),
        ("<tr hidden hidden><td>", true), ("<tr><td><span style=\"x\" style=\"text-decoration:line-through\">1</span>", true),
    ])
    func styleEdgeCases(row: String, fastReads: Bool) throws {
        let page = "<html><body><table><tr><td>序号</td><td>牵头单位</td></tr>\(row)1</td><td>区发改局</td></tr></table></body></html>"
        #expect(Array(page.utf8).withUnsafeBufferPointer(HTMLFastParser.parse) != nil || !fastReads)
        #expect(HTMLReader.fastPathAgrees(Data(page.utf8)))
    }

    @Test("a 备注 column saying the deadline moved, the task was cancelled, done or reassigned is named for each task; the columns are read as written")
    func remarksColumn() throws {
        let d = try read("x45-remarks-column.xlsx")
        #expect(d.tasks.map(\.seq) == ["1", "2", "3", "4", "5"])
        #expect(d.tasks[0].deadline.due == Day(iso: "2021-12-31") && d.tasks[3].units.leads == ["区交通运输局"])
        #expect(!d.tasks.contains { $0.requirement.contains("备注") || $0.requirement.contains("延期") })
        #expect(d.findings.map(\.message) == [
            "序号 1：备注写明“延期至2022年3月”（2022-03-31），完成时限仍按“2021年12月底前”（2021-12-31）读取；如果延期已获批准，请在延期审批中登记新的期限",
            "序号 2：备注写明“已取消”，这项任务可能已取消或暂缓，已照常导入，请核对",
            "序号 3：备注写明“已完成”，已照常导入为未完成，请在任务中登记完成情况",
            "序号 4：备注写明“牵头单位调整为区城管局”，已按表中各栏读取，请核对是否需要按备注修改",
        ])
    }

    @Test("CSV: 小计/合计 rows, a 说明 row and a 落款 row in the table are no tasks", arguments: [
        "x33-subtotal-rows.csv", "x33-notes-and-signature-rows.csv",
    ])
    func rowsThatAreNoTasks(file: String) throws {
        let d = try read(file)
        #expect(d.tasks.count == 3)
        #expect(!d.tasks.contains { ["小计", "合计", ""].contains($0.seq) || $0.requirement.hasPrefix("说明") || $0.requirement == "区政府督查室" })
    }

    @Test("CSV from Excel: =\"001\" cells are their text, a date with its time is the date; a 、 inside brackets keeps a name whole")
    func excelExportCells() throws {
        let d = try read("x34-excel-formula-cells.csv")
        #expect(d.tasks.map(\.seq) == ["001", "002", "003", "004", "005"])
        #expect(d.tasks[0].units.leads == ["市发改委"])
        #expect(d.tasks[4].deadline.due == Day(iso: "2023-12-31"))
        // 45291, a date exported as Excel's serial number: read, and said.
        #expect(d.tasks[2].deadline.due == Day(iso: "2023-12-31"))
        #expect(d.findings.contains { $0.message == "序号 003：完成时限“45291”是 Excel 的日期序号，已读作 2023-12-31，请核对" })
        let g = try read("x35-bracketed-list-gbk.csv")
        #expect(g.tasks[1].units.groups == ["各县（市、区）人民政府"])
        #expect(!g.findings.contains { $0.message.contains("不像单位名称") })
    }

    @Test("struck-through texts are named one by one up to 30, then in one line")
    func manyStruckTexts() throws {
        let rows = (1...39).map { "<tr><td>\($0)</td><td>任务\($0)</td><td><del>区旧局\($0)</del>区发改局</td><td>12月底前</td></tr>" }.joined()
        let page = "<html><body><p>某区2021年重点工作分工方案</p><table><tr><td>序号</td><td>具体要求</td><td>牵头单位</td><td>完成时限</td></tr>\(rows)</table></body></html>"
        let d = try PlanImporter.read(data: Data(page.utf8), name: "plan.html").draft
        #expect(d.tasks.count == 39 && d.tasks.allSatisfy { $0.units.leads == ["区发改局"] })
        let struck = d.findings.filter { $0.message.contains("带删除线") }
        #expect(struck.count == Omission.struckShown + 1 && struck.last?.message == Omission.moreStruck.message)
    }

    @Test("a web page's hidden row (display:none, hidden) is left out and named, by both HTML parsers alike", arguments: [
        "x36-hidden-web-row-style.html", "x36-hidden-web-row-attribute.html",
    ])
    func hiddenWebRow(file: String) throws {
        let data = try Data(contentsOf: Self.dir.appendingPathComponent(file))
        let d = try PlanImporter.read(data: data, name: file).draft
        #expect(d.tasks.map(\.seq) == ["1", "3", "4"])
        #expect(d.findings.map(\.message) == ["网页中表1的第3行是隐藏的（不在页面上显示），未读取；如果要导入，请在原网页中取消隐藏后重新导入"])
        // libxml2's reading marks the same row.
        let fast = try HTMLReader.read(data, source: file, fastPath: true)
        let reference = try HTMLReader.read(data, source: file, fastPath: false)
        #expect(fast.tables.map { $0.rows.map(\.number) } == reference.tables.map { $0.rows.map(\.number) })
        #expect(fast.omitted == reference.omitted && !fast.omitted.isEmpty)
        #expect(HTMLReader.fastPathAgrees(data))
    }

    @Test("removing a row keeps what the rows merged down from it show")
    func removingRowsKeepsMerges() {
        let rows = [
            GridRow(number: 1, cells: [GridCell("1"), GridCell("区发改局")]),
            GridRow(number: 2, cells: [GridCell("2"), GridCell("区财政局")]),  // hidden, starts a merge
            GridRow(number: 3, cells: [GridCell("3"), .covered(.fromAbove)]),
            GridRow(number: 4, cells: [GridCell("4"), .covered(.fromAbove)]),
        ]
        let kept = GridRow.removing(numbers: [2], from: rows)
        #expect(kept.map(\.number) == [1, 3, 4])
        #expect(kept[1].cells[1].text == "区财政局" && kept[1].cells[1].merge == .origin)
        #expect(kept[2].cells[1].merge == .fromAbove)
    }

    @Test("removing a column that starts a merge across moves the merge's text to the first kept cell")
    func removingColumnsKeepsMerges() {
        let cells = [GridCell("一、稳增长"), .covered(.fromLeft), .covered(.fromLeft)]
        let kept = GridCell.removing(columns: [0], from: cells)
        #expect(kept.map(\.text) == ["一、稳增长", ""] && kept.map(\.merge) == [.origin, .fromLeft])
    }
}
