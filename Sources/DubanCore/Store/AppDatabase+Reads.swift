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
    /// 责任领导 as the plan writes it; empty when it names none.
    public var leader: String = ""
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

    /// - Parameter only: when given, just the tasks with these ids (the others are skipped before
    ///   anything is built for them).
    static func tasks(planId: Int64?, unit: String? = nil, taskId: Int64? = nil, only: Set<Int64>? = nil,
                      db: Database) throws -> [TaskInfo] {
        // Columns are read by position (a name lookup per value costs more than the value), and
        // rows are put in plan and position order here: SQLite would sort them in a temporary
        // b-tree, which costs more than the rest of the query.
        var sql = """
            SELECT id, planId, seq, position, categoryId, subcategoryId, requirement, leadText,
                   deadlineText, deadlineKind, due, period, relativeDays, version, relativeUnit, leader
            FROM task WHERE archivedAt IS NULL
            """
        var arguments: StatementArguments = []
        if let planId { sql += " AND planId = ?"; arguments += [planId] }
        if let taskId { sql += " AND id = ?"; arguments += [taskId] }
        if let unit {
            guard let unitId = try Self.unitId(named: unit, db: db) else { throw StoreError.notFound("单位“\(unit)”") }
            sql += " AND id IN (SELECT taskId FROM taskUnit WHERE unitId = ?)"
            arguments += [unitId]
        }
        sql += " ORDER BY planId, id"

        // One String per category, shared by its tasks.
        var categories: [Int64: String] = [:]
        let categoryCursor = try Row.fetchCursor(db.cachedStatement(sql: "SELECT id, name FROM category"))
        while let row = try categoryCursor.next() { categories[row[0]] = row[1] as String }

        var out: [TaskInfo] = []
        // A handful of shapes (plan / task / unit filters): cached, prepared once per connection.
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        while let row = try cursor.next() {
            if let only, !only.contains(row[0]) { continue }
            let kind = Deadline.Kind(rawValue: row[9]) ?? .unparsed
            let due: String? = row[10]
            let period: String? = row[11]
            let categoryId: Int64? = row[4]
            let subcategoryId: Int64? = row[5]
            out.append(TaskInfo(
                id: row[0], planId: row[1], seq: row[2], position: row[3],
                category: categoryId.flatMap { categories[$0] } ?? "",
                subcategory: subcategoryId.flatMap { categories[$0] } ?? "",
                requirement: row[6], leadText: row[7], leadUnits: [], coUnits: [], groups: [],
                deadlineText: row[8],
                deadline: Deadline(kind: kind, due: due.flatMap(Day.init(iso:)),
                                   period: period.flatMap(Deadline.Period.init(rawValue:)), days: row[12],
                                   timeUnit: (row[14] as String?).flatMap(Deadline.TimeUnit.init(rawValue:))),
                version: row[13], leader: row[15]))
        }
        try addWrittenUnits(to: &out, taskId: taskId, db: db)
        // Stable: rows with the same position keep their id order.
        out.sort { ($0.planId, $0.position) < ($1.planId, $1.position) }
        return out
    }

    /// Fills the written unit names of `tasks` (lead, co, group), each in link position order.
    static func addWrittenUnits(to tasks: inout [TaskInfo], taskId: Int64?, db: Database) throws {
        guard !tasks.isEmpty else { return }
        var index: [Int64: Int] = [:]
        index.reserveCapacity(tasks.count)
        for (i, task) in tasks.enumerated() { index[task.id] = i }
        // One task: its links by index. Else the whole table in storage order (no index lookups,
        // no sort), keeping the links of `tasks`; rowid order within a task, as the index gives.
        let statement = try db.cachedStatement(sql: taskId == nil
            ? "SELECT taskId, role, writtenName, position FROM taskUnit"
            : "SELECT taskId, role, writtenName, position FROM taskUnit WHERE taskId = ? ORDER BY rowid")
        statement.arguments = taskId.map { [$0] } ?? []
        let links = try writtenLinks(statement, count: tasks.count) { index[$0] }
        for i in tasks.indices {
            for link in links[i] {
                switch link.role {
                case .lead: tasks[i].leadUnits.append(link.name)
                case .co: tasks[i].coUnits.append(link.name)
                case .group: tasks[i].groups.append(link.name)
                case .other: break
                }
            }
        }
    }

    /// The written unit links (role, name) of tasks, each task's in link position order (stable:
    /// equal positions keep the statement's order), from a statement selecting
    /// `taskId, role, writtenName, position`; `slot` places a task id among `count` tasks.
    static func writtenLinks(_ statement: Statement, count: Int,
                             slot: (Int64) -> Int?) throws -> [[(role: UnitRole, name: String)]] {
        var links = [[(position: Int64, role: UnitRole, name: String)]](repeating: [], count: count)
        let cursor = try Row.fetchCursor(statement)
        let columns = RawColumns(statement.sqliteStatement)
        while let row = try cursor.next() {
            guard let i = slot(columns.int64(0)) else { continue }
            links[i].append((columns.int64(3), columns.unitRole(1), row[2]))
        }
        return links.map { task in task.sorted { $0.position < $1.position }.map { ($0.role, $0.name) } }
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
        if let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM unit WHERE name = ?"), arguments: [name]) { return id }
        return try Int64.fetchOne(db.cachedStatement(sql: "SELECT unitId FROM unitAlias WHERE alias = ?"), arguments: [name])
    }
}
