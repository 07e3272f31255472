/// What a 完成时限 cell means: the kind of deadline, its due day (if any) and reporting period.
public struct Deadline: Hashable, Sendable {
    /// The kinds of deadline a plan uses.
    public enum Kind: String, Sendable, CaseIterable, Codable {
        /// A date (10月底前, 2018年6月底前, 上半年).
        case fixed
        /// 全年工作 — due at year end, reported on through the year.
        case yearRound
        /// 按月度完成 — a reporting period; due at year end.
        case recurring
        /// 待…出台后 — no date until the event happens.
        case conditional
        /// X个工作日内 — no date until the task starts.
        case relative
        /// Blank.
        case none
        /// Text that matched no rule; kept verbatim.
        case unparsed
    }

    /// Reporting periods of recurring tasks.
    public enum Period: String, Sendable, CaseIterable, Codable {
        case monthly, quarterly, halfYearly
    }

    /// What the count of a `relative` or `conditional` deadline counts.
    public enum TimeUnit: String, Sendable, CaseIterable, Codable {
        /// 个工作日: Monday to Friday (public holidays are not known to Duban).
        case workingDay
        /// 日, 天: calendar days.
        case day
        /// 个月: calendar months (the 31st of a shorter month is its last day).
        case month

        /// The unit of a count that says none (tasks stored before units were): calendar days
        /// after an event (`conditional`), working days otherwise — how they were always counted.
        public static func legacy(_ kind: Kind) -> TimeUnit { kind == .conditional ? .day : .workingDay }
    }

    public var kind: Kind
    public var due: Day?
    public var period: Period?
    /// For `relative` and `conditional`: the number the text names ("10个工作日内" → 10), counted
    /// in `timeUnit`.
    public var days: Int?
    /// What `days` counts; nil when there is no count, or for a `Deadline` made without one
    /// (then `TimeUnit.legacy(kind)`).
    public var timeUnit: TimeUnit?

    public init(kind: Kind, due: Day? = nil, period: Period? = nil, days: Int? = nil, timeUnit: TimeUnit? = nil) {
        self.kind = kind
        self.due = due
        self.period = period
        self.days = days
        self.timeUnit = timeUnit
    }

    /// What `days` counts, a count without a unit read as it always was.
    public var countUnit: TimeUnit { timeUnit ?? TimeUnit.legacy(kind) }

    public static let none = Deadline(kind: .none)
}
