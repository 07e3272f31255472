import Foundation
import GRDB

/// The one database type: opens the SQLite file (or memory), runs the frozen migrations, and
/// offers domain transactions (writes) and queries (reads).
public struct AppDatabase: Sendable {
    let writer: any DatabaseWriter
    /// Shares one commit among the writes that arrive together (the web's reports).
    let group: GroupCommit

    /// Wraps a writer and migrates it.
    /// - Throws: a GRDB error when the schema cannot be migrated.
    public init(_ writer: any DatabaseWriter) throws {
        self.writer = writer
        group = GroupCommit(writer)
        try Self.migrator.migrate(writer)
    }

    /// Opens (creating if needed) a database file in WAL mode with foreign keys on.
    /// - Throws: `StoreError.cannotOpen` with a plain message.
    public static func open(path: String) throws -> AppDatabase {
        do {
            let dir = (path as NSString).deletingLastPathComponent
            if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
            let pool = try DatabasePool(path: path, configuration: makeConfiguration())
            return try AppDatabase(pool)
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, detail: error.message ?? "\(error)")
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.cannotOpen(path: path, detail: "\(error)")
        }
    }

    /// Closes the connections now (a later use throws). Tests and the CLI; otherwise they close
    /// when the last copy of this value goes away.
    public func close() {
        try? (writer as? DatabasePool)?.close()
        try? (writer as? DatabaseQueue)?.close()
    }

    /// Deletes a database file and its WAL and shared-memory files (one the CLI has just created
    /// and closed, when the import that needed it failed).
    public static func removeFiles(path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// One write transaction. When other writers keep the database busy past the busy timeout
    /// (SQLITE_BUSY at BEGIN, so nothing of this transaction ran), it is retried with a growing
    /// pause before the caller ever sees the error; then the error says, in words, to try again.
    /// - Throws: the body's error, or `StoreError.busy` after the retries.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.retryingBusy { try writer.write(body) }
    }

    /// A write transaction (retried like `write`) with SQLite's foreign-key checks off, for an
    /// import's bulk inserts: every reference it writes points at a row the same transaction
    /// has just inserted or read (tasks → their plan and categories, links → their tasks and
    /// units), and SQLite would look each one up again in an index, a fifth of the SQLite work of
    /// a 10,000-task import. `PRAGMA foreign_keys` cannot change inside a transaction, so it is
    /// switched off around it and back on before the connection serves anything else. The body
    /// must not rely on ON DELETE actions (imports delete only their own links, explicitly);
    /// tests run `PRAGMA foreign_key_check` after imports and revisions.
    ///
    /// The page cache is raised meanwhile (memory is taken only as pages are used): with SQLite's
    /// default 2 MB, a 10,000-task import (5 MB of pages) spilled dirty pages into the WAL in
    /// the middle of the transaction and wrote them again at the commit.
    func bulkWrite<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.retryingBusy {
            try writer.writeWithoutTransaction { db in
                let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
                try db.execute(sql: "PRAGMA foreign_keys = OFF; PRAGMA cache_size = -65536")
                defer { try? db.execute(sql: "PRAGMA foreign_keys = ON; PRAGMA cache_size = \(cacheSize)") }
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        }
    }

    /// Runs `transaction` again (with a growing pause) while SQLITE_BUSY/LOCKED stop it at BEGIN.
    /// - Throws: the transaction's error, or `StoreError.busy` after 6 retries.
    static func retryingBusy<T>(_ transaction: () throws -> T) throws -> T {
        var attempt = 0
        while true {
            do {
                return try transaction()
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                attempt += 1
                if attempt > 6 { throw StoreError.busy }
                usleep(useconds_t(UInt32.random(in: 50_000...150_000) * UInt32(attempt)))
            }
        }
    }

    /// An empty in-memory database with the same configuration (tests).
    public static func inMemory() throws -> AppDatabase {
        try AppDatabase(DatabaseQueue(configuration: makeConfiguration()))
    }

    /// Foreign keys on, a busy timeout so concurrent writers wait instead of failing.
    static func makeConfiguration() -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA synchronous = NORMAL") }
            // Statement journals (each multi-row INSERT of an import, each savepoint of a group
            // commit) and temporary sort trees stay in memory: by default SQLite writes them to a
            // file in /var/tmp — 9,000 page writes for a 10,000-row import.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        return config
    }
}

/// Store failures an office worker can act on.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, detail: String)
    case notFound(String)
    case invalid(String)
    case busy

    public var description: String {
        switch self {
        case .cannotOpen(let path, let detail): return "无法打开数据库 \(path)：\(detail)。请检查路径和权限。"
        case .notFound(let what): return "\(what)不存在。"
        case .invalid(let why): return why
        case .busy: return "数据库正忙（其他人正在大量写入），这次操作没有保存。请稍后重试。"
        }
    }
}
