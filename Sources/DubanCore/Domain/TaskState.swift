/// The state of a task (or of one lead unit's part of it).
public enum TaskState: String, Sendable, CaseIterable, Codable {
    /// 未开始
    case notStarted
    /// 推进中
    case inProgress
    /// 已完成 — reported by the unit
    case done
    /// 已办结 — confirmed by the office
    case closed
    /// 暂缓 — reason required (waiting for an upstream document …)
    case onHold
    /// 持续推进 — year-round and recurring tasks on track for the current period
    case ongoing

    /// The Chinese word offices use.
    public var label: String {
        switch self {
        case .notStarted: return "未开始"
        case .inProgress: return "推进中"
        case .done: return "已完成"
        case .closed: return "已办结"
        case .onHold: return "暂缓"
        case .ongoing: return "持续推进"
        }
    }

    /// Parses the English raw value or the Chinese label.
    public init?(text: String) {
        let t = TextNormalizer.compact(text)
        if let s = TaskState(rawValue: t) { self = s; return }
        if let s = TaskState.allCases.first(where: { $0.label == t }) { self = s; return }
        switch t {
        case "完成": self = .done
        case "办结": self = .closed
        case "进行中", "正在推进", "推进": self = .inProgress
        case "缓办", "暂停": self = .onHold
        default: return nil
        }
    }

    /// Done or closed: nothing more is expected of the unit.
    public var isFinished: Bool { self == .done || self == .closed }
}

/// The traffic light of a task at an as-of date (computed, never stored).
public enum Light: String, Sendable, CaseIterable, Codable, Comparable {
    /// 红 — overdue
    case red
    /// 黄 — due within the warning window, or a periodic report is missing
    case yellow
    /// 绿 — on track
    case green
    /// 蓝 — done or closed
    case blue

    /// 红 / 黄 / 绿 / 蓝
    public var label: String {
        switch self {
        case .red: return "红"
        case .yellow: return "黄"
        case .green: return "绿"
        case .blue: return "蓝"
        }
    }

    /// Red first: the order reports sort by.
    public static func < (a: Light, b: Light) -> Bool {
        let order: [Light] = [.red, .yellow, .green, .blue]
        return order.firstIndex(of: a)! < order.firstIndex(of: b)!
    }
}
