/// What a revised version of a stored plan changes: tasks added, changed and removed.
public struct PlanDiff: Sendable {
    /// A stored task whose text changed, with what changed.
    public struct Change: Sendable {
        public var taskId: Int64
        public var before: TaskInfo
        public var after: TaskDraft
        /// Human-readable field names that differ (具体要求, 牵头单位 …).
        public var fields: [String]
    }

    public var planId: Int64
    public var added: [TaskDraft]
    public var changed: [Change]
    public var removed: [TaskInfo]
    public var unchangedCount: Int

    public var isEmpty: Bool { added.isEmpty && changed.isEmpty && removed.isEmpty }

    /// Matches stored tasks to the new reading: first by identical requirement text (so
    /// renumbering keeps identity), then by seq; the rest are added or removed.
    public static func compute(planId: Int64, stored: [TaskInfo], draft: [TaskDraft]) -> PlanDiff {
        var remaining = stored
        var pairs: [(TaskInfo, TaskDraft)] = []
        var unmatched: [TaskDraft] = []
        for d in draft {
            if let i = remaining.firstIndex(where: { $0.requirement == d.requirement }) {
                pairs.append((remaining.remove(at: i), d))
            } else {
                unmatched.append(d)
            }
        }
        var added: [TaskDraft] = []
        for d in unmatched {
            if let i = remaining.firstIndex(where: { $0.seq == d.seq }) {
                pairs.append((remaining.remove(at: i), d))
            } else {
                added.append(d)
            }
        }
        var changed: [Change] = []
        var unchanged = 0
        for (s, d) in pairs {
            var fields: [String] = []
            if s.seq != d.seq { fields.append("序号") }
            if s.category != d.category || s.subcategory != d.subcategory { fields.append("工作任务") }
            if s.requirement != d.requirement { fields.append("具体要求") }
            if s.leadUnits != d.units.leads || s.coUnits != d.units.coUnits || s.groups != d.units.groups {
                fields.append("牵头单位")
            }
            if s.deadlineText != d.deadlineText || s.deadline != d.deadline { fields.append("完成时限") }
            if fields.isEmpty { unchanged += 1 } else { changed.append(Change(taskId: s.id, before: s, after: d, fields: fields)) }
        }
        let order = Dictionary(draft.enumerated().map { ($0.element.location, $0.offset) }, uniquingKeysWith: { a, _ in a })
        changed.sort { (order[$0.after.location] ?? 0) < (order[$1.after.location] ?? 0) }
        return PlanDiff(planId: planId, added: added, changed: changed, removed: remaining, unchangedCount: unchanged)
    }
}
