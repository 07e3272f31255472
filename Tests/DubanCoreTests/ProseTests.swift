import Foundation
import Testing
@testable import DubanCore

/// The prose seeds must read to their expected-*.json (seq, units, deadlines); 004 is refused.
@Suite("Prose plans")
struct ProseTests {
    static func expected(_ n: String) throws -> [String: Any] {
        let data = try Data(contentsOf: Paths.prose.appendingPathComponent("expected-\(n).json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func seed(_ n: String) throws -> URL {
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: Paths.seeds.path).first { $0.hasPrefix(n + "_") })
        return Paths.seeds.appendingPathComponent(name)
    }

    static func check(_ grid: Grid, against n: String) throws {
        let root = try expected(n)
        let draft = try PlanInterpreter.interpret(grid)
        #expect(draft.year == root["year"] as? Int)
        let db = try AppDatabase.inMemory()
        guard case .created(let planId) = try db.importPlan(draft, sha256: n) else { Issue.record("not created"); return }
        let problems = mismatches(try db.tasks(planId: planId), expected: try #require(root["tasks"] as? [[String: Any]]))
        #expect(problems.isEmpty, "\(problems.prefix(20).joined(separator: "\n"))")
    }

    @Test("seed matches its expected reading", arguments: ["000", "002", "003"])
    func seedText(_ n: String) throws {
        let data = try Data(contentsOf: try Self.seed(n))
        try Self.check(try PlanImporter.grid(data: data, name: "\(n).txt"), against: n)
    }

    @Test("the same prose read from .docx", arguments: ["000", "002", "003"])
    func seedDocx(_ n: String) throws {
        let text = try String(contentsOf: try Self.seed(n), encoding: .utf8)
        let body = text.components(separatedBy: "\n").map { line in
            "<w:p><w:r><w:t xml:space=\"preserve\">\(Self.escape(line))</w:t></w:r></w:p>"
        }.joined()
        let data = try OOXMLFixtures.docx(body)
        let grid = try PlanImporter.grid(data: data, name: "\(n).docx")
        #expect(grid.format == .docx)
        try Self.check(grid, against: n)
    }

    @Test("the same prose read from .html", arguments: ["000", "002", "003"])
    func seedHTML(_ n: String) throws {
        let text = try String(contentsOf: try Self.seed(n), encoding: .utf8)
        let html = "<html><head><meta charset=\"utf-8\"><title>x</title></head><body><div class=\"nav\">首页 &gt; 公开</div>"
            + text.components(separatedBy: "\n").map { "<p>\(Self.escape($0))</p>" }.joined() + "</body></html>"
        let grid = try PlanImporter.grid(data: Data(html.utf8), name: "\(n).html")
        try Self.check(grid, against: n)
    }

    @Test("a document with no task table and no assigned items is refused")
    func seed004() throws {
        let data = try Data(contentsOf: try Self.seed("004"))
        #expect(throws: ImportError.noTaskTable(file: "004.txt")) { _ = try PlanImporter.read(data: data, name: "004.txt") }
    }

    @Test("the garbled line of seed 003 is reported and repaired")
    func mojibake() throws {
        let draft = try PlanImporter.read(path: try Self.seed("003").path).draft
        let task = try #require(draft.tasks.first { $0.seq == "二(一)" })
        #expect(task.requirement == "健全主动发布机制")
        #expect(draft.findings.contains { $0.location.column == "二(一)" && $0.message.contains("乱码") })
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}

@Suite("Prose forms")
struct ProseFormTests {
    func read(_ text: String, year: Int = 2018) throws -> PlanDraft {
        try PlanImporter.read(data: Data(text.utf8), name: "p.txt", year: year).draft
    }

    @Test func labelledBlocksGluedAndSpreadOverLines() throws {
        let d = try read("""
        某区2018年重点工作分工方案
        一、重点任务
        1.推进政务公开标准化。牵头单位：区政务服务局配合单位（部门）：区科信局、区档案局完成时间：2018年6月底前
        2.加强政策解读。
        牵头单位:区委宣传部
        配合单位:区级各部门
        完成时间:每季度
        """)
        #expect(d.tasks.map(\.seq) == ["一1", "一2"])
        #expect(d.tasks[0].units.leads == ["区政务服务局"])
        #expect(d.tasks[0].units.coUnits == ["区科信局", "区档案局"])
        #expect(d.tasks[0].deadline.due == Day(year: 2018, month: 6, day: 30))
        #expect(d.tasks[0].requirement == "推进政务公开标准化")
        #expect(d.tasks[1].units.leads == ["区委宣传部"])
        #expect(d.tasks[1].units.groups == ["区级各部门"])
        #expect(d.tasks[1].deadline.kind == .recurring)
    }

    @Test func parentheticalAndYouForms() throws {
        let d = try read("""
        某市2018年政务公开工作要点
        (一)开展专项检查,6月底完成。(市政府办牵头,市监察局、市法制办分别落实)
        (二)规范依申请公开,由市法制办、市信访局牵头落实;于9月26日前报送情况。
        (三)推进数据开放。(责任单位:市大数据局、市科技局)
        (四)完善考核办法。(市政府办督促落实)
        (五)加强培训。
        """)
        #expect(d.tasks.map(\.seq) == ["(一)", "(二)", "(三)", "(四)"])
        #expect(d.tasks[0].units.coUnits == ["市监察局", "市法制办"])
        #expect(d.tasks[0].deadline.due == Day(year: 2018, month: 6, day: 30))
        #expect(d.tasks[1].units.leads == ["市法制办", "市信访局"])
        #expect(d.tasks[1].requirement == "规范依申请公开")
        #expect(d.tasks[1].deadline.due == Day(year: 2018, month: 9, day: 26))
        #expect(d.tasks[2].units.leads == ["市大数据局", "市科技局"])
        #expect(d.tasks[3].units.leads == ["市政府办"])
        #expect(d.findings.filter { $0.message.contains("已跳过") }.map(\.location.column) == ["(五)"])
    }

    @Test func phasedDeadlinesTakeTheLastPhase() throws {
        let d = try read("""
        某区2017年改革工作方案
        1.推进试点。第一批试点2017年12月底前完成;第二批试点2018年6月底前完成。(区改革办牵头落实)
        """, year: 2017)
        #expect(d.tasks[0].deadline.due == Day(year: 2018, month: 6, day: 30))
        #expect(d.findings.contains { $0.message.contains("分阶段") })
    }

    @Test func levelPrefixIsCompletedAndReported() throws {
        let d = try read("""
        某区2018年工作方案
        1.推进医养结合。(区社会事业局、卫生和计划生育局牵头落实)
        """)
        #expect(d.tasks[0].units.leads == ["区社会事业局", "区卫生和计划生育局"])
        #expect(d.findings.contains { $0.message.contains("补全") })
    }

    @Test func textNormalisation() {
        #expect(ProseText.clean("各縣(市、區(qū))人民政府").text == "各县(市、区)人民政府")
        #expect(ProseText.clean("嘉峪关 市文广新局").text == "嘉峪关市文广新局")
        #expect(ProseText.clean("（一）ＡＢ１２").text == "(一)AB12")
        #expect(ProseText.isChrome("原文链接:http://x"))
        #expect(ProseText.isChrome("发布时间:2018-01-01"))
    }

    @Test func outlineMarkers() {
        #expect(Outline.marker(in: "一、总体要求")?.1 == "一")
        #expect(Outline.marker(in: "(三)推进")?.1 == "(三)")
        #expect(Outline.marker(in: "12.推进")?.1 == "12")
        #expect(Outline.marker(in: "(2)推进")?.1 == "(2)")
        #expect(Outline.marker(in: "②推进")?.1 == "②")
        #expect(Outline.marker(in: "2017年作为") == nil)
        #expect(Outline.marker(in: "1.5倍") == nil)
    }
}

@Suite("Unit abbreviations")
struct UnitAbbreviationTests {
    @Test func matchingRule() {
        #expect(AppDatabase.matches("环保", "区环境保护局"))
        #expect(AppDatabase.matches("卫计", "区卫生和计划生育局"))
        #expect(!AppDatabase.matches("环保", "区住建局"))
        #expect(AppDatabase.isAbbreviation("文体旅游"))
        #expect(!AppDatabase.isAbbreviation("区财政局"))
        #expect(!AppDatabase.isAbbreviation("办公室"))
    }

    @Test func ambiguousAbbreviationIsKeptAndReported() throws {
        let text = """
        某区2018年工作方案
        1.甲。(区教育局牵头落实)
        2.乙。(区教育体育局牵头落实)
        3.丙。(教育牵头落实)
        """
        let draft = try PlanImporter.read(data: Data(text.utf8), name: "a.txt").draft
        let db = try AppDatabase.inMemory()
        let r = try db.unitResolutions(for: draft)
        #expect(r.count == 1)
        #expect(r[0].resolved == nil)
        #expect(r[0].candidates == ["区教育体育局", "区教育局"])
        _ = try db.importPlan(draft, sha256: "a")
        #expect(try db.units().contains { $0.name == "教育" })
    }
}
