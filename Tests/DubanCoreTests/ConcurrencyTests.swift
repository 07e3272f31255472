import Foundation
import Testing
@testable import DubanCore

/// Concurrent writers on one database file, each with its own connection pool (as separate
/// processes would be): every report is stored, none is lost, no SQLITE_BUSY reaches a caller.
/// The full 32 × 500 soak with CLI processes and HTTP clients is `make soak`.
@Suite("Concurrent writers")
struct ConcurrencyTests {
    @Test func eightWritersFiftyReportsEach() async throws {
        let dir = try TemporaryDirectory("conc")
        defer { dir.remove() }
        let path = dir.path("c.sqlite")
        _ = try dir.seededDatabase("c.sqlite")
        let writers = 8, each = 50
        try await withThrowingTaskGroup(of: Void.self) { group in
            for w in 0..<writers {
                group.addTask {
                    let db = try AppDatabase.open(path: path)
                    for i in 0..<each {
                        // Everyone writes on the same two tasks.
                        let (task, unit) = i % 2 == 0 ? (Int64(74), "区长热线办") : (Int64(44), "区政务服务局")
                        try db.report(taskId: task, unit: unit, state: .inProgress, note: "w\(w)-\(i)",
                                      asOf: Day(iso: "2018-09-20")!, by: Actor(name: "w\(w)", source: "test"))
                    }
                }
            }
            try await group.waitForAll()
        }
        let check = try AppDatabase.open(path: path)
        let stored = try check.history(taskId: 74).reports.count + check.history(taskId: 44).reports.count
        #expect(stored == writers * each)
        // Every report bumped the version: no lost update.
        #expect(try check.task(74).version + check.task(44).version == 2 + writers * each)
        #expect(try check.integrityCheck() == "ok")
    }

    @Test("group commit: 300 concurrent web reports share commits, each all or nothing")
    func groupCommit() async throws {
        let dir = try TemporaryDirectory("group")
        defer { dir.remove() }
        let db = try dir.seededDatabase("g.sqlite")
        let day = Day(iso: "2018-09-20")!
        let n = 300
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<n {
                group.addTask {
                    do {
                        // Every 10th is refused (区政务服务局 does not lead task 74); its savepoint rolls back alone.
                        let unit = i % 10 == 9 ? "区政务服务局" : "区长热线办"
                        _ = try await db.reportTogether(taskId: 74, unit: unit, state: .inProgress, note: "r\(i)", asOf: day,
                                                        by: Actor(name: "u\(i)", source: "test"))
                        return true
                    } catch is TrackingError {
                        return false
                    }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == n - n / 10)
        #expect(try db.history(taskId: 74).reports.count == n - n / 10)
        #expect(try db.task(74).version == 1 + n - n / 10)  // one bump per stored report, none lost
        #expect(db.group.commits < n)                          // grouped: fewer commits than reports
        #expect(try db.integrityCheck() == "ok")
    }
}
