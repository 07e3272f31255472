@testable import DubanCore
import Foundation
import GRDB
import Testing

/// The web's group commit (its savepoints are prepared once per connection): a job that fails
/// after writing rolls back its own writes only; the jobs beside it are committed.
@Suite("Group commit savepoints")
struct GroupCommitTests {
    struct Refused: Error {}

    @Test func aFailingJobRollsBackOnlyItsOwnWrites() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try AppDatabase.open(path: dir.appendingPathComponent("g.sqlite").path)
        defer { db.close() }
        let n = 200
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<n {
                group.addTask {
                    do {
                        try await db.group.write { conn in
                            try conn.execute(sql: "INSERT INTO audit (at, actor, source, action, detail) VALUES ('2018-01-01', ?, 'test', 'gc', '{}')",
                                             arguments: ["job\(i)"])
                            if i % 4 == 3 { throw Refused() }  // after its write
                        }
                        return true
                    } catch {
                        return error is Refused ? false : true
                    }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == n - n / 4)
        let actors = try await db.writer.read { try String.fetchAll($0, sql: "SELECT actor FROM audit WHERE action = 'gc'") }
        #expect(Set(actors) == Set((0..<n).filter { $0 % 4 != 3 }.map { "job\($0)" }))
        // Nothing of a refused job, nothing twice, and the database is sound.
        #expect(actors.count == n - n / 4)
        #expect(try db.integrityCheck() == "ok")
    }

    @Test func aLoneFailingJobLeavesNoTrace() async throws {
        let db = try AppDatabase.inMemory()
        await #expect(throws: Refused.self) {
            try await db.group.write { conn in
                try conn.execute(sql: "INSERT INTO audit (at, actor, source, action, detail) VALUES ('2018-01-01', 'x', 'test', 'gc', '{}')")
                throw Refused()
            }
        }
        let value = try await db.group.write { conn in try Int.fetchOne(conn, sql: "SELECT COUNT(*) FROM audit WHERE action = 'gc'") ?? -1 }
        #expect(value == 0)
    }
}
