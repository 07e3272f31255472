import Foundation
import GRDB

/// The units of a task by what they may do.
struct TaskRoles {
    /// Units whose reports change the state: leads; else the registered members of its groups; else the groups.
    var reporting: [Int64] = []
    var names: [Int64: String] = [:]
    /// Every unit linked to the task, plus members of its groups (they may add notes).
    var all: Set<Int64> = []

    /// Refuses a unit that may not change the task's state: a co-unit, or a unit not on the task.
    /// - Throws: `TrackingError.notReportingUnit` or `.notAssigned`.
    func requireReporting(_ unitId: Int64, unit name: String, task seq: String) throws {
        guard !reporting.contains(unitId) else { return }
        if all.contains(unitId) { throw TrackingError.notReportingUnit(unit: name, task: seq) }
        throw TrackingError.notAssigned(unit: name, task: seq)
    }
}

extension AppDatabase {
    static func requireTask(_ id: Int64, db: Database) throws -> TaskInfo {
        guard let task = try tasks(planId: nil, taskId: id, db: db).first else {
            throw StoreError.notFound("任务 \(id) ")
        }
        return task
    }

    static func checkVersion(_ task: TaskInfo, _ expected: Int?) throws {
        if let expected, expected != task.version {
            throw TrackingError.conflict(task: task.seq, current: task.version, submitted: expected)
        }
    }

    static func bump(_ taskId: Int64, db: Database) throws {
        try db.execute(sql: "UPDATE task SET version = version + 1 WHERE id = ?", arguments: [taskId])
    }

    static func isClosed(_ taskId: Int64, db: Database) throws -> Bool {
        let last = try String.fetchOne(db, sql: """
            SELECT kind FROM report WHERE taskId = ? AND kind IN ('closed', 'returned') ORDER BY asOf DESC, id DESC LIMIT 1
            """, arguments: [taskId])
        return last == "closed"
    }

    @discardableResult
    static func insertReport(_ db: Database, taskId: Int64, unitId: Int64?, kind: ReportEntry.Kind, state: TaskState?,
                             note: String, percent: Int?, evidence: String, by: String, at: Date, asOf: Day) throws -> ReportEntry {
        try db.execute(sql: """
            INSERT INTO report (taskId, unitId, kind, state, note, percent, evidence, reportedBy, reportedAt, asOf)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [taskId, unitId, kind.rawValue, state?.rawValue, note, percent, evidence, by, at, asOf.iso])
        return ReportEntry(id: db.lastInsertedRowID, taskId: taskId, unitId: unitId,
                           unitName: try unitId.map { try unitName($0, db: db) }, kind: kind, state: state, note: note,
                           percent: percent, evidence: evidence, reportedBy: by, reportedAt: at, asOf: asOf)
    }

    /// Group id → member ids.
    static func groupMembers(db: Database) throws -> [Int64: [Int64]] {
        var out: [Int64: [Int64]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT groupId, memberId FROM groupMember ORDER BY groupId, memberId") {
            out[row["groupId"], default: []].append(row["memberId"])
        }
        return out
    }

    /// Roles of many tasks at once.
    static func roles(taskIds: [Int64]?, db: Database) throws -> [Int64: TaskRoles] {
        let members = try groupMembers(db: db)
        var names: [Int64: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, name FROM unit") { names[row["id"]] = row["name"] }
        var links: [Int64: [(Int64, String)]] = [:]
        let sql = "SELECT taskId, unitId, role FROM taskUnit" + (taskIds.map { "WHERE taskId IN (\($0.map(String.init).joined(separator: ",")))" }.map { " " + $0 } ?? "")
            + " ORDER BY taskId, position"
        for row in try Row.fetchAll(db, sql: sql) { links[row["taskId"], default: []].append((row["unitId"], row["role"])) }
        var out: [Int64: TaskRoles] = [:]
        for (taskId, l) in links {
            var r = TaskRoles()
            let leads = l.filter { $0.1 == "lead" }.map(\.0)
            let groups = l.filter { $0.1 == "group" }.map(\.0)
            if !leads.isEmpty {
                r.reporting = leads
            } else {
                for g in groups {
                    let m = members[g] ?? []
                    r.reporting += m.isEmpty ? [g] : m
                }
            }
            r.all = Set(l.map(\.0)).union(groups.flatMap { members[$0] ?? [] })
            for id in r.reporting { r.names[id] = names[id] ?? "#\(id)" }
            out[taskId] = r
        }
        return out
    }

    static func roles(taskId: Int64, db: Database) throws -> TaskRoles {
        try roles(taskIds: [taskId], db: db)[taskId] ?? TaskRoles()
    }

    /// Task ids a unit sees: its own links (any role) and the tasks of groups it belongs to.
    static func visibleTaskIds(unit: String, db: Database) throws -> Set<Int64> {
        let id = try requireUnit(unit, db: db)
        return Set(try Int64.fetchAll(db, sql: """
            SELECT taskId FROM taskUnit WHERE unitId = ?
            UNION SELECT tu.taskId FROM taskUnit tu JOIN groupMember gm ON gm.groupId = tu.unitId WHERE gm.memberId = ?
            """, arguments: [id, id]))
    }

    static func reports(taskIds: [Int64]?, db: Database) throws -> [Int64: [ReportEntry]] {
        var names: [Int64: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, name FROM unit") { names[row["id"]] = row["name"] }
        let filter = taskIds.map { " WHERE taskId IN (\($0.map(String.init).joined(separator: ",")))" } ?? ""
        var out: [Int64: [ReportEntry]] = [:]
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT id, taskId, unitId, kind, state, note, percent, evidence, reportedBy, reportedAt, asOf
            FROM report\(filter) ORDER BY taskId, asOf, id
            """)
        while let row = try cursor.next() {
            let unitId: Int64? = row[2]
            let taskId: Int64 = row[1]
            let state: String? = row[4]
            let asOf: String = row[10]
            out[taskId, default: []].append(ReportEntry(
                id: row[0], taskId: taskId, unitId: unitId, unitName: unitId.flatMap { names[$0] },
                kind: ReportEntry.Kind(rawValue: row[3]) ?? .note, state: state.flatMap(TaskState.init(rawValue:)),
                note: row[5], percent: row[6], evidence: row[7], reportedBy: row[8], reportedAt: row[9],
                asOf: Day(iso: asOf) ?? Day(year: 1970, month: 1, day: 1)!))
        }
        return out
    }

    static func extensions(taskIds: [Int64]?, db: Database) throws -> [Int64: [ExtensionEntry]] {
        let filter = taskIds.map { " WHERE e.taskId IN (\($0.map(String.init).joined(separator: ",")))" } ?? ""
        var out: [Int64: [ExtensionEntry]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT e.*, u.name AS unitName FROM extension e JOIN unit u ON u.id = e.unitId\(filter) ORDER BY e.id") {
            let due: String = row["requestedDue"]
            let entry = ExtensionEntry(
                id: row["id"], taskId: row["taskId"], unitId: row["unitId"], unitName: row["unitName"],
                requestedDue: Day(iso: due)!, reason: row["reason"],
                status: ExtensionEntry.Status(rawValue: row["status"]) ?? .pending, requestedBy: row["requestedBy"],
                requestedAt: row["requestedAt"], decidedBy: row["decidedBy"], decidedAt: row["decidedAt"],
                decisionNote: row["decisionNote"])
            out[entry.taskId, default: []].append(entry)
        }
        return out
    }

    static func triggers(taskIds: [Int64]?, db: Database) throws -> [Int64: Day] {
        let filter = taskIds.map { " WHERE taskId IN (\($0.map(String.init).joined(separator: ",")))" } ?? ""
        var out: [Int64: Day] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT taskId, triggeredOn FROM taskTrigger\(filter)") {
            let on: String = row["triggeredOn"]
            out[row["taskId"]] = Day(iso: on)
        }
        return out
    }

    static func status(of task: TaskInfo, asOf: Day, db: Database) throws -> TaskStatus {
        try statuses([task], asOf: asOf, soonDays: TrackingRules.defaultSoonDays, db: db)[0].status
    }

    /// Statuses of many tasks with a handful of queries (no per-task round trips).
    static func statuses(_ tasks: [TaskInfo], asOf: Day, soonDays: Int, db: Database) throws -> [TaskWithStatus] {
        guard !tasks.isEmpty else { return [] }
        let ids: [Int64]? = tasks.count > 500 ? nil : tasks.map(\.id)
        let roles = try roles(taskIds: ids, db: db)
        let reports = try reports(taskIds: ids, db: db)
        let extensions = try extensions(taskIds: ids, db: db)
        let triggers = try triggers(taskIds: ids, db: db)
        var years: [Int64: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, year FROM plan") { years[row["id"]] = row["year"] }
        return tasks.map { task in
            let r = roles[task.id] ?? TaskRoles()
            let input = TrackingRules.Input(
                deadline: task.deadline, planYear: years[task.planId] ?? asOf.year,
                reportingUnits: r.reporting.map { ($0, r.names[$0] ?? "") }, reports: reports[task.id] ?? [],
                extensions: extensions[task.id] ?? [], trigger: triggers[task.id])
            return TaskWithStatus(task: task, status: TrackingRules.status(input, asOf: asOf, soonDays: soonDays))
        }
    }
}
