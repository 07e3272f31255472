import Foundation
import GRDB

extension AppDatabase {
    /// Copies the live database to `path` with SQLite's online backup (safe while `serve` writes),
    /// into a temporary file first, checked, then renamed: a backup is whole or absent.
    /// - Throws: `StoreError` when the copy fails or does not check out.
    public func backup(to path: String, progress: ((Int, Int) -> Void)? = nil) throws {
        let tmp = path + ".part-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        do {
            let destination = try DatabaseQueue(path: tmp)
            try writer.backup(to: destination, pagesPerStep: 256) { p in progress?(p.completedPageCount, p.totalPageCount) }
            try Self.checkIntegrity(destination, path: path)
            try destination.close()
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: tmp, toPath: path)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.invalid("备份到 \(path) 失败：\(error)。请检查磁盘空间和目录权限。")
        }
    }

    /// Restores a backup into the database file at `path`. Refuses to overwrite an existing
    /// database unless `force`, and refuses a backup that fails SQLite's integrity check or is
    /// not a Duban database. Stop `duban serve` first.
    /// - Throws: `StoreError` with what to do.
    public static func restore(from backup: String, to path: String, force: Bool) throws {
        guard FileManager.default.fileExists(atPath: backup) else { throw StoreError.notFound("备份文件 \(backup) ") }
        if FileManager.default.fileExists(atPath: path) && !force {
            throw StoreError.invalid("\(path) 已存在。恢复会覆盖其中的全部数据；确认要覆盖请加 --force。")
        }
        do {
            var config = Configuration()
            config.readonly = true
            let source = try DatabaseQueue(path: backup, configuration: config)
            try checkIntegrity(source, path: backup)
            let tables = try source.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") }
            guard tables.contains("plan"), tables.contains("task"), tables.contains("grdb_migrations") else {
                throw StoreError.invalid("\(backup) 不是督办的数据库备份。")
            }
            let destination = try open(path: path)
            try source.backup(to: destination.writer)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.invalid("从 \(backup) 恢复失败：\(error)。原数据库未被修改。")
        }
    }

    static func checkIntegrity(_ reader: any DatabaseReader, path: String) throws {
        let result = try reader.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
        guard result == "ok" else { throw StoreError.invalid("\(path) 未通过完整性检查（\(result ?? "?")）。") }
    }

    /// SQLite's integrity check of this database ("ok" when sound).
    public func integrityCheck() throws -> String {
        try writer.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "?" }
    }
}
