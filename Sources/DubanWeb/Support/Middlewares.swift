import DubanCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Loads the session named by the `duban_session` cookie into the context.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let db: AppDatabase
    static let cookie = "duban_session"

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard let token = Self.cookieValue(Self.cookie, in: request.headers) else { return try await next(request, context) }
        var context = context
        context.session = try db.session(token: token)
        return try await next(request, context)
    }

    /// The value of the first cookie called `name`, read as `request.cookies[name]?.value` reads it
    /// (every Cookie header, split at ";", leading whitespace dropped, the value after the first
    /// "=", nothing decoded) without building the list of every cookie on every request.
    static func cookieValue(_ name: String, in headers: HTTPFields) -> String? {
        for field in headers where field.name == .cookie {
            var text = field.value
            // ASCII (every real cookie header): the same splitting on bytes.
            let ascii = text.withUTF8 { bytes -> String?? in
                guard bytes.allSatisfy({ $0 < 0x80 }) else { return .none }
                return .some(asciiCookieValue(name, in: bytes))
            }
            if let ascii {
                if let value = ascii { return value }
                continue
            }
            if let value = characterCookieValue(name, in: text) { return value }
        }
        return nil
    }

    /// `cookieValue` of an ASCII header, byte by byte.
    private static func asciiCookieValue(_ name: String, in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: ";") { end += 1 }
            var first = start
            // Character.isWhitespace of the ASCII characters: tab, LF, VT, FF, CR and space.
            while first < end, bytes[first] == 0x20 || (0x09...0x0D).contains(bytes[first]) { first += 1 }
            var equals = first
            while equals < end, bytes[equals] != UInt8(ascii: "=") { equals += 1 }
            if equals < end, name.utf8.elementsEqual(bytes[first..<equals]) {
                return String(decoding: bytes[(equals + 1)..<end], as: UTF8.self)
            }
            start = end + 1
        }
        return nil
    }

    /// `cookieValue` of any header, by Characters (as Hummingbird splits it).
    private static func characterCookieValue(_ name: String, in text: String) -> String? {
        var rest = Substring(text)
        while !rest.isEmpty {
            let end = rest.firstIndex(of: ";") ?? rest.endIndex
            let item = rest[..<end].drop { $0.isWhitespace }
            if let equals = item.firstIndex(of: "="), item[..<equals] == name {
                return String(item[item.index(after: equals)...])
            }
            rest = end == rest.endIndex ? "" : rest[rest.index(after: end)...]
        }
        return nil
    }
}

/// Reads the body of every POST once (urlencoded, or multipart with one file) into
/// `context.form`, and checks its CSRF token (`_csrf`) against the session's. The login form
/// carries its own token (double-submit cookie), checked by its handler.
struct FormMiddleware: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard request.method == .post else { return try await next(request, context) }
        var context = context
        let multipart = FormData.hasPrefix(request.headers[.contentType] ?? "", "multipart/")
        let form = try await FormData.read(request, limit: multipart ? WebLimits.maxUpload : WebLimits.maxForm)
        context.form = form
        if request.uri.path != "/login" {
            guard let session = context.session else { throw WebError.loginRequired }
            guard constantTimeEqual(form["_csrf"], session.csrf) else {
                throw WebError.forbidden("表单已过期或来源不明（安全校验未通过）。请刷新页面后重新提交。")
            }
        }
        return try await next(request, context)
    }
}

/// Compares secrets without leaking their length of common prefix through timing.
func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = a.utf8, y = b.utf8
    guard x.count == y.count else { return false }
    var diff: UInt8 = 0
    for (p, q) in zip(x, y) { diff |= p ^ q }
    return diff == 0
}

/// Security headers on every response.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppContext

    /// The fields, built once (not parsed again for every response).
    static let fields: [HTTPField] = [
        HTTPField(name: HTTPField.Name("Content-Security-Policy")!, value:
            "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
        HTTPField(name: HTTPField.Name("X-Content-Type-Options")!, value: "nosniff"),
        HTTPField(name: HTTPField.Name("X-Frame-Options")!, value: "DENY"),
        HTTPField(name: HTTPField.Name("Referrer-Policy")!, value: "same-origin"),
    ]

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        for field in Self.fields { response.headers[field.name] = field.value }
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

/// Renders every error as a Chinese page; never a stack trace.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let pages: Pages

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as WebError {
            if error == .loginRequired { return Pages.redirect("/login?next=\(request.uri.path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "/")") }
            return page(error.status, error.title, error.message, context)
        } catch let error as TrackingError {
            if case .conflict = error { return page(.conflict, "内容已被他人更新", error.description, context) }
            return page(.badRequest, "操作未完成", error.description, context)
        } catch let error as StoreError {
            if case .notFound = error { return page(.notFound, "找不到", error.description, context) }
            if case .busy = error { return page(.serviceUnavailable, "系统繁忙", error.description, context) }
            return page(.badRequest, "操作未完成", error.description, context)
        } catch let error as ImportError {
            return page(.badRequest, "文件无法导入", error.description, context)
        } catch let error as FormError {
            return page(.badRequest, "反馈表没有导入", error.description, context)
        } catch let error as HTTPError {
            let title = error.status == .notFound ? "找不到页面" : error.status == .methodNotAllowed ? "不支持的操作" : "请求有问题"
            return page(error.status, title, error.status == .notFound ? "您要找的页面不存在。" : "请求无法处理（\(error.status.code)）。", context)
        } catch {
            context.logger.error("unexpected error: \(error)")
            return page(.internalServerError, "系统出错", "系统出了点问题，已记录在日志中。请稍后再试，或联系管理员。", context)
        }
    }

    func page(_ status: HTTPResponse.Status, _ title: String, _ message: String, _ context: AppContext) -> Response {
        pages.page("error", title: title, context: context, values: ["title": title, "message": message, "code": status.code],
                   status: status)
    }
}
