import Foundation
import GRDB
import Testing

@testable import DubanCore

/// The import that stores tasks while the file is still being interpreted (`StreamedImport`)
/// leaves exactly what `importPlan` leaves, rolls back when cancelled, and defers to
/// `importPlan`'s own steps for revisions and files imported before.
@Suite struct StreamedImportTests {
    static let now = Date(timeIntervalSince1970: 1_600_000_000)

    /// Everything an import writes, by names rather than unit ids (a unit first named by an
    /// abbreviation gets its id at the end of a streamed import).
    static func dump(_ db: AppDatabase) throws -> [String] {
        let queries = [
            "SELECT id, title, year, issuer, issued, sourceFile, sha256, format, importedAt FROM plan ORDER BY id",
            "SELECT id, planId, parentId, name, level, position FROM category ORDER BY id",
            """
            SELECT id, planId, seq, position, categoryId, subcategoryId, requirement, leadText, deadlineText, deadlineKind,
                   due, period, relativeDays, sourceRow, archivedAt, version FROM task ORDER BY id
            """,
            """
            SELECT l.taskId, u.name, u.kind, l.role, l.writtenName, l.position FROM taskUnit l JOIN unit u ON u.id = l.unitId
            ORDER BY l.taskId, l.rowid
            """,
            "SELECT name, kind FROM unit ORDER BY name",
            "SELECT u.name, a.alias FROM unitAlias a JOIN unit u ON u.id = a.unitId ORDER BY a.alias",
            "SELECT planId, fileName, format, sha256, importedAt, taskCount, unitCount, findings, outcome FROM importRecord ORDER BY id",
            "SELECT actor, source, action, detail FROM audit ORDER BY id",
            "SELECT name, seq FROM sqlite_sequence ORDER BY name",
        ]
        return try db.writer.read { db in
            try queries.flatMap { sql in
                try Row.fetchAll(db, sql: sql).map { row in
                    row.databaseValues.map { $0.description }.joined(separator: " | ")
                }
            }
        }
    }

    /// Feeds a draft to a streamed import the way the interpreter does, and finishes it.
    static func stream(_ draft: PlanDraft, sha256: String, into db: AppDatabase) throws -> ImportOutcome {
        let stream = StreamedImport(into: { db }, now: now)
        stream.begin(year: draft.year, rows: draft.tasks.count)
        var k = 0
        while k < draft.tasks.count {
            let end = min(k + TaskSinkChunk.size, draft.tasks.count)
            stream.accept(Array(draft.tasks[k..<end]))
            k = end
        }
        return try stream.finish(PlanImporter.Reading(draft: draft, sha256: sha256))
    }

    /// A plan whose units include abbreviations named before the full names they stand for.
    static func abbreviatedDraft(count: Int) -> PlanDraft {
        var draft = TaskWriterTests.draft(title: "甲", count: count)
        draft.tasks[1].units = UnitAssignment(leads: ["环保"], coUnits: ["教育"])
        draft.tasks[2].units = UnitAssignment(leads: ["区单位1局"], groups: ["区级各部门"])
        draft.tasks[count - 2].units = UnitAssignment(leads: ["区环保局", "区单位2局"], coUnits: ["区教育局", "区教育体育局"])
        return draft
    }

    @Test func sameRowsAsImportPlan() throws {
        for count in [5, TaskSinkChunk.size, 3 * TaskSinkChunk.size + 17] {
            let plain = try AppDatabase.inMemory()
            let streamed = try AppDatabase.inMemory()
            // An earlier plan of another year, so that ids continue from it.
            let earlier = TaskWriterTests.draft(title: "乙", count: 7)
            var other = earlier
            other.year = 2017
            _ = try plain.importPlan(other, sha256: "x", now: Self.now)
            _ = try streamed.importPlan(other, sha256: "x", now: Self.now)

            let draft = Self.abbreviatedDraft(count: count)
            let a = try plain.importPlan(draft, sha256: "a", now: Self.now)
            let b = try Self.stream(draft, sha256: "a", into: streamed)
            guard case .created(let planA) = a, case .created(let planB) = b else {
                Issue.record("both imports should create a plan: \(a), \(b)")
                continue
            }
            #expect(planA == planB)
            let (x, y) = (try Self.dump(plain), try Self.dump(streamed))
            #expect(x == y)
            // The abbreviation named first was resolved at the end, and recorded as an alias.
            let alias = try streamed.writer.read { db in
                try String.fetchOne(db, sql: "SELECT u.name FROM unitAlias a JOIN unit u ON u.id = a.unitId WHERE a.alias = '环保'")
            }
            #expect(alias == "区环保局")
            let violations = try streamed.writer.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") }
            #expect(violations.isEmpty)
        }
    }

    /// Real files through the CLI's path (reader → interpreter → sink) give the rows `importPlan` gives.
    @Test func filesGiveTheSameRows() throws {
        let guandu = ["plan.html", "plan.docx", "plan.xlsx", "plan-gbk.csv", "plan.txt", "plan-gb18030.txt"].map(Paths.guandu)
        let imports = Paths.packageRoot.appendingPathComponent("Imports")
        let samples = try FileManager.default.contentsOfDirectory(atPath: imports.path).sorted()
            .map { imports.appendingPathComponent($0).path }
        let seeds = try FileManager.default.contentsOfDirectory(atPath: Paths.seeds.path).sorted()
            .map { Paths.seeds.appendingPathComponent($0).path }
        let files = guandu + samples + seeds
        var compared = 0
        for path in files {
            let plain = try AppDatabase.inMemory()
            let streamed = try AppDatabase.inMemory()
            guard let reading = try? PlanImporter.read(path: path) else { continue }  // a seed that is not a plan
            _ = try plain.importPlan(reading.draft, sha256: reading.sha256, now: Self.now)
            let stream = StreamedImport(into: { streamed }, now: Self.now)
            let again = try PlanImporter.read(path: path, sink: stream)
            _ = try stream.finish(again)
            #expect(try Self.dump(plain) == Self.dump(streamed), "\(path)")
            compared += 1
        }
        #expect(compared >= 8)
    }

    @Test func cancelledImportLeavesNothing() throws {
        let db = try AppDatabase.inMemory()
        let before = try Self.dump(db)
        let draft = Self.abbreviatedDraft(count: 600)
        let stream = StreamedImport(into: { db }, now: Self.now)
        stream.begin(year: draft.year, rows: draft.tasks.count)
        stream.accept(Array(draft.tasks[..<300]))
        stream.cancel()
        #expect(try Self.dump(db) == before)
        // The database takes writes again.
        #expect(try { if case .created = try db.importPlan(draft, sha256: "a") { true } else { false } }())
    }

    @Test func knownBytesAndRevisions() throws {
        let db = try AppDatabase.inMemory()
        let draft = Self.abbreviatedDraft(count: 300)
        _ = try Self.stream(draft, sha256: "a", into: db)
        let once = try Self.dump(db)
        // The same bytes: nothing changes.
        guard case .alreadyImported(let planId) = try Self.stream(draft, sha256: "a", into: db) else {
            Issue.record("the same bytes should be known")
            return
        }
        #expect(planId == 1)
        #expect(try Self.dump(db) == once)
        // The same bytes under another year (a plan of that year does not exist): also known, and rolled back.
        var otherYear = draft
        otherYear.year = 2030
        guard case .alreadyImported = try Self.stream(otherYear, sha256: "a", into: db) else {
            Issue.record("the same bytes under another year should be known")
            return
        }
        #expect(try Self.dump(db) == once)
        // A revision (same title and year) is applied as importPlan applies it.
        var revised = draft
        revised.tasks.removeFirst(3)
        revised.tasks[5].requirement += "（修订）"
        let plain = try AppDatabase.inMemory()
        _ = try plain.importPlan(draft, sha256: "a", now: Self.now)
        let expected = try plain.importPlan(revised, sha256: "b", now: Self.now)
        let got = try Self.stream(revised, sha256: "b", into: db)
        guard case .revised(let x) = expected, case .revised(let y) = got else {
            Issue.record("both should be revisions: \(expected), \(got)")
            return
        }
        #expect(x.removed.count == y.removed.count && x.changed.count == y.changed.count && x.added.count == y.added.count)
        #expect(try Self.dump(plain) == Self.dump(db))
    }

    /// A file with no task table never begins the stream: `finish` stores nothing and throws nothing
    /// on its own; reading is what fails, and the caller cancels.
    @Test func readingFailsAndTheCallerCancels() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("streamed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("empty.html").path
        try "<html><body><table><tr><td>甲</td><td>乙</td></tr></table></body></html>".write(toFile: file, atomically: true, encoding: .utf8)
        let db = try AppDatabase.inMemory()
        let stream = StreamedImport(into: { db }, now: Self.now)
        #expect(throws: ImportError.self) { try PlanImporter.read(path: file, sink: stream) }
        stream.cancel()
        #expect(try db.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM plan") } == 0)
    }
}
