import ArgumentParser
import DubanCore
import Foundation

/// Options of every write: who acts, and the day the action speaks for.
struct ActionOptions: ParsableArguments {
    @Option(help: "Who is acting (recorded in the audit trail). Default: $USER.")
    var by: String?

    @Option(name: .customLong("as-of"), help: "The day this action speaks for (YYYY-MM-DD). Default: today.")
    var asOf: String?

    func actor(_ command: String) -> Actor {
        Actor(name: by ?? ProcessInfo.processInfo.environment["USER"] ?? "office", source: "cli:\(command)")
    }

    func day() throws -> Day { try parseDay(asOf) ?? Day.today() }
}

/// Parses YYYY-MM-DD, or fails with a plain message.
func parseDay(_ text: String?) throws -> Day? {
    guard let text else { return nil }
    guard let day = Day(iso: text) else { throw fail("日期“\(text)”无法识别，请写成 YYYY-MM-DD，例如 2018-09-30。") }
    return day
}

/// Runs a tracking action, turning refusals into plain messages.
func runTracking(_ body: () throws -> Void) throws {
    try runReporting {
        do { try body() } catch let error as TrackingError { throw fail(error.description) }
    }
}

struct UpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Report a unit's progress on a task (state, note, percent, evidence).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var action: ActionOptions
    @Argument(help: "Task id (see `duban tasks`).") var task: Int64
    @Option(help: "Reporting unit (name or alias).") var unit: String
    @Option(help: "New state: 未开始 推进中 已完成 暂缓 持续推进 (or notStarted inProgress done onHold ongoing). Omit for a note only.")
    var state: String?
    @Option(help: "Progress note (required for 暂缓).") var note: String = ""
    @Option(help: "Percent complete, 0–100.") var percent: Int?
    @Option(help: "Evidence: links or file names.") var evidence: String = ""

    func run() throws {
        try runTracking {
            var parsed: TaskState?
            if let state {
                guard let s = TaskState(text: state) else { throw fail("状态“\(state)”无法识别，可用：未开始、推进中、已完成、暂缓、持续推进。") }
                parsed = s
            }
            let db = try global.open()
            let entry = try db.report(taskId: task, unit: unit, state: parsed, note: note, percent: percent, evidence: evidence,
                                      asOf: try action.day(), by: action.actor("update"))
            print("已记录：任务 \(task) · \(entry.unitName ?? unit) · \(entry.state?.label ?? "情况说明") · 截至 \(entry.asOf.iso)")
        }
    }
}

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "Show a task's history of reports and decisions.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Task id.") var task: Int64

    func run() throws {
        try runTracking {
            let db = try global.open()
            let h = try db.history(taskId: task)
            print("任务 \(h.task.seq)：\(h.task.requirement)")
            print("牵头：\((h.task.leadUnits + h.task.groups).joined(separator: "、"))  完成时限：\(h.task.deadlineText.isEmpty ? "—" : h.task.deadlineText)")
            if let t = h.trigger { print("触发日期：\(t.iso)") }
            for r in h.reports {
                let what: String
                switch r.kind {
                case .progress: what = "报送 \(r.state?.label ?? "")" + (r.percent.map { " \($0)%" } ?? "")
                case .note: what = "情况说明"
                case .returned: what = "退回"
                case .closed: what = "办结"
                }
                let evidence = r.evidence.isEmpty ? "" : "（佐证：\(r.evidence)）"
                print("  \(r.asOf.iso)  \(r.unitName ?? "办公室")  \(what)  \(r.note)\(evidence)  — \(r.reportedBy)")
            }
            for e in h.extensions {
                print("  延期申请 #\(e.id)  \(e.unitName) 申请延至 \(e.requestedDue.iso)：\(e.reason)  [\(e.statusLabel)\(e.decisionNote.map { "：\($0)" } ?? "")]")
            }
            if h.reports.isEmpty && h.extensions.isEmpty { print("  （暂无报送）") }
        }
    }
}

struct ExtendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "extend", abstract: "Request an extension (延期申请) for a task.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var action: ActionOptions
    @Argument(help: "Task id.") var task: Int64
    @Option(help: "Requesting unit.") var unit: String
    @Option(help: "Requested new due date (YYYY-MM-DD).") var to: String
    @Option(help: "Reason.") var reason: String

    func run() throws {
        try runTracking {
            guard let day = try parseDay(to) else { return }
            let id = try global.open().requestExtension(taskId: task, unit: unit, to: day, reason: reason, on: try action.day(),
                                                        by: action.actor("extend"))
            print("已提交延期申请 #\(id)：任务 \(task) 申请延至 \(day.iso)，等待办公室审批（duban approve \(id) / duban reject \(id)）。")
        }
    }
}

struct ApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "approve", abstract: "Approve an extension request.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var action: ActionOptions
    @Argument(help: "Extension request id.") var extensionId: Int64
    @Option(help: "Comment.") var note: String = ""

    func run() throws {
        try runTracking {
            try global.open().decideExtension(extensionId, approve: true, note: note, on: try action.day(), by: action.actor("approve"))
            print("已批准延期申请 #\(extensionId)。")
        }
    }
}

struct RejectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reject", abstract: "Reject an extension request (a reason is required).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var action: ActionOptions
    @Argument(help: "Extension request id.") var extensionId: Int64
    @Option(help: "Why it is rejected.") var note: String

    func run() throws {
        try runTracking {
            try global.open().decideExtension(extensionId, approve: false, note: note, on: try action.day(), by: action.actor("reject"))
            print("已驳回延期申请 #\(extensionId)。")
        }
    }
}

struct ReturnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "return", abstract: "Return (退回) a done report to the unit with a comment.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var action: ActionOptions
    @Argument(help: "Task id.") var task: Int64
    @Option(help: "Only this unit's done report (default: every unit that reported done).") var unit: String?
    @Option(help: "What is missing.") var comment: String

    func run() throws {
        try runTracking {
            try global.open().returnReport(taskId: task, unit: unit, comment: comment, asOf: try action.day(), by: action.actor("return"))
            print("已退回任务 \(task) 的完成报送：\(comment)")
        }
    }
}

struct CloseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "close", abstract: "Close (办结) a task every lead unit has reported done.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var action: ActionOptions
    @Argument(help: "Task id.") var task: Int64
    @Option(help: "Comment.") var note: String = ""

    func run() throws {
        try runTracking {
            try global.open().close(taskId: task, note: note, asOf: try action.day(), by: action.actor("close"))
            print("任务 \(task) 已办结。")
        }
    }
}

struct TriggerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trigger", abstract: "Record the day a conditional (…出台后) or relative (X个工作日内) task was triggered.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var action: ActionOptions
    @Argument(help: "Task id.") var task: Int64
    @Option(help: "The day the document appeared / the task started (YYYY-MM-DD).") var date: String

    func run() throws {
        try runTracking {
            guard let day = try parseDay(date) else { return }
            let db = try global.open()
            try db.trigger(taskId: task, on: day, by: action.actor("trigger"))
            let status = try db.statuses(asOf: day).first { $0.task.id == task }?.status
            print("已登记任务 \(task) 的触发日期 \(day.iso)；完成时限：\(status?.effectiveDue?.iso ?? "—")。")
        }
    }
}

struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "edit", abstract: "Change a task's deadline or units, with a reason (audited).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var action: ActionOptions
    @Argument(help: "Task id.") var task: Int64
    @Option(help: "New deadline text, e.g. 10月底前.") var deadline: String?
    @Option(help: "New lead-unit text, e.g. 区财政局牵头,区审计局配合.") var units: String?
    @Option(help: "Why (required).") var reason: String

    func run() throws {
        try runTracking {
            guard deadline != nil || units != nil else { throw fail("请用 --deadline 或 --units 指定要修改的内容。") }
            let reading = try global.open().editTask(taskId: task, deadlineText: deadline, unitText: units, reason: reason,
                                                     by: action.actor("edit"))
            print("已修改任务 \(task)（原因：\(reason)）。")
            if let reading, let deadline {
                if let due = reading.due {
                    print("完成时限“\(deadline)”：到期日 \(due.iso)")
                } else if reading.kind == .none || reading.kind == .unparsed {
                    print("注意：完成时限“\(deadline)”没有识别出日期，这项任务没有到期日、不会显示逾期。需要日期时请写成 10月底前 或 2018-10-31。")
                } else {
                    print("完成时限“\(deadline)”：\(reading.kind.undatedLabel)")
                }
            }
        }
    }
}
