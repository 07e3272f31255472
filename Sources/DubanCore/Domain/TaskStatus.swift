import Foundation

/// One entry of a task's append-only history of reports and office actions.
public struct ReportEntry: Sendable, Hashable {
    /// What an entry records.
    public enum Kind: String, Sendable, Codable {
        /// A reporting unit's progress (changes that unit's state).
        case progress
        /// A note by a co-unit or group member (changes nothing).
        case note
        /// The office returned (退回) a unit's done report: that unit is in progress again.
        case returned
        /// The office closed (办结) the task.
        case closed
    }

    public var id: Int64
    public var taskId: Int64
    public var unitId: Int64?
    public var unitName: String?
    public var kind: Kind
    public var state: TaskState?
    public var note: String
    public var percent: Int?
    public var evidence: String
    public var reportedBy: String
    public var reportedAt: Date
    /// The day the report speaks for.
    public var asOf: Day
}

/// A 延期申请 and its decision.
public struct ExtensionEntry: Sendable, Hashable {
    /// Where a request stands.
    public enum Status: String, Sendable, Codable { case pending, approved, rejected }

    public var id: Int64
    public var taskId: Int64
    public var unitId: Int64
    public var unitName: String
    public var requestedDue: Day
    public var reason: String
    public var status: Status
    public var requestedBy: String
    public var requestedAt: Date
    public var decidedBy: String?
    public var decidedAt: Date?
    public var decisionNote: String?

    /// 待审批 / 已批准 / 已驳回
    public var statusLabel: String {
        switch status {
        case .pending: return "待审批"
        case .approved: return "已批准"
        case .rejected: return "已驳回"
        }
    }
}

/// What Duban knows about a task at an as-of date. Computed from the history, never stored.
public struct TaskStatus: Sendable, Hashable {
    /// The rolled-up state.
    public var state: TaskState
    /// Each reporting unit's own state, in the task's unit order.
    public var unitStates: [UnitState]
    /// The due date after approved extensions and triggers; nil when there is none yet.
    public var effectiveDue: Day?
    public var light: Light
    /// Days past the effective due date (red tasks only).
    public var overdueDays: Int?
    /// Days until the effective due date (0 = due today), when not overdue.
    public var daysLeft: Int?
    /// Reporting periods that ended without a report from some reporting unit (recurring tasks).
    public var missingPeriods: [ReportingPeriod]
    /// The latest report with a note (any unit), if any.
    public var latestNote: ReportEntry?
    /// The day every reporting unit had reported done (for on-time rates).
    public var doneOn: Day?
    /// A conditional or relative task still waiting for its trigger.
    public var awaitingTrigger: Bool

    /// An unfinished task with no due date and no trigger to wait for: the plan wrote no
    /// 完成时限, or words Duban could not read as one, and no extension set a date. Its light
    /// stays green whatever the day, so it is listed apart (report 无完成时限, `situation`).
    public var undated: Bool { !state.isFinished && effectiveDue == nil && !awaitingTrigger }

    /// Why the light is red or yellow, in the office's words ("逾期3天", "今日到期", "5天后到期",
    /// "2018年9月进展未报送"), or why a green light means little ("等待触发条件", "未定完成时限");
    /// empty for a finished task or one on track.
    public var situation: String {
        guard !state.isFinished else { return "" }
        let timing = Self.situation(overdueDays: light == .red ? overdueDays : nil, daysLeft: light == .yellow ? daysLeft : nil,
                                    missing: missingPeriods)
        let dateless = awaitingTrigger ? "等待触发条件" : undated ? "未定完成时限" : ""
        return [dateless, timing].filter { !$0.isEmpty }.joined(separator: "；")
    }

    /// The words of `situation`: days overdue, or days left when the due day is near (a yellow
    /// light that only a missing periodic report turned yellow does not count days far ahead),
    /// and the last reporting period without a report.
    public static func situation(overdueDays: Int?, daysLeft: Int?, missing: [ReportingPeriod]) -> String {
        var parts: [String] = []
        if let n = overdueDays {
            parts.append("逾期\(n)天")
        } else if let n = daysLeft, missing.isEmpty || n <= TrackingRules.defaultSoonDays {
            parts.append(n == 0 ? "今日到期" : "\(n)天后到期")
        }
        if let period = missing.last { parts.append("\(period)进展未报送") }
        return parts.joined(separator: "；")
    }

    /// One reporting unit's part.
    public struct UnitState: Sendable, Hashable {
        public var unitId: Int64
        public var unit: String
        public var state: TaskState
        public var percent: Int?
    }
}

/// A month, quarter or half year of a recurring task.
public struct ReportingPeriod: Sendable, Hashable, CustomStringConvertible {
    public var start: Day
    public var end: Day

    public var description: String {
        if start.month == end.month { return "\(start.year)年\(start.month)月" }
        if end.month - start.month == 2 { return "\(start.year)年第\((start.month + 2) / 3)季度" }
        return "\(start.year)年\(start.month <= 6 ? "上" : "下")半年"
    }

    /// The periods of a year.
    public static func periods(_ period: Deadline.Period, year: Int) -> [ReportingPeriod] {
        // Plans are of 1900–2200 since 2026-11-22; a database from before may hold a typed year
        // no day has (--year 20188): its periods are then those of the nearest year with days.
        let year = min(max(year, Day.years.lowerBound), Day.years.upperBound)
        let length: Int
        switch period {
        case .monthly: length = 1
        case .quarterly: length = 3
        case .halfYearly: length = 6
        }
        return stride(from: 1, through: 12, by: length).map { m in
            ReportingPeriod(start: Day(year: year, month: m, day: 1)!, end: Day.endOfMonth(year: year, month: m + length - 1))
        }
    }
}

/// The rules that turn a task's history into its status at a date.
public enum TrackingRules {
    /// Default warning window (days) for 黄.
    public static let defaultSoonDays = 7

    /// Everything the rules need about one task.
    public struct Input: Sendable {
        public var deadline: Deadline
        public var planYear: Int
        /// Units whose reports change the state (leads; else group members; else groups), id and name.
        public var reportingUnits: [(Int64, String)]
        /// History sorted by (asOf, id).
        public var reports: [ReportEntry]
        public var extensions: [ExtensionEntry]
        public var trigger: Day?

        public init(deadline: Deadline, planYear: Int, reportingUnits: [(Int64, String)], reports: [ReportEntry],
                    extensions: [ExtensionEntry], trigger: Day?) {
            self.deadline = deadline
            self.planYear = planYear
            self.reportingUnits = reportingUnits
            self.reports = reports
            self.extensions = extensions
            self.trigger = trigger
        }
    }

    /// The due date before extensions: the written one, or the one a trigger sets.
    public static func baseDue(_ d: Deadline, planYear: Int, trigger: Day?, asOf: Day) -> Day? {
        switch d.kind {
        case .conditional, .relative:
            guard let trigger, trigger <= asOf else { return nil }
            guard let n = d.days else {
                // 待…出台后 without a count: the year end; a relative task without one: the day itself.
                return d.kind == .conditional ? Day(year: max(trigger.year, planYear), month: 12, day: 31) : trigger
            }
            switch d.countUnit {
            case .workingDay: return addingWorkingDays(n, to: trigger)
            case .day: return trigger.adding(days: n)
            case .month: return addingMonths(n, to: trigger)
            }
        default:
            return d.due
        }
    }

    /// The same day `n` months later, or the last day of a shorter month (01-31 + 1 → 02-28);
    /// within `Day.last`.
    public static func addingMonths(_ n: Int, to day: Day) -> Day {
        let months = day.year * 12 + (day.month - 1) + min(max(n, 0), Day.years.count * 12)
        let year = months / 12, month = months % 12 + 1
        guard Day.years.contains(year) else { return Day.last }
        return Day(year: year, month: month, day: min(day.day, Day.daysIn(month: month, year: year)))!
    }

    /// Skips Saturdays and Sundays (public holidays are not known to Duban). Whole weeks are
    /// added at once (any seven days hold five working days), so a plan's "999999999个工作日内"
    /// costs what "5个工作日内" costs; the result stays within `Day.last`.
    public static func addingWorkingDays(_ n: Int, to day: Day) -> Day {
        var left = min(n, Day.ordinals.count)
        var d = day
        if left > 5 {
            let weeks = (left - 1) / 5
            d = d.adding(days: weeks * 7)
            left -= weeks * 5
        }
        while left > 0, d < Day.last {
            d = d.adding(days: 1)
            let weekday = ((d.ordinal % 7) + 7 + 4) % 7  // 1970-01-01 was a Thursday; 0 = Sunday
            if weekday != 0 && weekday != 6 { left -= 1 }
        }
        return d
    }

    /// The reporting period whose reports a recurring task is checked for at `asOf`: the last
    /// one of the plan year that ended before it (nil for other tasks, or before the first ends).
    public static func checkedPeriod(_ d: Deadline, planYear: Int, asOf: Day) -> ReportingPeriod? {
        guard d.kind == .recurring, let period = d.period else { return nil }
        return ReportingPeriod.periods(period, year: planYear).last { $0.end < asOf }
    }

    /// True for a report that can be a task's latest note: any unit's report with text, but not
    /// the office's closing (办结).
    public static func isNote(kind: ReportEntry.Kind, hasText: Bool) -> Bool { hasText && kind != .closed }

    /// What the rules read from a task's history, folded report by report in (asOf, id) order:
    /// each unit's latest state, percent and done day, whether the office closed the task, and
    /// which units reported progress in the checked period. A few values per unit, however long
    /// the history, so statuses of many tasks can be computed while streaming their reports.
    public struct Summary: Sendable {
        struct UnitFacts: Sendable {
            var unitId: Int64
            var state: TaskState?
            var percent: Int?
            var doneDay: Day?
        }

        /// The period whose progress reporters are recorded (see `checkedPeriod`).
        public let checked: ReportingPeriod?
        var units: [UnitFacts] = []
        var closed = false
        var checkedReporters: [Int64] = []

        public init(checked: ReportingPeriod?) { self.checked = checked }

        private mutating func index(of unitId: Int64) -> Int {
            if let i = units.firstIndex(where: { $0.unitId == unitId }) { return i }
            units.append(UnitFacts(unitId: unitId))
            return units.count - 1
        }

        /// Adds the next report (in (asOf, id) order; only reports dated up to the as-of day).
        public mutating func add(unitId: Int64?, kind: ReportEntry.Kind, state: TaskState?, percent: Int?, asOf: Day) {
            switch kind {
            case .progress:
                if let unitId, let state {
                    let i = index(of: unitId)
                    units[i].state = state
                    if let percent { units[i].percent = percent }
                    units[i].doneDay = state == .done ? asOf : nil
                }
                if let unitId, let checked, asOf >= checked.start, asOf <= checked.end,
                   !checkedReporters.contains(unitId) {
                    checkedReporters.append(unitId)
                }
            case .returned:
                if let unitId {
                    let i = index(of: unitId)
                    units[i].state = .inProgress
                    units[i].doneDay = nil
                }
                closed = false
            case .closed:
                closed = true
            case .note:
                break
            }
        }

        func facts(_ unitId: Int64) -> UnitFacts? { units.first { $0.unitId == unitId } }
    }

    /// The status at `asOf`. Reports dated after it are not seen.
    public static func status(_ input: Input, asOf: Day, soonDays: Int = defaultSoonDays) -> TaskStatus {
        var summary = Summary(checked: checkedPeriod(input.deadline, planYear: input.planYear, asOf: asOf))
        var latestNote: ReportEntry?
        for r in input.reports where r.asOf <= asOf {
            summary.add(unitId: r.unitId, kind: r.kind, state: r.state, percent: r.percent, asOf: r.asOf)
            if isNote(kind: r.kind, hasText: !r.note.isEmpty) { latestNote = r }
        }
        return status(input, summary: summary, latestNote: latestNote, asOf: asOf, soonDays: soonDays)
    }

    /// The status at `asOf` from a task's folded history (`input.reports` is not read).
    public static func status(_ input: Input, summary: Summary, latestNote: ReportEntry?, asOf: Day,
                              soonDays: Int = defaultSoonDays) -> TaskStatus {
        let unitStates = input.reportingUnits.map { id, name in
            let facts = summary.facts(id)
            return TaskStatus.UnitState(unitId: id, unit: name, state: facts?.state ?? .notStarted, percent: facts?.percent)
        }
        let rolled = rollUp(unitStates.map(\.state), closed: summary.closed)
        let doneOn = rolled.isFinished ? unitStates.compactMap { summary.facts($0.unitId)?.doneDay }.max() : nil

        var due = baseDue(input.deadline, planYear: input.planYear, trigger: input.trigger, asOf: asOf)
        if due != nil || input.deadline.kind == .conditional || input.deadline.kind == .relative {
            let approved = input.extensions.filter { e in
                e.status == .approved && (e.decidedAt.map { Day(date: $0) <= asOf } ?? false)
            }
            if let last = approved.max(by: { ($0.decidedAt ?? .distantPast) < ($1.decidedAt ?? .distantPast) }), due != nil {
                due = last.requestedDue
            }
        }
        let awaiting = (input.deadline.kind == .conditional || input.deadline.kind == .relative) && due == nil

        var missing: [ReportingPeriod] = []
        if let checked = summary.checked, !rolled.isFinished {
            if input.reportingUnits.contains(where: { !summary.checkedReporters.contains($0.0) }) { missing.append(checked) }
        }

        var light = Light.green
        var overdue: Int?
        var left: Int?
        if rolled.isFinished {
            light = .blue
        } else if let due {
            if due < asOf {
                light = .red
                overdue = due.days(until: asOf)
            } else {
                left = asOf.days(until: due)
                if left! <= soonDays { light = .yellow }
            }
        }
        if light == .green && !missing.isEmpty { light = .yellow }
        return TaskStatus(state: rolled, unitStates: unitStates, effectiveDue: due, light: light, overdueDays: overdue,
                          daysLeft: left, missingPeriods: missing, latestNote: latestNote, doneOn: doneOn,
                          awaitingTrigger: awaiting)
    }

    /// Several leads roll up: done only when every lead is done; on hold or ongoing only when
    /// every unfinished lead is; not started only when none has started.
    public static func rollUp(_ states: [TaskState], closed: Bool) -> TaskState {
        if closed { return .closed }
        guard !states.isEmpty else { return .notStarted }
        if states.allSatisfy({ $0.isFinished }) { return .done }
        let open = states.filter { !$0.isFinished }
        if states.allSatisfy({ $0 == .notStarted }) { return .notStarted }
        if open.allSatisfy({ $0 == .onHold }) { return .onHold }
        if open.allSatisfy({ $0 == .ongoing }) { return .ongoing }
        return .inProgress
    }
}

extension Day {
    /// The local calendar day of an instant.
    public init(date: Date) {
        var t = time_t(date.timeIntervalSince1970)
        var parts = tm()
        localtime_r(&t, &parts)
        self = Day(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))!
    }

    /// Noon of this day in local time (an instant to store for actions dated by the user).
    public var noon: Date {
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = 12
        parts.tm_isdst = -1
        // Kept within 0001-01-01 and 9999-12-31 23:59:59 UTC: west of Greenwich, noon of the
        // last day is already year 10000 in UTC, which the database's date text cannot hold.
        return Date(timeIntervalSince1970: min(max(TimeInterval(mktime(&parts)), -62_135_596_800), 253_402_300_799))
    }
}
