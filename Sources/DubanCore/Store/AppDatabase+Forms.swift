import Foundation
import GRDB

extension AppDatabase {
    /// The open tasks a unit reports on (as lead, or as member of a group without leads), at a date.
    public func formTasks(unit: String, planId: Int64? = nil, asOf: Day) throws -> (unit: String, tasks: [TaskWithStatus]) {
        try writer.read { db in
            let id = try Self.requireUnit(unit, db: db)
            let name = try Self.unitName(id, db: db)
            let visible = try Self.visibleTaskIds(unit: name, db: db)
            let tasks = try Self.tasks(planId: planId, only: visible, db: db)
            let rows = try Self.statuses(tasks, asOf: asOf, soonDays: TrackingRules.defaultSoonDays, db: db)
            return (name, Self.formRows(rows, unitId: id, visible: visible))
        }
    }

    /// The rows of a unit's form: open tasks it sees on which its own part is open.
    static func formRows(_ rows: [TaskWithStatus], unitId: Int64, visible: Set<Int64>) -> [TaskWithStatus] {
        rows.filter { r in
            visible.contains(r.task.id) && !r.status.state.isFinished
                && r.status.unitStates.contains { $0.unitId == unitId && !$0.state.isFinished }
        }
    }

    /// The units with an open part in `rows`, in order of first appearance (those who get a form).
    static func reportingUnits(_ rows: [TaskWithStatus]) -> [String] {
        var units: [String] = [], seen = Set<String>()
        for r in rows where !r.status.state.isFinished {
            for u in r.status.unitStates where !u.state.isFinished && seen.insert(u.unit).inserted { units.append(u.unit) }
        }
        return units
    }

    /// Every form at once: for each unit of `unitsWithOpenTasks`, in that order, what
    /// `formTasks` gives it. The statuses are computed once instead of once per unit (forms
    /// export of a 10,000-task plan for 23 units: 1.7 s the unit-by-unit way).
    public func openForms(planId: Int64? = nil, asOf: Day) throws -> [(unit: String, tasks: [TaskWithStatus])] {
        try writer.read { db in
            let open = try Self.statuses(Self.tasks(planId: planId, db: db), asOf: asOf,
                                         soonDays: TrackingRules.defaultSoonDays, db: db)
                .filter { !$0.status.state.isFinished }
            return try Self.reportingUnits(open).map { unit in
                let id = try Self.requireUnit(unit, db: db)
                let name = try Self.unitName(id, db: db)
                return (name, Self.formRows(open, unitId: id, visible: try Self.visibleTaskIds(unit: name, db: db)))
            }
        }
    }

    /// Units that report on at least one open task (those who get a form).
    public func unitsWithOpenTasks(planId: Int64? = nil, asOf: Day) throws -> [String] {
        try openTaskCounts(planId: planId, asOf: asOf).map(\.unit)
    }

    /// The units of `unitsWithOpenTasks`, in that order, each with the number of open tasks on
    /// which its part is open: one pass over the statuses (the 反馈表 page).
    public func openTaskCounts(planId: Int64? = nil, asOf: Day) throws -> [(unit: String, open: Int)] {
        let rows = try statuses(planId: planId, asOf: asOf)
        var counts: [String: Int] = [:]
        for r in rows where !r.status.state.isFinished {
            var counted = Set<String>()
            for u in r.status.unitStates where !u.state.isFinished && counted.insert(u.unit).inserted {
                counts[u.unit, default: 0] += 1
            }
        }
        return Self.reportingUnits(rows).map { ($0, counts[$0] ?? 0) }
    }

    /// Applies a filled form: every row as a report (and an extension request when asked), all
    /// in one transaction — or none, with every problem listed by row.
    /// - Throws: `FormError.problems` naming each bad row; nothing is written then.
    /// `superseded` are the form rows whose report is older than one the unit already made on
    /// that task (a form dated 截至 09-30 brought in after the unit reported online on 10-02):
    /// they are kept in the history and do not change the current state, which the office is told.
    public func applyFeedback(_ form: FeedbackForm.Submission, by actor: Actor,
                              now: Date = Date()) throws -> (reports: Int, extensions: Int, superseded: [Int]) {
        try write { db in
            var problems: [FormProblem] = []
            var reports = 0, extensions = 0, superseded: [Int] = []
            let unitId = try? Self.requireUnit(form.unit, db: db)
            for row in form.rows {
                do {
                    if row.state != nil || !row.note.isEmpty {
                        if let unitId, try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM report WHERE taskId = ? AND unitId = ? AND asOf > ?)",
                                                         arguments: [row.taskId, unitId, form.asOf.iso]) == true {
                            superseded.append(row.number)
                        }
                        _ = try Self.report(db, taskId: row.taskId, unit: form.unit, state: row.state, note: row.note,
                                            percent: row.percent, evidence: row.evidence, asOf: form.asOf, by: actor,
                                            expectedVersion: nil, now: now)
                        reports += 1
                    }
                    if let to = row.extendTo {
                        _ = try Self.requestExtension(db, taskId: row.taskId, unit: form.unit, to: to, reason: row.extendReason,
                                                      on: form.asOf, by: actor, now: now)
                        extensions += 1
                    }
                } catch let e as TrackingError {
                    problems.append(FormProblem(row: row.number, message: e.description))
                } catch let e as StoreError {
                    problems.append(FormProblem(row: row.number, message: e.description))
                }
            }
            if !problems.isEmpty { throw FormError.problems(file: form.file, problems) }
            return (reports, extensions, superseded)
        }
    }
}
