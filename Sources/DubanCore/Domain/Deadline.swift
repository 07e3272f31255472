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

    public var kind: Kind
    public var due: Day?
    public var period: Period?
    /// For `relative`: the number of (working) days the text names.
    public var days: Int?

    public init(kind: Kind, due: Day? = nil, period: Period? = nil, days: Int? = nil) {
        self.kind = kind
        self.due = due
        self.period = period
        self.days = days
    }

    public static let none = Deadline(kind: .none)
}
