import DubanCore
import Foundation
import HTTPTypes
import Hummingbird

/// The office's pages (办公室, admins only): the workbench, plans and their tasks, the plan import
/// (upload → preview → confirm), the unit registry, extension approvals, feedback forms and urging
/// notices. `admin(...)` checks the role on the server before every handler.
struct OfficeController {
    let web: Web
    /// Carries a POST's result to the page it redirects to (set by `done`, cleared by `page`): a
    /// message can be neither forged through a link nor shown twice.
    static let flashCookie = "duban_flash"
    typealias Handler = @Sendable (Request, AppContext, WebUser) async throws -> Response

    func add(to router: Router<AppContext>) {
        func admin(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping Handler) {
            router.on(RouterPath(path), method: method) { request, context -> Response in
                let user = try context.require(.admin)
                return try await handler(request, context, user)
            }
        }
        admin(.get, "/office") { r, c, _ in try workbench(r, c) }
        admin(.get, "/plans") { r, c, _ in try plans(r, c) }
        admin(.get, "/plans/:id") { r, c, _ in try plan(r, c) }
        admin(.get, "/import") { r, c, _ in importPage(r, c) }
        admin(.post, "/import") { r, c, u in try upload(r, c, u) }
        admin(.post, "/import/confirm") { r, c, u in try confirm(r, c, u) }
        admin(.post, "/import/cancel") { _, c, u in
            _ = try web.db.stagedImport(token: c.fields["token"], userId: u.id, take: true)
            return done("/import", "已取消，没有导入任何内容。")
        }
        admin(.get, "/units") { r, c, _ in try units(r, c) }
        for action in ["rename", "merge", "members"] {
            admin(.post, "/units/\(action)") { r, c, _ in try unitAction(r, c, action) }
        }
        admin(.get, "/extensions") { r, c, _ in try extensions(r, c) }
        for decision in ["approve", "reject"] {
            admin(.post, "/extensions/:id/\(decision)") { r, c, _ in try decide(r, c, decision == "approve") }
        }
        admin(.get, "/forms") { r, c, _ in try forms(r, c) }
        admin(.get, "/forms/:unit") { r, c, _ in try formDownload(r, c) }
        admin(.post, "/forms/import") { r, c, _ in try formImport(r, c) }
        admin(.get, "/notices") { r, c, _ in try notices(r, c) }
        admin(.get, "/notices/:unit") { r, c, _ in try noticeDownload(r, c) }
    }

    // MARK: - 工作台, plans and tasks

    /// Counts, today's red tasks, pending extensions, tasks to close, tasks waiting for a trigger and tasks with no date.
    func workbench(_ request: Request, _ context: AppContext) throws -> Response {
        let day = web.today()
        let plans = try web.db.plans()
        let rows = try web.db.statuses(asOf: day)
        let byId = Dictionary(rows.map { ($0.task.id, $0) }, uniquingKeysWith: { a, _ in a })
        let pending = try web.db.extensions(pendingOnly: true)
        let red = rows.filter { $0.status.light == .red }
        let toClose = rows.filter { $0.status.state == .done }, awaiting = rows.filter(\.status.awaitingTrigger)
        let undated = rows.filter(\.status.undated)
        return page(request, context, "office", "工作台", [
            "asOf": day.iso, "plans": plans.count, "tasks": plans.reduce(0) { $0 + $1.taskCount }, "red": red.count,
            "redByPlan": plans.map { p in
                ["id": p.plan.id ?? 0, "title": p.plan.title, "count": red.filter { $0.task.planId == p.plan.id }.count]
            },
            "pending": pending.count, "pendingList": pending.map { extensionRow($0, byId) }, "anyPending": !pending.isEmpty,
            "toClose": toClose.map(View.task), "anyToClose": !toClose.isEmpty,
            "awaiting": awaiting.map(View.task), "anyAwaiting": !awaiting.isEmpty,
            "undated": undated.map(View.task), "anyUndated": !undated.isEmpty,
        ])
    }

    /// Every plan with its task and red counts.
    func plans(_ request: Request, _ context: AppContext) throws -> Response {
        let day = web.today()
        let red = try web.db.statuses(asOf: day).filter { $0.status.light == .red }
        let list: [[String: Any]] = try web.db.plans().map { p in
            ["id": p.plan.id ?? 0, "title": p.plan.title, "year": p.plan.year, "issuer": p.plan.issuer ?? "—",
             "tasks": p.taskCount, "red": red.filter { $0.task.planId == p.plan.id }.count, "source": p.plan.sourceFile,
             "imported": Day(date: p.plan.importedAt).iso]
        }
        return page(request, context, "office-plans", "方案与任务", ["plans": list, "empty": list.isEmpty, "asOf": day.iso])
    }

    /// One plan's tasks with state and light, filtered like 我的任务 (light, state, unit, category).
    func plan(_ request: Request, _ context: AppContext) throws -> Response {
        let id = try web.id(context)
        guard let p = try web.db.plans().first(where: { $0.plan.id == id }) else { throw WebError.notFound("方案 \(id) 不存在。") }
        let q = request.uri.queryParameters, day = web.today()
        let all = try web.db.statuses(planId: id, asOf: day)
        var rows = all, notice: String?
        let unit = TextNormalizer.trim(q.get("unit") ?? ""), category = q.get("category") ?? "", leader = q.get("leader") ?? ""
        let light = q.get("light").flatMap(Light.init(rawValue:)), state = q.get("state").flatMap(TaskState.init(rawValue:))
        if !unit.isEmpty {
            do {
                let visible = Set(try web.db.statuses(planId: id, unit: unit, asOf: day).map(\.task.id))
                rows = rows.filter { visible.contains($0.task.id) }
            } catch StoreError.notFound {
                rows = []
                notice = "没有名为“\(unit)”的单位（可在单位管理中查看已登记的名称和别名）。"
            }
        }
        if let light { rows = rows.filter { $0.status.light == light } }
        if let state { rows = rows.filter { $0.status.state == state } }
        if !category.isEmpty { rows = rows.filter { $0.task.category == category } }
        if !leader.isEmpty { rows = rows.filter { $0.task.leader == leader } }
        var categories: [String] = [], leaders: [String] = []
        for c in all.map(\.task.category) where !c.isEmpty && !categories.contains(c) { categories.append(c) }
        for l in all.map(\.task.leader) where !l.isEmpty && !leaders.contains(l) { leaders.append(l) }
        let counts = Dictionary(grouping: all, by: \.status.light).mapValues(\.count)
        var values: [String: Any] = [
            "id": id, "title": p.plan.title, "year": p.plan.year, "asOf": day.iso, "total": all.count, "shown": rows.count,
            "tasks": rows.map(View.task), "empty": rows.isEmpty, "unit": unit, "unitNames": try web.db.units().map(\.name),
            "lights": Light.allCases.map { l in
                ["value": l.rawValue, "label": l.label, "count": counts[l] ?? 0, "selected": l == light] as [String: Any]
            },
            "states": TaskState.allCases.map { ["value": $0.rawValue, "label": $0.label, "selected": $0 == state] },
            "categories": categories.map { ["name": $0, "selected": $0 == category] },
            "leaders": leaders.map { ["name": $0, "selected": $0 == leader] }, "hasLeaders": !leaders.isEmpty,
        ]
        if let notice { values["notice"] = notice }
        return page(request, context, "office-tasks", p.plan.title, values)
    }

    // MARK: - Import: upload → preview → confirm

    func importPage(_ request: Request, _ context: AppContext, error: String? = nil, year: String = "") -> Response {
        var values: [String: Any] = ["maxMB": WebLimits.maxUpload / 1_048_576, "year": year]
        if let error { values["error"] = error }
        return page(request, context, "office-import", "导入方案", values, status: error == nil ? .ok : .badRequest)
    }

    /// Reads the uploaded file (its format decided from the bytes), keeps it, and shows the preview.
    func upload(_ request: Request, _ context: AppContext, _ user: WebUser) throws -> Response {
        let form = context.fields
        guard let data = form.file else { throw WebError.badRequest("请选择要导入的分工方案文件（.docx、.xlsx、.html、.csv、.txt 等）。") }
        let name = form.fileName ?? "upload"
        guard !data.isEmpty else { throw WebError.badRequest(ImportError.emptyFile(name).description) }
        var year: Int?
        if !form["year"].isEmpty {
            guard let y = Int(form["year"]), (1949...2100).contains(y) else {
                return importPage(request, context, error: "年度“\(form["year"])”无法识别，请填写四位数字，例如 2018。", year: form["year"])
            }
            year = y
        }
        let reading: PlanImporter.Reading
        do {
            reading = try PlanImporter.read(data: data, name: name, year: year)
        } catch let error as ImportError {
            // The reader's own message names the CLI option; on the page the year has a field.
            let message = error == .noYear(file: name) ? "无法从 \(name) 判断方案年度。请在下方“年度”一栏填写，例如 2018。" : error.description
            return importPage(request, context, error: message, year: form["year"])
        }
        var values = try preview(reading)
        values["token"] = try web.db.stageImport(userId: user.id, fileName: name, bytes: data, year: year)
        return page(request, context, "office-preview", "导入预览", values)
    }

    /// What the CLI's preview prints: the plan, every finding, the unit resolutions, and either the
    /// task table or — for a revision of a stored plan — the diff.
    func preview(_ reading: PlanImporter.Reading) throws -> [String: Any] {
        var draft = reading.draft
        let resolutions = try web.db.unitResolutions(for: draft)
        draft.findings += AppDatabase.findings(resolutions, draft)
        func short(_ s: String) -> String { QuarterlyReport.short(s, 40) }
        var values: [String: Any] = [
            "title": draft.title, "year": draft.year, "issuer": draft.issuer ?? "未识别", "issued": draft.issued?.iso ?? "未识别",
            "source": draft.source, "format": draft.format.rawValue, "taskCount": draft.tasks.count,
            "unitCount": draft.unitNames.count, "findingCount": draft.findings.count, "noFindings": draft.findings.isEmpty,
            "findings": draft.findings.map { f in
                ["warning": f.severity == .warning, "location": f.location.description, "message": f.message] as [String: Any]
            },
            "resolutions": resolutions.map { r in
                ["written": r.written, "resolved": r.resolved ?? "按原文保留", "candidates": r.candidates.joined(separator: "、")]
            },
            "hasResolutions": !resolutions.isEmpty,
        ]
        if let known = try web.db.plans().first(where: { $0.plan.sha256 == reading.sha256 }) {
            values["known"] = "这个文件已经导入过（方案编号 \(known.plan.id ?? 0)），确认导入不会有任何改动。"
        }
        if let d = try web.db.revisionDiff(for: draft) {
            values["diff"] = [
                "planId": d.planId, "added": d.added.count, "changed": d.changed.count, "removed": d.removed.count,
                "unchanged": d.unchangedCount, "isEmpty": d.isEmpty,
                "addedTasks": d.added.map { ["seq": $0.seq, "short": short($0.requirement)] },
                "changedTasks": d.changed.map { c in
                    ["id": c.taskId, "seq": c.before.seq == c.after.seq ? c.after.seq : "\(c.before.seq) → \(c.after.seq)",
                     "short": short(c.after.requirement), "fields": c.fields.joined(separator: "、")] as [String: Any]
                },
                "removedTasks": d.removed.map { ["id": $0.id, "seq": $0.seq, "short": short($0.requirement)] as [String: Any] },
            ] as [String: Any]
            if d.looksLikeAnotherPlan { values["unlike"] = d.anotherPlanMessage(title: draft.title, year: draft.year) }
        } else {
            values["hasLeaders"] = draft.tasks.contains { !$0.leader.isEmpty }
            values["tasks"] = draft.tasks.map { t in
                let leads = (t.units.leads + t.units.groups).joined(separator: "、")
                return ["seq": t.seq, "short": short(t.requirement), "leads": leads.isEmpty ? "（无牵头单位）" : leads,
                        "co": t.units.coUnits.joined(separator: "、"), "leader": t.leader,
                        "deadlineText": t.deadlineText.isEmpty ? "—" : t.deadlineText,
                        "due": t.deadline.due?.iso ?? t.deadline.kind.undatedLabel]
            }
        }
        return values
    }

    /// Imports the staged file the preview showed (read again from the same bytes).
    func confirm(_ request: Request, _ context: AppContext, _ user: WebUser) throws -> Response {
        let token = context.fields["token"]
        guard !token.isEmpty, let staged = try web.db.stagedImport(token: token, userId: user.id, take: true) else {
            throw WebError.notFound("这份导入预览已失效（已确认、已取消或超过一天），请重新上传文件。")
        }
        let reading = try PlanImporter.read(data: staged.bytes, name: staged.fileName, year: staged.year)
        let draft = reading.draft
        // The preview showed the diff, and warned when it looks like another plan: confirming is the decision.
        switch try web.db.importPlan(draft, sha256: reading.sha256, by: context.actor(request), revisingUnlike: true) {
        case .created(let id):
            return done("/plans/\(id)", "已导入：方案编号 \(id)，\(draft.tasks.count) 项任务，\(draft.unitNames.count) 个单位。")
        case .alreadyImported(let id):
            return done(id.map { "/plans/\($0)" } ?? "/plans", "这个文件已经导入过（方案编号 \(id.map(String.init) ?? "?")），没有任何改动。")
        case .revised(let d):
            let counts = "修订对比：新增 \(d.added.count) 项，修改 \(d.changed.count) 项，删除 \(d.removed.count) 项，未变 \(d.unchangedCount) 项。"
            return done("/plans/\(d.planId)", counts + (d.isEmpty ? "内容与已导入的方案相同，没有改动。" : "已按修订版更新方案编号 \(d.planId)。"))
        }
    }

    // MARK: - 单位管理

    /// The registry, the probable duplicates (one-click merge) and the rename / merge / members forms.
    func units(_ request: Request, _ context: AppContext) throws -> Response {
        let units = try web.db.units()
        let rows: [[String: Any]] = try units.map { u in
            var row: [String: Any] = ["name": u.name, "kind": u.kind == "group" ? "统称" : "部门", "lead": u.leadCount,
                                      "aliases": u.aliases.joined(separator: "、"), "co": u.coCount, "groupCount": u.groupCount]
            if u.kind == "group" {
                let members = try web.db.groupMembers(u.name)
                row["members"] = members.isEmpty ? "（未登记成员）" : members.joined(separator: "、")
            }
            return row
        }
        let suggestions = try web.db.unitSuggestions().map { ["a": $0.a, "b": $0.b, "reason": $0.reason] }
        return page(request, context, "office-units", "单位管理", [
            "units": rows, "suggestions": suggestions, "noSuggestions": suggestions.isEmpty,
            "departments": units.filter { $0.kind != "group" }.map(\.name),
            "groups": units.filter { $0.kind == "group" }.map(\.name),
        ])
    }

    /// Rename, merge or group members, with the CLI's messages; refusals are `StoreError`s (400/404 page).
    func unitAction(_ request: Request, _ context: AppContext, _ action: String) throws -> Response {
        let form = context.fields, actor = context.actor(request)
        switch action {
        case "rename":
            guard !form["old"].isEmpty, !form["new"].isEmpty else { throw WebError.badRequest("请填写要更名的单位（现名称或别名）和新名称。") }
            let previous = try web.db.renameUnit(form["old"], to: form["new"], by: actor)
            return done("/units", "已将“\(previous)”更名为“\(TextNormalizer.compact(form["new"]))”，原名称保留为别名。")
        case "merge":
            guard !form["source"].isEmpty, !form["target"].isEmpty else { throw WebError.badRequest("请填写要合并的单位和保留的单位。") }
            let s = try web.db.mergeUnits(form["source"], into: form["target"], by: actor)
            var parts = ["迁移 \(s.tasks) 项任务", "\(s.reports) 条报告"]
            if s.extensions > 0 { parts.append("\(s.extensions) 条延期申请") }
            if s.memberships > 0 { parts.append("\(s.memberships) 条统称成员关系") }
            var message = "已将“\(s.source)”合并到“\(s.target)”：\(parts.joined(separator: "、"))。"
            if s.duplicateLinks > 0 { message += "其中 \(s.duplicateLinks) 项任务“\(s.target)”原已列为同一角色，重复的一条已去掉。" }
            return done("/units", message + "“\(s.source)”已作为“\(s.target)”的别名，以后导入时按“\(s.target)”识别。")
        default:
            func names(_ text: String) -> [String] {
                text.components(separatedBy: CharacterSet(charactersIn: "、,，;；\n\r")).map(TextNormalizer.trim)
                    .filter { !$0.isEmpty }
            }
            let add = names(form["add"]), remove = names(form["remove"])
            guard !form["group"].isEmpty, !add.isEmpty || !remove.isEmpty else {
                throw WebError.badRequest("请选择统称，并填写要添加或移除的成员单位。")
            }
            let change = try web.db.setGroupMembers(form["group"], add: add, remove: remove, by: actor)
            return done("/units", "已更新“\(form["group"])”的成员：新增 \(change.added.count) 个，移除 \(change.removed.count) 个。")
        }
    }

    // MARK: - 延期审批

    func extensionRow(_ e: ExtensionEntry, _ tasks: [Int64: TaskWithStatus]) -> [String: Any] {
        let t = tasks[e.taskId]
        return ["id": e.id, "taskId": e.taskId, "seq": t?.task.seq ?? "#\(e.taskId)", "due": t?.status.effectiveDue?.iso ?? "—",
                "short": t.map { QuarterlyReport.short($0.task.requirement, 30) } ?? "", "unit": e.unitName,
                "to": e.requestedDue.iso, "reason": e.reason, "requestedBy": e.requestedBy,
                "requestedAt": Self.time(e.requestedAt), "status": e.statusLabel, "decidedBy": e.decidedBy ?? "",
                "decidedAt": e.decidedAt.map(Self.time) ?? "", "note": e.decisionNote ?? ""]
    }

    /// Pending requests with approve / reject forms; decided ones below, newest first.
    func extensions(_ request: Request, _ context: AppContext) throws -> Response {
        let rows = try web.db.statuses(asOf: web.today())
        let byId = Dictionary(rows.map { ($0.task.id, $0) }, uniquingKeysWith: { a, _ in a })
        let all = try web.db.extensions()
        let pending = all.filter { $0.status == .pending }.map { extensionRow($0, byId) }
        let decided = all.filter { $0.status != .pending }.reversed().map { extensionRow($0, byId) }
        return page(request, context, "office-extensions", "延期审批", [
            "pending": pending, "noPending": pending.isEmpty, "decided": decided, "noDecided": decided.isEmpty,
        ])
    }

    /// Approves (note optional) or rejects (note required) a request, dated today.
    func decide(_ request: Request, _ context: AppContext, _ approve: Bool) throws -> Response {
        let id = try web.id(context)
        try web.db.decideExtension(id, approve: approve, note: context.fields["note"], on: web.today(),
                                   by: context.actor(request))
        return done("/extensions", approve ? "已批准延期申请 #\(id)。" : "已驳回延期申请 #\(id)。")
    }

    // MARK: - 反馈表

    /// Units with open tasks, each with its form as XLSX or CSV, and the upload of a filled form.
    func forms(_ request: Request, _ context: AppContext, problems: (String, [String])? = nil) throws -> Response {
        let q = request.uri.queryParameters
        let day = try asOf(q.get("asOf")), planId = q.get("plan").flatMap { Int64($0) }
        let query = "plan=\(planId.map(String.init) ?? "")&asOf=\(day.iso)"
        let units: [[String: Any]] = try web.db.openTaskCounts(planId: planId, asOf: day).map { unit, open in
            let path = "/forms/\(Self.encode(unit))"
            return ["name": unit, "open": open, "xlsx": "\(path)?format=xlsx&\(query)", "csv": "\(path)?format=csv&\(query)"]
        }
        let plans = try web.db.plans().map { ["id": $0.plan.id ?? 0, "title": $0.plan.title, "selected": $0.plan.id == planId] }
        var values: [String: Any] = ["asOf": day.iso, "units": units, "empty": units.isEmpty, "plans": plans]
        if let problems { values["problem"] = ["message": problems.0, "list": problems.1] as [String: Any] }
        return page(request, context, "office-forms", "反馈表", values, status: problems == nil ? .ok : .badRequest)
    }

    /// One unit's feedback form (`?format=xlsx|csv&plan=&asOf=`).
    func formDownload(_ request: Request, _ context: AppContext) throws -> Response {
        let q = request.uri.queryParameters
        let day = try asOf(q.get("asOf")), planId = q.get("plan").flatMap { Int64($0) }
        let (name, tasks) = try web.db.formTasks(unit: try unitParameter(context), planId: planId, asOf: day)
        guard !tasks.isEmpty else { throw WebError.notFound("“\(name)”没有未完成的任务，未生成反馈表。") }
        let title = try planId.flatMap { id in try web.db.plans().first { $0.plan.id == id }?.plan.title }
        let sheet = FeedbackForm.sheet(unit: name, planTitle: title, tasks: tasks, asOf: day)
        let base = "反馈表-\(Self.safe(name))-\(day.iso)"
        switch q.get("format") ?? "xlsx" {
        case "xlsx":
            return Pages.download(try XlsxWriter.workbook([sheet]), name: base + ".xlsx",
                                  type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        case "csv": return Pages.download(CSVWriter.data(sheet), name: base + ".csv", type: "text/csv; charset=utf-8")
        default: throw WebError.badRequest("格式只能是 xlsx 或 csv。")
        }
    }

    /// Applies a filled form, all rows or none; the problems are listed by row.
    func formImport(_ request: Request, _ context: AppContext) throws -> Response {
        guard let data = context.fields.file, !data.isEmpty else { throw WebError.badRequest("请选择填好的反馈表文件（.xlsx 或 .csv）。") }
        do {
            let form = try FeedbackForm.read(data: data, name: context.fields.fileName ?? "反馈表", asOf: web.today())
            let (reports, extensions, superseded) = try web.db.applyFeedback(form, by: context.actor(request))
            return done("/forms", FeedbackForm.summary(form, reports: reports, extensions: extensions, superseded: superseded))
        } catch let error as FormError {
            guard case .problems(let file, let list) = error else {
                let message = error.description.replacingOccurrences(of: "使用 duban forms export 导出的表格", with: "使用本页下载的反馈表")
                return try forms(request, context, problems: (message, []))
            }
            let message = "\(file) 有 \(list.count) 处问题，整张表都没有导入，请改正后重新导入："
            return try forms(request, context, problems: (message, list.map(\.description)))
        }
    }

    // MARK: - 催办通知

    /// The notices units would get as of `?asOf=` (per plan, as the CLI writes them).
    func built(_ request: Request, unit only: String? = nil) throws -> (Day, [(plan: Int64, notice: UrgingNotice)]) {
        let q = request.uri.queryParameters
        let day = try asOf(q.get("asOf")), replyBy = try q.get("replyBy").flatMap { $0.isEmpty ? nil : try asOf($0) }
        let planId = q.get("plan").flatMap { Int64($0) }
        var out: [(plan: Int64, notice: UrgingNotice)] = []
        for p in try web.db.plans() where planId == nil || p.plan.id == planId {
            let rows = try web.db.statuses(planId: p.plan.id, asOf: day)
            for n in UrgingNotice.buildAll(planTitle: p.plan.title, issuer: p.plan.issuer, asOf: day, rows: rows,
                                           replyBy: replyBy, only: only) {
                out.append((p.plan.id ?? 0, n))
            }
        }
        return (day, out)
    }

    /// The units that would get a notice, each downloadable.
    func notices(_ request: Request, _ context: AppContext) throws -> Response {
        let (day, list) = try built(request)
        let reply = request.uri.queryParameters.get("replyBy") ?? ""
        let query = "&asOf=\(day.iso)" + (reply.isEmpty ? "" : "&replyBy=\(Self.encode(reply))")
        let rows: [[String: Any]] = list.map { plan, n in
            ["unit": n.unit, "plan": n.planTitle, "items": n.items.count,
             "overdue": n.items.filter { $0.overdueDays != nil }.count,
             "href": "/notices/\(Self.encode(n.unit))?plan=\(plan)\(query)"]
        }
        return page(request, context, "office-notices", "催办通知",
                    ["asOf": day.iso, "replyBy": reply, "notices": rows, "empty": rows.isEmpty])
    }

    /// One unit's notice as a printable HTML file.
    func noticeDownload(_ request: Request, _ context: AppContext) throws -> Response {
        let unit = try web.db.canonicalUnitName(try unitParameter(context))
        let (day, list) = try built(request, unit: unit)
        guard let n = list.first?.notice else { throw WebError.notFound("截至 \(day.iso)，“\(unit)”没有逾期或即将到期的任务，无需催办。") }
        return Pages.download(Data(UrgingNotice.html(n).utf8), name: "催办通知-\(Self.safe(unit))-\(day.iso).html",
                              type: "text/html; charset=utf-8")
    }

    // MARK: - Helpers

    /// A page with the flash message of the POST that led here, if any (shown once).
    func page(_ request: Request, _ context: AppContext, _ template: String, _ title: String, _ values: [String: Any],
              status: HTTPResponse.Status = .ok) -> Response {
        var values = values
        let flash = request.cookies[Self.flashCookie]?.value.removingPercentEncoding
        if let flash, !flash.isEmpty { values["flash"] = flash }
        var response = web.pages.page(template, title: title, context: context, values: values, status: status)
        if flash != nil { response.headers.append(Self.flash("", maxAge: 0)) }
        return response
    }

    /// Redirect after a successful POST, carrying its result message.
    func done(_ location: String, _ message: String) -> Response {
        var response = Pages.redirect(location)
        response.headers.append(Self.flash(Self.encode(message), maxAge: 120))
        return response
    }

    static func flash(_ value: String, maxAge: Int) -> HTTPField {
        HTTPField(name: .setCookie, value: "\(flashCookie)=\(value); Max-Age=\(maxAge); Path=/; HttpOnly; SameSite=Strict")
    }

    /// The `asOf` query value, today when absent.
    func asOf(_ text: String?) throws -> Day { try web.day(text) ?? web.today() }

    /// The `:unit` path segment, percent-decoded.
    func unitParameter(_ context: AppContext) throws -> String {
        guard let unit = context.parameters.get("unit")?.removingPercentEncoding, !unit.isEmpty else {
            throw WebError.notFound("地址不正确。")
        }
        return unit
    }

    /// Percent-encodes all but ASCII letters, digits and `-._`: safe in a path, a query and a cookie.
    static func encode(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "" }
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._")

    /// File-name-safe text.
    static func safe(_ s: String) -> String { String(s.map { "/\\:*?\"<>|".contains($0) ? "_" : $0 }) }

    static func time(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: date)
    }
}
