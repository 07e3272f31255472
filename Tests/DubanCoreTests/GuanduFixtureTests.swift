import Foundation
import Testing
@testable import DubanCore

/// The seed table in each of its forms must import to exactly expected.json.
@Suite("Guandu 2018 fixture")
struct GuanduFixtureTests {
    @Test("imports to expected.json, every field", arguments: ["plan.txt", "plan-gb18030.txt", "plan.html", "plan.docx", "plan.xlsx", "plan-gbk.csv"])
    func importMatchesExpected(file: String) throws {
        let reading = try PlanImporter.read(path: Paths.guandu(file))
        let db = try AppDatabase.inMemory()
        let outcome = try db.importPlan(reading.draft, sha256: reading.sha256)
        guard case .created(let planId) = outcome else { Issue.record("not created: \(outcome)"); return }
        let tasks = try db.tasks(planId: planId)
        let problems = mismatches(tasks, expected: try Expected.guanduTasks())
        #expect(problems.isEmpty, "\(problems.prefix(20).joined(separator: "\n"))")
    }

    @Test("plan metadata comes from the surrounding text")
    func metadata() throws {
        let root = try Expected.guanduRoot()
        let draft = try PlanImporter.read(path: Paths.guandu("plan.txt")).draft
        #expect(draft.title == root["title"] as? String)
        #expect(draft.year == root["year"] as? Int)
        #expect(draft.issuer == root["issuer"] as? String)
        #expect(draft.issued?.iso == root["issued"] as? String)
        // Text keeps no merges: the one finding says which blank lead or deadline cells took the row above's.
        #expect(draft.findings.count == 1, "\(draft.findings)")
        #expect(draft.findings.allSatisfy { $0.severity == .info && $0.message.contains("48 行的牵头单位或完成时限是空的，已沿用上一行") })
    }

    @Test("--year overrides the year found in the text")
    func yearOverride() throws {
        let draft = try PlanImporter.read(path: Paths.guandu("plan.txt"), year: 2019).draft
        #expect(draft.year == 2019)
        #expect(draft.tasks[0].deadline.due == Day(year: 2019, month: 12, day: 31))
    }

    @Test("re-importing identical bytes changes nothing")
    func reimportIsNoOp() throws {
        let db = try AppDatabase.inMemory()
        let reading = try PlanImporter.read(path: Paths.guandu("plan.txt"))
        _ = try db.importPlan(reading.draft, sha256: reading.sha256)
        let before = try db.rowCounts()
        let again = try db.importPlan(reading.draft, sha256: reading.sha256)
        guard case .alreadyImported(let id) = again else { Issue.record("expected alreadyImported, got \(again)"); return }
        #expect(id == 1)
        #expect(try db.rowCounts() == before)
    }

    @Test("a document without a task table is refused and the database untouched")
    func noTaskTable() throws {
        let path = Paths.fixtures.appendingPathComponent("no-tasks-004.txt").path
        #expect(throws: ImportError.noTaskTable(file: "no-tasks-004.txt")) {
            _ = try PlanImporter.read(path: path)
        }
    }

    @Test("units go into the registry with their written names")
    func registry() throws {
        let db = try AppDatabase.inMemory()
        let reading = try PlanImporter.read(path: Paths.guandu("plan.txt"))
        _ = try db.importPlan(reading.draft, sha256: reading.sha256)
        let units = try db.units()
        let names = Set(units.map(\.name))
        #expect(names.contains("区政府办"))
        // Task 92's abbreviations: 环保 and 住建 match exactly one registered unit each and become
        // its aliases (the written form stays on the task); 教育 matches none and stays as written.
        #expect(units.first { $0.name == "区环保局" }?.aliases == ["环保"])
        #expect(units.first { $0.name == "区住建局" }?.aliases == ["住建"])
        #expect(names.contains("教育"))
        #expect(try db.tasks(unit: "环保").map(\.seq) == ["19", "92"])
        #expect(units.first { $0.name == "区级各部门" }?.kind == "group")
        #expect(units.first { $0.name == "区政府办" }?.leadCount ?? 0 > 10)
    }
}
