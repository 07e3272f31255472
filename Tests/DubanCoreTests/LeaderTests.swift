import Foundation
import Testing
@testable import DubanCore

/// 责任领导 (the leader in charge of a task): read from its column, merged cells included, kept
/// with the task, changed by a revision, and counted in the quarterly report.
@Suite("责任领导")
struct LeaderTests {
    static let file = Paths.fixtures.appendingPathComponent("layouts/x16-leader-column.html").path

    @Test("a 责任领导 column is read; a merged cell gives its leader to every row it covers")
    func readFromTheColumn() throws {
        let d = try PlanImporter.read(path: Self.file).draft
        #expect(d.tasks.map(\.leader) == ["张三副区长", "李四副区长", "王五副区长", "王五副区长"])
        // The column is no unit column: the leads are unchanged.
        #expect(d.tasks[0].units.leads == ["区政务服务中心"] && d.tasks[0].units.coUnits == ["区发展改革局", "区大数据中心"])
        #expect(d.findings.isEmpty)
    }

    @Test("a plan without the column has no leaders, and its report no 按责任领导 table")
    func noColumnNoTable() throws {
        let r = try ReportFixture.report("2018-09-30")
        #expect(r.leaders.isEmpty)
        let sheets = ReportTables.sheets(r)
        #expect(!sheets.contains { $0.name == ReportTables.leadersName })
        #expect(!(sheets.first { $0.name == ReportTables.overdueName }?.columns.map(\.header).contains("责任领导") ?? true))
    }

    @Test("stored and listed; the report counts tasks by leader and lists the leader beside overdue tasks")
    func storedAndReported() throws {
        let db = try AppDatabase.inMemory()
        let r = try PlanImporter.read(path: Self.file)
        _ = try db.importPlan(r.draft, sha256: r.sha256)
        #expect(try db.tasks(planId: 1).map(\.leader) == ["张三副区长", "李四副区长", "王五副区长", "王五副区长"])

        // 1.1 is due 2021-06-30 and not done: overdue on 2021-09-30.
        let report = try db.quarterlyReport(planId: 1, quarter: Quarter("2021Q3")!, asOf: Day(iso: "2021-09-30")!)
        #expect(report.leaders.map(\.leader) == ["张三副区长", "李四副区长", "王五副区长"])
        #expect(report.leaders.map(\.counts.tasks) == [1, 1, 2])
        #expect(report.leaders.map(\.counts.overdue) == [1, 0, 0])
        let sheets = ReportTables.sheets(report)
        let overdue = try #require(sheets.first { $0.name == ReportTables.overdueName })
        #expect(overdue.columns.map(\.header).prefix(4) == ["序号", "具体要求", "牵头单位", "责任领导"])
        #expect(overdue.rows.count == 1 && overdue.rows[0][3] == .text("张三副区长"))
        #expect(sheets.contains { $0.name == ReportTables.leadersName })
        #expect(HTMLReport.body(report, sheets: sheets).contains("<h2>按责任领导</h2>"))
    }

    @Test("a revision that changes only the leader changes the task, and says 责任领导")
    func revision() throws {
        let db = try AppDatabase.inMemory()
        let r = try PlanImporter.read(path: Self.file)
        _ = try db.importPlan(r.draft, sha256: r.sha256)
        let text = try String(contentsOfFile: Self.file, encoding: .utf8).replacingOccurrences(of: "李四副区长", with: "赵六副区长")
        let revised = try PlanImporter.read(data: Data(text.utf8), name: "x16-leader-column.html")
        guard case .revised(let diff) = try db.importPlan(revised.draft, sha256: revised.sha256) else {
            Issue.record("expected a revision"); return
        }
        #expect(diff.changed.map(\.after.seq) == ["1.2"])
        #expect(diff.changed.first?.fields == ["责任领导"])
        #expect(try db.tasks(planId: 1).map(\.leader)[1] == "赵六副区长")
    }
}
