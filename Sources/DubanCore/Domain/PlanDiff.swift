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

    /// An unchanged task whose place in the new reading differs from its stored one.
    public struct Move: Sendable, Equatable {
        public var taskId: Int64
        /// Its index among the new reading's tasks.
        public var position: Int
    }

    public var planId: Int64
    public var added: [TaskDraft]
    public var changed: [Change]
    public var removed: [TaskInfo]
    public var unchangedCount: Int
    /// Unchanged tasks that only moved (applying the diff updates their position).
    public var moved: [Move]

    public var isEmpty: Bool { added.isEmpty && changed.isEmpty && removed.isEmpty }

    /// How many stored tasks keep their 具体要求 (unchanged, or changed in other fields only).
    public var keptCount: Int { unchangedCount + changed.count { !$0.fields.contains("具体要求") } }
    /// How many tasks the stored plan has.
    public var storedCount: Int { unchangedCount + changed.count + removed.count }

    /// Fewer than half of the stored tasks keep their text: the file is more likely another plan
    /// that was read with the same title (a generic one such as 重点任务分工表, from an 附件 line)
    /// than a revision. Applying it would turn the stored tasks, with their history, into the
    /// other plan's tasks, so it is applied only when asked for.
    public var looksLikeAnotherPlan: Bool { storedCount >= 2 && keptCount * 2 < storedCount }

    /// The plain words for `looksLikeAnotherPlan`, naming the plan and what to do.
    public func anotherPlanMessage(title: String, year: Int) -> String {
        "已有同名方案“\(title)”（\(year)年，方案编号 \(planId)），但它的 \(storedCount) 项任务中只有 \(keptCount) 项的具体要求"
            + "在这个文件里还在，看起来是另一份方案，而不是修订版。如果确实是修订版，请确认后重新导入（命令行加 --revise）；"
            + "如果是另一份方案，请检查方案标题是否读对了（例如把“附件：重点任务分工表”读成了标题），必要时用另存的文件改正标题后再导入。"
    }

    /// Matches stored tasks to the new reading: first by identical requirement text (so
    /// renumbering keeps identity), then by seq; the rest are added or removed.
    /// Linear in the number of tasks: each text and each seq keeps a queue of the stored tasks
    /// that carry it, in stored order, so "the first remaining stored task with this text" is
    /// the head of its queue (a 50,000-task revision used to take seconds in list scans).
    public static func compute(planId: Int64, stored: [TaskInfo], draft: [TaskDraft]) -> PlanDiff {
        var taken = [Bool](repeating: false, count: stored.count)
        var byRequirement = FirstRemaining(stored.indices.map { (stored[$0].requirement, $0) })
        var bySeq = FirstRemaining(stored.indices.map { (stored[$0].seq, $0) })
        var pairs: [(TaskInfo, TaskDraft, position: Int)] = []
        var unmatched: [(TaskDraft, position: Int)] = []
        for (position, d) in draft.enumerated() {
            if let i = byRequirement.take(d.requirement, skipping: taken) {
                taken[i] = true
                pairs.append((stored[i], d, position))
            } else {
                unmatched.append((d, position))
            }
        }
        var added: [TaskDraft] = []
        for (d, position) in unmatched {
            if let i = bySeq.take(d.seq, skipping: taken) {
                taken[i] = true
                pairs.append((stored[i], d, position))
            } else {
                added.append(d)
            }
        }
        let remaining = stored.indices.filter { !taken[$0] }.map { stored[$0] }
        var changed: [Change] = []
        var unchanged = 0
        var moved: [Move] = []
        for (s, d, position) in pairs {
            var fields: [String] = []
            if s.seq != d.seq { fields.append("序号") }
            if s.category != d.category || s.subcategory != d.subcategory { fields.append("工作任务") }
            if s.requirement != d.requirement { fields.append("具体要求") }
            if s.leadUnits != d.units.leads || s.coUnits != d.units.coUnits || s.groups != d.units.groups {
                fields.append("牵头单位")
            }
            if s.deadlineText != d.deadlineText || s.deadline != d.deadline { fields.append("完成时限") }
            if s.leader != d.leader { fields.append("责任领导") }
            if fields.isEmpty {
                unchanged += 1
                if position != s.position { moved.append(Move(taskId: s.id, position: position)) }
            } else { changed.append(Change(taskId: s.id, before: s, after: d, fields: fields)) }
        }
        let order = Dictionary(draft.enumerated().map { ($0.element.location, $0.offset) }, uniquingKeysWith: { a, _ in a })
        changed.sort { (order[$0.after.location] ?? 0) < (order[$1.after.location] ?? 0) }
        return PlanDiff(planId: planId, added: added, changed: changed, removed: remaining, unchangedCount: unchanged,
                        moved: moved)
    }
}

/// For each key, the positions that carry it in ascending order, consumed from the front.
private struct FirstRemaining {
    private var queues: [String: (next: Int, positions: [Int])] = [:]

    init(_ pairs: [(String, Int)]) {
        for (key, position) in pairs { queues[key, default: (0, [])].positions.append(position) }
    }

    /// The first position with `key` not yet taken (by this queue or by `taken`), consumed.
    mutating func take(_ key: String, skipping taken: [Bool]) -> Int? {
        guard var queue = queues[key] else { return nil }
        defer { queues[key] = queue }
        while queue.next < queue.positions.count {
            let position = queue.positions[queue.next]
            queue.next += 1
            if !taken[position] { return position }
        }
        return nil
    }
}
