import Foundation

/// 催办通知 — a formal notice to one unit listing its overdue and soon-due tasks, printed on one
/// A4 portrait page and sent by the office.
public struct UrgingNotice: Sendable, Hashable {
    /// One task the unit is urged about.
    public struct Item: Sendable, Hashable {
        /// The task's database id.
        public var taskId: Int64
        /// 序号 in the plan.
        public var seq: String
        /// 具体要求
        public var requirement: String
        /// 完成时限 as written in the plan.
        public var deadlineText: String
        /// The effective due date (after approved extensions and triggers).
        public var due: Day?
        /// The unit's own state of its part of the task.
        public var state: TaskState
        /// Days past the due date; nil when not overdue.
        public var overdueDays: Int?
        /// Days until the due date (0 = today); nil when overdue or without a date.
        public var daysLeft: Int?
        /// Reporting periods that ended without a report (recurring tasks).
        public var missingPeriods: [ReportingPeriod]

        /// 情况: "逾期3天", "今日到期", "5天后到期", plus any missing periodic report.
        public var situation: String {
            TaskStatus.situation(overdueDays: overdueDays, daysLeft: daysLeft, missing: missingPeriods)
        }
    }

    /// The addressee: a lead unit (牵头单位).
    public var unit: String
    /// The plan's title, quoted in 《》 in the text.
    public var planTitle: String
    /// The sending office; nil means "办公室".
    public var issuer: String?
    /// The day the situation is described at (and the date of the notice).
    public var asOf: Day
    /// The day the unit must answer by.
    public var replyBy: Day
    /// Overdue tasks first (most days first), then soon-due tasks by date.
    public var items: [Item]

    /// The notice for `unit`, or nil when none of its unfinished parts is red or yellow.
    /// - Parameters:
    ///   - rows: tasks with their status at `asOf` (e.g. `AppDatabase.statuses(planId:asOf:)`).
    ///   - replyBy: the answer deadline; default five days after `asOf`.
    public static func build(unit: String, planTitle: String, issuer: String?, asOf: Day, rows: [TaskWithStatus],
                             replyBy: Day? = nil) -> UrgingNotice? {
        buildAll(planTitle: planTitle, issuer: issuer, asOf: asOf, rows: rows, replyBy: replyBy, only: unit).first
    }

    /// Every unit's notice from one pass over `rows`, in the order the units first appear in
    /// them; units none of whose unfinished parts is red or yellow get none. With `only`, just
    /// that unit's (at most one).
    public static func buildAll(planTitle: String, issuer: String?, asOf: Day, rows: [TaskWithStatus],
                                replyBy: Day? = nil, only: String? = nil) -> [UrgingNotice] {
        var units: [String] = [], slot: [String: Int] = [:]
        var items: [[(position: Int, item: Item)]] = []
        for r in rows {
            for part in r.status.unitStates where (only == nil || part.unit == only) && slot[part.unit] == nil {
                slot[part.unit] = units.count
                units.append(part.unit)
                items.append([])
            }
            let s = r.status
            guard s.light == .red || s.light == .yellow else { continue }
            var urged = Set<String>()  // a unit named twice on a task is urged once, about its first open part
            for part in s.unitStates where !part.state.isFinished && (only == nil || part.unit == only)
                && urged.insert(part.unit).inserted {
                items[slot[part.unit]!].append((r.task.position, Item(
                    taskId: r.task.id, seq: r.task.seq, requirement: r.task.requirement, deadlineText: r.task.deadlineText,
                    due: s.effectiveDue, state: part.state, overdueDays: s.light == .red ? s.overdueDays : nil,
                    daysLeft: s.light == .red ? nil : s.daysLeft, missingPeriods: s.missingPeriods)))
            }
        }
        // Overdue first, most days first; then the rest by due date; plan order breaks ties.
        func key(_ e: (position: Int, item: Item)) -> (Int, Int, Int) {
            if let days = e.item.overdueDays { return (0, -days, e.position) }
            return (1, e.item.due?.ordinal ?? Int.max, e.position)
        }
        return zip(units, items).compactMap { unit, list in
            guard !list.isEmpty else { return nil }
            return UrgingNotice(unit: unit, planTitle: planTitle, issuer: issuer, asOf: asOf,
                                replyBy: replyBy ?? asOf.adding(days: 5),
                                items: list.sorted { key($0) < key($1) }.map(\.item))
        }
    }

    /// The notice as one printable, self-contained A4 portrait HTML page.
    public static func html(_ n: UrgingNotice) -> String {
        HTML.page(title: "催办通知（\(n.unit)）", css: HTML.noticeCSS, body: body(n))
    }

    /// The notice's content for inside `<body>`.
    static func body(_ n: UrgingNotice) -> String {
        let sender = n.issuer.flatMap { $0.isEmpty ? nil : $0 } ?? "办公室"
        var title = n.planTitle
        if title.hasPrefix("《") && title.hasSuffix("》") { title = String(title.dropFirst().dropLast()) }
        // A task listed only because a periodic report is missing is neither overdue nor due soon.
        let why = n.items.contains { !$0.missingPeriods.isEmpty } ? "已逾期、即将到期或未按期报送进展" : "已逾期或即将到期"
        let text = "根据《\(title)》，截至\(HTML.chineseDate(n.asOf))，"
            + "贵单位牵头的下列工作任务\(why)，请高度重视，抓紧推进，"
            + "并于\(HTML.chineseDate(n.replyBy))前将办理进展和完成时限书面报送\(sender)。"
        // 序号 is the task's number in the plan, so the unit finds it in the document it holds.
        let rows: [[CellValue]] = n.items.map { t in
            let cells: [CellValue] = [.text(t.seq), .text(t.requirement), CellValue(t.deadlineText), CellValue(t.due)]
            return cells + [.text(t.state.label), .text(t.situation)]
        }
        // Fixed column widths: 具体要求 the widest, 情况 wraps (left to itself, one long 情况 on a
        // single line squeezed 具体要求 to four characters and the notice onto two pages).
        let columns = ["seq", "req", "limit", "due", "state", "sit"]
        let headers = ["序号", "具体要求", "完成时限", "到期日", "状态", "情况"]
        func cell(_ row: Int, _ column: Int) -> String? {
            switch column {
            case 0, 4: return "<td class=\"s\">\(HTML.text(rows[row][column].plainText))</td>"
            case 5: return "<td class=\"sit\">\(HTML.text(rows[row][column].plainText))</td>"
            default: return nil
            }
        }
        // The last row goes in a table of its own inside the closing block, which is kept on one
        // page: a page break never leaves 特此通知 and the signature alone on the last page.
        // (Chromium ignores break-after on table rows, so the row and the block cannot be tied
        // together any other way.)
        let table = rows.count > 1
            ? HTML.table(headers, Array(rows.dropLast()), class: "items split", columns: columns, custom: cell)
            : ""
        let tail = rows.last.map { last in
            HTML.table(headers, [last], class: rows.count > 1 ? "items tail" : "items", columns: columns,
                       header: rows.count == 1, firstRow: rows.count - 1, custom: cell)
        } ?? ""
        return """
            <main class="notice">
            <h1>催办通知</h1>
            <p class="to">\(HTML.escape(n.unit))：</p>
            <p>\(HTML.escape(text))</p>
            \(table)<div class="close">
            \(tail)<p class="end">特此通知。</p>
            <p class="sign">\(HTML.escape(sender))</p>
            <p class="date">\(HTML.chineseDate(n.asOf))</p>
            </div>
            </main>

            """
    }
}
