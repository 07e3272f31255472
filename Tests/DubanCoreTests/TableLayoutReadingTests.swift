import Foundation
import Testing
@testable import DubanCore

/// Table layouts offices really send, each file written by office software (LibreOffice from
/// HTML for the DOCX, openpyxl for the XLSX) with one thing varied from the seed table, so the
/// right reading is known: a plan split into tables that each repeat the header, sheets of one
/// workbook, 牵头单位 beside 责任单位, 类别 beside 工作任务, other header words, section rows,
/// a 具体要求 merged over rows with their own leads, Traditional characters, 同上, and blank
/// cells of a format that keeps no merges.
@Suite("Table layouts")
struct TableLayoutReadingTests {
    static let dir = Paths.fixtures.appendingPathComponent("layouts")

    func read(_ name: String) throws -> PlanDraft {
        try PlanImporter.read(path: Self.dir.appendingPathComponent(name).path).draft
    }

    /// One task as "seq | category | subcategory | leads / co / groups | deadline text → due".
    func line(_ t: TaskDraft) -> String {
        let u = t.units
        return "\(t.seq) | \(t.category) | \(t.subcategory) | \(u.leads.joined(separator: "、")) / "
            + "\(u.coUnits.joined(separator: "、")) / \(u.groups.joined(separator: "、")) | \(t.deadlineText) → \(t.deadline.due?.iso ?? "-")"
    }

    @Test("a plan split into tables that each repeat the header reads as one table", arguments: [
        "s1-split-with-header.docx",  // split before task 45, "（续表）" and the header again
        "s3-split-small-first.html",  // split before task 13: the first part is the shorter one
    ])
    func splitWithHeader(file: String) throws {
        let reading = try PlanImporter.read(path: Self.dir.appendingPathComponent(file).path)
        let db = try AppDatabase.inMemory()
        guard case .created(let planId) = try db.importPlan(reading.draft, sha256: reading.sha256) else {
            Issue.record("not created"); return
        }
        let problems = mismatches(try db.tasks(planId: planId), expected: try Expected.guanduTasks())
        #expect(problems.isEmpty, "\(problems.prefix(10).joined(separator: "\n"))")
        #expect(!reading.draft.findings.contains { $0.message.contains("不是任务分工表") })
        #expect(reading.draft.findings.contains { $0.location.table == "表2" && $0.message.contains("与表1表头相同") })
        // Findings name the table the row is in.
        let task92 = try #require(reading.draft.tasks.first { $0.seq == "92" })
        #expect(task92.location.table == "表2")
    }

    @Test("sheets of one workbook under the same header are one plan")
    func sheets() throws {
        let draft = try read("t13-two-sheets.xlsx")
        #expect(draft.tasks.map(\.seq) == ["1", "2", "3", "4", "5"])
        #expect(draft.tasks.last?.location.table == "政务服务")
    }

    @Test("牵头单位 beside 责任单位: the 责任单位 column is the co-operating units")
    func leadBesideResponsible() throws {
        #expect(try read("t5b-lead-and-responsible.docx").tasks.map(line) == [
            "1 | 加强政策解读 |  | 区委宣传部 / 区政府办 / 区级各部门 | 全年工作 → 2018-12-31",
            "2 | 加强政策解读 |  | 区政府办 / 区委宣传部 /  | 9月底前 → 2018-09-30",
            "3 | 推进政务服务 |  | 区政务服务局 / 区委编办、区发改局 /  | 8月底前 → 2018-08-31",
        ])
    }

    @Test("a two-row header (责任单位 over 牵头单位 | 配合单位) reads both columns",
          arguments: ["t5-two-row-header.docx", "t5-two-row-header.xlsx"])
    func twoRowHeader(file: String) throws {
        let draft = try read(file)
        #expect(draft.tasks.map(line) == [
            "1 | 加强政策解读 |  | 区委宣传部 / 区政府办 / 区级各部门 | 全年工作 → 2018-12-31",
            "2 | 加强政策解读 |  | 区政府办 / 区委宣传部 /  | 9月底前 → 2018-09-30",
            "3 | 推进政务服务 |  | 区政务服务局 / 区委编办、区发改局 /  | 8月底前 → 2018-08-31",
        ])
        #expect(draft.findings.isEmpty, "\(draft.findings)")
    }

    @Test("类别 beside 工作任务: category and subcategory")
    func twoCategoryColumns() throws {
        #expect(try read("t14-two-category-cols.docx").tasks.map(line) == [
            "1 | 公开解读回应 | 加强政策解读 | 区委宣传部 /  /  | 全年工作 → 2018-12-31",
            "2 | 公开解读回应 | 做好舆情回应 | 区委宣传部 /  /  | 全年工作 → 2018-12-31",
            "3 | 政务服务 | 推进一次办 | 区政务服务局 /  /  | 8月底前 → 2018-08-31",
        ])
    }

    @Test("重点工作 / 任务名称 headers name the task column")
    func otherHeaderWords() throws {
        let draft = try read("t14b-zhongdian-gongzuo.html")
        #expect(draft.tasks.map(\.requirement) == ["开展政策解读，着重解读政策措施的背景依据", "公布全区各部门一次办事项清单"])
        #expect(draft.tasks.map(\.units.leads) == [["区委宣传部"], ["区政务服务局"]])
        let header = GridRow(number: 1, cells: ["序号", "任务名称", "责任单位", "完成时间"].map { GridCell($0) })
        #expect(HeaderMap.headerFields(header) == [.seq, .category, .lead, .deadline])
    }

    @Test("section rows (一、… across the table) are the category of the rows below")
    func sectionRows() throws {
        let flat = try read("t4-section-rows.docx")
        #expect(flat.tasks.map(\.category) == ["着力加强公开解读回应工作", "着力加强公开解读回应工作", "着力提升政务服务工作实效", "着力提升政务服务工作实效"])
        #expect(flat.findings.isEmpty, "\(flat.findings)")
        let nested = try read("t4b-section-rows.docx")
        #expect(nested.tasks.map(\.category) == ["着力加强公开解读回应工作", "着力加强公开解读回应工作", "着力提升政务服务工作实效"])
        #expect(nested.tasks.map(\.subcategory) == ["（一）围绕建设法治政府全面推进政务公开", "（一）围绕建设法治政府全面推进政务公开", "（一）推进互联网+政务服务"])
        #expect(nested.findings.isEmpty, "\(nested.findings)")
    }

    @Test("a 具体要求 merged over rows that name their own lead and deadline gives a task per row, flagged")
    func mergedRequirement() throws {
        let draft = try read("t6-merged-requirement.docx")
        #expect(draft.tasks.map(line) == [
            "1 | 加强政策解读 |  | 区委宣传部 /  /  | 全年工作 → 2018-12-31",
            "2 | 推进政务服务 |  | 区政务服务局 /  /  | 9月底前 → 2018-09-30",
            "2 | 推进政务服务 |  | 区科信局 /  /  | 12月底前 → 2018-12-31",
            "3 | 推进政务服务 |  | 区政务服务局 /  /  | 8月底前 → 2018-08-31",
        ])
        #expect(draft.tasks[1].requirement == draft.tasks[2].requirement)
        #expect(draft.findings.map(\.message) == ["序号 2 的具体要求合并了多行，这一行的牵头单位、配合单位或完成时限不同，已读作序号 2 的另一项任务，请核对"])
        #expect(draft.findings.first?.location.row == 4)
    }

    @Test("a table in Traditional characters is read in Simplified")
    func traditional() throws {
        let draft = try read("t8-traditional.docx")
        #expect(draft.tasks.map(line) == [
            "1 | 加强政策解读 |  | 区委宣传部 /  / 区级各部门 | 全年工作 → 2018-12-31",
            "2 | 加强政策解读 |  | 区政府办 /  /  | 9月底前 → 2018-09-30",
            "3 | 推进政务服务 |  | 区政务服务局 /  /  | 待市级有关文件出台后 → -",
            "4 | 推进政务服务 |  | 区政务服务局 /  /  | 每季度 → 2018-12-31",
        ])
        #expect(draft.findings.map(\.severity) == [.info])
        #expect(draft.findings.first?.message.contains("繁体") == true)
    }

    @Test("同上 takes the cell above (lead and deadline)")
    func ditto() throws {
        let draft = try read("t7-excel-dates.xlsx")
        #expect(draft.tasks[2].deadline.due == Day(iso: "2018-09-30"))  // 同上 under 2018-09-30
        #expect(draft.tasks[3].units.leads == ["区政务服务局"])           // 同上 under 区政务服务局
        #expect(!draft.tasks.contains { $0.units.leads.contains("同上") || $0.deadlineText == "同上" })
    }

    @Test("CSV: a blank 配合单位 beside a lead of its own is none; inherited blanks are listed in one finding")
    func blankCellsWithoutMerges() throws {
        let draft = try read("t10-co-blank.csv")
        #expect(draft.tasks.map(\.units.coUnits) == [["区政府办", "区科信局"], [], [], ["区委编办"], []])
        #expect(draft.findings.count == 1)
        let finding = try #require(draft.findings.first)
        #expect(finding.severity == .info)
        #expect(finding.message.contains("1 行的牵头单位或完成时限是空的，已沿用上一行（第7行）"))
    }

    @Test("text tables: a lead cell of bare unit names is the lead, not text")
    func bareUnitNamesInText() throws {
        // The seed table as text with 区委编办牵头落实 (task 8) and 区政府办牵头落实 (task 61) cut to the names.
        let draft = try read("t11-txt-plain-lead.txt")
        let expected = try Expected.guanduTasks()
        #expect(draft.tasks.count == expected.count)
        for (t, e) in zip(draft.tasks, expected) {
            #expect(t.requirement == e["requirement"] as? String, "\(t.seq)")
            #expect(t.subcategory == e["subcategory"] as? String, "\(t.seq)")
            #expect(t.units.leads == e["leadUnits"] as? [String], "\(t.seq)")
            #expect(t.units.groups == e["groups"] as? [String], "\(t.seq)")
        }
        let full = try read("t12-txt-bare.txt")  // every cell filled, units without 牵头
        #expect(full.tasks.map(line) == [
            "1 |  |  | 区政府办 /  /  | 全年工作 → 2018-12-31",
            "2 |  |  | 区政府办、区司法局 /  /  | 9月底前 → 2018-09-30",
            "3 |  |  | 区政务服务局 /  /  | 8月底前 → 2018-08-31",
            "4 |  |  | 区长热线办 /  /  | 11月底前 → 2018-11-30",
        ])
        #expect(full.tasks.map(\.requirement) == ["将公开透明作为政府工作的基本要求", "制定出台涉及公共利益的政策文件",
                                                 "公布全区各部门“一次办”事项清单", "开展政府热线服务规范化"])
        #expect(full.findings.isEmpty, "\(full.findings)")
    }

    @Test("Traditional lead and deadline cells in a Simplified table name the Simplified units and dates")
    func traditionalCells() throws {
        let csv = "某区2018年工作分工方案\n序号,具体要求,牵头单位,完成时限\n1,推进政务公开,區教育局牽頭，區財政局配合,3個工作日內\n2,完善制度,区教育局,9月底前\n"
        let draft = try PlanImporter.read(data: Data(csv.utf8), name: "plan.csv").draft
        #expect(draft.tasks.map(\.units.leads) == [["区教育局"], ["区教育局"]])
        #expect(draft.tasks[0].units.coUnits == ["区财政局"])
        #expect(draft.tasks[0].leadText == "區教育局牽頭，區財政局配合")  // kept as written
        #expect(draft.tasks[0].deadline.kind == .relative)
        #expect(draft.tasks[0].deadline.days == 3)
    }

    // MARK: - Second audit (each file written by LibreOffice, or plain text as PDF copies give it)

    @Test("sub-items （一）（二） under a merged 序号 are tasks of that number, not section rows",
          arguments: ["a3-subitems-merged.docx", "a3-subitems-merged.csv",
                      // The same table split into two inside the merge (a page break in Word): the
                      // second starts with the unnumbered sub-row (task 3 was dropped as a skipped table).
                      "a3b-split-inside-merge.docx", "a3b-split-inside-merge.html"])
    func subItemsUnderAMergedNumber(file: String) throws {
        let draft = try read(file)
        #expect(draft.tasks.map(\.seq) == ["1", "2", "2", "3"])
        #expect(draft.tasks.map(\.category) == ["加强政策解读", "推进政务服务", "推进政务服务", "推进政务服务"])
        #expect(draft.tasks[2].requirement.hasPrefix("（二）"))
        #expect(draft.tasks[2].units.leads == ["区政务服务局"])
        #expect(draft.findings.contains { $0.message == "序号 2 合并了多行，这一行另有具体要求，已读作序号 2 的另一项任务，请核对" })
    }

    @Test("text tables: columns by tabs (copied from Word or Excel), by | or by full-width spaces, with a 配合单位 column",
          arguments: ["x7-tab-table.txt", "x8-pipe-co-column.txt", "x9-spaced-table.txt"])
    func textTablesWithACoColumn(file: String) throws {
        let draft = try read(file)
        #expect(draft.tasks.map(\.seq) == ["1", "2", "3", "4"])
        #expect(draft.tasks[0].category == "推进重大决策预公开" && draft.tasks[0].requirement == "重大行政决策事项目录向社会公布")
        #expect(draft.tasks[0].units.leads == ["县政府办"] && draft.tasks[0].units.coUnits == ["县司法局"])
        #expect(draft.tasks[2].units.coUnits == ["县住建局", "县交通运输局"])
        // The empty 配合单位 of row 4: no co-units, and the deadline stays the deadline.
        #expect(draft.tasks[3].units.leads == ["县行政服务中心"] && draft.tasks[3].units.coUnits.isEmpty)
        #expect(draft.tasks[3].deadline.due == Day(iso: "2021-06-30"))
    }

    @Test("配合单位 and 责任单位 beside 牵头单位 are both co-units; a 配合单位 of 无 or / is none; two dates in a deadline are phases")
    func unitColumnsAndPhases() throws {
        let three = try read("x10-three-unit-columns.html")
        #expect(three.tasks[0].units.leads == ["区大数据中心"])
        #expect(three.tasks[0].units.coUnits == ["区财政局", "区住建局"] && three.tasks[0].units.groups == ["各镇（街道）"])
        #expect(three.tasks[0].deadline.due == Day(iso: "2021-12-31"))
        #expect(three.findings.contains { $0.message == "序号 1：分阶段完成（2021-06-30、2021-12-31），以最后一个时间为完成时限" })
        let csv = try read("x11-none-co-two-dates.csv")
        let coUnits = csv.tasks.flatMap(\.units.coUnits)
        #expect(!coUnits.contains("无") && !coUnits.contains("/"))
        #expect(csv.tasks[0].units.coUnits == ["区财政局", "区人社局"])
    }

    @Test("rows numbered 1, 2 over 1.1, 1.2 with no lead or deadline are headings (the category), not tasks")
    func numberedParents() throws {
        let d = try read("x12-numbered-parents.csv")
        #expect(d.tasks.map(\.seq) == ["1.1", "1.2", "2.1", "2.2"])
        #expect(d.tasks.map(\.category) == ["加快产业转型升级", "加快产业转型升级", "加强社会治理", "加强社会治理"])
        #expect(d.tasks[2].units.leads == ["区委政法委"] && d.tasks[2].deadline.kind == .yearRound)
    }

    @Test("类别 merged down before 序号 | 工作任务 (no 具体要求): the category, and the tasks are the 工作任务",
          arguments: ["x13-category-before-seq.docx", "x13-category-before-seq.html"])
    func categoryColumnBeforeSeq(file: String) throws {
        let d = try read(file)
        #expect(d.tasks.map(\.category) == ["民生保障", "民生保障", "生态环保", "生态环保"])
        #expect(d.tasks.map(\.requirement) == ["新增城镇就业1.2万人", "新建改扩建中小学5所", "PM2.5平均浓度下降5%", "完成河道综合治理10公里"])
        #expect(d.tasks[1].units.leads == ["区教育局"] && d.tasks[1].units.coUnits == ["区住建局", "区自然资源局"])
        #expect(d.findings.filter { $0.severity != .info }.isEmpty)
    }

    @Test("tab-separated text copied from Excel: a quoted cell with line breaks stays one cell")
    func excelQuotedCells() throws {
        let d = try PlanImporter.read(path: Self.dir.appendingPathComponent("x14-excel-quoted-cells.txt").path, year: 2021).draft
        #expect(d.tasks.map(\.seq) == ["1", "2", "3", "4"])
        #expect(d.tasks[0].units.leads == ["区国资办"] && d.tasks[0].units.coUnits == ["区财政局", "区人社局"])
        #expect(d.tasks[0].deadline.due == Day(iso: "2021-12-31"))
        #expect(d.tasks[1].units.leads == ["区农业农村局"])
    }

    @Test("two tables stacked in one sheet: the second header is no task, its title names the category of its tasks")
    func twoTablesInOneSheet() throws {
        let d = try PlanImporter.read(path: Self.dir.appendingPathComponent("x15-two-tables-one-sheet.xlsx").path, year: 2021).draft
        #expect(d.tasks.map(\.seq) == ["1", "2", "1", "2"])
        #expect(d.tasks.map(\.category) == ["", "", "民生实事项目分工", "民生实事项目分工"])
        #expect(d.tasks[2].requirement == "新增公办幼儿园学位3000个" && d.tasks[2].units.leads == ["区教育局"])
        #expect(d.findings.filter { $0.severity != .info }.isEmpty)
    }

    @Test("进度安排 over 一季度 … 四季度: the steps go under the requirement; with no 完成时限, the last step's period is the due date")
    func scheduleColumns() throws {
        let d = try PlanImporter.read(path: Self.dir.appendingPathComponent("x27-schedule-quarters.xlsx").path, year: 2021).draft
        #expect(d.tasks.map { $0.deadline.due?.iso ?? "-" } == ["2021-12-31", "2021-06-30", "2021-12-31", "2021-09-30", "2021-09-30", "2021-12-31"])
        #expect(d.tasks[1].requirement == "深化“放管服”改革，企业开办时间压缩至1个工作日以内。\n进度安排：一季度：制定方案；二季度：压缩至1个工作日")
        #expect(d.tasks[1].deadlineText == "二季度")
        #expect(d.findings.map(\.severity) == [.info] && d.findings[0].message.hasPrefix("6 项任务没有完成时限，已按进度安排的最后一个节点定为完成时限"))
        // With a 完成时限 column, it decides; the steps are still kept.
        let w = try PlanImporter.read(path: Self.dir.appendingPathComponent("x27-schedule-with-deadline.docx").path, year: 2021).draft
        #expect(w.tasks[4].deadline.due == Day(iso: "2021-11-30") && w.tasks[4].requirement.contains("\n进度安排：一季度："))
        #expect(w.findings.isEmpty)
    }

    @Test("附件：重点任务分工表 above the table is a label; the title is the plan the notice names with its year")
    func annexLabelIsNoTitle() throws {
        let a = try read("x28-notice-annex-a.docx"), b = try read("x28-notice-annex-b.docx")
        #expect(a.title == "某某区2021年政府工作报告重点任务分工方案")
        #expect(b.title == "某某区2021年数字化改革工作要点")
        #expect(try read("x29-title-above-group-table.docx").title == "某某区2021年政府工作报告重点任务分工方案")
        // Two notices sharing the label are two plans, not a revision of one by the other.
        let db = try AppDatabase.inMemory()
        for name in ["x28-notice-annex-a.docx", "x28-notice-annex-b.docx"] {
            let r = try PlanImporter.read(path: Self.dir.appendingPathComponent(name).path)
            guard case .created = try db.importPlan(r.draft, sha256: r.sha256) else { Issue.record("\(name) was no new plan"); return }
        }
        #expect(try db.plans().count == 2)
    }

    @Test("no year in the document: the year in the file name, with a warning; none there either is still an error")
    func yearFromTheFileName() throws {
        let csv = Data("序号,工作任务,牵头单位,完成时限\n1,新建社区养老服务中心3个,区民政局,12月底前\n".utf8)
        let d = try PlanImporter.read(data: csv, name: "2024年区重点任务.csv").draft
        #expect(d.year == 2024 && d.tasks[0].deadline.due == Day(iso: "2024-12-31"))
        #expect(d.findings.contains { $0.message == "文件里没有写方案年度，已按文件名定为2024年；如果不对，请用 --year 重新导入" })
        #expect(throws: ImportError.self) { try PlanImporter.read(data: csv, name: "区重点任务.csv") }
    }

    @Test("no year in the page or its file name: the year of the page's 发布日期, with a warning — for tables and prose alike")
    func yearFromThePublicationDate() throws {
        let table = """
            <html><body><div class="info">发布日期：2023-03-01 10:20　来源：区政府办</div>
            <p>关于印发区重点工作任务分工方案的通知</p>
            <table><tr><td>序号</td><td>工作任务</td><td>牵头单位</td><td>完成时限</td></tr>
            <tr><td>1</td><td>新建社区养老服务中心3个</td><td>区民政局</td><td>9月底前</td></tr></table></body></html>
            """
        let d = try PlanImporter.read(data: Data(table.utf8), name: "plan.html").draft
        #expect(d.year == 2023 && d.tasks[0].deadline.due == Day(iso: "2023-09-30"))
        #expect(d.findings.contains { $0.message == "文件里没有写方案年度，已按页面上的发布日期定为2023年；如果不对，请用 --year 重新导入" })
        let prose = """
            发布时间：2022年4月6日
            关于做好政务公开重点工作的通知
            一、加强政策解读。由区政府办牵头，6月底前完成。
            二、做好信息发布。由区融媒体中心负责，全年工作。
            """
        let p = try PlanImporter.read(data: Data(prose.utf8), name: "notice.txt").draft
        #expect(p.year == 2022 && p.findings.contains { $0.message.contains("已按页面上的发布日期定为2022年") })
        // A file name with a year wins over the page's date; neither is still an error.
        #expect(try PlanImporter.read(data: Data(prose.utf8), name: "2021年要点.txt").draft.year == 2021)
        let undated = prose.replacingOccurrences(of: "发布时间：2022年4月6日\n", with: "")
        #expect(throws: ImportError.self) { try PlanImporter.read(data: Data(undated.utf8), name: "notice.txt") }
    }

    @Test("an appendix of the same width (序号 | 单位 | 联系人 …) is not a continuation of the task table")
    func appendixIsNoContinuation() throws {
        let draft = try read("a1-contact-appendix.docx")
        #expect(draft.tasks.count == 3)
        #expect(draft.findings.map(\.message) == ["已跳过：这张表不是任务分工表（3行）"])
    }

    @Test("a row numbering the columns under the header is part of the header")
    func columnNumberRow() throws {
        let draft = try read("a2-colnum-row.docx")
        #expect(draft.tasks.map(\.seq) == ["1", "2", "3"])
        #expect(draft.tasks[0].units.leads == ["区委宣传部"])
        #expect(draft.findings.isEmpty, "\(draft.findings)")
    }

    @Test("a Simplified cell with one character ICU would change (乾县) is kept as written")
    func simplifiedCellsStay() throws {
        let draft = try read("tr1-partial-trad.docx")
        #expect(draft.tasks[0].units.leads == ["乾县发改局"])
        #expect(draft.tasks[0].units.coUnits == ["乾县财政局"])
        #expect(draft.tasks[3].deadline.kind == .conditional)  // 文件出臺後10個工作日內: still read in Simplified
        #expect(draft.tasks[3].deadline.days == 10)
    }

    @Test("text: a short requirement ending like a unit name is no lead cell")
    func requirementEndingLikeAUnit() throws {
        let draft = try read("x2.txt")
        let task = try #require(draft.tasks.first { $0.seq == "2" })
        #expect(task.requirement == "升级改造区政务服务中心")
        #expect(task.units.leads == ["区政务服务局"])  // blank: the row above's
    }

    @Test("a merged 具体要求 whose rows differ only in 配合单位 gives a task per row")
    func mergedRequirementDifferentCoUnits() throws {
        let draft = try read("m1-merged-co-differs.docx")
        #expect(draft.tasks.map(\.seq) == ["1", "2", "2", "3"])
        #expect(draft.tasks[1].units.coUnits == ["区科信局"])
        #expect(draft.tasks[2].units.coUnits == ["区财政局"])
    }

    @Test("section rows in a table with category and subcategory columns are headings, without findings")
    func sectionRowsWithBothColumns() throws {
        let draft = try read("s3-sections-2col.docx")
        #expect(draft.tasks.map(\.subcategory) == ["加强政策解读", "推进政务服务"])
        #expect(draft.findings.isEmpty, "\(draft.findings)")
    }

    @Test("text: two text cells under 工作任务 | 具体要求 are category and requirement")
    func textCategoryColumn() throws {
        let draft = try read("x4.txt")
        #expect(draft.tasks.map(\.category) == ["加强政策解读", "推进政务服务"])
        #expect(draft.tasks.map(\.subcategory) == ["", ""])
    }

    @Test("text: a page-number line between rows does not end the table")
    func pageNumberLine() throws {
        let draft = try read("x6.txt")
        #expect(draft.tasks.map(\.seq) == ["1", "2", "3", "4"])
        #expect(draft.findings.map(\.message) == ["没有表头，接在上一张表之后，已作为同一张任务表接着读取"])
    }

    @Test("同上 as a 具体要求 repeats the one above; section rows and an in-table 落款 still read")
    func dittoRequirement() throws {
        let draft = try read("s1-sections-footer.docx")
        #expect(draft.tasks.map(\.seq) == ["1", "2", "3", "4"])
        #expect(draft.tasks[3].requirement == draft.tasks[2].requirement)
        #expect(draft.tasks[3].requirement != "同上")
        #expect(draft.tasks.map(\.category) == ["着力加强公开解读回应工作", "着力加强公开解读回应工作", "着力提升政务服务工作实效", "着力提升政务服务工作实效"])
        #expect(draft.issuer == "昆明市官渡区人民政府办公室")
        #expect(draft.issued == Day(iso: "2018-08-17"))
    }

    @Test("a blank 完成时限 beside a 具体要求 that names a date is flagged")
    func blankDeadlineWithADateInTheRequirement() throws {
        let draft = try read("t19-blank-deadline.docx")
        #expect(draft.tasks[0].deadline.kind == .none)  // nothing is guessed into the deadline
        #expect(draft.findings.map(\.message) == ["序号 1：完成时限是空的，具体要求里写有日期（2018-06-30），请核对后补上"])
    }
}
