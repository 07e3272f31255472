import DubanCore
import Foundation
import Hummingbird

/// Leadership's pages (read only) and the report downloads: the dashboard, the quarterly
/// report page (the same content as the HTML report) and its HTML/CSV/XLSX files.
struct ReportController {
    let web: Web

    func add(to router: Router<AppContext>) {
        router.get("/dashboard") { request, context -> Response in try dashboard(request, context) }
        router.get("/reports") { _, context -> Response in try list(context) }
        router.get("/reports/:plan/:quarter") { request, context -> Response in try reportPage(request, context) }
        router.get("/reports/:plan/:quarter/download") { request, context -> Response in try download(request, context) }
    }

    func plan(_ context: AppContext, _ id: Int64?, plans known: [PlanInfo]? = nil) throws -> PlanInfo {
        let plans = try known ?? web.db.plans()
        guard let p = id.map({ id in plans.first { $0.plan.id == id } }) ?? Self.defaultPlan(plans, today: web.today()) else {
            throw WebError.notFound("还没有导入任何方案。")
        }
        return p
    }

    /// The plan a page shows when none is chosen: the newest plan of the current year, else the
    /// newest plan of the latest year (not simply the last imported, which may be an old one).
    static func defaultPlan(_ plans: [PlanInfo], today: Day) -> PlanInfo? {
        let newestFirst = plans.sorted { ($0.plan.id ?? 0) > ($1.plan.id ?? 0) }
        if let current = newestFirst.first(where: { $0.plan.year == today.year }) { return current }
        return newestFirst.max { $0.plan.year < $1.plan.year }  // max keeps the first of equals: the newest
    }

    /// The quarter of a plan's own year that its dashboard shows, and the day it speaks for:
    /// today's quarter in the plan's year; the last quarter of a past year, as of its end; the
    /// first quarter of a year still to come.
    static func dashboardQuarter(planYear: Int, today: Day) -> (quarter: Quarter, asOf: Day) {
        let quarter: Quarter
        if planYear == today.year {
            quarter = Quarter(containing: today)
        } else {
            quarter = Quarter(year: planYear, number: planYear < today.year ? 4 : 1) ?? Quarter(containing: today)
        }
        return (quarter, quarter.defaultAsOf(today: today))
    }

    func quarter(_ context: AppContext) throws -> Quarter {
        guard let q = context.parameters.get("quarter").flatMap(Quarter.init) else { throw WebError.notFound("季度应写成 2018Q3。") }
        return q
    }

    /// Totals, the per-unit table and chart of the current quarter, as of today (for a plan of
    /// another year, a quarter of that year: see `dashboardQuarter`).
    func dashboard(_ request: Request, _ context: AppContext) throws -> Response {
        _ = try context.require(.admin, .viewer)
        let plans = try web.db.plans()
        let p = try plan(context, request.uri.queryParameters.get("plan").flatMap { Int64($0) }, plans: plans)
        let (quarter, day) = Self.dashboardQuarter(planYear: p.plan.year, today: web.today())
        let report = try web.db.quarterlyReport(planId: p.plan.id!, quarter: quarter, asOf: day)
        return web.pages.page("dashboard", title: "进度总览", context: context, values: [
            "plans": plans.map { ["id": $0.plan.id ?? 0, "title": $0.plan.title, "year": $0.plan.year, "selected": $0.plan.id == p.plan.id] },
            "planTitle": p.plan.title, "planId": p.plan.id ?? 0, "quarter": report.quarter.description, "quarterLabel": report.quarter.label,
            "report": HTMLReport.body(report), "css": HTMLReport.css,
        ])
    }

    /// Plans with links to their quarterly reports.
    func list(_ context: AppContext) throws -> Response {
        _ = try context.require(.admin, .viewer)
        let today = web.today()
        let rows: [[String: Any]] = try web.db.plans().map { p in
            let quarters = (1...4).compactMap { Quarter(year: p.plan.year, number: $0) }.filter { $0.start <= today }
            return ["id": p.plan.id ?? 0, "title": p.plan.title, "year": p.plan.year, "tasks": p.taskCount,
                    "quarters": (quarters.isEmpty ? [Quarter(year: p.plan.year, number: 1)!] : quarters).map { ["q": $0.description, "label": $0.label] }]
        }
        return web.pages.page("reports", title: "季度报告", context: context, values: ["plans": rows, "empty": rows.isEmpty,
                                                                                  "isAdmin": context.session?.user.role == .admin])
    }

    /// The quarterly report page with a print button and the downloads; without `?asOf=` as of
    /// today while the quarter runs, its last day after.
    func reportPage(_ request: Request, _ context: AppContext) throws -> Response {
        _ = try context.require(.admin, .viewer)
        let p = try plan(context, try web.id(context, "plan"))
        let q = try quarter(context)
        let asOf = try web.day(request.uri.queryParameters.get("asOf")) ?? q.defaultAsOf(today: web.today())
        let report = try web.db.quarterlyReport(planId: p.plan.id!, quarter: q, asOf: asOf)
        return web.pages.page("report", title: "\(q.label)报告", context: context, values: [
            "planId": p.plan.id ?? 0, "quarter": q.description, "asOf": report.asOf.iso, "report": HTMLReport.body(report),
            "css": HTMLReport.css, "tables": ReportTables.sheets(report).map { ["name": $0.name] },
        ])
    }

    /// The report as an HTML, XLSX or CSV (one table) file.
    func download(_ request: Request, _ context: AppContext) throws -> Response {
        _ = try context.require(.admin, .viewer)
        let p = try plan(context, try web.id(context, "plan"))
        let q = try quarter(context)
        let query = request.uri.queryParameters
        let asOf = try web.day(query.get("asOf")) ?? q.defaultAsOf(today: web.today())
        let report = try web.db.quarterlyReport(planId: p.plan.id!, quarter: q, asOf: asOf)
        let base = "\(p.plan.title)-\(q)"
        switch query.get("format") ?? "html" {
        case "html":
            return Pages.download(Data(HTMLReport.document(report).utf8), name: "\(base)-季度报告.html", type: "text/html; charset=utf-8")
        case "xlsx":
            return Pages.download(try XlsxWriter.workbook(ReportTables.sheets(report)), name: "\(base)-季度报告.xlsx",
                                  type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        case "csv":
            let name = query.get("table") ?? ReportTables.unitsName
            guard let sheet = ReportTables.sheets(report).first(where: { $0.name == name }) else { throw WebError.notFound("没有“\(name)”这张表。") }
            let encoding: CSVWriter.Encoding = query.get("encoding") == "gb18030" ? .gb18030 : .utf8BOM
            return Pages.download(CSVWriter.data(sheet, encoding: encoding), name: "\(base)-\(name).csv", type: "text/csv; charset=utf-8")
        default:
            throw WebError.badRequest("格式只能是 html、xlsx 或 csv。")
        }
    }
}
