import DubanCore
import DubanWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Every route × role: who may see and change what (decided on the server).
@Suite("Authorization matrix", .serialized)
struct AuthorizationTests {
    struct Row: Sendable, CustomStringConvertible {
        let method: String
        let path: String
        let fields: [String: String]
        /// Expected status for anonymous, admin, unit (区长热线办, owner of task 74), viewer.
        let anonymous: Int, admin: Int, unit: Int, viewer: Int
        var description: String { "\(method) \(path)" }
    }

    // 303 = redirect (to the login page for anonymous users, or after a successful POST).
    static let matrix: [Row] = [
        Row(method: "GET", path: "/my", fields: [:], anonymous: 303, admin: 403, unit: 200, viewer: 403),
        Row(method: "GET", path: "/tasks/74", fields: [:], anonymous: 303, admin: 200, unit: 200, viewer: 200),
        Row(method: "GET", path: "/tasks/12", fields: [:], anonymous: 303, admin: 200, unit: 403, viewer: 200),  // 区财政局's task
        Row(method: "GET", path: "/tasks/99999", fields: [:], anonymous: 303, admin: 404, unit: 404, viewer: 404),
        Row(method: "GET", path: "/dashboard", fields: [:], anonymous: 303, admin: 200, unit: 403, viewer: 200),
        Row(method: "GET", path: "/reports", fields: [:], anonymous: 303, admin: 200, unit: 403, viewer: 200),
        Row(method: "GET", path: "/reports/1/2018Q3", fields: [:], anonymous: 303, admin: 200, unit: 403, viewer: 200),
        Row(method: "GET", path: "/reports/1/2018Q3/download?format=csv", fields: [:], anonymous: 303, admin: 200, unit: 403, viewer: 200),
        Row(method: "GET", path: "/office", fields: [:], anonymous: 303, admin: 200, unit: 403, viewer: 403),
        Row(method: "POST", path: "/tasks/74/report", fields: ["state": "inProgress", "note": "进展"], anonymous: 303, admin: 403, unit: 303, viewer: 403),
        Row(method: "POST", path: "/tasks/12/report", fields: ["state": "done"], anonymous: 303, admin: 403, unit: 403, viewer: 403),
        Row(method: "POST", path: "/tasks/74/extension", fields: ["to": "2018-10-31", "reason": "等待平台"], anonymous: 303, admin: 403, unit: 303, viewer: 403),
        Row(method: "POST", path: "/tasks/10/trigger", fields: ["date": "2018-09-12"], anonymous: 303, admin: 303, unit: 403, viewer: 403),
        Row(method: "POST", path: "/tasks/74/close", fields: [:], anonymous: 303, admin: 400, unit: 403, viewer: 403),  // not done yet
    ]

    @Test(arguments: matrix)
    func route(_ row: Row) async throws {
        let f = try await WebFixture()
        let sessions: [(String?, Int)] = [(nil, row.anonymous), ("office", row.admin), ("hotline", row.unit), ("leader", row.viewer)]
        try await f.app.test(.router) { client in
            for (name, expected) in sessions {
                let s = try name.map { try f.session($0) }
                let response = row.method == "GET" ? try await client.get(row.path, as: s) : try await client.post(row.path, as: s, row.fields)
                #expect(Int(response.status.code) == expected, "\(row) as \(name ?? "anonymous")")
                #expect(!String(buffer: response.body).contains("Fatal error"))
            }
        }
    }
}

@Suite("Web pages", .serialized)
struct WebPageTests {
    @Test func healthzAndSecurityHeaders() async throws {
        let f = try await WebFixture()
        try await f.app.test(.router) { client in
            let r = try await client.get("/healthz", as: nil)
            #expect(r.status == .ok)
            #expect(String(buffer: r.body) == "ok")
            let page = try await client.get("/login", as: nil)
            #expect(page.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("frame-ancestors 'none'") == true)
            #expect(page.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(String(buffer: page.body).contains("登录"))
        }
    }

    @Test func loginSetsAFreshHttpOnlyStrictSessionAndLocksOut() async throws {
        let f = try await WebFixture()
        try await f.app.test(.router) { client in
            let form = try await client.get("/login", as: nil)
            let loginCookie = try #require(form.headers[values: .setCookie].first { $0.hasPrefix("duban_login=") })
            let token = String(loginCookie.dropFirst("duban_login=".count).prefix { $0 != ";" })
            func attempt(_ password: String) async throws -> TestResponse {
                let body = "_login=\(token)&name=hotline&password=\(password.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
                return try await client.execute(uri: "/login", method: .post,
                                                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "duban_login=\(token); duban_session=planted"],
                                                body: ByteBuffer(string: body))
            }
            let ok = try await attempt(WebFixture.password)
            #expect(ok.status == .seeOther)
            #expect(ok.headers[.location] == "/my")
            let set = try #require(ok.headers[values: .setCookie].first { $0.hasPrefix("duban_session=") })
            #expect(set.contains("HttpOnly") && set.contains("SameSite=Strict"))
            #expect(!set.hasPrefix("duban_session=planted"))  // a planted id is never adopted
            // Wrong passwords: after five the account is locked even for the right one.
            for _ in 0..<5 { #expect(try await attempt("wrong-password").status == .unauthorized) }
            let locked = try await attempt(WebFixture.password)
            #expect(locked.status == .unauthorized)
            #expect(String(buffer: locked.body).contains("锁定"))
        }
    }

    @Test func csrfIsRequiredOnEveryPost() async throws {
        let f = try await WebFixture()
        let s = try f.session("hotline")
        try await f.app.test(.router) { client in
            let r = try await client.post("/tasks/74/report", as: s, ["state": "inProgress"], csrf: "forged")
            #expect(r.status == .forbidden)
            let page = String(buffer: r.body)
            #expect(page.contains("表单已过期或来源不明（安全校验未通过）"))
            #expect(!page.contains("CSRF"))  // the office reads Chinese, not the name of the check
            #expect(try f.db.history(taskId: 74).reports.isEmpty)
        }
    }

    @Test func staleFormIsAConflictAndOverwritesNothing() async throws {
        let f = try await WebFixture()
        let s = try f.session("hotline")
        let version = try f.db.task(74).version
        try await f.app.test(.router) { client in
            let first = try await client.post("/tasks/74/report", as: s, ["state": "inProgress", "note": "第一次", "version": String(version)])
            #expect(first.status == .seeOther)
            let stale = try await client.post("/tasks/74/report", as: s, ["state": "done", "note": "过期表单", "version": String(version)])
            #expect(stale.status == .conflict)
            let body = String(buffer: stale.body)
            #expect(body.contains("第一次"))  // the newer report is shown
            #expect(body.contains("没有保存"))
            #expect(try f.db.history(taskId: 74).reports.map(\.note) == ["第一次"])
        }
    }

    @Test func myTasksShowsOnlyTheUnitsTasksWithLights() async throws {
        let f = try await WebFixture()
        let s = try f.session("hotline")
        try await f.app.test(.router) { client in
            let r = try await client.get("/my", as: s)
            let body = String(buffer: r.body)
            #expect(body.contains("区长热线办"))
            #expect(body.contains("/tasks/74"))
            #expect(!body.contains("/tasks/12\""))
            #expect(body.contains("light-"))
            let overdue = String(buffer: try await client.get("/my?filter=overdue", as: s).body)
            #expect(!overdue.contains("/tasks/74"))  // due 9月底前, as of 2018-09-20
        }
    }

    @Test func escapesUserTextEverywhere() async throws {
        let f = try await WebFixture()
        let s = try f.session("hotline")
        let xss = "<script>alert(1)</script>"
        try await f.app.test(.router) { client in
            _ = try await client.post("/tasks/74/report", as: s, ["state": "inProgress", "note": xss])
            let page = String(buffer: try await client.get("/tasks/74", as: s).body)
            #expect(!page.contains(xss))
            #expect(page.contains("&lt;script&gt;"))
        }
    }

    /// A quote followed by a combining mark is one Character; it must still be escaped, inside
    /// attribute values above all (swift-mustache's own escaping let it through).
    @Test func escapesQuotesFollowedByCombiningMarks() async throws {
        let f = try await WebFixture()
        try await f.app.test(.router) { client in
            let page = String(buffer: try await client.get("/plans/1?unit=%22%CC%B8%20autofocus%20x%3D%22", as: try f.session("office")).body)
            #expect(page.contains("value=\"&quot;\u{338} autofocus x=&quot;\""))
            #expect(!page.contains("value=\"\"\u{338}"))
        }
        #expect(HTML.escape("\"\u{338}<\u{338}>&'甲") == "&quot;\u{338}&lt;\u{338}&gt;&amp;&#39;甲")
    }

    /// Every template escapes with Duban's escaping: its first line names it.
    @Test func everyTemplateUsesDubansEscaping() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/DubanWeb/Templates")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".mustache") }
        #expect(names.count >= 10)
        for name in names {
            let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            #expect(text.hasPrefix("{{% CONTENT_TYPE: DUBAN_HTML }}\n"), "\(name)")
        }
    }

    @Test func unknownRoutesAreChinese404Pages() async throws {
        let f = try await WebFixture()
        try await f.app.test(.router) { client in
            let r = try await client.get("/no/such/page", as: try f.session("office"))
            #expect(r.status == .notFound)
            #expect(String(buffer: r.body).contains("找不到"))
        }
    }
}
