import DubanCore
import DubanWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A real application over an in-memory database holding the seed plan, with one account per role.
struct WebFixture {
    let db: AppDatabase
    let app: Application<RouterResponder<AppContext>>
    static let today = Day(iso: "2018-09-20")!
    static let password = "correct horse"

    static var guandu: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/fixtures/guandu-2018/plan.txt").path
    }

    init() async throws {
        Passwords.cost = 4  // bcrypt stays real, just cheap
        db = try AppDatabase.inMemory()
        let r = try PlanImporter.read(path: Self.guandu)
        _ = try db.importPlan(r.draft, sha256: r.sha256)
        let actor = Actor(name: "test", source: "test")
        let hash = Passwords.hash(Self.password)
        try db.addUser(name: "office", passwordHash: hash, role: .admin, unit: nil, by: actor)
        try db.addUser(name: "hotline", passwordHash: hash, role: .unit, unit: "区长热线办", by: actor)
        try db.addUser(name: "kexin", passwordHash: hash, role: .unit, unit: "区科信局", by: actor)
        try db.addUser(name: "leader", passwordHash: hash, role: .viewer, unit: nil, by: actor)
        let router = try await buildRouter(db: db, today: { WebFixture.today })
        app = Application(router: router)
    }

    /// Cookie and CSRF token of a signed-in user (a session created directly in the store).
    func session(_ name: String) throws -> (cookie: String, csrf: String) {
        guard let user = try db.user(named: name) else { throw WebError.notFound(name) }
        let (token, csrf) = try db.createSession(userId: user.id)
        return ("duban_session=\(token)", csrf)
    }
}

extension TestClientProtocol {
    /// A GET as a signed-in user (or anonymous with nil).
    func get(_ uri: String, as s: (cookie: String, csrf: String)?) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let s { headers[.cookie] = s.cookie }
        return try await execute(uri: uri, method: .get, headers: headers)
    }

    /// A form POST; the CSRF token is added unless `csrf` overrides it.
    func post(_ uri: String, as s: (cookie: String, csrf: String)?, _ fields: [String: String] = [:],
              csrf: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let s { headers[.cookie] = s.cookie }
        var all = fields
        all["_csrf"] = csrf ?? s?.csrf ?? ""
        let body = all.map { k, v in
            "\(k)=\(v.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? v)"
        }.joined(separator: "&")
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }
}
