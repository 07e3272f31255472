import DubanCore
@testable import DubanWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Pages keep what the user chose or has (the report form's state, filters, the plan shown),
/// say when a form was saved, and speak for the right day and year.
@Suite("Page state", .serialized)
struct PageStateTests {
    /// The selected `<option>`s of a page, as (value, label) text: `value="done" selected>已完成`.
    static func selected(_ body: String) -> [String] {
        body.components(separatedBy: "<option").dropFirst().compactMap { option in
            let tag = option.prefix { $0 != "<" }
            return tag.contains(" selected>") ? String(tag) : nil
        }
    }

    /// A second plan, of 2014 (the sample prose notice in Imports/), imported after the fixture's 2018 plan.
    static func addPlanOf2014(_ f: WebFixture) throws -> Int64 {
        let imports = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Imports")
        let r = try PlanImporter.read(path: imports.appendingPathComponent("南充市2014年政府信息公开回应关切通知（繁体）.txt").path)
        #expect(r.draft.year == 2014)
        _ = try f.db.importPlan(r.draft, sha256: r.sha256)
        return try #require(try f.db.plans().first { $0.plan.year == 2014 }?.plan.id)
    }

    @Test("the report form starts from the unit's own state: a later note does not undo 已完成")
    func reportFormPreselectsTheUnitsState() async throws {
        let f = try await WebFixture()
        let s = try f.session("hotline")
        try await f.app.test(.router) { client in
            let fresh = String(buffer: try await client.get("/tasks/74", as: s).body)
            #expect(Self.selected(fresh).isEmpty)  // 未开始 is no choice of the form: the first (推进中) shows
            _ = try await client.post("/tasks/74/report", as: s, ["state": "done", "note": "已整合", "version": "\(try f.db.task(74).version)"])
            let page = String(buffer: try await client.get("/tasks/74", as: s).body)
            #expect(Self.selected(page) == [#" value="done" selected>已完成"#])
            // What a browser sends when the unit only adds a note: the preselected state.
            _ = try await client.post("/tasks/74/report", as: s, ["state": "done", "note": "补充：附件已上传", "version": "\(try f.db.task(74).version)"])
        }
        let status = try #require(try f.db.status(taskId: 74, asOf: WebFixture.today))
        #expect(status.status.state == .done)
    }

    @Test("after 提交 and 提交申请 the task page says it was saved")
    func confirmationsAfterTheRedirect() async throws {
        let f = try await WebFixture()
        let s = try f.session("hotline")
        try await f.app.test(.router) { client in
            let saved = try await client.post("/tasks/74/report", as: s, ["state": "inProgress", "note": "进行中", "version": "\(try f.db.task(74).version)"])
            let location = try #require(saved.headers[.location])
            #expect(location == "/tasks/74?saved=1")
            let afterSave = String(buffer: try await client.get(location, as: s).body)
            #expect(afterSave.contains("<p class=\"ok\" role=\"status\">已提交：报送已保存"))
            let asked = try await client.post("/tasks/74/extension", as: s, ["to": "2018-10-31", "reason": "等待市级平台"])
            let next = try #require(asked.headers[.location])
            #expect(next == "/tasks/74?extension=1")
            let afterAsking = String(buffer: try await client.get(next, as: s).body)
            #expect(afterAsking.contains("已提交：延期申请已送办公室审批"))
            let plain = String(buffer: try await client.get("/tasks/74", as: s).body)
            #expect(!plain.contains("已提交："))
        }
    }

    @Test("a refused report or extension shows the task page again with the reason and what was typed")
    func refusedFormsKeepWhatWasTyped() async throws {
        let f = try await WebFixture()
        let s = try f.session("hotline")
        try await f.app.test(.router) { client in
            let version = "\(try f.db.task(74).version)"
            // 暂缓 needs a reason: the percent and evidence typed stay in the form.
            let onHold = try await client.post("/tasks/74/report", as: s, ["state": "onHold", "note": "", "percent": "40",
                                                                           "evidence": "会议纪要<1>.pdf", "version": version])
            #expect(onHold.status == .badRequest)
            let page = String(buffer: onHold.body)
            #expect(page.contains("没有保存：报“暂缓”必须写明原因。"), "\(page)")
            #expect(page.contains(#"name="percent" type="number" min="0" max="100" value="40""#))
            #expect(page.contains(#"value="会议纪要&lt;1&gt;.pdf""#))
            #expect(Self.selected(page) == [#" value="onHold" selected>暂缓"#])
            // A percent that is no number: the note typed is kept.
            let bad = try await client.post("/tasks/74/report", as: s, ["state": "inProgress", "note": "已完成账号摸底", "percent": "六十",
                                                                        "version": version])
            #expect(bad.status == .badRequest)
            #expect(String(buffer: bad.body).contains("placeholder=\"本期做了什么、还差什么（报“暂缓”须写明原因）\">已完成账号摸底</textarea>"))
            // An extension without a reason: the date stays.
            let ext = try await client.post("/tasks/74/extension", as: s, ["to": "2018-10-31", "reason": ""])
            #expect(ext.status == .badRequest)
            let extPage = String(buffer: ext.body)
            #expect(extPage.contains(#"name="to" type="date" required value="2018-10-31""#), "\(extPage)")
            #expect(extPage.contains("没有保存："))
            // Nothing was stored.
            #expect(try f.db.history(taskId: 74).reports.isEmpty)
            #expect(try f.db.history(taskId: 74).extensions.isEmpty)
        }
    }

    @Test("我的任务 keeps the chosen category and state selected")
    func myTaskFiltersKeepTheirChoice() async throws {
        let f = try await WebFixture()
        let s = try f.session("hotline")
        let category = try #require(try f.db.statuses(unit: "区长热线办", asOf: WebFixture.today).first { !$0.task.category.isEmpty }?.task.category)
        let query = category.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        try await f.app.test(.router) { client in
            let body = String(buffer: try await client.get("/my?category=\(query)&state=notStarted", as: s).body)
            #expect(Self.selected(body) == [" selected>\(HTML.escape(category))", #" value="notStarted" selected>未开始"#])
            let all = String(buffer: try await client.get("/my", as: s).body)
            #expect(Self.selected(all).isEmpty)
        }
    }

    @Test("a running quarter's report speaks for today, a past one for its last day, ?asOf= as given")
    func reportDefaultsToTodayWhileTheQuarterRuns() async throws {
        let f = try await WebFixture()  // today is 2018-09-20
        let s = try f.session("leader")
        try await f.app.test(.router) { client in
            var days: [String: String] = [:]
            for uri in ["/reports/1/2018Q3", "/reports/1/2018Q3/download?format=html", "/reports/1/2018Q2",
                        "/reports/1/2018Q3?asOf=2018-09-30", "/reports/1/2018Q3/download?format=html&asOf=2018-09-30"] {
                let body = String(buffer: try await client.get(uri, as: s).body)
                days[uri] = body.components(separatedBy: "<dt>截至</dt><dd>").dropFirst().first.map { String($0.prefix(10)) }
            }
            #expect(days["/reports/1/2018Q3"] == "2018-09-20")
            #expect(days["/reports/1/2018Q3/download?format=html"] == "2018-09-20")
            #expect(days["/reports/1/2018Q2"] == "2018-06-30")
            #expect(days["/reports/1/2018Q3?asOf=2018-09-30"] == "2018-09-30")
            #expect(days["/reports/1/2018Q3/download?format=html&asOf=2018-09-30"] == "2018-09-30")
        }
        #expect(Quarter("2018Q3")!.defaultAsOf(today: Day(iso: "2018-09-20")!) == Day(iso: "2018-09-20"))
        #expect(Quarter("2018Q3")!.defaultAsOf(today: Day(iso: "2019-01-05")!) == Day(iso: "2018-09-30"))
    }

    @Test("the 工作台 lists a task whose deadline holds no date under 无完成时限, and only then")
    func workbenchListsUndatedTasks() async throws {
        let f = try await WebFixture()
        let s = try f.session("office")
        try await f.app.test(.router) { client in
            let before = String(buffer: try await client.get("/office", as: s).body)
            #expect(!before.contains("无完成时限"))
            try f.db.editTask(taskId: 74, deadlineText: "视上级部署而定", reason: "测试", by: Actor(name: "测试", source: "test"))
            let after = String(buffer: try await client.get("/office", as: s).body)
            let section = try #require(after.components(separatedBy: "<h2>无完成时限").dropFirst().first)
            #expect(section.contains("href=\"/tasks/74\"") && section.contains("视上级部署而定"))
            let task = String(buffer: try await client.get("/tasks/74", as: s).body)
            #expect(task.contains("未定完成时限"))
        }
    }

    @Test("the dashboard shows the plan of the current year and marks the plan shown; each plan links its own year")
    func dashboardPlanOfTheCurrentYear() async throws {
        let f = try await WebFixture()
        let old = try Self.addPlanOf2014(f)  // imported last: the highest id
        let s = try f.session("leader")
        try await f.app.test(.router) { client in
            let dashboard = String(buffer: try await client.get("/dashboard", as: s).body)
            #expect(Self.selected(dashboard).map { $0.hasPrefix(#" value="1" selected>2018 "#) } == [true])
            #expect(dashboard.contains("href=\"/reports/1/2018Q3\""))
            let chosen = String(buffer: try await client.get("/dashboard?plan=\(old)", as: s).body)
            #expect(Self.selected(chosen).map { $0.hasPrefix(#" value="\#(old)" selected>2014 "#) } == [true])
            #expect(chosen.contains("href=\"/reports/\(old)/2014Q4\""))
            #expect(!chosen.contains("2018Q3"))
            let list = String(buffer: try await client.get("/reports", as: s).body)
            #expect(list.contains("href=\"/reports/\(old)/2014Q4\""))
            #expect(!list.contains("href=\"/reports/\(old)/2018"))
        }
        let plans = try f.db.plans()
        #expect(ReportController.defaultPlan(plans, today: Day(iso: "2018-09-20")!)?.plan.year == 2018)
        #expect(ReportController.defaultPlan(plans, today: Day(iso: "2020-01-01")!)?.plan.year == 2018)  // the latest year
        #expect(ReportController.defaultPlan(plans, today: Day(iso: "2014-05-01")!)?.plan.id == old)
    }
}
