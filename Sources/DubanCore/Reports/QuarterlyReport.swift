import Foundation

/// A calendar quarter ("2018Q3").
public struct Quarter: Hashable, Sendable, CustomStringConvertible {
    public var year: Int
    public var number: Int

    /// A quarter of years 1–9999 (the years a day can be in).
    public init?(year: Int, number: Int) {
        guard Day.years.contains(year), (1...4).contains(number) else { return nil }
        self.year = year
        self.number = number
    }

    /// Parses "2018Q3" (also "2018-Q3", "2018q3").
    public init?(_ text: String) {
        let t = text.uppercased().replacingOccurrences(of: "-", with: "")
        guard t.count == 6, let q = t.firstIndex(of: "Q"), let y = Int(t[..<q]), let n = Int(t[t.index(after: q)...]) else { return nil }
        self.init(year: y, number: n)
    }

    /// The quarter a day falls in.
    public init(containing day: Day) { year = day.year; number = (day.month - 1) / 3 + 1 }

    public var start: Day { Day(year: year, month: number * 3 - 2, day: 1)! }
    public var end: Day { Day.endOfMonth(year: year, month: number * 3) }
    /// The quarter after this one; 9999Q4 has none and is its own.
    public var next: Quarter { number == 4 ? Quarter(year: year + 1, number: 1) ?? self : Quarter(year: year, number: number + 1)! }
    public var description: String { "\(year)Q\(number)" }
    /// The day a report of this quarter speaks for when none is given: today while the quarter
    /// runs (or before it starts), its last day once it is over — never a day still to come,
    /// where tasks would show as 逾期 before they are due.
    public func defaultAsOf(today: Day) -> Day { min(today, end) }
    /// 2018年第三季度
    public var label: String { "\(year)年第\(["一", "二", "三", "四"][number - 1])季度" }
}

/// The counts every level of the report shows (whole plan, one unit, one category).
public struct ReportCounts: Sendable, Hashable {
    public var tasks = 0
    public var finished = 0      // 已完成 + 已办结
    public var inProgress = 0    // 推进中 + 持续推进
    public var notStarted = 0
    public var onHold = 0
    public var overdue = 0
    public var dueNextQuarter = 0
    /// Finished on or before the effective due date.
    public var onTime = 0
    /// Tasks that were late by the as-of date (due before it, the rule of 逾期) or were finished:
    /// the base of the on-time rate. A task due on the as-of day is not late yet.
    public var dueOrFinished = 0
    /// For units: tasks where the unit is a co-unit (配合).
    public var coTasks = 0
    public var light: Light = .green

    /// 完成率: finished / tasks.
    public var completionRate: Double? { tasks == 0 ? nil : Double(finished) / Double(tasks) }
    /// 按时完成率: finished on time / (past the due day or finished).
    public var onTimeRate: Double? { dueOrFinished == 0 ? nil : Double(onTime) / Double(dueOrFinished) }

    mutating func add(state: TaskState, status: TaskStatus, next: Quarter, asOf: Day) {
        tasks += 1
        switch state {
        case .done, .closed: finished += 1
        case .inProgress, .ongoing: inProgress += 1
        case .notStarted: notStarted += 1
        case .onHold: onHold += 1
        }
        if !state.isFinished, let due = status.effectiveDue {
            if due < asOf { overdue += 1 }
            if due >= next.start && due <= next.end { dueNextQuarter += 1 }
        }
        // The denominator follows the overdue rule: a task due D counts from D+1 unless finished
        // (then it counts whenever it finished, on time if on or before D).
        if state.isFinished || (status.effectiveDue.map { $0 < asOf } ?? false) {
            dueOrFinished += 1
            if state.isFinished, let done = status.doneOn ?? Optional(asOf) {
                if status.effectiveDue.map({ done <= $0 }) ?? true { onTime += 1 }
            }
        }
    }
}

/// The quarterly progress report: pure values, rendered as HTML, CSV and XLSX alike.
public struct QuarterlyReport: Sendable {
    public struct UnitRow: Sendable, Hashable {
        public var unit: String
        public var counts: ReportCounts
    }

    public struct CategoryRow: Sendable, Hashable {
        public var category: String
        public var counts: ReportCounts
    }

    /// The tasks of one 责任领导 (leader in charge), as the plan writes the name.
    public struct LeaderRow: Sendable, Hashable {
        public var leader: String
        public var counts: ReportCounts
    }

    public struct TaskLine: Sendable, Hashable {
        public var taskId: Int64
        public var seq: String
        public var requirement: String
        public var units: [String]
        public var due: Day?
        public var deadlineText: String
        public var state: TaskState
        public var overdueDays: Int?
        public var latestNote: String?
        public var latestNoteDay: Day?
        /// 责任领导, "" when none.
        public var leader: String = ""
    }

    public var planTitle: String
    public var issuer: String?
    public var quarter: Quarter
    public var asOf: Day
    public var generatedAt: Date
    public var totals: ReportCounts
    /// Sorted by 逾期 descending, then name.
    public var units: [UnitRow]
    public var categories: [CategoryRow]
    /// By 责任领导, in plan order; empty when the plan names no leader.
    public var leaders: [LeaderRow] = []
    /// Sorted by days overdue, most first.
    public var overdue: [TaskLine]
    /// Unfinished tasks without any report dated in this quarter (up to the as-of day).
    public var noReportThisQuarter: [TaskLine]
    public var awaitingTrigger: [TaskLine]
    /// Unfinished tasks with no due date and no trigger to wait for (`TaskStatus.undated`), in plan order.
    public var undated: [TaskLine]
    public var openExtensions: [ExtensionEntry]
    /// Task id → seq of the tasks in `openExtensions`, for the extension list.
    public var seqs: [Int64: String]

    /// Shortens a requirement for tables.
    public static func short(_ s: String, _ n: Int = 40) -> String {
        if s.utf8.count <= n { return s }
        // When the first n + 1 scalars each stand alone they are n + 1 characters: cut after the
        // n-th without counting characters (the common case: Chinese text and ASCII).
        let scalars = s.unicodeScalars
        var i = scalars.startIndex
        var cut = i
        var k = 0
        while i < scalars.endIndex, k <= n, scalars[i].standsAlone {
            scalars.formIndex(after: &i)
            k += 1
            if k == n { cut = i }
        }
        if k == n + 1 { return String(scalars[..<cut]) + "…" }
        if i == scalars.endIndex { return s }
        return s.prefix(n + 1).count <= n ? s : String(s.prefix(n)) + "…"
    }

    /// Counts tasks into the report's three levels (whole plan, units, categories), one task at a
    /// time in plan order, so callers need not hold every task's status at once.
    struct Tally {
        let asOf: Day
        let next: Quarter
        var totals = ReportCounts()
        // Units and categories are counted in arrays found through small caches: hashing a
        // Chinese name for every task costs more than the counting.
        var unitRows: [UnitRow] = []
        var unitIndex: [String: Int] = [:]
        var unitIdIndex: [Int64: Int] = [:]
        var categoryRows = NamedCounts()
        var leaderRows = NamedCounts()
        /// Units with an unfinished part of a yellow task (for the units' lights).
        var soon = Set<Int>()

        init(quarter: Quarter, asOf: Day) {
            self.asOf = asOf
            next = quarter.next
        }

        private mutating func unitRow(_ name: String) -> Int {
            if let k = unitIndex[name] { return k }
            unitRows.append(UnitRow(unit: name, counts: ReportCounts()))
            unitIndex[name] = unitRows.count - 1
            return unitRows.count - 1
        }

        /// Counts one task: its category and 责任领导 (written names, "" when none), its status and
        /// the written names of its co-units (配合).
        mutating func add<CoUnits: Sequence<String>>(category written: String, leader: String = "", status s: TaskStatus,
                                                     coUnits: CoUnits) {
            totals.add(state: s.state, status: s, next: next, asOf: asOf)
            categoryRows.add(written.isEmpty ? "（未分类）" : written, state: s.state, status: s, next: next, asOf: asOf)
            leaderRows.add(leader.isEmpty ? "（未填写）" : leader, state: s.state, status: s, next: next, asOf: asOf)
            if !leader.isEmpty { leaderRows.named = true }
            for u in s.unitStates {
                let k: Int
                if let known = unitIdIndex[u.unitId], unitRows[known].unit == u.unit {
                    k = known
                } else {
                    k = unitRow(u.unit)
                    unitIdIndex[u.unitId] = k
                }
                // A unit's row counts its own part; a closed task is closed for every lead.
                let state = s.state == .closed ? .closed : u.state
                unitRows[k].counts.add(state: state, status: s, next: next, asOf: asOf)
                if s.light == .yellow && !u.state.isFinished { soon.insert(k) }
            }
            for co in coUnits { unitRows[unitRow(co)].counts.coTasks += 1 }
        }

        /// The counts with their lights; units sorted by 逾期 descending, then name; leaders only
        /// when the plan names any.
        func finished() -> (totals: ReportCounts, units: [UnitRow], categories: [CategoryRow], leaders: [LeaderRow]) {
            var units = unitRows
            for k in units.indices { units[k].counts.light = light(units[k].counts, soon: soon.contains(k)) }
            units.sort { ($0.counts.overdue, $1.unit) > ($1.counts.overdue, $0.unit) }
            var totals = totals
            totals.light = totals.overdue > 0 ? .red : totals.tasks == totals.finished ? .blue : .green
            return (totals, units, categoryRows.rows.map { CategoryRow(category: $0.name, counts: $0.counts) },
                    leaderRows.named ? leaderRows.rows.map { LeaderRow(leader: $0.name, counts: $0.counts) } : [])
        }
    }

    /// Counts by a name (a category, a leader) in first-seen order, found through a small cache:
    /// hashing a Chinese name for every task costs more than the counting, and rows of one name
    /// usually follow each other.
    struct NamedCounts {
        var rows: [(name: String, counts: ReportCounts)] = []
        var index: [String: Int] = [:]
        var last: (name: String, index: Int)?
        /// Whether any name was really written (not only the placeholder for none).
        var named = false

        mutating func add(_ name: String, state: TaskState, status s: TaskStatus, next: Quarter, asOf: Day) {
            let k: Int
            if let last, last.name == name {
                k = last.index
            } else if let known = index[name] {
                k = known
            } else {
                rows.append((name, ReportCounts()))
                k = rows.count - 1
                index[name] = k
            }
            last = (name, k)
            rows[k].counts.add(state: state, status: s, next: next, asOf: asOf)
        }
    }

    /// Which lists a task is on: overdue (red), waiting for its trigger, unfinished without a
    /// progress report or note dated in the quarter (`reported` false), and without any date.
    static func lists(_ s: TaskStatus, reported: Bool) -> (overdue: Bool, waiting: Bool, silent: Bool, undated: Bool) {
        (s.light == .red, s.awaitingTrigger, !s.state.isFinished && !reported, s.undated)
    }

    /// Overdue lines by days overdue, most first, then by seq.
    static func sortedOverdue(_ lines: [TaskLine]) -> [TaskLine] {
        lines.sorted { ($0.overdueDays ?? 0, $1.seq) > ($1.overdueDays ?? 0, $0.seq) }
    }

    /// The extensions open at the as-of day: asked by then, and not decided by then.
    static func openExtensions(_ extensions: [ExtensionEntry], asOf: Day) -> [ExtensionEntry] {
        extensions.filter { e in
            Day(date: e.requestedAt) <= asOf && (e.status == .pending || e.decidedAt.map { Day(date: $0) > asOf } ?? true)
        }
    }

    /// A unit's light: red with any overdue part, yellow with any unfinished part of a yellow
    /// task (due soon or missing a periodic report), blue when all its parts are finished, else green.
    static func light(_ c: ReportCounts, soon: Bool) -> Light {
        if c.tasks == 0 { return .green }
        if c.overdue > 0 { return .red }
        if c.finished == c.tasks { return .blue }
        return soon ? .yellow : .green
    }
}
