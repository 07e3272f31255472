import Foundation
import GRDB

/// A web account.
public struct WebUser: Sendable, Hashable {
    /// What an account may do.
    public enum Role: String, Sendable, CaseIterable, Codable {
        /// 办公室: imports, merges, approves, closes.
        case admin
        /// 牵头单位: reports on its own unit's tasks.
        case unit
        /// 领导: reads everything, changes nothing.
        case viewer

        /// 办公室 / 牵头单位 / 领导
        public var label: String {
            switch self {
            case .admin: return "办公室"
            case .unit: return "牵头单位"
            case .viewer: return "领导"
            }
        }
    }

    public var id: Int64
    public var name: String
    public var role: Role
    public var unitId: Int64?
    public var unitName: String?
    public var passwordHash: String
    public var failedLogins: Int
    public var lockedUntil: Date?
}

/// A signed-in session: the user and the CSRF token of its forms.
public struct WebSession: Sendable, Hashable {
    public var user: WebUser
    public var csrf: String
}

/// Random tokens for sessions, CSRF and uploads.
public enum Tokens {
    /// 32 random bytes as hex.
    public static func random() -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(format: "%016llx", g.next() as UInt64) }.joined()
    }
}

extension AppDatabase {
    /// Session lifetime.
    public static let sessionLifetime: TimeInterval = 8 * 3600

    // MARK: - Users

    /// Creates an account. A unit reporter must name its unit.
    /// - Throws: `StoreError` for a duplicate name, a missing or unknown unit.
    public func addUser(name: String, passwordHash: String, role: WebUser.Role, unit: String?, by actor: Actor) throws {
        try write { db in
            let name = TextNormalizer.trim(name)
            guard !name.isEmpty else { throw StoreError.invalid("用户名不能为空。") }
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM user WHERE name = ?", arguments: [name]) ?? 0 > 0 {
                throw StoreError.invalid("用户“\(name)”已存在；修改密码请用 duban users passwd \(name)。")
            }
            var unitId: Int64?
            if role == .unit {
                guard let unit else { throw StoreError.invalid("牵头单位账号必须用 --unit 指定所属单位。") }
                unitId = try Self.requireUnit(unit, db: db)
            }
            try db.execute(sql: "INSERT INTO user (name, passwordHash, role, unitId, createdAt) VALUES (?, ?, ?, ?, ?)",
                           arguments: [name, passwordHash, role.rawValue, unitId, Date()])
            try Self.audit(db, actor, "user.add", unitId: unitId, detail: ["user": name, "role": role.rawValue])
        }
    }

    /// Replaces an account's password and ends its sessions.
    /// - Throws: `StoreError.notFound`.
    public func setPassword(name: String, passwordHash: String, by actor: Actor) throws {
        try write { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM user WHERE name = ?", arguments: [name]) else {
                throw StoreError.notFound("用户“\(name)”")
            }
            try db.execute(sql: "UPDATE user SET passwordHash = ?, failedLogins = 0, lockedUntil = NULL WHERE id = ?",
                           arguments: [passwordHash, id])
            try db.execute(sql: "DELETE FROM session WHERE userId = ?", arguments: [id])
            try Self.audit(db, actor, "user.passwd", detail: ["user": name])
        }
    }

    /// An account by name.
    public func user(named name: String) throws -> WebUser? {
        try writer.read { db in
            try Row.fetchOne(db, sql: """
                SELECT user.*, unit.name AS unitName FROM user LEFT JOIN unit ON unit.id = user.unitId WHERE user.name = ?
                """, arguments: [name]).map(Self.webUser)
        }
    }

    /// All accounts.
    public func users() throws -> [WebUser] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT user.*, unit.name AS unitName FROM user LEFT JOIN unit ON unit.id = user.unitId ORDER BY user.name")
                .map(Self.webUser)
        }
    }

    static func webUser(_ r: Row) -> WebUser {
        WebUser(id: r["id"], name: r["name"], role: WebUser.Role(rawValue: r["role"]) ?? .viewer, unitId: r["unitId"],
                unitName: r["unitName"], passwordHash: r["passwordHash"], failedLogins: r["failedLogins"],
                lockedUntil: r["lockedUntil"])
    }

    /// Counts a failed login; from the fifth on, the account is locked for a growing delay.
    /// - Returns: the time until which the account is locked, if it is.
    @discardableResult
    public func recordFailedLogin(userId: Int64, now: Date = Date()) throws -> Date? {
        try write { db in
            try db.execute(sql: "UPDATE user SET failedLogins = failedLogins + 1 WHERE id = ?", arguments: [userId])
            let failures = try Int.fetchOne(db, sql: "SELECT failedLogins FROM user WHERE id = ?", arguments: [userId]) ?? 0
            guard failures >= 5 else { return nil }
            let until = now.addingTimeInterval(min(900, 30 * pow(2, Double(failures - 5))))
            try db.execute(sql: "UPDATE user SET lockedUntil = ? WHERE id = ?", arguments: [until, userId])
            return until
        }
    }

    // MARK: - Sessions

    /// Starts a session (always a new token: a fixed session id cannot survive a login).
    /// - Returns: the cookie token and the CSRF token.
    public func createSession(userId: Int64, now: Date = Date()) throws -> (token: String, csrf: String) {
        let token = Tokens.random(), csrf = Tokens.random()
        try write { db in
            try db.execute(sql: "UPDATE user SET failedLogins = 0, lockedUntil = NULL WHERE id = ?", arguments: [userId])
            try db.execute(sql: "DELETE FROM session WHERE expiresAt < ?", arguments: [now])
            try db.execute(sql: "INSERT INTO session (tokenHash, userId, csrf, createdAt, expiresAt) VALUES (?, ?, ?, ?, ?)",
                           arguments: [SHA256.hex(Data(token.utf8)), userId, csrf, now, now.addingTimeInterval(Self.sessionLifetime)])
        }
        return (token, csrf)
    }

    /// The live session of a cookie token.
    ///
    /// Asked on every request, so: one statement, prepared once per connection, its columns read
    /// by position; and no transaction around it — a single SELECT reads one consistent snapshot
    /// by itself, and BEGIN + COMMIT would cost about as much as the query.
    public func session(token: String, now: Date = Date()) throws -> WebSession? {
        let tokenHash = SHA256.hex(token), expiry = StorageDate.text(now)
        return try writer.unsafeRead { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT user.id, user.name, user.role, user.unitId, unit.name, user.passwordHash, user.failedLogins,
                       user.lockedUntil, session.csrf
                FROM session JOIN user ON user.id = session.userId LEFT JOIN unit ON unit.id = user.unitId
                WHERE session.tokenHash = ? AND session.expiresAt > ?
                """), arguments: [tokenHash, expiry]) else { return nil }
            let user = WebUser(id: row[0], name: row[1], role: WebUser.Role(rawValue: row[2]) ?? .viewer, unitId: row[3],
                               unitName: row[4], passwordHash: row[5], failedLogins: row[6], lockedUntil: row[7])
            return WebSession(user: user, csrf: row[8])
        }
    }

    /// Ends a session.
    public func deleteSession(token: String) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM session WHERE tokenHash = ?", arguments: [SHA256.hex(Data(token.utf8))])
        }
    }

    // MARK: - Pending imports (upload → preview → confirm)

    /// Keeps an uploaded file until the office confirms its preview.
    public func stageImport(userId: Int64, fileName: String, bytes: Data, year: Int?) throws -> String {
        let token = Tokens.random()
        try write { db in
            try db.execute(sql: "DELETE FROM pendingImport WHERE createdAt < ?", arguments: [Date().addingTimeInterval(-86400)])
            try db.execute(sql: "INSERT INTO pendingImport (token, userId, fileName, bytes, year, createdAt) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [token, userId, fileName, bytes, year, Date()])
        }
        return token
    }

    /// A staged upload of this user, removed when `take` is true.
    public func stagedImport(token: String, userId: Int64, take: Bool) throws -> (fileName: String, bytes: Data, year: Int?)? {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM pendingImport WHERE token = ? AND userId = ?",
                                             arguments: [token, userId]) else { return nil }
            if take { try db.execute(sql: "DELETE FROM pendingImport WHERE token = ?", arguments: [token]) }
            return (row["fileName"], row["bytes"], row["year"])
        }
    }
}
