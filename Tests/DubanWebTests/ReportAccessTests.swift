import DubanCore
@testable import DubanWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A unit's report decides access inside its own write transaction: the answers (404, 403, then
/// 400) and what is stored must be exactly those of the separate access check it replaced.
@Suite("Report access", .serialized)
struct ReportAccessTests {
    /// Reports and audit rows of a task.
    static func stored(_ f: WebFixture, _ task: Int64) throws -> (reports: Int, audits: Int) {
        ((try? f.db.history(taskId: task).reports.count) ?? 0, try f.db.auditTrail(taskId: task).count)
    }

    @Test func anotherUnitsTaskIsRefusedAndStoresNothing() async throws {
        let f = try await WebFixture()
        let s = try f.session("hotline")
        let before = try Self.stored(f, 12)
        try await f.app.test(.router) { client in
            let r = try await client.post("/tasks/12/report", as: s, ["state": "done", "note": "不是我的任务"])
            #expect(r.status == .forbidden)
            #expect(String(buffer: r.body).contains("这项任务不属于您的单位，不能查看或报送。"))
            // A note (no state) is refused the same way.
            let note = try await client.post("/tasks/12/report", as: s, ["note": "补充说明"])
            #expect(note.status == .forbidden)
        }
        #expect(try Self.stored(f, 12) == before)
    }

    @Test func unknownTaskIsA404() async throws {
        let f = try await WebFixture()
        let s = try f.session("hotline")
        try await f.app.test(.router) { client in
            let r = try await client.post("/tasks/99999/report", as: s, ["state": "inProgress"])
            #expect(r.status == .notFound)
            #expect(String(buffer: r.body).contains("任务 99999 不存在。"))
        }
    }

    @Test func accessIsAnsweredBeforeABadForm() async throws {
        let f = try await WebFixture()
        let s = try f.session("hotline")
        try await f.app.test(.router) { client in
            // Another unit's task, missing task: 403 / 404 even when the form is bad too.
            #expect(try await client.post("/tasks/12/report", as: s, ["state": "nonsense"]).status == .forbidden)
            #expect(try await client.post("/tasks/12/report", as: s, ["state": "done", "percent": "abc"]).status == .forbidden)
            #expect(try await client.post("/tasks/99999/report", as: s, ["state": "nonsense"]).status == .notFound)
            // The unit's own task: the bad form is a 400 with its message.
            let state = try await client.post("/tasks/74/report", as: s, ["state": "nonsense"])
            #expect(state.status == .badRequest)
            #expect(String(buffer: state.body).contains("状态“nonsense”无法识别。"))
            let percent = try await client.post("/tasks/74/report", as: s, ["state": "done", "percent": "abc"])
            #expect(percent.status == .badRequest)
            #expect(String(buffer: percent.body).contains("完成百分比应为 0 到 100 的整数。"))
            let range = try await client.post("/tasks/74/report", as: s, ["state": "done", "percent": "120"])
            #expect(range.status == .badRequest)
        }
        #expect(try f.db.history(taskId: 74).reports.isEmpty)
    }

    @Test func ownReportIsStoredWithItsAuditRow() async throws {
        let f = try await WebFixture()
        let s = try f.session("hotline")
        let version = try f.db.task(74).version
        try await f.app.test(.router) { client in
            let r = try await client.post("/tasks/74/report", as: s, ["state": "inProgress", "note": "已推进", "percent": "40"])
            #expect(r.status == .seeOther)
            #expect(r.headers[.location] == "/tasks/74?saved=1")
        }
        let reports = try f.db.history(taskId: 74).reports
        #expect(reports.map(\.note) == ["已推进"])
        #expect(reports.first?.percent == 40)
        #expect(reports.first?.unitName == "区长热线办")
        #expect(try f.db.task(74).version == version + 1)
        let audit = try #require(try f.db.auditTrail(taskId: 74).first)
        #expect(audit.action == "report" && audit.actor == "hotline" && audit.source == "web:POST /tasks/74/report")
    }

    /// For every task (and a missing one), as a unit that also belongs to a group: the report's
    /// answer is 404 / 403 exactly where `access(taskId:unit:)` says missing / hidden.
    @Test func answersFollowTheAccessDecisionForEveryTask() async throws {
        let f = try await WebFixture()
        _ = try f.db.setGroupMembers("区级各部门", add: ["区长热线办"], remove: [], by: Actor(name: "test", source: "test"))
        let s = try f.session("hotline")
        let ids = try f.db.statuses(asOf: WebFixture.today).map(\.task.id) + [99999]
        #expect(ids.count > 50)
        try await f.app.test(.router) { client in
            var visible = 0
            for id in ids {
                let access = try f.db.access(taskId: id, unit: "区长热线办")
                let before = try Self.stored(f, id)
                let r = try await client.post("/tasks/\(id)/report", as: s, ["note": "说明 \(id)"])
                switch access {
                case .missing: #expect(r.status == .notFound, "task \(id)")
                case .hidden: #expect(r.status == .forbidden, "task \(id)")
                case .visible:
                    visible += 1
                    #expect(r.status != .forbidden && r.status != .notFound, "task \(id)")
                }
                if r.status != .seeOther { #expect(try Self.stored(f, id) == before, "task \(id)") }
            }
            #expect(visible > 4)  // its own tasks and the group's
        }
    }

    @Test func aCoUnitMayAddANoteButNotAState() async throws {
        let f = try await WebFixture()
        let s = try f.session("kexin")
        #expect(try f.db.access(taskId: 66, unit: "区科信局") == .visible)
        try await f.app.test(.router) { client in
            #expect(try await client.post("/tasks/66/report", as: s, ["note": "配合情况"]).status == .seeOther)
            let state = try await client.post("/tasks/66/report", as: s, ["state": "done"])
            #expect(state.status == .badRequest)
            #expect(String(buffer: state.body).contains("不是任务"))
        }
        #expect(try f.db.history(taskId: 66).reports.map(\.kind) == [.note])
    }

    @Test func sessionCookieIsFoundAmongOthers() async throws {
        let f = try await WebFixture()
        let s = try f.session("hotline")
        let token = String(s.cookie.dropFirst("duban_session=".count))
        try await f.app.test(.router) { client in
            for header in ["theme=dark; duban_session=\(token); x=1", "duban_session=\(token)", "a=b;  duban_session=\(token)"] {
                let r = try await client.execute(uri: "/my", method: .get, headers: [.cookie: header])
                #expect(r.status == .ok, "\(header)")
            }
            for header in ["duban_session_x=\(token)", "xduban_session=\(token)", "duban_session=", "duban_session"] {
                let r = try await client.execute(uri: "/my", method: .get, headers: [.cookie: header])
                #expect(r.status == .seeOther, "\(header)")
            }
        }
    }

    @Test func cookieValueReadsLikeHummingbird() {
        let cases = ["a=1; duban_session=abc; b=2", "duban_session=abc", " duban_session=a=b=c", "x=1;duban_session=;y=2",
                     "duban_session", "", "duban_session=1; duban_session=2", "DUBAN_SESSION=1", "\tduban_session=tab ; z",
                     "é=1; duban_session=abc", "duban_session=令牌; x=1", "a=1;\u{301}duban_session=2", "\u{3000}duban_session=3"]
        for header in cases {
            var fields = HTTPFields()
            fields.append(HTTPField(name: .cookie, value: header))
            let request = Request(head: HTTPRequest(method: .get, scheme: "http", authority: "x", path: "/", headerFields: fields),
                                  body: RequestBody(buffer: ByteBuffer()))
            let expected = request.cookies["duban_session"]?.value
            let got = SessionMiddleware.cookieValue("duban_session", in: fields)
            // Hummingbird answers nil for "name=" with an empty value; either way no session is found.
            #expect(got == expected || (got == "" && expected == nil), "\(header)")
        }
    }

    @Test func tokenHashOfTextMatchesHashOfBytes() {
        for text in ["", "abc", String(repeating: "f", count: 64), String(repeating: "令", count: 40)] {
            #expect(SHA256.hex(text) == SHA256.hex(Data(text.utf8)))
        }
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func contentTypePrefixIgnoresCase() {
        #expect(FormData.hasPrefix("Multipart/Form-Data; boundary=x", "multipart/form-data"))
        #expect(FormData.hasPrefix("multipart/mixed", "multipart/"))
        #expect(!FormData.hasPrefix("application/x-www-form-urlencoded", "multipart/"))
        #expect(!FormData.hasPrefix("multi", "multipart/"))
        #expect(!FormData.hasPrefix("multipart/form-data\u{301}", "multipart/form-data"))  // as lowercased().hasPrefix
        #expect(FormData.hasPrefix("MULTIPART/FORM-DATA; 名=1", "multipart/form-data"))
    }
}
