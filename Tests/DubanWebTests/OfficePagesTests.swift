import DubanCore
import DubanWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The office's pages: who may open them, the import round trip, the registry, extension
/// approvals, feedback forms and urging notices, driven through the real router.
@Suite("Office pages", .serialized)
struct OfficePagesTests {
    static let pages = ["/office", "/plans", "/plans/1", "/plans/1?light=red&unit=\(enc("区长热线办"))", "/import", "/units", "/extensions",
                        "/forms", "/notices?asOf=2018-10-01", "/forms/\(enc("区长热线办"))?format=xlsx",
                        "/notices/\(enc("区长热线办"))?asOf=2018-10-01"]

    @Test(arguments: pages)
    func onlyTheOfficeMayOpen(_ path: String) async throws {
        let f = try await WebFixture()
        try await f.app.test(.router) { client in
            #expect(try await client.get(path, as: f.session("office")).status == .ok, "\(path) as admin")
            for name in ["leader", "hotline"] {
                let r = try await client.get(path, as: f.session(name))
                #expect(r.status == .forbidden, "\(path) as \(name)")
                #expect(String(buffer: r.body).contains("没有权限"))
            }
            #expect(try await client.get(path, as: nil).status == .seeOther)
        }
    }

    @Test(arguments: ["/plans/99999", "/notices/\(enc("不存在的单位"))", "/forms/\(enc("不存在的单位"))"])
    func unknownIdsAreChinese404Pages(_ path: String) async throws {
        let f = try await WebFixture()
        try await f.app.test(.router) { client in
            let r = try await client.get(path, as: f.session("office"))
            #expect(r.status == .notFound)
            #expect(String(buffer: r.body).contains("不存在"))
        }
    }

    @Test func workbenchShowsWhatWaitsForTheOffice() async throws {
        let f = try await WebFixture()
        let actor = Actor(name: "test", source: "test")
        _ = try f.db.report(taskId: 74, unit: "区长热线办", state: .done, note: "已整合", asOf: WebFixture.today, by: actor)
        _ = try f.db.requestExtension(taskId: 76, unit: "区长热线办", to: Day(iso: "2019-01-31")!, reason: "等待市级平台",
                                      on: WebFixture.today, by: actor)
        try await f.app.test(.router) { client in
            let body = String(buffer: try await client.get("/office", as: f.session("office")).body)
            #expect(body.contains("任务</b> 93 项"))
            #expect(body.contains("href=\"/tasks/74\""))  // waiting to be closed
            #expect(body.contains("等待市级平台"))
            #expect(body.contains("/plans/1?light=red"))
            let awaiting = try f.db.statuses(asOf: WebFixture.today).filter(\.status.awaitingTrigger)
            #expect(!awaiting.isEmpty)
            #expect(awaiting.allSatisfy { body.contains("href=\"/tasks/\($0.task.id)\"") })
        }
    }

    @Test func planTasksFilterByLightUnitAndState() async throws {
        let f = try await WebFixture()
        let s = try f.session("office")
        try await f.app.test(.router) { client in
            let unit = String(buffer: try await client.get("/plans/1?unit=\(enc("区长热线办"))", as: s).body)
            #expect(unit.contains("/tasks/74\""))
            #expect(!unit.contains("/tasks/12\""))
            let red = try f.db.statuses(planId: 1, asOf: WebFixture.today).filter { $0.status.light == .red }
            let page = String(buffer: try await client.get("/plans/1?light=red", as: s).body)
            #expect(page.contains("显示 \(red.count) / 93 项"))
            let unknown = try await client.get("/plans/1?unit=\(enc("没有这个局"))", as: s)
            #expect(unknown.status == .ok)
            #expect(String(buffer: unknown.body).contains("没有名为“没有这个局”的单位"))
            #expect(String(buffer: try await client.get("/plans/1?state=closed", as: s).body).contains("没有符合条件的任务"))
        }
    }

    @Test func uploadPreviewConfirmRoundTrip() async throws {
        let f = try await WebFixture()
        let s = try f.session("office")
        let docx = try #require(FileManager.default.contents(atPath: WebFixture.guandu.replacingOccurrences(of: "plan.txt", with: "plan.docx")))
        try await f.app.test(.router) { client in
            // The same plan as a .docx: a revision of the stored one that changes nothing.
            let preview = try await client.upload("/import", as: s, file: docx, name: "plan.docx")
            #expect(preview.status == .ok)
            let body = String(buffer: preview.body)
            #expect(body.contains("修订对比"))
            #expect(body.contains("未变 93"))
            let token = try #require(stagedToken(in: body))
            #expect(try f.db.plans().count == 1)  // nothing written by the preview
            let confirmed = try await client.post("/import/confirm", as: s, ["token": token])
            #expect(confirmed.status == .seeOther)
            #expect(confirmed.headers[.location] == "/plans/1")
            #expect(String(buffer: try await client.follow(confirmed, as: s).body).contains("内容与已导入的方案相同"))
            #expect(try f.db.plans().map(\.taskCount) == [93])
            #expect(try await client.post("/import/confirm", as: s, ["token": token]).status == .notFound)  // used up

            // A different, small plan as CSV: a second plan is created.
            let csv = """
                某区2019年重点工作分工方案
                序号,工作任务,具体要求,牵头单位,完成时限
                1,优化营商环境,推进<b>一网通办</b>改革,区政务服务局,6月底前
                2,改善民生,新建社区养老服务中心3个,区民政局牵头，区财政局配合,12月底前
                """
            let second = try await client.upload("/import", as: s, file: Data(csv.utf8), name: "2019.csv")
            let page = String(buffer: second.body)
            #expect(second.status == .ok)
            #expect(page.contains("某区2019年重点工作分工方案"))
            #expect(page.contains("区政务服务局") && page.contains("2019-06-30"))
            #expect(page.contains("&lt;b&gt;一网通办") && !page.contains("<b>一网通办"))
            #expect(!page.contains("修订对比"))
            let created = try await client.post("/import/confirm", as: s, ["token": try #require(stagedToken(in: page))])
            #expect(created.status == .seeOther)
            let plans = try f.db.plans()
            #expect(plans.count == 2)
            let id = try #require(plans.first { $0.plan.year == 2019 }?.plan.id)
            #expect(created.headers[.location] == "/plans/\(id)")
            let shown = String(buffer: try await client.follow(created, as: s).body)
            #expect(shown.contains("已导入：方案编号 \(id)，2 项任务"))
            #expect(shown.contains("新建社区养老服务中心3个"))
        }
    }

    @Test("责任领导: shown in the preview and on the task page, and a filter of the plan's task list")
    func leaderColumn() async throws {
        let f = try await WebFixture()
        let s = try f.session("office")
        let csv = """
            某区2019年重点工作分工方案
            序号,工作任务,牵头单位,责任领导,完成时限
            1,推进一网通办改革,区政务服务局,张三副区长,6月底前
            2,新建社区养老服务中心3个,区民政局,李四副区长,12月底前
            3,改造老旧小区10个,区住建局,张三副区长,12月底前
            """
        try await f.app.test(.router) { client in
            let preview = String(buffer: try await client.upload("/import", as: s, file: Data(csv.utf8), name: "2019.csv").body)
            #expect(preview.contains("<th>责任领导</th>") && preview.contains("<td>李四副区长</td>"))
            let created = try await client.post("/import/confirm", as: s, ["token": try #require(stagedToken(in: preview))])
            let id = try #require(try f.db.plans().first { $0.plan.year == 2019 }?.plan.id)
            #expect(created.headers[.location] == "/plans/\(id)")
            let all = String(buffer: try await client.get("/plans/\(id)", as: s).body)
            #expect(all.contains("<select name=\"leader\">") && all.contains("显示 3 / 3 项"))
            let zhang = String(buffer: try await client.get("/plans/\(id)?leader=\(enc("张三副区长"))", as: s).body)
            #expect(zhang.contains("显示 2 / 3 项") && !zhang.contains("新建社区养老服务中心3个"))
            let taskId = try #require(try f.db.tasks(planId: id).first { $0.seq == "2" }?.id)
            let task = String(buffer: try await client.get("/tasks/\(taskId)", as: s).body)
            #expect(task.contains("<b>责任领导：</b>李四副区长"))
            // The seed plan names no leaders: no filter there.
            #expect(!String(buffer: try await client.get("/plans/1", as: s).body).contains("name=\"leader\""))
        }
    }

    @Test("a PDF plan uploaded in the browser is previewed like any other file")
    func pdfUploadPreview() async throws {
        let f = try await WebFixture()
        let s = try f.session("office")
        let pdf = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("DubanCoreTests/Fixtures/layouts/x38-pdf-table-centred.pdf")
        let data = try Data(contentsOf: pdf)
        try await f.app.test(.router) { client in
            let preview = try await client.upload("/import", as: s, file: data, name: "分工方案.pdf")
            #expect(preview.status == .ok)
            let body = String(buffer: preview.body)
            #expect(body.contains("某区2023年重点工作任务分工方案") && body.contains("区政务服务局") && body.contains("2023-06-30"))
            #expect(body.contains("name=\"token\""))
        }
    }

    @Test func uploadsThatAreNotPlansAreRefused() async throws {
        let f = try await WebFixture()
        let s = try f.session("office")
        let before = try f.db.rowCounts()
        var random = SystemRandomNumberGenerator()
        let noise = Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &random) })
        try await f.app.test(.router) { client in
            let bad = try await client.upload("/import", as: s, file: noise, name: "x.docx")
            #expect(bad.status == .badRequest)
            #expect(String(buffer: bad.body).contains("x.docx"))
            #expect(String(buffer: bad.body).contains("请另存为") || String(buffer: bad.body).contains("已损坏"))
            #expect(!String(buffer: bad.body).contains("name=\"token\""))
            let empty = try await client.upload("/import", as: s, file: Data(), name: "empty.docx")
            #expect(empty.status == .badRequest)
            #expect(String(buffer: empty.body).contains("是空的"))
            let badYear = try await client.upload("/import", as: s, file: Data("x".utf8), name: "a.txt", fields: ["year": "明年"])
            #expect(badYear.status == .badRequest)
            #expect(String(buffer: badYear.body).contains("四位数字"))
            let undated = Data("某区重点工作分工方案\n序号,工作任务,具体要求,牵头单位,完成时限\n1,改革,推进改革,区民政局,6月底前\n".utf8)
            let noYear = try await client.upload("/import", as: s, file: undated, name: "undated.csv")
            #expect(noYear.status == .badRequest)
            #expect(String(buffer: noYear.body).contains("请在下方“年度”一栏填写"))
            let withYear = try await client.upload("/import", as: s, file: undated, name: "undated.csv", fields: ["year": "2020"])
            #expect(String(buffer: withYear.body).contains("2020-06-30"))
            // Cancelled: the staged file is gone.
            let token = try #require(stagedToken(in: String(buffer: withYear.body)))
            #expect(try await client.post("/import/cancel", as: s, ["token": token]).status == .seeOther)
            #expect(try await client.post("/import/confirm", as: s, ["token": token]).status == .notFound)
            let notAForm = try await client.upload("/forms/import", as: s, file: undated, name: "undated.csv")
            #expect(notAForm.status == .badRequest)
            #expect(String(buffer: notAForm.body).contains("不是 Duban 的反馈表"))
        }
        #expect(try f.db.rowCounts() == before)
    }

    @Test("an upload over the size limit is refused with a plain page and writes nothing")
    func uploadsOverTheLimitAreRefused() async throws {
        let f = try await WebFixture()
        let s = try f.session("office")
        let before = try f.db.rowCounts()
        try await f.app.test(.router) { client in
            let big = Data(repeating: 0x20, count: WebLimits.maxUpload + 1)
            let refused = try await client.upload("/import", as: s, file: big, name: "big.csv")
            #expect(refused.status == .contentTooLarge)
            let page = String(buffer: refused.body)
            #expect(page.contains("\(WebLimits.maxUpload / 1_048_576) MB"))
            #expect(!page.contains("name=\"token\""))
        }
        #expect(try f.db.rowCounts() == before)
    }

    @Test("file names carrying markup are shown escaped: refusal, preview and the imported plan")
    func xssInUploadedFileNames() async throws {
        let f = try await WebFixture()
        let s = try f.session("office")
        let script = "<svg onload=alert(1)>.docx"  // no "/": a name is cut to its last path component
        let img = "<img src=x onerror=alert(1)>2019.csv"
        try await f.app.test(.router) { client in
            let refused = try await client.upload("/import", as: s, file: Data("junk".utf8), name: script)
            #expect(refused.status == .badRequest)
            let refusedPage = String(buffer: refused.body)
            #expect(refusedPage.contains("&lt;svg onload=alert(1)&gt;.docx"))
            #expect(!refusedPage.contains("<svg onload"))
            let csv = "某区2019年重点工作分工方案\n序号,工作任务,具体要求,牵头单位,完成时限\n1,改革,推进改革,区民政局,6月底前\n"
            let preview = try await client.upload("/import", as: s, file: Data(csv.utf8), name: img)
            #expect(preview.status == .ok)
            let previewPage = String(buffer: preview.body)
            #expect(!previewPage.contains("<img src=x"))
            let created = try await client.post("/import/confirm", as: s, ["token": try #require(stagedToken(in: previewPage))])
            #expect(created.status == .seeOther)
            for uri in ["/", created.headers[.location] ?? "/"] {
                let page = String(buffer: try await client.get(uri, as: s).body)
                #expect(!page.contains("<img src=x"), "\(uri)")
            }
        }
        #expect(try f.db.plans().contains { $0.plan.sourceFile.contains("<img src=x") })  // kept as given, escaped when shown
    }

    @Test func officePostsNeedTheCSRFToken() async throws {
        let f = try await WebFixture()
        try await f.app.test(.router) { client in
            let r = try await client.post("/units/rename", as: f.session("office"), ["old": "区长热线办", "new": "区热线办"], csrf: "")
            #expect(r.status == .forbidden)
            #expect(String(buffer: r.body).contains("安全校验未通过"))
            let viewer = try await client.post("/units/rename", as: f.session("leader"), ["old": "区长热线办", "new": "区热线办"])
            #expect(viewer.status == .forbidden)
        }
        #expect(try f.db.units().contains { $0.name == "区长热线办" })
    }

    @Test func extensionsAreApprovedAndRejected() async throws {
        let f = try await WebFixture()
        let s = try f.session("office")
        let actor = Actor(name: "hotline", source: "test")
        let first = try f.db.requestExtension(taskId: 74, unit: "区长热线办", to: Day(iso: "2018-10-31")!, reason: "等待市级平台",
                                              on: WebFixture.today, by: actor)
        let second = try f.db.requestExtension(taskId: 77, unit: "区长热线办", to: Day(iso: "2018-12-31")!, reason: "督查推迟",
                                               on: WebFixture.today, by: actor)
        try await f.app.test(.router) { client in
            let page = String(buffer: try await client.get("/extensions", as: s).body)
            #expect(page.contains("等待市级平台") && page.contains("/extensions/\(first)/approve"))
            let approved = try await client.post("/extensions/\(first)/approve", as: s, ["note": "同意"])
            #expect(approved.status == .seeOther)
            #expect(String(buffer: try await client.follow(approved, as: s).body).contains("已批准延期申请 #\(first)"))
            #expect(try await client.post("/extensions/\(first)/reject", as: s, ["note": "晚了"]).status == .badRequest)
            let noReason = try await client.post("/extensions/\(second)/reject", as: s)
            #expect(noReason.status == .badRequest)
            #expect(String(buffer: noReason.body).contains("必须写明原因"))
            #expect(try await client.post("/extensions/\(second)/reject", as: s, ["note": "理由不充分"]).status == .seeOther)
            #expect(try await client.post("/extensions/99999/approve", as: s).status == .notFound)
            #expect(try await client.post("/extensions/\(second)/approve", as: f.session("hotline")).status == .forbidden)
        }
        let decided = try f.db.extensions()
        #expect(decided.map(\.status) == [.approved, .rejected])
        #expect(decided.last?.decisionNote == "理由不充分")
        #expect(try f.db.statuses(planId: 1, asOf: WebFixture.today).first { $0.task.id == 74 }?.status.effectiveDue?.iso == "2018-10-31")
    }

    @Test func unitMergeAndRenameThroughTheWeb() async throws {
        let f = try await WebFixture()
        let s = try f.session("office")
        let departments = try f.db.units().filter { $0.kind == "department" && $0.leadCount > 0 }
            .filter { !["区长热线办", "区科信局"].contains($0.name) }
        let (source, target) = (departments[0].name, departments[1].name)
        let moved = Set(try f.db.tasks(unit: source).map(\.id))
        #expect(!moved.isEmpty)
        try await f.app.test(.router) { client in
            #expect(String(buffer: try await client.get("/units", as: s).body).contains(source))
            let merged = try await client.post("/units/merge", as: s, ["source": source, "target": target])
            #expect(merged.status == .seeOther)
            #expect(String(buffer: try await client.follow(merged, as: s).body).contains("已将“\(source)”合并到“\(target)”"))
            let again = try await client.post("/units/merge", as: s, ["source": target, "target": target])
            #expect(again.status == .badRequest)
            #expect(String(buffer: again.body).contains("合并到它自己"))
            let renamed = try await client.post("/units/rename", as: s, ["old": target, "new": target + "新"])
            #expect(String(buffer: try await client.follow(renamed, as: s).body).contains("原名称保留为别名"))
            #expect(try await client.post("/units/rename", as: s, ["old": "", "new": "x"]).status == .badRequest)
            let members = try await client.post("/units/members", as: s, ["group": "区级各部门", "add": "区财政局、区民政局"])
            #expect(String(buffer: try await client.follow(members, as: s).body).contains("已更新“区级各部门”的成员：新增 2 个，移除 0 个。"))
            let unknown = try await client.post("/units/members", as: s, ["group": "区级各部门", "add": "不存在局"])
            #expect(unknown.status == .notFound)
        }
        let units = try f.db.units()
        #expect(!units.contains { $0.name == source })
        let kept = try #require(units.first { $0.name == target + "新" })
        #expect(kept.aliases.contains(source) && kept.aliases.contains(target))
        #expect(moved.isSubset(of: Set(try f.db.tasks(unit: kept.name).map(\.id))))
        #expect(try f.db.groupMembers("区级各部门") == ["区民政局", "区财政局"].sorted())
    }

    @Test func feedbackFormDownloadAndUploadAllOrNothing() async throws {
        let f = try await WebFixture()
        let s = try f.session("office")
        try await f.app.test(.router) { client in
            let list = String(buffer: try await client.get("/forms", as: s).body)
            #expect(list.contains("区长热线办"))
            let xlsx = try await client.get("/forms/\(enc("区长热线办"))?format=xlsx&asOf=2018-09-20", as: s)
            #expect(xlsx.status == .ok)
            #expect(Array(xlsx.body.readableBytesView.prefix(2)) == Array("PK".utf8))
            #expect(xlsx.headers[.contentDisposition]?.removingPercentEncoding?.hasSuffix("反馈表-区长热线办-2018-09-20.xlsx") == true)
            let csv = try await client.get("/forms/\(enc("区长热线办"))?format=csv", as: s)
            #expect(String(buffer: csv.body).contains("任务编号"))

            let header = FeedbackForm.headers.joined(separator: ",")
            let filled = """
                任务进展反馈表　填报单位：区长热线办　截至：2018-09-20
                \(header)
                74,74,整合各类政务热线电话,9月底前,2018-09-30,黄,未开始,推进中,已完成清理,50,,,
                77,77,督查,11月底前,2018-11-30,绿,未开始,乱写,说明,,,,
                """
            let refused = try await client.upload("/forms/import", as: s, file: Data(filled.utf8), name: "反馈表.csv")
            #expect(refused.status == .badRequest)
            let body = String(buffer: refused.body)
            #expect(body.contains("整张表都没有导入"))
            #expect(body.contains("<li>第4行：新状态“乱写”无法识别"))
            #expect(try f.db.history(taskId: 74).reports.isEmpty)

            let good = filled.components(separatedBy: "\n").dropLast().joined(separator: "\n")
            let applied = try await client.upload("/forms/import", as: s, file: Data(good.utf8), name: "反馈表.csv")
            #expect(applied.status == .seeOther)
            #expect(String(buffer: try await client.follow(applied, as: s).body).contains("已导入“区长热线办”的反馈表（截至 2018-09-20）：1 条报送"))
            #expect(try f.db.history(taskId: 74).reports.map(\.note) == ["已完成清理"])
        }
    }

    @Test func urgingNoticesListAndDownload() async throws {
        let f = try await WebFixture()
        let s = try f.session("office")
        try await f.app.test(.router) { client in
            let list = String(buffer: try await client.get("/notices?asOf=2018-10-01", as: s).body)
            #expect(list.contains("区长热线办"))
            #expect(list.contains("/notices/\(enc("区长热线办"))?plan=1&amp;asOf=2018-10-01"))
            let notice = try await client.get("/notices/\(enc("区长热线办"))?asOf=2018-10-01&plan=1", as: s)
            #expect(notice.status == .ok)
            #expect(String(buffer: notice.body).contains("催办通知"))
            #expect(notice.headers[.contentDisposition]?.hasPrefix("attachment") == true)
            #expect(try await client.get("/notices?asOf=2018-13-01", as: s).status == .badRequest)
            // A year no day has: refused with the date message. It used to stop the server
            // (overflow in day arithmetic) on every page that takes ?asOf=.
            let unit = enc("区长热线办")
            for page in ["/notices", "/notices/\(unit)", "/forms", "/forms/\(unit)", "/reports/1/2018Q3", "/reports/1/2018Q3/download"] {
                let huge = try await client.get("\(page)?asOf=9223372036854775807-01-01", as: s)
                #expect(huge.status == .badRequest, "\(page)")
            }
            #expect(try await client.get("/reports/1/0000Q1", as: s).status == .notFound)
            #expect(try await client.get("/reports/1/9999Q4", as: s).status == .ok)
            #expect(try await client.get("/office", as: s).status == .ok)
        }
    }
}

/// Percent-encodes a path segment or query value.
private func enc(_ s: String) -> String {
    s.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")) ?? s
}

/// The staged-import token of a preview page.
private func stagedToken(in page: String) -> String? {
    guard let r = page.range(of: "name=\"token\" value=\"") else { return nil }
    return String(page[r.upperBound...].prefix { $0 != "\"" })
}

extension TestClientProtocol {
    /// A multipart upload of one file (and fields) as a signed-in user, with the CSRF token.
    fileprivate func upload(_ uri: String, as s: (cookie: String, csrf: String), file: Data, name: String,
                            fields: [String: String] = [:]) async throws -> TestResponse {
        let boundary = "----duban-test-\(UUID().uuidString)"
        var body = Data()
        for (key, value) in fields.merging(["_csrf": s.csrf], uniquingKeysWith: { a, _ in a }) {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(key)\"\r\n\r\n\(value)\r\n".utf8))
        }
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
        body.append(file)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        return try await execute(uri: uri, method: .post, headers: [.contentType: "multipart/form-data; boundary=\(boundary)", .cookie: s.cookie],
                                 body: ByteBuffer(bytes: body))
    }

    /// Follows a redirect with the session and the flash cookie it set, as a browser would.
    fileprivate func follow(_ response: TestResponse, as s: (cookie: String, csrf: String)) async throws -> TestResponse {
        let location = try #require(response.headers[.location])
        let flash = response.headers[values: .setCookie].first { $0.hasPrefix("duban_flash=") }.map { String($0.prefix { $0 != ";" }) }
        return try await execute(uri: location, method: .get, headers: [.cookie: s.cookie + (flash.map { "; " + $0 } ?? "")])
    }
}
