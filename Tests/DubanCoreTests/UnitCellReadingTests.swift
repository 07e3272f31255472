import Foundation
import Testing
@testable import DubanCore

/// Lead-unit cells as offices write them: roles in brackets, on separate lines, in labels, with
/// 配合/协助 clauses and no 牵头, names separated by spaces, deadlines inside the unit text.
@Suite("Unit cell reading")
struct UnitCellReadingTests {
    /// The cell's text parses to the case's leads, co-units and groups.
    func check(_ c: Cell, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let u = UnitParser.parse(c.text)
        #expect(u.leads == c.leads, sourceLocation: sourceLocation)
        #expect(u.coUnits == c.co, sourceLocation: sourceLocation)
        #expect(u.groups == c.groups, sourceLocation: sourceLocation)
    }

    struct Cell: Sendable, CustomStringConvertible {
        let text: String
        let leads: [String]
        let co: [String]
        var groups: [String] = []
        var description: String { text.replacingOccurrences(of: "\n", with: "⏎") }
    }

    static let cells: [Cell] = [
        // Roles in brackets, after 、 and on the next line (audit finding 1).
        Cell(text: "区教育局（牵头）、区财政局、区人社局", leads: ["区教育局"], co: ["区财政局", "区人社局"]),
        Cell(text: "区教育局(牵头)、区财政局", leads: ["区教育局"], co: ["区财政局"]),
        Cell(text: "区教育局牵头、区财政局配合", leads: ["区教育局"], co: ["区财政局"]),
        Cell(text: "区发改局（牵头）\n区财政局", leads: ["区发改局"], co: ["区财政局"]),
        Cell(text: "区教育局（牵头单位）\n区财政局\n区人社局", leads: ["区教育局"], co: ["区财政局", "区人社局"]),
        // A 配合/协助 clause names co-units with or without a 牵头 clause (finding 2).
        Cell(text: "区教育局负责，区财政局配合", leads: ["区教育局"], co: ["区财政局"]),
        Cell(text: "区教育局落实，区财政局、区人社局配合", leads: ["区教育局"], co: ["区财政局", "区人社局"]),
        Cell(text: "区教育局，区财政局配合", leads: ["区教育局"], co: ["区财政局"]),
        Cell(text: "区教育局主责，区财政局配合", leads: ["区教育局"], co: ["区财政局"]),
        Cell(text: "区财政局；区审计局配合", leads: ["区财政局"], co: ["区审计局"]),
        // "A、B配合C": C leads (second audit).
        Cell(text: "区住建局、区城管局等部门配合区规划局", leads: ["区规划局"], co: ["区住建局", "区城管局"]),
        Cell(text: "区财政局配合区发改局", leads: ["区发改局"], co: ["区财政局"]),
        // Labelled cells (finding 3).
        Cell(text: "牵头单位：区教育局；配合单位：区财政局", leads: ["区教育局"], co: ["区财政局"]),
        Cell(text: "牵头：区教育局\n配合：区财政局、区人社局", leads: ["区教育局"], co: ["区财政局", "区人社局"]),
        Cell(text: "主责单位：区教育局；协办单位：区财政局", leads: ["区教育局"], co: ["区财政局"]),
        Cell(text: "牵头单位：区委宣传部；责任单位：区委网信办、区公安分局", leads: ["区委宣传部"],
             co: ["区委网信办", "区公安分局"]),
        Cell(text: "责任单位：区政务服务局、区委编办", leads: ["区政务服务局", "区委编办"], co: []),
        // A deadline inside the unit text is not a unit (finding 4).
        Cell(text: "区科信局牵头，各街道、区级各部门落实；12月底前完成", leads: ["区科信局"], co: [],
             groups: ["各街道", "区级各部门"]),
        Cell(text: "区教育局牵头，区财政局配合；2018年底前", leads: ["区教育局"], co: ["区财政局"]),
        // Names (finding 5).
        Cell(text: "区政府办（区信息中心）", leads: ["区政府办（区信息中心）"], co: []),
        Cell(text: "区市场监管局（区食药监局）", leads: ["区市场监管局（区食药监局）"], co: []),
        Cell(text: "区市场监管局(区食药监局)牵头，区财政局配合", leads: ["区市场监管局(区食药监局)"], co: ["区财政局"]),
        Cell(text: "区教育局 区财政局 区人社局", leads: ["区教育局", "区财政局", "区人社局"], co: []),
        Cell(text: "区教育局\u{3000}区财政局", leads: ["区教育局", "区财政局"], co: []),
        Cell(text: "区财政局会同区发改局", leads: ["区财政局"], co: ["区发改局"]),
        Cell(text: "区财政局牵头，会同区发改局落实", leads: ["区财政局"], co: ["区发改局"]),
        Cell(text: "区教育局为牵头单位，区财政局为配合单位", leads: ["区教育局"], co: ["区财政局"]),
        // Units joined by 和/及/与/同 (second audit, finding 1): split only where the left side ends
        // as a unit name and the right side starts as one.
        Cell(text: "区发改局、区财政局和区审计局", leads: ["区发改局", "区财政局", "区审计局"], co: []),
        Cell(text: "区教育局牵头，区财政局和区人社局配合", leads: ["区教育局"], co: ["区财政局", "区人社局"]),
        Cell(text: "区教育局与区财政局共同负责", leads: ["区教育局", "区财政局"], co: []),
        Cell(text: "区教育局及区属各学校", leads: ["区教育局"], co: [], groups: ["区属各学校"]),
        Cell(text: "区教育局同区财政局负责", leads: ["区教育局", "区财政局"], co: []),
        Cell(text: "区财政局以及区审计局", leads: ["区财政局", "区审计局"], co: []),
        Cell(text: "区发改局和区财政局及区审计局", leads: ["区发改局", "区财政局", "区审计局"], co: []),
        Cell(text: "区政府办和各街道办事处", leads: ["区政府办"], co: [], groups: ["各街道办事处"]),
        Cell(text: "区政府办（区信息中心）和区财政局", leads: ["区政府办（区信息中心）", "区财政局"], co: []),
        Cell(text: "区卫生和计划生育局与区财政局", leads: ["区卫生和计划生育局", "区财政局"], co: []),
        Cell(text: "区政务和数据局牵头，区财政局和区审计局配合", leads: ["区政务和数据局"], co: ["区财政局", "区审计局"]),
        // The second name without its level (left alone in the second audit, fixed since).
        Cell(text: "区财政局和审计局", leads: ["区财政局", "区审计局"], co: []),
        Cell(text: "区委宣传部和网信办牵头，区财政局及审计局配合", leads: ["区委宣传部", "区网信办"], co: ["区财政局", "区审计局"]),
        Cell(text: "区卫生局和计划生育局", leads: ["区卫生局", "区计划生育局"], co: []),
        // A verb that names the units is part of a group's name (prose audit, file 26).
        Cell(text: "县司法局、各决策承办单位", leads: ["县司法局"], co: [], groups: ["各决策承办单位"]),
        // A role in brackets inside a 责任单位 label (finding 2).
        Cell(text: "责任单位：区教育局（牵头）、区财政局", leads: ["区教育局"], co: ["区财政局"]),
        Cell(text: "责任单位：区教育局（牵头）\n区财政局", leads: ["区教育局"], co: ["区财政局"]),
        // Bare 参与/协助 labels (finding 3).
        Cell(text: "牵头：区教育局；参与：区财政局、区人社局", leads: ["区教育局"], co: ["区财政局", "区人社局"]),
        Cell(text: "牵头：区教育局；协助：区财政局", leads: ["区教育局"], co: ["区财政局"]),
        // A label followed by a space instead of a colon (finding 4).
        Cell(text: "牵头单位 区教育局\n配合单位 区财政局", leads: ["区教育局"], co: ["区财政局"]),
        Cell(text: "牵头单位 区教育局 配合单位 区财政局、区人社局", leads: ["区教育局"], co: ["区财政局", "区人社局"]),
    ]

    @Test(arguments: cells)
    func cell(_ c: Cell) {
        check(c)
    }

    /// Cells that read right before the audit and must read the same.
    static let unchanged: [Cell] = [
        Cell(text: "区教育局牵头，区财政局配合做好经费保障", leads: ["区教育局"], co: ["区财政局"]),
        Cell(text: "区发改局牵头，区财政局、区审计局配合", leads: ["区发改局"], co: ["区财政局", "区审计局"]),
        Cell(text: "区卫计局牵头，各街道办事处配合", leads: ["区卫计局"], co: [], groups: ["各街道办事处"]),
        Cell(text: "区教育局牵头\n区财政局\n区人社局", leads: ["区教育局"], co: ["区财政局", "区人社局"]),
        Cell(text: "区教育局\n区财政局", leads: ["区教育局", "区财政局"], co: []),
        Cell(text: "区政府办牵头，区科信局具体负责落实", leads: ["区政府办"], co: ["区科信局"]),
        Cell(text: "区教育局牵头，区财政局、区人社局等部门配合", leads: ["区教育局"], co: ["区财政局", "区人社局"]),
        Cell(text: "区教育局 牵头", leads: ["区教育局"], co: []),
        Cell(text: "区委 宣传部", leads: ["区委宣传部"], co: []),
        Cell(text: "区教育局、财政局、人社局", leads: ["区教育局", "区财政局", "区人社局"], co: []),
        Cell(text: "区教育局牵头负责，区财政局协助", leads: ["区教育局"], co: ["区财政局"]),
        Cell(text: "区教育局牵头；区财政局、区人社局、区卫健局参与", leads: ["区教育局"],
             co: ["区财政局", "区人社局", "区卫健局"]),
        Cell(text: "区委组织部、区人社局（按职责分工）", leads: ["区委组织部", "区人社局"], co: []),
        // Names that contain 和/及/与 stay whole.
        Cell(text: "区政务和数据局", leads: ["区政务和数据局"], co: []),
        Cell(text: "区卫生和计划生育局", leads: ["区卫生和计划生育局"], co: []),
        Cell(text: "区社会事业局、卫生和计划生育局", leads: ["区社会事业局", "区卫生和计划生育局"], co: []),
        Cell(text: "区住房和城乡建设局牵头，区人力资源和社会保障局配合", leads: ["区住房和城乡建设局"],
             co: ["区人力资源和社会保障局"]),
        Cell(text: "区工业和信息化局、区文化和旅游局", leads: ["区工业和信息化局", "区文化和旅游局"], co: []),
        Cell(text: "区教育局牵头，区属各学校及幼儿园落实", leads: ["区教育局"], co: [], groups: ["区属各学校及幼儿园"]),
        Cell(text: "区教育局\n牵头单位", leads: ["区教育局"], co: []),
        Cell(text: "区教育局 牵头单位", leads: ["区教育局"], co: []),
    ]

    @Test(arguments: unchanged)
    func unchangedCell(_ c: Cell) {
        check(c)
    }

    /// Clause texts from the prose audit, as prose gives them (half-width after normalisation)
    /// and as a table cell may keep them (full-width).
    static let proseAudit: [Cell] = [
        // Brackets inside names and roles (finding 1).
        Cell(text: "区综合执法局(牵头)、区商务局、各乡镇(街道)", leads: ["区综合执法局"], co: ["区商务局"],
             groups: ["各乡镇(街道)"]),
        Cell(text: "区综合执法局（牵头）、区商务局、各乡镇（街道）", leads: ["区综合执法局"], co: ["区商务局"],
             groups: ["各乡镇（街道）"]),
        Cell(text: "各镇(街道)、区直各部门", leads: [], co: [], groups: ["各镇(街道)", "区直各部门"]),
        Cell(text: "各镇（街道）、区直各部门", leads: [], co: [], groups: ["各镇（街道）", "区直各部门"]),
        Cell(text: "区综合执法局(区城管办)", leads: ["区综合执法局(区城管办)"], co: []),
        Cell(text: "区综合执法局（区城管办）", leads: ["区综合执法局（区城管办）"], co: []),
        Cell(text: "区教育局(牵头),区财政局、区住建局", leads: ["区教育局"], co: ["区财政局", "区住建局"]),
        Cell(text: "区教育局（牵头），区财政局、区住建局", leads: ["区教育局"], co: ["区财政局", "区住建局"]),
        Cell(text: "区住建局(牵头),区综合执法局、区财政局", leads: ["区住建局"], co: ["区综合执法局", "区财政局"]),
        Cell(text: "区综合执法局(区城管办)牵头,区大数据局配合", leads: ["区综合执法局(区城管办)"], co: ["区大数据局"]),
        Cell(text: "由区财政局、区审计局牵头落实,各镇(街道)配合", leads: ["区财政局", "区审计局"], co: [],
             groups: ["各镇(街道)"]),
        // Contact details inside a responsibility clause are not units (finding 2).
        Cell(text: "区商务局,联系人:赵敏,电话:0573-82711234", leads: ["区商务局"], co: []),
        Cell(text: "区商务局，联系人：赵敏，电话：0573-82711234", leads: ["区商务局"], co: []),
        Cell(text: "区商务局,联系人:赵敏,联系电话:0573-82711234", leads: ["区商务局"], co: []),
        Cell(text: "区商务局;联系人:赵敏;手机:13912345678;邮箱:zm@xz.gov.cn", leads: ["区商务局"], co: []),
        Cell(text: "区商务局牵头,区财政局配合,联系人:赵敏", leads: ["区商务局"], co: ["区财政局"]),
        Cell(text: "区商务局(联系人:赵敏,电话:82711234)", leads: ["区商务局"], co: []),
        // A semicolon between names (finding 3); labelled forms keep their roles.
        Cell(text: "区委宣传部;区融媒体中心", leads: ["区委宣传部", "区融媒体中心"], co: []),
        Cell(text: "区委宣传部；区融媒体中心", leads: ["区委宣传部", "区融媒体中心"], co: []),
        Cell(text: "牵头单位:区委宣传部;配合单位:区融媒体中心", leads: ["区委宣传部"], co: ["区融媒体中心"]),
        Cell(text: "责任单位:区委宣传部;区融媒体中心", leads: ["区委宣传部", "区融媒体中心"], co: []),
        // A stray closing bracket stuck to the last name (finding 4).
        Cell(text: "区发改局牵头,区统计局】配合", leads: ["区发改局"], co: ["区统计局"]),
        Cell(text: "区统计局】", leads: ["区统计局"], co: []),
        Cell(text: "【区统计局", leads: ["区统计局"], co: []),
        Cell(text: "区发改局、区统计局]", leads: ["区发改局", "区统计局"], co: []),
    ]

    @Test(arguments: proseAudit)
    func proseAuditCell(_ c: Cell) {
        check(c)
    }

    /// Names that cannot be units (a page header, a phone number, a cut-off bracket) are read
    /// but noted, so the preview asks for a check (finding 5).
    @Test(arguments: [
        "区数据资-2-滨江区人民政府办公室文件源局",
        "各镇(街道",
        "区商务局0573827112",
        "区商务局电话82711234",
        "区人民政府办公室第2页共3页区行政审批服务局",
        "区商务局８２７１１２３４",
        "区人民政府办公室第二页区行政审批服务局",
        "区发展和改革局区经济和信息化局区财政局区人力资源和社会保障局",
        "区商务局:赵敏",
    ])
    func unlikelyNameIsNoted(_ text: String) {
        let u = UnitParser.parse(text)
        let names = u.leads + u.coUnits + u.groups
        #expect(!names.isEmpty)
        #expect(!u.doubtful.isEmpty, "\(names) \(u.notes)")
    }

    /// Ordinary names, long official ones and hotlines among them, are not noted.
    @Test(arguments: [
        "区教育局（牵头）、区财政局、区人社局",
        "区人力资源和社会保障局（区公务员局）",
        "区市场监督管理局（区食品药品监督管理局）",
        "市生态环境局西湖分局",
        "区12345政务服务热线中心",
        "市120急救指挥中心",
        "区“十三五”规划编制办公室",
        "各乡镇（街道）、区直各部门",
        "县委宣传部、县委网信办、县公安局、县市场监管局、县文广旅体局",
    ])
    func ordinaryNameIsNotNoted(_ text: String) {
        #expect(UnitParser.parse(text).doubtful.isEmpty)
    }

    /// No unit of the seeds, the sample plans and the layout fixtures is noted as unlikely: the
    /// check flags misreadings, not the names offices write.
    @Test func noSampleUnitIsUnlikely() throws {
        let folders = [Paths.seeds, Paths.guandu, Paths.fixtures.appendingPathComponent("layouts"),
                       Paths.packageRoot.appendingPathComponent("Imports")]
        var read = 0
        var flagged: [String] = []
        for folder in folders {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
                let data = try Data(contentsOf: folder.appendingPathComponent(name))
                guard let draft = try? PlanImporter.read(data: data, name: name, year: 2018).draft else { continue }
                read += 1
                for task in draft.tasks {
                    let names = task.units.leads + task.units.coUnits + task.units.groups
                    flagged += names.filter(UnitParser.isUnlikelyName).map { "\(name) \(task.seq): \($0)" }
                }
            }
        }
        #expect(read >= 30)
        #expect(flagged.isEmpty, "\(flagged)")
    }

    /// Full names that have no level prefix are not abbreviations to resolve against the
    /// registry: companies, bank branches, sections (科/股), and text with a colon (finding 6).
    @Test(arguments: ["余杭供电公司", "浙江交通集团", "余杭分公司", "农行余杭支行", "资讯科", "办公室", "财务股",
                      "联系人:赵敏", "电话：82711234"])
    func fullNameIsNoAbbreviation(_ name: String) {
        #expect(!AppDatabase.isAbbreviation(name))
    }

    /// Abbreviations still are (环保, 住建, 文体旅游, 卫计).
    @Test(arguments: ["环保", "住建", "文体旅游", "卫计", "发改"])
    func abbreviationIsOne(_ name: String) {
        #expect(AppDatabase.isAbbreviation(name))
    }

    /// The same cells through a whole import: lines of a cell and the 没有牵头单位 warning.
    @Test func tableCellsThroughTheImport() throws {
        let rows = [
            "区发改局（牵头）<br>区财政局",
            "牵头：区教育局<br>配合：区财政局、区人社局",
            "牵头单位：区教育局；配合单位：区财政局",
            "区教育局 区财政局 区人社局",
        ]
        let body = rows.enumerated().map { k, cell in
            "<tr><td>\(k + 1)</td><td>测试任务\(k + 1)号的具体要求</td><td>\(cell)</td><td>2018年12月底前</td></tr>"
        }.joined()
        let html = """
        <html><body><p>官渡区2018年测试工作分工方案</p><table>
        <tr><td>序号</td><td>具体要求</td><td>牵头单位</td><td>完成时限</td></tr>\(body)</table></body></html>
        """
        let draft = try PlanImporter.read(data: Data(html.utf8), name: "t.html", year: 2018).draft
        #expect(draft.tasks.map(\.units.leads) == [["区发改局"], ["区教育局"], ["区教育局"], ["区教育局", "区财政局", "区人社局"]])
        #expect(draft.tasks.map(\.units.coUnits) == [["区财政局"], ["区财政局", "区人社局"], ["区财政局"], []])
        #expect(!draft.findings.contains { $0.message.contains("没有牵头单位") })
    }

    /// Prose: 责任单位 after a 牵头单位 label are co-units; a deadline clause is not a unit.
    @Test func proseLabelsAndDeadlineClauses() throws {
        let text = """
        官渡区2018年政务公开工作要点分工方案
        一、着力加强公开解读回应工作
        （一）做好舆情回应。密切监测收集苗头性舆情。（牵头单位：区委宣传部；责任单位：区委网信办、区公安分局）
        （二）做好舆情回应。密切监测收集苗头性舆情。（牵头单位：区委宣传部，责任单位：区委网信办、区公安分局）
        （三）公布一次办事项清单。（责任单位：区政务服务局、区委编办）
        （四）推进政府网站集约化。（区科信局牵头，各街道、区级各部门落实；12月底前完成）
        """
        let draft = try PlanImporter.read(data: Data(text.utf8), name: "p.txt", year: 2018).draft
        #expect(draft.tasks.map(\.units.leads) == [["区委宣传部"], ["区委宣传部"], ["区政务服务局", "区委编办"], ["区科信局"]])
        #expect(draft.tasks.map(\.units.coUnits) == [["区委网信办", "区公安分局"], ["区委网信办", "区公安分局"], [], []])
        #expect(draft.tasks[3].units.groups == ["各街道", "区级各部门"])
    }
}
