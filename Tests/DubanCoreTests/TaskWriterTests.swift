import Foundation
import GRDB
import Testing

@testable import DubanCore

/// The batched task and link inserts of an import: ids as AUTOINCREMENT gives them, every row
/// and link stored in order, across full and partial batches.
@Suite struct TaskWriterTests {
    /// A plan of `count` tasks, each led by one of five units and, every third, a group.
    static func draft(title: String, count: Int) -> PlanDraft {
        let tasks = (1...count).map { k in
            var units = UnitAssignment(leads: ["区单位\(k % 5)局"])
            if k % 3 == 0 { units.groups = ["区级各部门"] }
            return TaskDraft(seq: String(k), category: "类\(k / 50)", subcategory: k % 2 == 0 ? "" : "小类\(k / 10)",
                             requirement: "要求\(k)", leadText: "区单位\(k % 5)局牵头", units: units,
                             deadlineText: k % 4 == 0 ? "" : "全年", deadline: k % 4 == 0 ? .none : Deadline(kind: .yearRound),
                             location: SourceLocation(file: "t.html", table: "表1", row: k + 1))
        }
        return PlanDraft(title: title, year: 2018, issuer: nil, issued: nil, source: "t.html", format: .html,
                         tasks: tasks, findings: [])
    }

    @Test func idsRowsAndLinksInOrder() throws {
        let db = try AppDatabase.inMemory()
        let count = 2 * AppDatabase.TaskWriter.rowsPerInsert + 22  // two full batches and a partial one
        let first = Self.draft(title: "甲", count: count)
        let second = Self.draft(title: "乙", count: 3)
        _ = try db.importPlan(first, sha256: "a")
        _ = try db.importPlan(second, sha256: "b")
        try db.writer.read { db in
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM task ORDER BY id")
            #expect(ids == Array(1...Int64(count + 3)))
            let seqs = try String.fetchAll(db, sql: "SELECT seq FROM task ORDER BY id")
            #expect(seqs == (1...count).map(String.init) + ["1", "2", "3"])
            #expect(try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'task'") == Int64(count + 3))
            let links = try Row.fetchAll(db, sql: "SELECT taskId, role, writtenName, position FROM taskUnit ORDER BY rowid")
            #expect(links.count == count + count / 3 + 3 + 1)
            let expected = (1...count).flatMap { k -> [String] in
                ["\(k) lead 区单位\(k % 5)局 0"] + (k % 3 == 0 ? ["\(k) group 区级各部门 1"] : [])
            }
            let stored = links.prefix(count + count / 3).map { "\($0["taskId"] as Int64) \($0["role"] as String) \($0["writtenName"] as String) \($0["position"] as Int)" }
            #expect(stored == expected)
            let due = try Row.fetchOne(db, sql: "SELECT deadlineKind, due, sourceRow, version FROM task WHERE id = 4")
            #expect(due.map { $0["deadlineKind"] as String } == "none")
            #expect(due.map { $0["sourceRow"] as Int } == 5)
            #expect(due.map { $0["version"] as Int } == 1)
            // An empty text is bound as text, not NULL.
            #expect(try String.fetchOne(db, sql: "SELECT typeof(deadlineText) || ' ' || length(deadlineText) FROM task WHERE id = 4") == "text 0")
        }
    }

    /// Imports write without SQLite's foreign-key checks (`bulkWrite`): every reference a new
    /// plan and a revision write must still hold, and the checks (and the page cache's size) are
    /// as before afterwards.
    @Test func referencesHoldAndChecksComeBack() throws {
        let db = try AppDatabase.inMemory()
        _ = try db.importPlan(Self.draft(title: "甲", count: 150), sha256: "a")
        var revised = Self.draft(title: "甲", count: 170)
        revised.tasks.removeFirst(10)
        revised.tasks[3].units = UnitAssignment(leads: ["区新设局"], coUnits: ["区单位1局"], groups: ["各街道"])
        revised.tasks[3].requirement += "（修订）"
        guard case .revised(let diff) = try db.importPlan(revised, sha256: "b") else {
            Issue.record("the second file should revise the plan")
            return
        }
        #expect(diff.added.count == 20 && diff.removed.count == 10 && diff.changed.count == 1)
        try db.writer.read { db in
            let violations = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
            #expect(violations.isEmpty)
            #expect(try Int.fetchOne(db, sql: "PRAGMA foreign_keys") == 1)
            #expect(try Int.fetchOne(db, sql: "PRAGMA cache_size") == -2000)  // SQLite's default, restored
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM taskUnit WHERE writtenName = '区新设局'") == 1)
        }
    }

    /// A large import rebuilds the links' unit index (same definition, in the same transaction);
    /// a small one into a large database updates it in place.
    @Test func unitIndexRebuiltOrKept() throws {
        let db = try AppDatabase.inMemory()
        let definition = { try db.writer.read { db in
            try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'taskUnit_on_unitId'")
        } }
        let before = try definition()
        #expect(before != nil)
        _ = try db.importPlan(Self.draft(title: "甲", count: 300), sha256: "a")
        #expect(try definition() == before)
        try db.writer.read { db in
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            let plan = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT taskId FROM taskUnit WHERE unitId = 1")
                .map { $0["detail"] as String }
            #expect(plan.contains { $0.contains("taskUnit_on_unitId") })
        }
        try db.writer.write { db in
            // 400 links: an import of 80 tasks or more rebuilds, a smaller one does not.
            #expect(try AppDatabase.RebuiltIndex.dropLinksByUnit(forTasks: 70, db: db) == nil)
            let dropped = try #require(try AppDatabase.RebuiltIndex.dropLinksByUnit(forTasks: 80, db: db))
            #expect(try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'taskUnit_on_unitId'") == nil)
            try dropped.restore(db)
        }
        #expect(try definition() == before)
    }

    /// Ids are never reused: tasks deleted before an import keep their ids retired.
    @Test func idsAfterDeletedTasks() throws {
        let db = try AppDatabase.inMemory()
        _ = try db.importPlan(Self.draft(title: "甲", count: 10), sha256: "a")
        try db.writer.write { db in try db.execute(sql: "DELETE FROM task WHERE id > 5") }
        _ = try db.importPlan(Self.draft(title: "乙", count: 2), sha256: "b")
        let ids = try db.writer.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM task ORDER BY id") }
        #expect(ids == [1, 2, 3, 4, 5, 11, 12])
    }
}
