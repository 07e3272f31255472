import DubanCore
import Foundation
import Hummingbird

/// 我的任务, the task page with its history, and the forms on it: a unit's report and
/// extension request; the office's close, return and trigger.
struct TaskController {
    let web: Web

    func add(to router: Router<AppContext>) {
        router.get("/my") { request, context -> Response in try myTasks(request, context) }
        router.get("/tasks/:id") { request, context -> Response in
            try taskPage(try web.id(context), context, confirmation: Self.confirmation(request.uri.queryParameters))
        }
        router.post("/tasks/:id/report") { request, context -> Response in try await report(request, context) }
        router.post("/tasks/:id/extension") { request, context -> Response in try extensionRequest(request, context) }
        router.post("/tasks/:id/close") { request, context -> Response in try officeAction(request, context, "close") }
        router.post("/tasks/:id/return") { request, context -> Response in try officeAction(request, context, "return") }
        router.post("/tasks/:id/trigger") { request, context -> Response in try officeAction(request, context, "trigger") }
    }

    /// 我的任务: the unit's tasks with traffic lights and filters.
    func myTasks(_ request: Request, _ context: AppContext) throws -> Response {
        let user = try context.require(.unit)
        guard let unit = user.unitName else { throw WebError.forbidden("账号没有绑定单位，请联系办公室。") }
        let q = request.uri.queryParameters
        let day = web.today()
        var rows = try web.db.statuses(unit: unit, asOf: day)
        let all = rows
        if let light = q.get("light").flatMap(Light.init(rawValue:)) { rows = rows.filter { $0.status.light == light } }
        if q.get("filter") == "overdue" { rows = rows.filter { $0.status.light == .red } }
        if q.get("filter") == "soon" { rows = rows.filter { ($0.status.daysLeft ?? 99) <= TrackingRules.defaultSoonDays && !$0.status.state.isFinished } }
        if let state = q.get("state").flatMap(TaskState.init(rawValue:)) { rows = rows.filter { $0.status.state == state } }
        let category = q.get("category") ?? ""
        if !category.isEmpty { rows = rows.filter { $0.task.category == category } }
        var categories: [String] = []
        for r in all where !r.task.category.isEmpty && !categories.contains(r.task.category) { categories.append(r.task.category) }
        let chosenState = q.get("state") ?? ""
        let counts = Dictionary(grouping: all, by: { $0.status.light }).mapValues(\.count)
        return web.pages.page("my", title: "我的任务", context: context, values: [
            "unit": unit, "asOf": day.iso, "tasks": rows.map(View.task), "empty": rows.isEmpty,
            "red": counts[.red] ?? 0, "yellow": counts[.yellow] ?? 0, "green": counts[.green] ?? 0, "blue": counts[.blue] ?? 0,
            // The filters keep what was chosen, so the page says what it is showing.
            "categories": categories.map { ["name": $0, "selected": $0 == category] },
            "states": TaskState.allCases.map { ["value": $0.rawValue, "label": $0.label, "selected": $0.rawValue == chosenState] },
        ])
    }

    /// The task page: details, status of each lead, history, and the forms the user may use.
    /// - Parameter draft: the fields of a form that was refused, shown again in it with `message`
    ///   (note, percent, evidence, state; to, reason), so nothing typed is lost.
    func taskPage(_ id: Int64, _ context: AppContext, message: String? = nil, confirmation: String? = nil,
                  draft: [String: String] = [:], status: HTTPResponse.Status = .ok) throws -> Response {
        try web.requireVisible(id, context)
        let user = try context.requireUser()
        let day = web.today()
        // This task only (the whole plan's statuses took 0.2 s on a 10,000-task plan).
        guard let row = try web.db.status(taskId: id, asOf: day) else {
            throw WebError.notFound("任务 \(id) 不存在。")
        }
        let task = row.task
        let history = try web.db.history(taskId: id)
        let isReporting = user.role == .unit && row.status.unitStates.contains { $0.unit == user.unitName }
        let entries: [[String: Any]] = history.reports.reversed().map { r in
            let what: String
            switch r.kind {
            case .progress: what = "报送：\(r.state?.label ?? "")" + (r.percent.map { " \($0)%" } ?? "")
            case .note: what = "情况说明"
            case .returned: what = "办公室退回"
            case .closed: what = "办公室办结"
            }
            return ["day": r.asOf.iso, "unit": r.unitName ?? "办公室", "what": what, "note": r.note, "evidence": r.evidence]
        }
        let reportStates: [TaskState] = [.inProgress, .done, .onHold] + ([.yearRound, .recurring].contains(task.deadline.kind) ? [.ongoing] : [])
        // The form starts from the unit's own current state: a unit that reported 已完成 and
        // later only adds a note must not send 推进中 by default (办结 shows as 已完成).
        let mine = row.status.unitStates.first { $0.unit == user.unitName }?.state
        let current: TaskState? = draft["state"].flatMap(TaskState.init(rawValue:)) ?? (mine == .closed ? .done : mine)
        var values: [String: Any] = [
            "task": View.task(row), "asOf": day.iso,
            "unitStates": row.status.unitStates.map { ["unit": $0.unit, "state": $0.state.label, "percent": $0.percent.map { "\($0)%" } ?? ""] },
            "history": entries, "noHistory": entries.isEmpty,
            "extensions": history.extensions.map { ["id": $0.id, "unit": $0.unitName, "to": $0.requestedDue.iso, "reason": $0.reason, "status": $0.statusLabel] },
            "canReport": isReporting, "canNote": user.role == .unit && !isReporting,
            "canExtend": isReporting && row.status.effectiveDue != nil && !row.status.state.isFinished,
            "isAdmin": user.role == .admin, "canClose": user.role == .admin && row.status.state == .done,
            "canReturn": user.role == .admin && row.status.unitStates.contains { $0.state == .done } && row.status.state != .closed,
            "canTrigger": user.role == .admin && [.conditional, .relative].contains(task.deadline.kind),
            "trigger": history.trigger?.iso ?? "",
            "states": reportStates.map { ["value": $0.rawValue, "label": $0.label, "selected": $0 == current] },
        ]
        if let message { values["message"] = message }  // "" would still open the section
        values["draft"] = draft
        if let confirmation { values["confirmation"] = confirmation }
        return web.pages.page("task", title: "任务 \(task.seq)", context: context, values: values, status: status)
    }

    /// The confirmation shown after the redirect of a saved report (`?saved=1`) or extension
    /// request (`?extension=1`); fixed texts, nothing from the query is echoed.
    static func confirmation(_ query: Parameters) -> String? {
        if query.get("saved") == "1" { return "已提交：报送已保存，见下方“历史记录”。" }
        if query.get("extension") == "1" { return "已提交：延期申请已送办公室审批，见下方“延期申请”。" }
        return nil
    }

    /// A unit's report (state, note, percent, evidence) with the version the form was based on.
    ///
    /// The access check (404 for an unknown task, 403 for another unit's) is made inside the
    /// report's own write transaction rather than in a read before it; a refused form is still
    /// answered 403/404 before its 400.
    func report(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try context.require(.unit)
        let id = try web.id(context)
        guard let unit = user.unitName else { throw WebError.forbidden(Web.notYourTask) }
        let form = context.fields
        let stateText = form["state"], percentText = form["percent"]
        let state: TaskState? = stateText.isEmpty ? nil : TaskState(rawValue: stateText)
        let percent: Int? = percentText.isEmpty ? nil : Int(percentText)
        var formError: WebError?
        if !stateText.isEmpty && state == nil {
            formError = .badRequest("状态“\(stateText)”无法识别。")
        } else if !percentText.isEmpty && percent == nil {
            formError = .badRequest("完成百分比应为 0 到 100 的整数。")
        }
        if let formError {
            try web.requireVisible(id, context)  // another unit's or a missing task: 403 / 404 first
            return try refused(id, context, formError.message, form, ["state", "note", "percent", "evidence"])
        }
        do {
            // Shares a commit with the reports arriving at the same time (group commit).
            _ = try await web.db.reportTogether(taskId: id, unit: unit, state: state, note: form["note"], percent: percent,
                                                evidence: form["evidence"], asOf: web.today(), by: context.actor(request),
                                                expectedVersion: Int(form["version"]), checkAccess: true)
        } catch let refused as TaskAccessError {
            try Web.require(refused.access, id)
            throw refused  // not reached: only .missing and .hidden are thrown
        } catch TrackingError.conflict(let task, _, _) {
            // Overwrite nothing: show the newer history with the unsaved text.
            return try taskPage(id, context, message: "任务 \(task) 在您填写期间已被他人更新，您的报送没有保存。请查看下方最新情况后重新填写。您填写的内容：\(form["note"])",
                                status: .conflict)
        } catch let error as TrackingError {
            return try refused(id, context, error.description, form, ["state", "note", "percent", "evidence"])
        }
        return Pages.redirect("/tasks/\(id)?saved=1")
    }

    /// The task page again after a refused form: the reason on top, the form as it was filled in.
    func refused(_ id: Int64, _ context: AppContext, _ reason: String, _ form: FormData, _ names: [String]) throws -> Response {
        var draft: [String: String] = [:]
        for name in names { draft[name] = form[name] }
        return try taskPage(id, context, message: "没有保存：\(reason)请改正后再提交（您填写的内容仍在下方表单中）。",
                            draft: draft, status: .badRequest)
    }

    /// A unit's extension request.
    func extensionRequest(_ request: Request, _ context: AppContext) throws -> Response {
        let user = try context.require(.unit)
        let id = try web.id(context)
        try web.requireVisible(id, context)
        let form = context.fields
        guard let to = Day(iso: form["to"]) else {
            return try refused(id, context, "请填写申请延至的日期，例如 2018-10-31。", form, ["to", "reason"])
        }
        do {
            try web.db.requestExtension(taskId: id, unit: user.unitName ?? "", to: to, reason: form["reason"], on: web.today(),
                                        by: context.actor(request))
        } catch let error as TrackingError {
            return try refused(id, context, error.description, form, ["to", "reason"])
        }
        return Pages.redirect("/tasks/\(id)?extension=1")
    }

    /// The office's close / return / trigger buttons on the task page.
    func officeAction(_ request: Request, _ context: AppContext, _ action: String) throws -> Response {
        _ = try context.require(.admin)
        let id = try web.id(context)
        try web.requireVisible(id, context)
        let form = context.fields
        let actor = context.actor(request)
        switch action {
        case "close": try web.db.close(taskId: id, note: form["note"], asOf: web.today(), by: actor)
        case "return": try web.db.returnReport(taskId: id, comment: form["comment"], asOf: web.today(), by: actor)
        default:
            guard let day = Day(iso: form["date"]) else { throw WebError.badRequest("请填写触发日期，例如 2018-09-12。") }
            try web.db.trigger(taskId: id, on: day, by: actor)
        }
        return Pages.redirect("/tasks/\(id)")
    }
}
