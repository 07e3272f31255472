import Foundation
import GRDB

/// Who is writing and from where: every write is audited with it.
public struct Actor: Sendable, Hashable {
    /// A person's or account's name.
    public var name: String
    /// The command or page: "cli:update", "web:/tasks/12/report".
    public var source: String

    public init(name: String, source: String) {
        self.name = name
        self.source = source
    }
}

/// One audited write.
public struct AuditEntry: Sendable, Hashable {
    public var id: Int64
    public var at: Date
    public var actor: String
    public var source: String
    public var action: String
    public var taskId: Int64?
    public var unitId: Int64?
    public var detail: String
}

extension AppDatabase {
    /// Appends an audit row inside the caller's transaction.
    static func audit(_ db: Database, _ actor: Actor, _ action: String, taskId: Int64? = nil, unitId: Int64? = nil,
                      detail: [String: String] = [:], at: Date = Date()) throws {
        let json = JSONValue.object(detail.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }).render()
        try db.cachedStatement(sql: "INSERT INTO audit (at, actor, source, action, taskId, unitId, detail) VALUES (?, ?, ?, ?, ?, ?, ?)")
            .execute(arguments: [StorageDate.text(at), actor.name, actor.source, action, taskId, unitId, json])
    }

    /// The audit trail, newest first (optionally of one task).
    public func auditTrail(taskId: Int64? = nil, limit: Int = 500) throws -> [AuditEntry] {
        try writer.read { db in
            let sql = "SELECT * FROM audit" + (taskId == nil ? "" : " WHERE taskId = ?") + " ORDER BY id DESC LIMIT ?"
            let args: StatementArguments = taskId.map { [$0, limit] } ?? [limit]
            return try Row.fetchAll(db, sql: sql, arguments: args).map { r in
                AuditEntry(id: r["id"], at: r["at"], actor: r["actor"], source: r["source"], action: r["action"],
                           taskId: r["taskId"], unitId: r["unitId"], detail: r["detail"])
            }
        }
    }

    /// A unit's id by name or alias.
    /// - Throws: `StoreError.notFound` naming the unit.
    static func requireUnit(_ name: String, db: Database) throws -> Int64 {
        guard let id = try unitId(named: TextNormalizer.trim(name), db: db) else {
            throw StoreError.notFound("单位“\(name)”")
        }
        return id
    }

    /// A unit's name by id.
    static func unitName(_ id: Int64, db: Database) throws -> String {
        try String.fetchOne(db.cachedStatement(sql: "SELECT name FROM unit WHERE id = ?"), arguments: [id]) ?? "#\(id)"
    }
}

extension AppDatabase {
    /// The registry name of a unit given by name or alias.
    /// - Throws: `StoreError.notFound`.
    public func canonicalUnitName(_ name: String) throws -> String {
        try writer.read { db in try Self.unitName(try Self.requireUnit(name, db: db), db: db) }
    }
}
