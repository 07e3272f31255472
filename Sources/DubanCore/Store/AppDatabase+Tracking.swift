import Foundation
import GRDB

/// Refusals of tracking actions, in words for the office and the units.
public enum TrackingError: Error, Equatable, CustomStringConvertible {
    case notReportingUnit(unit: String, task: String)
    case notAssigned(unit: String, task: String)
    case reasonRequired(String)
    case invalid(String)
    case conflict(task: String, current: Int, submitted: Int)

    public var description: String {
        switch self {
        case .notReportingUnit(let unit, let task):
            return "“\(unit)”不是任务 \(task) 的牵头单位，不能更改它的状态（配合单位只能补充情况说明）。"
        case .notAssigned(let unit, let task):
            return "任务 \(task) 没有分配给“\(unit)”，不能报送。"
        case .reasonRequired(let what):
            return "\(what)必须写明原因。"
        case .invalid(let why):
            return why
        case .conflict(let task, let current, let submitted):
            return "任务 \(task) 已被他人更新（当前版本 \(current)，您提交的是基于版本 \(submitted)），本次提交未保存，请查看最新情况后重新填写。"
        }
    }
}

/// A report refused by `reportTogether(…, checkAccess: true)` before any other check: the task
/// does not exist (`.missing`) or the unit does not see it (`.hidden`).
public struct TaskAccessError: Error, Equatable, Sendable {
    public var access: TaskAccess
}

/// A task with its status at an as-of date.
public struct TaskWithStatus: Sendable, Hashable {
    public var task: TaskInfo
    public var status: TaskStatus
}

extension AppDatabase {
    // MARK: - Writes

    /// Records a unit's progress report (or a co-unit's note) on a task.
    /// - Parameters:
    ///   - state: nil for a note (co-units, group members); required for reporting units.
    ///   - expectedVersion: the task version the form was based on (optimistic concurrency).
    /// - Throws: `TrackingError` for refused reports, `StoreError.notFound` for unknown ids.
    @discardableResult
    public func report(taskId: Int64, unit unitName: String, state: TaskState?, note: String = "", percent: Int? = nil,
                       evidence: String = "", asOf: Day, by actor: Actor, expectedVersion: Int? = nil,
                       now: Date = Date()) throws -> ReportEntry {
        try write { db in
            try Self.report(db, taskId: taskId, unit: unitName, state: state, note: note, percent: percent, evidence: evidence,
                            asOf: asOf, by: actor, expectedVersion: expectedVersion, now: now)
        }
    }

    /// `report` for many concurrent callers (the web app): the report shares its transaction and
    /// commit with the reports that arrive at the same time (group commit), each still all or
    /// nothing. Same checks, same errors.
    /// - Parameter checkAccess: first decide, inside the same transaction, what
    ///   `access(taskId:unit:)` decides for the unit, and refuse a task that does not exist or that
    ///   the unit does not see with `TaskAccessError` (the web's 404 / 403) before any other check.
    ///   The web asks this instead of a separate read transaction before every report.
    public func reportTogether(taskId: Int64, unit unitName: String, state: TaskState?, note: String = "", percent: Int? = nil,
                               evidence: String = "", asOf: Day, by actor: Actor, expectedVersion: Int? = nil,
                               now: Date = Date(), checkAccess: Bool = false) async throws -> ReportEntry {
        try await group.write { db in
            try Self.report(db, taskId: taskId, unit: unitName, state: state, note: note, percent: percent, evidence: evidence,
                            asOf: asOf, by: actor, expectedVersion: expectedVersion, now: now, checkAccess: checkAccess)
        }
    }

    /// The body of `report`, inside the caller's transaction (feedback forms apply many at once).
    /// - Parameter checkAccess: see `reportTogether`.
    static func report(_ db: Database, taskId: Int64, unit unitName: String, state: TaskState?, note: String, percent: Int?,
                       evidence: String, asOf: Day, by actor: Actor, expectedVersion: Int?, now: Date,
                       checkAccess: Bool = false) throws -> ReportEntry {
        // With the access check the unit is looked up first, as `access(taskId:unit:)` does.
        var checked: (unitId: Int64, roles: TaskRoles)?
        if checkAccess {
            let unitId = try requireUnit(unitName, db: db)
            let roles = try roles(taskId: taskId, db: db)
            try requireAccess(taskId: taskId, unitId: unitId, roles: roles, db: db)
            checked = (unitId, roles)
        }
        let task = try reportTarget(taskId, db: db)
        if let expectedVersion, expectedVersion != task.version {
            throw TrackingError.conflict(task: task.seq, current: task.version, submitted: expectedVersion)
        }
        let unitId = try checked?.unitId ?? requireUnit(unitName, db: db)
        let roles = try checked?.roles ?? roles(taskId: taskId, db: db)
        let label = task.seq
        // The reporting units' names are already read with the roles.
        let name = try roles.names[unitId] ?? Self.unitName(unitId, db: db)
        let note = TextNormalizer.trim(note)
        if let p = percent, !(0...100).contains(p) { throw TrackingError.invalid("完成百分比应在 0 到 100 之间。") }
        let kind: ReportEntry.Kind
        if let state {
            try roles.requireReporting(unitId, unit: name, task: label)
            switch state {
            case .closed: throw TrackingError.invalid("“已办结”只能由办公室确认（duban close），单位请报“已完成”。")
            case .onHold where note.isEmpty: throw TrackingError.reasonRequired("报“暂缓”")
            case .ongoing where ![.yearRound, .recurring].contains(task.deadlineKind):
                throw TrackingError.invalid("“持续推进”只用于全年工作和定期工作；任务 \(label) 有明确时限，请报“推进中”或“已完成”。")
            default: break
            }
            if try isClosed(taskId, db: db) { throw TrackingError.invalid("任务 \(label) 已办结，不能再报送状态。") }
            kind = .progress
        } else {
            guard roles.all.contains(unitId) else { throw TrackingError.notAssigned(unit: name, task: label) }
            guard !note.isEmpty else { throw TrackingError.invalid("请填写情况说明。") }
            kind = .note
        }
        let entry = try insertReport(db, taskId: taskId, unitId: unitId, kind: kind, state: state, note: note,
                                     percent: percent, evidence: evidence, by: actor.name, at: now, asOf: asOf)
        try bump(taskId, db: db)
        try audit(db, actor, kind == .note ? "note" : "report", taskId: taskId, unitId: unitId,
                  detail: ["state": state?.label ?? "", "note": note, "asOf": asOf.iso,
                           "percent": percent.map(String.init) ?? ""], at: now)
        return entry
    }

    /// `access(taskId:unit:)` inside the caller's transaction, for a unit whose links to the task
    /// are already read: a unit linked to the task, or a member of one of its groups, sees it
    /// without another query; otherwise the same queries decide.
    /// - Throws: `TaskAccessError` when the task does not exist or the unit does not see it.
    private static func requireAccess(taskId: Int64, unitId: Int64, roles: TaskRoles, db: Database) throws {
        if roles.all.contains(unitId) { return }
        let access = try access(taskId: taskId, unitId: unitId, db: db)
        if access != .visible { throw TaskAccessError(access: access) }
    }

    /// What a report checks of its task: one row by primary key (`requireTask` also reads the
    /// categories and written units, which every web report would pay for).
    private struct ReportTarget {
        var seq: String
        var version: Int
        var deadlineKind: Deadline.Kind
    }

    /// - Throws: `StoreError.notFound` like `requireTask`.
    private static func reportTarget(_ id: Int64, db: Database) throws -> ReportTarget {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, version, deadlineKind FROM task WHERE id = ? AND archivedAt IS NULL"),
                                         arguments: [id]) else { throw StoreError.notFound("任务 \(id) ") }
        return ReportTarget(seq: row[0], version: row[1], deadlineKind: Deadline.Kind(rawValue: row[2]) ?? .unparsed)
    }

    /// 退回: the office returns a unit's done report with a comment; that unit is in progress again.
    /// - Throws: `TrackingError.invalid` when the unit has not reported done.
    public func returnReport(taskId: Int64, unit unitName: String? = nil, comment: String, asOf: Day, by actor: Actor,
                             now: Date = Date()) throws {
        try write { db in
            let task = try Self.requireTask(taskId, db: db)
            guard !TextNormalizer.trim(comment).isEmpty else { throw TrackingError.reasonRequired("退回") }
            let status = try Self.status(of: task, asOf: asOf, db: db)
            if status.state == .closed { throw TrackingError.invalid("任务 \(task.seq) 已办结，不能退回。") }
            let done = status.unitStates.filter { $0.state == .done }
            let targets: [TaskStatus.UnitState]
            if let unitName {
                let id = try Self.requireUnit(unitName, db: db)
                targets = done.filter { $0.unitId == id }
                if targets.isEmpty { throw TrackingError.invalid("“\(unitName)”没有报送任务 \(task.seq) 已完成，无需退回。") }
            } else {
                guard !done.isEmpty else { throw TrackingError.invalid("任务 \(task.seq) 没有单位报送已完成，无需退回。") }
                targets = done
            }
            for t in targets {
                try Self.insertReport(db, taskId: taskId, unitId: t.unitId, kind: .returned, state: .inProgress,
                                      note: comment, percent: nil, evidence: "", by: actor.name, at: now, asOf: asOf)
                try Self.audit(db, actor, "return", taskId: taskId, unitId: t.unitId, detail: ["comment": comment], at: now)
            }
            try Self.bump(taskId, db: db)
        }
    }

    /// 办结: the office confirms a done task.
    /// - Throws: `TrackingError.invalid` unless every reporting unit has reported done.
    public func close(taskId: Int64, note: String = "", asOf: Day, by actor: Actor, now: Date = Date()) throws {
        try write { db in
            let task = try Self.requireTask(taskId, db: db)
            let status = try Self.status(of: task, asOf: asOf, db: db)
            guard status.state == .done else {
                if status.state == .closed { throw TrackingError.invalid("任务 \(task.seq) 已经办结。") }
                let open = status.unitStates.filter { !$0.state.isFinished }.map { "\($0.unit)（\($0.state.label)）" }
                throw TrackingError.invalid("任务 \(task.seq) 还没有全部完成，不能办结：\(open.joined(separator: "、"))。")
            }
            try Self.insertReport(db, taskId: taskId, unitId: nil, kind: .closed, state: .closed, note: note, percent: nil,
                                  evidence: "", by: actor.name, at: now, asOf: asOf)
            try Self.bump(taskId, db: db)
            try Self.audit(db, actor, "close", taskId: taskId, detail: ["note": note, "asOf": asOf.iso], at: now)
        }
    }

    /// 延期申请: a reporting unit asks, before the due date, for a new date.
    /// - Throws: `TrackingError` when the unit may not ask, the date is not later, or it is too late.
    @discardableResult
    public func requestExtension(taskId: Int64, unit unitName: String, to newDue: Day, reason: String, on day: Day,
                                 by actor: Actor, now: Date = Date()) throws -> Int64 {
        try write { db in
            try Self.requestExtension(db, taskId: taskId, unit: unitName, to: newDue, reason: reason, on: day, by: actor, now: now)
        }
    }

    /// The body of `requestExtension`, inside the caller's transaction.
    static func requestExtension(_ db: Database, taskId: Int64, unit unitName: String, to newDue: Day, reason: String,
                                 on day: Day, by actor: Actor, now: Date) throws -> Int64 {
        let task = try requireTask(taskId, db: db)
        let unitId = try requireUnit(unitName, db: db)
        let roles = try roles(taskId: taskId, db: db)
        let name = try Self.unitName(unitId, db: db)
        try roles.requireReporting(unitId, unit: name, task: task.seq)
        guard !TextNormalizer.trim(reason).isEmpty else { throw TrackingError.reasonRequired("延期申请") }
        let status = try status(of: task, asOf: day, db: db)
        guard let due = status.effectiveDue else {
            throw TrackingError.invalid("任务 \(task.seq) 还没有完成时限，无需申请延期。")
        }
        if status.state.isFinished { throw TrackingError.invalid("任务 \(task.seq) 已完成，无需延期。") }
        guard day <= due else {
            throw TrackingError.invalid("延期应在到期日（\(due.iso)）之前申请；任务 \(task.seq) 已逾期，请报送情况并联系办公室。")
        }
        guard newDue > due else { throw TrackingError.invalid("申请的新时限（\(newDue.iso)）应晚于现在的时限（\(due.iso)）。") }
        if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM extension WHERE taskId = ? AND unitId = ? AND status = 'pending'",
                            arguments: [taskId, unitId]) ?? 0 > 0 {
            throw TrackingError.invalid("“\(name)”对任务 \(task.seq) 已有一份待审批的延期申请。")
        }
        try db.execute(sql: """
            INSERT INTO extension (taskId, unitId, requestedDue, reason, status, requestedBy, requestedAt)
            VALUES (?, ?, ?, ?, 'pending', ?, ?)
            """, arguments: [taskId, unitId, newDue.iso, reason, actor.name, day == Day(date: now) ? now : day.noon])
        let id = db.lastInsertedRowID
        try bump(taskId, db: db)
        try audit(db, actor, "extension.request", taskId: taskId, unitId: unitId,
                  detail: ["to": newDue.iso, "from": due.iso, "reason": reason, "extension": String(id)], at: now)
        return id
    }

    /// The office approves or rejects a pending extension request.
    /// - Throws: `StoreError.notFound`, or `TrackingError.invalid` when it was already decided.
    public func decideExtension(_ id: Int64, approve: Bool, note: String = "", on day: Day, by actor: Actor,
                                now: Date = Date()) throws {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM extension WHERE id = ?", arguments: [id]) else {
                throw StoreError.notFound("延期申请 \(id) ")
            }
            guard row["status"] as String == "pending" else {
                throw TrackingError.invalid("延期申请 \(id) 已经处理过（\(row["status"] as String == "approved" ? "已批准" : "已驳回")）。")
            }
            if !approve && TextNormalizer.trim(note).isEmpty { throw TrackingError.reasonRequired("驳回延期申请") }
            let decidedAt = day == Day(date: now) ? now : day.noon
            try db.execute(sql: "UPDATE extension SET status = ?, decidedBy = ?, decidedAt = ?, decisionNote = ? WHERE id = ?",
                           arguments: [approve ? "approved" : "rejected", actor.name, decidedAt, note, id])
            let taskId: Int64 = row["taskId"]
            try Self.bump(taskId, db: db)
            try Self.audit(db, actor, approve ? "extension.approve" : "extension.reject", taskId: taskId, unitId: row["unitId"],
                           detail: ["extension": String(id), "to": row["requestedDue"], "note": note], at: now)
        }
    }

    /// Records the day a conditional (…出台后) or relative (X个工作日内) task was triggered.
    /// - Throws: `TrackingError.invalid` for tasks with a written date.
    public func trigger(taskId: Int64, on day: Day, by actor: Actor, now: Date = Date()) throws {
        try write { db in
            let task = try Self.requireTask(taskId, db: db)
            guard task.deadline.kind == .conditional || task.deadline.kind == .relative else {
                throw TrackingError.invalid("任务 \(task.seq) 的完成时限是“\(task.deadlineText)”，不需要登记触发日期。")
            }
            try db.execute(sql: """
                INSERT INTO taskTrigger (taskId, triggeredOn, recordedBy, recordedAt) VALUES (?, ?, ?, ?)
                ON CONFLICT(taskId) DO UPDATE SET triggeredOn = excluded.triggeredOn, recordedBy = excluded.recordedBy,
                recordedAt = excluded.recordedAt
                """, arguments: [taskId, day.iso, actor.name, now])
            try Self.bump(taskId, db: db)
            try Self.audit(db, actor, "trigger", taskId: taskId, detail: ["on": day.iso], at: now)
        }
    }

    /// Edits a task's deadline text and/or its units, with a reason; the old values are audited.
    /// - Throws: `TrackingError.reasonRequired` without a reason.
    /// - Returns: how the new deadline text reads (nil when only the units changed).
    @discardableResult
    public func editTask(taskId: Int64, deadlineText: String? = nil, unitText: String? = nil, reason: String,
                         by actor: Actor, now: Date = Date()) throws -> Deadline? {
        try write { db in
            var reading: Deadline?
            let task = try Self.requireTask(taskId, db: db)
            guard !TextNormalizer.trim(reason).isEmpty else { throw TrackingError.reasonRequired("修改任务") }
            var detail = ["reason": reason]
            if let deadlineText {
                let year = try Int.fetchOne(db, sql: "SELECT year FROM plan WHERE id = ?", arguments: [task.planId]) ?? Day.today().year
                let d = DeadlineParser.parse(deadlineText, year: year)
                reading = d
                try db.execute(sql: """
                    UPDATE task SET deadlineText = ?, deadlineKind = ?, due = ?, period = ?, relativeDays = ?, relativeUnit = ?
                    WHERE id = ?
                    """, arguments: [deadlineText, d.kind.rawValue, d.due?.iso, d.period?.rawValue, d.days,
                                     d.days == nil ? nil : d.countUnit.rawValue, taskId])
                detail["deadline.before"] = task.deadlineText
                detail["deadline.after"] = deadlineText
            }
            if let unitText {
                let units = UnitParser.parse(unitText)
                guard !units.isEmpty else { throw TrackingError.invalid("没有从“\(unitText)”识别出任何单位。") }
                try db.execute(sql: "DELETE FROM taskUnit WHERE taskId = ?", arguments: [taskId])
                var cache = UnitCache()
                try link(taskId: taskId, units: units, cache: &cache, db: db)
                try db.execute(sql: "UPDATE task SET leadText = ? WHERE id = ?", arguments: [unitText, taskId])
                detail["units.before"] = task.leadText
                detail["units.after"] = unitText
            }
            try Self.bump(taskId, db: db)
            try Self.audit(db, actor, "task.edit", taskId: taskId, detail: detail, at: now)
            return reading
        }
    }

    // MARK: - Reads

    /// Tasks with their status at `asOf` (optionally of one plan or visible to one unit).
    public func statuses(planId: Int64? = nil, unit: String? = nil, asOf: Day,
                         soonDays: Int = TrackingRules.defaultSoonDays) throws -> [TaskWithStatus] {
        try writer.read { db in
            // A unit's tasks: only those are loaded (我的任务 on a 10,000-task plan read them all).
            let visible = try unit.map { try Self.visibleTaskIds(unit: $0, db: db) }
            let tasks = try Self.tasks(planId: planId, only: visible, db: db)
            return try Self.statuses(tasks, asOf: asOf, soonDays: soonDays, db: db)
        }
    }

    /// One task with its status at `asOf` (the task page), or nil when there is no such task.
    public func status(taskId: Int64, asOf: Day, soonDays: Int = TrackingRules.defaultSoonDays) throws -> TaskWithStatus? {
        try writer.read { db in
            guard let task = try Self.tasks(planId: nil, taskId: taskId, db: db).first else { return nil }
            return try Self.statuses([task], asOf: asOf, soonDays: soonDays, db: db).first
        }
    }

    /// A task's whole history: reports, office actions and extension requests, oldest first.
    public func history(taskId: Int64) throws -> (task: TaskInfo, reports: [ReportEntry], extensions: [ExtensionEntry], trigger: Day?) {
        try writer.read { db in
            let task = try Self.requireTask(taskId, db: db)
            return (task, try Self.reports(taskId: taskId, db: db),
                    try Self.extensions(taskIds: [taskId], db: db)[taskId] ?? [],
                    try Self.triggers(taskIds: [taskId], db: db)[taskId])
        }
    }

    /// Extension requests (all, or only pending).
    public func extensions(pendingOnly: Bool = false) throws -> [ExtensionEntry] {
        try writer.read { db in
            try Self.extensions(taskIds: nil, db: db).values.flatMap { $0 }
                .filter { !pendingOnly || $0.status == .pending }
                .sorted { $0.id < $1.id }
        }
    }

    /// One task by id.
    public func task(_ id: Int64) throws -> TaskInfo {
        try writer.read { db in try Self.requireTask(id, db: db) }
    }
}
