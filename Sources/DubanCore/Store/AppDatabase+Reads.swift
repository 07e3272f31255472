import Foundation
import GRDB

/// A task with its plan, categories and units, as lists and reports show it.
public struct TaskInfo: Sendable, Hashable {
    public var id: Int64
    public var planId: Int64
    public var seq: String
    public var position: Int
    public var category: String
    public var subcategory: String
    public var requirement: String
    public var leadText: String
    public var leadUnits: [String]
    public var coUnits: [String]
    public var groups: [String]
    public var deadlineText: String
    public var deadline: Deadline
    public var version: Int
}

/// A registry unit with how many tasks it leads / co-leads / is named in as a group.
public struct UnitInfo: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var kind: String
    public var aliases: [String]
    public var leadCount: Int
    public var coCount: Int
    public var groupCount: Int
}

/// A plan with its task count.
public struct PlanInfo: Sendable, Hashable {
    public var plan: Plan
    public var taskCount: Int
}

extension AppDatabase {
    // MARK: - Reads

    /// All plans, newest first.
    public func plans() throws -> [PlanInfo] {
        try writer.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT plan.*, (SELECT COUNT(*) FROM task WHERE task.planId = plan.id AND task.archivedAt IS NULL) AS taskCount
                FROM plan ORDER BY plan.id DESC
                """)
            return try rows.map { PlanInfo(plan: try Plan(row: $0), taskCount: $0["taskCount"]) }
        }
    }

    /// Tasks of a plan (or of every plan), optionally only those linked to a unit (by name or alias).
    public func tasks(planId: Int64? = nil, unit: String? = nil) throws -> [TaskInfo] {
        try writer.read { db in try Self.tasks(planId: planId, unit: unit, db: db) }
    }

    static func tasks(planId: Int64?, unit: String? = nil, taskId: Int64? = nil, db: Database) throws -> [TaskInfo] {
            var sql = """
                SELECT task.*, c1.name AS categoryName, c2.name AS subcategoryName
                FROM task
                LEFT JOIN category c1 ON c1.id = task.categoryId
                LEFT JOIN category c2 ON c2.id = task.subcategoryId
                WHERE task.archivedAt IS NULL
                """
            var arguments: StatementArguments = []
            if let planId { sql += " AND task.planId = ?"; arguments += [planId] }
            if let taskId { sql += " AND task.id = ?"; arguments += [taskId] }
            if let unit {
                guard let unitId = try Self.unitId(named: unit, db: db) else { throw StoreError.notFound("单位“\(unit)”") }
                sql += " AND task.id IN (SELECT taskId FROM taskUnit WHERE unitId = ?)"
                arguments += [unitId]
            }
            sql += " ORDER BY task.planId, task.position"
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
            var links: [Int64: [(String, String)]] = [:]
            let linkSQL: String
            let linkArguments: StatementArguments
            if let taskId {
                linkSQL = "SELECT taskId, role, writtenName FROM taskUnit WHERE taskId = ? ORDER BY position"
                linkArguments = [taskId]
            } else if let planId {
                linkSQL = "SELECT taskId, role, writtenName FROM taskUnit WHERE taskId IN (SELECT id FROM task WHERE planId = ?) ORDER BY taskId, position"
                linkArguments = [planId]
            } else {
                linkSQL = "SELECT taskId, role, writtenName FROM taskUnit ORDER BY taskId, position"
                linkArguments = []
            }
            for row in try Row.fetchAll(db, sql: linkSQL, arguments: linkArguments) {
                links[row["taskId"], default: []].append((row["role"], row["writtenName"]))
            }
            return rows.map { row in
                let id: Int64 = row["id"]
                let l = links[id] ?? []
                let kind = Deadline.Kind(rawValue: row["deadlineKind"]) ?? .unparsed
                let due: String? = row["due"]
                let period: String? = row["period"]
                return TaskInfo(
                    id: id, planId: row["planId"], seq: row["seq"], position: row["position"],
                    category: row["categoryName"] ?? "", subcategory: row["subcategoryName"] ?? "",
                    requirement: row["requirement"], leadText: row["leadText"],
                    leadUnits: l.filter { $0.0 == "lead" }.map(\.1),
                    coUnits: l.filter { $0.0 == "co" }.map(\.1),
                    groups: l.filter { $0.0 == "group" }.map(\.1),
                    deadlineText: row["deadlineText"],
                    deadline: Deadline(kind: kind, due: due.flatMap(Day.init(iso:)),
                                       period: period.flatMap(Deadline.Period.init(rawValue:)), days: row["relativeDays"]),
                    version: row["version"])
            }
    }

    /// The unit registry with assignment counts.
    public func units() throws -> [UnitInfo] {
        try writer.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT unit.*,
                  (SELECT COUNT(*) FROM taskUnit tu JOIN task ON task.id = tu.taskId
                     WHERE tu.unitId = unit.id AND tu.role = 'lead' AND task.archivedAt IS NULL) AS leadCount,
                  (SELECT COUNT(*) FROM taskUnit tu JOIN task ON task.id = tu.taskId
                     WHERE tu.unitId = unit.id AND tu.role = 'co' AND task.archivedAt IS NULL) AS coCount,
                  (SELECT COUNT(*) FROM taskUnit tu JOIN task ON task.id = tu.taskId
                     WHERE tu.unitId = unit.id AND tu.role = 'group' AND task.archivedAt IS NULL) AS groupCount
                FROM unit ORDER BY unit.kind, unit.name
                """)
            var aliases: [Int64: [String]] = [:]
            for a in try UnitAliasRecord.fetchAll(db) { aliases[a.unitId, default: []].append(a.alias) }
            return rows.map { row in
                let id: Int64 = row["id"]
                return UnitInfo(id: id, name: row["name"], kind: row["kind"], aliases: aliases[id] ?? [],
                                leadCount: row["leadCount"], coCount: row["coCount"], groupCount: row["groupCount"])
            }
        }
    }

    /// Number of rows in each table (for tests and `--dry-run` checks).
    public func rowCounts() throws -> [String: Int] {
        try writer.read { db in
            var out: [String: Int] = [:]
            for table in ["plan", "category", "task", "unit", "unitAlias", "taskUnit", "importRecord"] {
                out[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
            }
            return out
        }
    }

    static func unitId(named name: String, db: Database) throws -> Int64? {
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM unit WHERE name = ?", arguments: [name]) { return id }
        return try Int64.fetchOne(db, sql: "SELECT unitId FROM unitAlias WHERE alias = ?", arguments: [name])
    }
}
