import HummingbirdBcrypt

/// Password hashing with bcrypt.
public enum Passwords {
    /// bcrypt cost; tests lower it to keep the suite fast.
    nonisolated(unsafe) public static var cost: UInt8 = 11

    /// A bcrypt hash of a password.
    public static func hash(_ password: String) -> String { Bcrypt.hash(password, cost: cost) }

    /// True when the password matches the hash.
    public static func verify(_ password: String, hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }

    /// A password policy message, or nil when the password is acceptable.
    public static func problem(_ password: String) -> String? {
        password.count < 8 ? "密码至少 8 位。" : nil
    }
}
