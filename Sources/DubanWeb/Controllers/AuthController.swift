import DubanCore
import Foundation
import Hummingbird

/// Login, logout and the home redirect.
struct AuthController {
    let web: Web
    static let loginCookie = "duban_login"

    func add(to router: Router<AppContext>) {
        router.get("/") { _, context -> Response in
            guard let user = context.session?.user else { return Pages.redirect("/login") }
            return Pages.redirect(Self.home(user.role))
        }
        router.get("/login") { request, context -> Response in
            let token = Tokens.random()
            var response = web.pages.page("login", title: "登录", context: context,
                                          values: ["loginToken": token, "next": request.uri.queryParameters.get("next") ?? ""])
            response.setCookie(Cookie(name: Self.loginCookie, value: token, path: "/login", httpOnly: true, sameSite: .strict))
            return response
        }
        router.post("/login") { request, context -> Response in try await login(request, context) }
        router.post("/logout") { request, context -> Response in
            if let token = request.cookies[SessionMiddleware.cookie]?.value { try web.db.deleteSession(token: token) }
            var response = Pages.redirect("/login")
            response.setCookie(Cookie(name: SessionMiddleware.cookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict))
            return response
        }
    }

    static func home(_ role: WebUser.Role) -> String {
        switch role {
        case .admin: return "/office"
        case .unit: return "/my"
        case .viewer: return "/dashboard"
        }
    }

    func login(_ request: Request, _ context: AppContext) async throws -> Response {
        let form = context.fields
        guard let cookie = request.cookies[Self.loginCookie]?.value, constantTimeEqual(cookie, form["_login"]) else {
            throw WebError.forbidden("登录页面已过期，请刷新后重新登录。")
        }
        func again(_ message: String) -> Response {
            let token = Tokens.random()
            var r = web.pages.page("login", title: "登录", context: context,
                                   values: ["loginToken": token, "message": message, "name": form["name"], "next": form["next"]],
                                   status: .unauthorized)
            r.setCookie(Cookie(name: Self.loginCookie, value: token, path: "/login", httpOnly: true, sameSite: .strict))
            return r
        }
        guard let user = try web.db.user(named: form["name"]) else {
            try await Task.sleep(for: .milliseconds(300))
            return again("用户名或密码不正确。")
        }
        if let until = user.lockedUntil, until > Date() {
            let minutes = max(1, Int((until.timeIntervalSinceNow / 60).rounded(.up)))
            return again("连续登录失败次数过多，账号已暂时锁定，请 \(minutes) 分钟后再试。")
        }
        guard Passwords.verify(form["password"], hash: user.passwordHash) else {
            try web.db.recordFailedLogin(userId: user.id)
            try await Task.sleep(for: .milliseconds(300))
            return again("用户名或密码不正确。")
        }
        // A new session id on every login: an id planted before login is never reused.
        let (token, _) = try web.db.createSession(userId: user.id)
        let next = form["next"]
        let target = next.hasPrefix("/") && !next.hasPrefix("//") && next != "/login" ? next : Self.home(user.role)
        var response = Pages.redirect(target)
        response.setCookie(Cookie(name: SessionMiddleware.cookie, value: token, path: "/", httpOnly: true, sameSite: .strict))
        response.setCookie(Cookie(name: Self.loginCookie, value: "", maxAge: 0, path: "/login", httpOnly: true, sameSite: .strict))
        return response
    }
}
