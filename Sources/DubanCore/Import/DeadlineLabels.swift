/// What an import preview (web page and CLI alike) shows in place of a due date when a
/// deadline has none yet: Chinese words for the office, never the enum's English raw value.
extension Deadline.Kind {
    /// 全年工作 / 定期报送 / 待触发 / 开始后计算 / 未写时限 / 按原文保留 (a fixed date has its date: 固定日期).
    public var undatedLabel: String {
        switch self {
        case .fixed: return "固定日期"
        case .yearRound: return "全年工作"
        case .recurring: return "定期报送"
        case .conditional: return "待触发"
        case .relative: return "开始后计算"
        case .none: return "未写时限"
        case .unparsed: return "按原文保留"
        }
    }
}
