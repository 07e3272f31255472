import Foundation
import GRDB
import GRDBSQLite

/// The units of a task by what they may do.
struct TaskRoles {
    /// Units whose reports change the state: leads; else the registered members of its groups; else the groups.
    var reporting: [Int64] = []
    var names: [Int64: String] = [:]
    /// Every unit linked to the task, plus members of its groups (they may add notes).
    var all: Set<Int64> = []

    /// One task–unit link as stored.
    typealias Link = (unit: Int64, role: UnitRole, position: Int64)

    init() {}

    /// The roles a task's links give: leads report; without leads, the registered members of its
    /// groups (a group without members reports itself).
    init(links: [Link], members: (Int64) throws -> [Int64], name: (Int64) throws -> String) rethrows {
        let links = links.sorted { $0.position < $1.position }
        let leads = links.filter { $0.role == .lead }.map(\.unit)
        let groups = links.filter { $0.role == .group }.map(\.unit)
        var groupMembers: [Int64] = []
        if !leads.isEmpty {
            reporting = leads
        }
        for g in groups {
            let m = try members(g)
            groupMembers += m
            if leads.isEmpty { reporting += m.isEmpty ? [g] : m }
        }
        all = Set(links.map(\.unit)).union(groupMembers)
        for id in reporting { names[id] = try name(id) }
    }

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

    static func bump(_ taskId: Int64, db: Database) throws {
        try db.cachedStatement(sql: "UPDATE task SET version = version + 1 WHERE id = ?").execute(arguments: [taskId])
    }

    /// True when the office's last word on the task was to close it. The partial index is named:
    /// left to itself SQLite walks the task's whole history backwards in report_stream's order.
    static func isClosed(_ taskId: Int64, db: Database) throws -> Bool {
        let last = try String.fetchOne(db.cachedStatement(sql: """
            SELECT kind FROM report INDEXED BY report_closing
            WHERE taskId = ? AND kind IN ('closed', 'returned') ORDER BY asOf DESC, id DESC LIMIT 1
            """), arguments: [taskId])
        return last == "closed"
    }

    @discardableResult
    static func insertReport(_ db: Database, taskId: Int64, unitId: Int64?, kind: ReportEntry.Kind, state: TaskState?,
                             note: String, percent: Int?, evidence: String, by: String, at: Date, asOf: Day) throws -> ReportEntry {
        try db.cachedStatement(sql: """
            INSERT INTO report (taskId, unitId, kind, state, note, percent, evidence, reportedBy, reportedAt, asOf)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [taskId, unitId, kind.rawValue, state?.rawValue, note, percent, evidence, by,
                                     StorageDate.text(at), asOf.iso])
        return ReportEntry(id: db.lastInsertedRowID, taskId: taskId, unitId: unitId,
                           unitName: try unitId.map { try unitName($0, db: db) }, kind: kind, state: state, note: note,
                           percent: percent, evidence: evidence, reportedBy: by, reportedAt: at, asOf: asOf)
    }

    /// Group id → member ids.
    static func groupMembers(db: Database) throws -> [Int64: [Int64]] {
        var out: [Int64: [Int64]] = [:]
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: "SELECT groupId, memberId FROM groupMember ORDER BY groupId, memberId"))
        while let row = try cursor.next() { out[row[0] as Int64, default: []].append(row[1]) }
        return out
    }

    /// Unit id → name, for every unit.
    static func unitNames(db: Database) throws -> [Int64: String] {
        var names: [Int64: String] = [:]
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: "SELECT id, name FROM unit"))
        while let row = try cursor.next() { names[row[0]] = row[1] as String }
        return names
    }

    /// Roles of many tasks at once (the whole unit and group tables are read once).
    static func roles(taskIds: [Int64]?, db: Database) throws -> [Int64: TaskRoles] {
        let members = try groupMembers(db: db)
        let names = try unitNames(db: db)
        // A few tasks by index, else the whole table in storage order (no index lookups, no sort).
        let statement = try db.makeStatement(sql: "SELECT taskId, unitId, role, position FROM taskUnit"
            + (taskIds.map { " WHERE taskId IN (\($0.map(String.init).joined(separator: ","))) ORDER BY taskId, rowid" } ?? ""))
        return try links(statement).mapValues { TaskRoles(links: $0, members: { members[$0] ?? [] }, name: { names[$0] ?? "#\($0)" }) }
    }

    /// Roles of one task (every web report): only its own groups' members and its reporting
    /// units' names are read, by index, with statements prepared once per connection.
    static func roles(taskId: Int64, db: Database) throws -> TaskRoles {
        let statement = try db.cachedStatement(sql: "SELECT taskId, unitId, role, position FROM taskUnit WHERE taskId = ? ORDER BY rowid")
        statement.arguments = [taskId]
        guard let links = try links(statement)[taskId] else { return TaskRoles() }
        let members = try db.cachedStatement(sql: "SELECT memberId FROM groupMember WHERE groupId = ? ORDER BY memberId")
        return try TaskRoles(links: links, members: { try Int64.fetchAll(members, arguments: [$0]) },
                             name: { try unitName($0, db: db) })
    }

    /// Task id → its links (unit, role, position), in the statement's row order (rowid order within a task).
    private static func links(_ statement: Statement) throws -> [Int64: [TaskRoles.Link]] {
        var links: [Int64: [TaskRoles.Link]] = [:]
        let cursor = try Row.fetchCursor(statement)
        let columns = RawColumns(statement.sqliteStatement)
        while try cursor.next() != nil {
            links[columns.int64(0), default: []].append((columns.int64(1), columns.unitRole(2), columns.int64(3)))
        }
        return links
    }

    /// Task ids a unit sees: its own links (any role) and the tasks of groups it belongs to.
    static func visibleTaskIds(unit: String, db: Database) throws -> Set<Int64> {
        let id = try requireUnit(unit, db: db)
        return Set(try Int64.fetchAll(db, sql: """
            SELECT taskId FROM taskUnit WHERE unitId = ?
            UNION SELECT tu.taskId FROM taskUnit tu JOIN groupMember gm ON gm.groupId = tu.unitId WHERE gm.memberId = ?
            """, arguments: [id, id]))
    }

    /// The report columns of a `ReportEntry`, in the order `reportEntry(_:names:)` reads them.
    static let reportColumns = "id, taskId, unitId, kind, state, note, percent, evidence, reportedBy, reportedAt, asOf"

    /// `reportColumns` of a table aliased `r`.
    static let qualifiedReportColumns = reportColumns.split(separator: ",")
        .map { "r." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")

    /// A report row selected with `reportColumns` first.
    static func reportEntry(_ row: Row, names: [Int64: String]) -> ReportEntry {
        let unitId: Int64? = row[2]
        let state: String? = row[4]
        return ReportEntry(
            id: row[0], taskId: row[1], unitId: unitId, unitName: unitId.flatMap { names[$0] },
            kind: ReportEntry.Kind(rawValue: row[3]) ?? .note, state: state.flatMap(TaskState.init(rawValue:)),
            note: row[5], percent: row[6], evidence: row[7], reportedBy: row[8], reportedAt: row[9],
            asOf: Day(iso: row[10]) ?? Day(year: 1970, month: 1, day: 1)!)
    }

    /// One task's whole history in (asOf, id) order (the task page; statuses never load histories).
    static func reports(taskId: Int64, db: Database) throws -> [ReportEntry] {
        let names = try unitNames(db: db)
        return try Row.fetchAll(db, sql: "SELECT \(reportColumns) FROM report WHERE taskId = ? ORDER BY asOf, id",
                                arguments: [taskId]).map { reportEntry($0, names: names) }
    }

    static func extensions(taskIds: [Int64]?, db: Database) throws -> [Int64: [ExtensionEntry]] {
        let filter = taskIds.map { " WHERE e.taskId IN (\($0.map(String.init).joined(separator: ",")))" } ?? ""
        var out: [Int64: [ExtensionEntry]] = [:]
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT e.id, e.taskId, e.unitId, u.name, e.requestedDue, e.reason, e.status, e.requestedBy, e.requestedAt,
                   e.decidedBy, e.decidedAt, e.decisionNote
            FROM extension e JOIN unit u ON u.id = e.unitId\(filter) ORDER BY e.id
            """)
        while let row = try cursor.next() {
            let entry = ExtensionEntry(
                id: row[0], taskId: row[1], unitId: row[2], unitName: row[3], requestedDue: Day(iso: row[4])!,
                reason: row[5], status: ExtensionEntry.Status(rawValue: row[6]) ?? .pending, requestedBy: row[7],
                requestedAt: row[8], decidedBy: row[9], decidedAt: row[10], decisionNote: row[11])
            out[entry.taskId, default: []].append(entry)
        }
        return out
    }

    static func triggers(taskIds: [Int64]?, db: Database) throws -> [Int64: Day] {
        let filter = taskIds.map { " WHERE taskId IN (\($0.map(String.init).joined(separator: ",")))" } ?? ""
        var out: [Int64: Day] = [:]
        let cursor = try Row.fetchCursor(db, sql: "SELECT taskId, triggeredOn FROM taskTrigger\(filter)")
        while let row = try cursor.next() { out[row[0]] = Day(iso: row[1]) }
        return out
    }

    static func status(of task: TaskInfo, asOf: Day, db: Database) throws -> TaskStatus {
        try statuses([task], asOf: asOf, soonDays: TrackingRules.defaultSoonDays, db: db)[0].status
    }

    /// Statuses of many tasks with a handful of queries (no per-task round trips).
    ///
    /// Memory stays proportional to the tasks, not to their history: the reports up to `asOf`
    /// are streamed once, lean (no note texts, no `ReportEntry`), and folded per task into a
    /// `TrackingRules.Summary`; only each task's latest note is then read in full, by id.
    static func statuses(_ tasks: [TaskInfo], asOf: Day, soonDays: Int, db: Database) throws -> [TaskWithStatus] {
        guard !tasks.isEmpty else { return [] }
        var index: [Int64: Int] = [:]
        index.reserveCapacity(tasks.count)
        for (i, task) in tasks.enumerated() { index[task.id] = i }
        // Few tasks: by id. Many: by plan, so the queries walk the plans' tasks, not the whole database.
        let ids: [Int64]? = tasks.count > 500 ? nil : tasks.map(\.id)
        let taskFilter = ids.map { "(\($0.map(String.init).joined(separator: ",")))" }
            ?? "(SELECT id FROM task WHERE planId IN (\(Set(tasks.map(\.planId)).map(String.init).joined(separator: ","))))"
        let roles = try roles(taskIds: ids, db: db)
        let extensions = try extensions(taskIds: ids, db: db)
        let triggers = try triggers(taskIds: ids, db: db)
        var years: [Int64: Int] = [:]
        let plans = try Row.fetchCursor(db, sql: "SELECT id, year FROM plan")
        while let row = try plans.next() { years[row[0]] = row[1] as Int }

        var summaries = tasks.map { task in
            TrackingRules.Summary(checked: TrackingRules.checkedPeriod(
                task.deadline, planYear: years[task.planId] ?? asOf.year, asOf: asOf))
        }
        // `asOf` is stored as YYYY-MM-DD (see `insertReport`), so text order is day order.
        let statement = try db.makeStatement(sql: """
            SELECT taskId, unitId, kind, state, percent, asOf, id FROM report
            WHERE taskId IN \(taskFilter) AND asOf <= ? ORDER BY taskId, asOf, id
            """)
        let cursor = try Row.fetchCursor(statement, arguments: [asOf.iso])
        let columns = RawColumns(statement.sqliteStatement)
        var current: (id: Int64, index: Int?) = (-1, nil)
        while try cursor.next() != nil {
            let taskId = columns.int64(0)
            if taskId != current.id { current = (taskId, index[taskId]) }
            guard let i = current.index else { continue }
            summaries[i].add(unitId: columns.optionalInt64(1), kind: columns.reportKind(2), state: columns.taskState(3),
                             percent: columns.optionalInt64(4).map { Int($0) }, asOf: columns.day(5))
        }
        let notes = try latestNotes(taskFilter: taskFilter, asOf: asOf, db: db)

        var rows: [TaskWithStatus] = []
        rows.reserveCapacity(tasks.count)
        for (i, task) in tasks.enumerated() {
            let r = roles[task.id] ?? TaskRoles()
            let input = TrackingRules.Input(
                deadline: task.deadline, planYear: years[task.planId] ?? asOf.year,
                reportingUnits: r.reporting.map { ($0, r.names[$0] ?? "") }, reports: [],
                extensions: extensions[task.id] ?? [], trigger: triggers[task.id])
            let status = TrackingRules.status(input, summary: summaries[i], latestNote: notes[task.id],
                                              asOf: asOf, soonDays: soonDays)
            rows.append(TaskWithStatus(task: task, status: status))
        }
        return rows
    }

    /// Each task's latest note up to `asOf` (`TrackingRules.isNote`: a report with text that is not
    /// the office's closing), by task id: one seek per task in the partial index `report_note`.
    static func latestNotes(taskFilter: String, asOf: Day, db: Database) throws -> [Int64: ReportEntry] {
        let names = try unitNames(db: db)
        var out: [Int64: ReportEntry] = [:]
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT \(qualifiedReportColumns) FROM task t JOIN report r ON r.id = (
                SELECT n.id FROM report n WHERE n.taskId = t.id AND n.note <> '' AND n.kind <> 'closed' AND n.asOf <= ?
                ORDER BY n.asOf DESC, n.id DESC LIMIT 1)
            WHERE t.id IN \(taskFilter)
            """, arguments: [asOf.iso])
        while let row = try cursor.next() {
            let entry = reportEntry(row, names: names)
            out[entry.taskId] = entry
        }
        return out
    }
}

/// A task–unit link's role (`taskUnit.role`).
enum UnitRole { case lead, co, group, other }

/// The current row of a stepping statement read in place: numbers, and texts compared as bytes,
/// without making a `String`, `Date` or `Row` value per column (the loops over every report).
struct RawColumns {
    let statement: SQLiteStatement

    init(_ statement: SQLiteStatement) { self.statement = statement }

    func int64(_ i: Int32) -> Int64 { sqlite3_column_int64(statement, i) }

    func isNull(_ i: Int32) -> Bool { sqlite3_column_type(statement, i) == SQLITE_NULL }

    func optionalInt64(_ i: Int32) -> Int64? {
        sqlite3_column_type(statement, i) == SQLITE_NULL ? nil : sqlite3_column_int64(statement, i)
    }

    /// The column's UTF-8 text (empty for NULL), valid only inside `body`.
    func withText<T>(_ i: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        let start = sqlite3_column_text(statement, i)  // before _bytes, as SQLite asks
        let count = Int(sqlite3_column_bytes(statement, i))
        return body(UnsafeBufferPointer(start: start, count: count))
    }

    /// True when `u` holds exactly the bytes of `literal`.
    static func equal(_ u: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        literal.withUTF8Buffer { l in u.count == l.count && memcmp(u.baseAddress!, l.baseAddress!, l.count) == 0 }
    }

    func unitRole(_ i: Int32) -> UnitRole {
        withText(i) { u in
            Self.equal(u, "lead") ? .lead : Self.equal(u, "co") ? .co : Self.equal(u, "group") ? .group : .other
        }
    }

    /// `report.kind`; an unknown word reads as a note, like `ReportEntry.Kind(rawValue:) ?? .note`.
    func reportKind(_ i: Int32) -> ReportEntry.Kind {
        withText(i) { u in
            Self.equal(u, "progress") ? .progress : Self.equal(u, "returned") ? .returned
                : Self.equal(u, "closed") ? .closed : .note
        }
    }

    /// `report.state`; NULL or an unknown word is nil, like `TaskState(rawValue:)`.
    func taskState(_ i: Int32) -> TaskState? {
        if sqlite3_column_type(statement, i) == SQLITE_NULL { return nil }
        return withText(i) { u in
            // Found by the first letter, then checked whole (no `allCases` array per row).
            let candidate: TaskState
            switch u.first {
            case UInt8(ascii: "n"): candidate = .notStarted
            case UInt8(ascii: "i"): candidate = .inProgress
            case UInt8(ascii: "d"): candidate = .done
            case UInt8(ascii: "c"): candidate = .closed
            case UInt8(ascii: "o"): candidate = u.count == 6 ? .onHold : .ongoing
            default: return nil
            }
            return Self.equal(u, candidate.staticRawValue) ? candidate : nil
        }
    }

    /// A YYYY-MM-DD column as `Day(iso:)` reads it; 1970-01-01 when it is not a day.
    func day(_ i: Int32) -> Day {
        withText(i) { u in Day(isoBytes: u) ?? Day(iso: String(decoding: u, as: UTF8.self)) }
            ?? Day(year: 1970, month: 1, day: 1)!
    }
}

extension TaskState {
    /// `rawValue` as a static string, for byte comparisons.
    var staticRawValue: StaticString {
        switch self {
        case .notStarted: return "notStarted"
        case .inProgress: return "inProgress"
        case .done: return "done"
        case .closed: return "closed"
        case .onHold: return "onHold"
        case .ongoing: return "ongoing"
        }
    }
}
