import ArgumentParser
import DubanCore
import DubanWeb
import Foundation
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the web app on the database.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "Port to listen on.") var port: Int = 8080
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error.") var logLevel: String = "info"
    @Option(name: .customLong("as-of"), help: "Show every page as of this day (YYYY-MM-DD), for training and demos. Default: today.")
    var asOf: String?

    func validate() throws {
        // A port past 65535 would wrap around silently (70000 listened on 4464).
        guard (1...65_535).contains(port) else { throw ValidationError("端口 \(port) 不存在：请用 1 到 65535 之间的数字，例如 --port 8080。") }
    }

    func run() async throws {
        do {
            let db = try global.openCreating()
            try db.checkpointInBackground()  // keeps checkpoint fsyncs out of the requests
            if try db.users().isEmpty {
                print("""
                    数据库里还没有账号。请先创建办公室管理员账号，例如：
                      duban --db \(global.path) users add 办公室 --role admin
                    然后用浏览器打开 http://\(host):\(port)/ 登录。
                    """)
            }
            var logger = Logger(label: "duban")
            logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
            let fixed = try parseDay(asOf)
            let app = try await buildApplication(db: db, host: host, port: port, logger: logger,
                                                 today: { fixed ?? Day.today() })
            print("督办已启动：http://\(host):\(port)/  （数据库 \(global.path)，按 Ctrl-C 停止）")
            try await app.runService()
        } catch let error as StoreError {
            throw fail(error.description)
        }
    }
}

struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Web accounts: office admin, unit reporter, leadership viewer.",
        subcommands: [UsersList.self, UsersAdd.self, UsersPasswd.self], defaultSubcommand: UsersList.self)
}

/// Reads a password: from standard input with --password-stdin, else prompted twice without echo.
func readPassword(stdin: Bool) throws -> String {
    if stdin {
        guard let line = readLine(strippingNewline: true) else { throw fail("没有从标准输入读到密码。") }
        return line
    }
    guard let first = getpass("密码："), let second = getpass("再输入一次：") else { throw fail("没有读到密码。") }
    let a = String(cString: first), b = String(cString: second)
    guard a == b else { throw fail("两次输入的密码不一致。") }
    return a
}

struct UsersList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List accounts.")
    @OptionGroup var global: GlobalOptions
    func run() throws {
        try runReporting {
            let users = try global.open().users()
            if users.isEmpty { print("还没有账号。用 duban users add NAME --role admin 创建。") }
            for u in users { print("\(u.name)\t\(u.role.label)\t\(u.unitName ?? "")") }
        }
    }
}

struct UsersAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Create an account.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Login name.") var name: String
    @Option(help: "admin (办公室), unit (牵头单位) or viewer (领导).") var role: String
    @Option(help: "The unit of a unit reporter (name or alias).") var unit: String?
    @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input.") var passwordStdin = false

    func run() throws {
        try runReporting {
            guard let r = WebUser.Role(rawValue: role) else { throw fail("角色只能是 admin、unit 或 viewer。") }
            let password = try readPassword(stdin: passwordStdin)
            if let problem = Passwords.problem(password) { throw fail(problem) }
            try global.openCreating().addUser(name: name, passwordHash: Passwords.hash(password), role: r, unit: unit,
                                      by: Actor(name: ProcessInfo.processInfo.environment["USER"] ?? "office", source: "cli:users add"))
            print("已创建账号“\(name)”（\(r.label)\(unit.map { "，\($0)" } ?? "")）。")
        }
    }
}

struct UsersPasswd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "passwd", abstract: "Set an account's password (ends its sessions).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Login name.") var name: String
    @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input.") var passwordStdin = false

    func run() throws {
        try runReporting {
            let password = try readPassword(stdin: passwordStdin)
            if let problem = Passwords.problem(password) { throw fail(problem) }
            try global.open().setPassword(name: name, passwordHash: Passwords.hash(password),
                                          by: Actor(name: ProcessInfo.processInfo.environment["USER"] ?? "office", source: "cli:users passwd"))
            print("已修改“\(name)”的密码。")
        }
    }
}
