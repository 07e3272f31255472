import Foundation
import GRDB

/// Group commit: write transactions that arrive while a commit is in flight wait, and then run
/// together in the next transaction — each inside its own savepoint, so each stays all or
/// nothing for its caller — and are committed once. Under load many web reports then share one
/// WAL write (the cost of a commit) instead of queueing for one each; alone, a write runs at once.
///
/// Results are handed back only after the shared commit succeeded; when the commit fails, every
/// write of the group gets that error (none of them was stored).
final class GroupCommit: @unchecked Sendable {
    /// Most writes in one transaction (keeps one commit, and a caller's wait, short).
    static let maxGroup = 128

    private struct Job {
        let body: (Database) throws -> Void  // runs the caller's work and keeps its result (throws: the group fails)
        let finish: (Error?) -> Void         // hands the result (or the error) to the caller
    }

    private let writer: any DatabaseWriter
    private let lock = NSLock()
    private var pending: [Job] = []
    private var draining = false
    private var committed = 0
    private let queue = DispatchQueue(label: "duban.group-commit")

    init(_ writer: any DatabaseWriter) { self.writer = writer }

    /// Transactions committed so far (tests: fewer than the writes when they were grouped).
    var commits: Int { lock.withLock { committed } }

    /// Runs `body` in a write transaction shared with the writes waiting at the same time.
    /// - Throws: the body's error (its savepoint rolled back, the others unaffected), or the
    ///   commit's error (`StoreError.busy` after the retries).
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
            var result: Result<T, Error>?
            let job = Job(
                body: { db in
                    // The job's own savepoint: its error rolls back its writes only. Statements
                    // prepared once per connection (GRDB's `inSavepoint` parses each one again,
                    // twice per report). An error of the savepoint statements themselves leaves the
                    // transaction in doubt: it fails the whole group.
                    try db.cachedStatement(sql: "SAVEPOINT groupCommitJob").execute()
                    do {
                        let value = try body(db)
                        try db.cachedStatement(sql: "RELEASE SAVEPOINT groupCommitJob").execute()
                        result = .success(value)
                    } catch {
                        result = .failure(error)
                        try db.cachedStatement(sql: "ROLLBACK TRANSACTION TO SAVEPOINT groupCommitJob").execute()
                        try db.cachedStatement(sql: "RELEASE SAVEPOINT groupCommitJob").execute()
                    }
                },
                finish: { commitError in
                    if let commitError, case .success = result ?? .failure(commitError) { result = .failure(commitError) }
                    continuation.resume(with: result ?? .failure(commitError ?? StoreError.busy))
                })
            lock.lock()
            pending.append(job)
            let start = !draining
            draining = true
            lock.unlock()
            if start { queue.async { self.drain() } }
        }
    }

    /// Commits groups until nothing waits.
    private func drain() {
        while true {
            lock.lock()
            let group = Array(pending.prefix(Self.maxGroup))
            pending.removeFirst(group.count)
            if group.isEmpty { draining = false }
            lock.unlock()
            if group.isEmpty { return }
            do {
                try AppDatabase.retryingBusy { try writer.write { db in for job in group { try job.body(db) } } }
                lock.withLock { committed += 1 }
                for job in group { job.finish(nil) }
            } catch {
                for job in group { job.finish(error) }
            }
        }
    }
}
