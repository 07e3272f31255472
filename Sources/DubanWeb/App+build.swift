import DubanCore
import Foundation
import Hummingbird
import Logging

/// Builds the web application on a database.
/// - Throws: when the templates cannot be loaded.
public func buildApplication(db: AppDatabase, host: String = "127.0.0.1", port: Int = 8080,
                             logger: Logger = Logger(label: "duban"),
                             today: @escaping @Sendable () -> Day = { Day.today() }) async throws -> some ApplicationProtocol {
    let router = try await buildRouter(db: db, today: today)
    return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "Duban"),
                       logger: logger)
}

/// The router with every page; the seam where tests inject an in-memory database.
/// - Throws: when the templates cannot be loaded.
public func buildRouter(db: AppDatabase, today: @escaping @Sendable () -> Day = { Day.today() }) async throws -> Router<AppContext> {
    let pages = try await Pages.load()
    let router = Router(context: AppContext.self)
    router.middlewares.add(LogRequestsMiddleware(.info))
    router.middlewares.add(SecurityHeadersMiddleware())
    router.middlewares.add(ErrorPageMiddleware(pages: pages))
    router.middlewares.add(SessionMiddleware(db: db))
    router.middlewares.add(FormMiddleware())
    let web = Web(db: db, pages: pages, today: today)
    router.get("/healthz") { _, _ in "ok" }
    StaticController().add(to: router)
    AuthController(web: web).add(to: router)
    TaskController(web: web).add(to: router)
    ReportController(web: web).add(to: router)
    OfficeController(web: web).add(to: router)
    return router
}

/// What every controller needs.
public struct Web: Sendable {
    public let db: AppDatabase
    public let pages: Pages
    public let today: @Sendable () -> Day

    /// A date from a query or form value: nil when absent or empty.
    /// - Throws: `WebError.badRequest` naming the text when it is no date (of years 1–9999).
    func day(_ text: String?) throws -> Day? {
        guard let text, !text.isEmpty else { return nil }
        guard let day = Day(iso: text) else { throw WebError.badRequest("日期“\(text)”无法识别，请写成 YYYY-MM-DD，例如 2018-09-30。") }
        return day
    }
}

/// The stylesheet and the print script, served from 'self' so the CSP can forbid inline scripts.
struct StaticController {
    func add(to router: Router<AppContext>) {
        router.get("/static/:file") { _, context -> Response in
            let file = try context.parameters.require("file")
            guard ["app.css", "print.js"].contains(file),
                  let url = Bundle.module.resourceURL?.appendingPathComponent("Templates/static/\(file)"),
                  let data = FileManager.default.contents(atPath: url.path) else { throw WebError.notFound("没有这个文件。") }
            var response = Response(status: .ok, headers: [.contentType: file.hasSuffix(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8"],
                                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
            response.headers[.cacheControl] = "max-age=3600"
            return response
        }
    }
}
