import ArgumentParser
import DubanCore
import Foundation

@main
struct Duban: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duban",
        abstract: "Duban (督办): track the annual work plans (分工方案) of government offices.",
        subcommands: [ImportCommand.self, PlansCommand.self, TasksCommand.self, UnitsCommand.self,
                      UpdateCommand.self, HistoryCommand.self, ExtendCommand.self, ApproveCommand.self, RejectCommand.self,
                      ReturnCommand.self, CloseCommand.self, TriggerCommand.self, EditCommand.self, FormsCommand.self,
                      ReportCommand.self, NoticesCommand.self, ServeCommand.self, UsersCommand.self,
                      BackupCommand.self, RestoreCommand.self]
    )

    /// Lets the global `--db PATH` stand before the subcommand (`duban --db x.sqlite tasks`).
    static func main() async {
        do {
            var command = try parseAsRoot(hoistingGlobalOptions(Array(CommandLine.arguments.dropFirst())))
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            // Help and version exit as ArgumentParser prints them; a wrong argument gets a Chinese
            // line (ArgumentParser's own detail, in English like the help, inside it) and exit code 64.
            guard exitCode(for: error) != .success, !(error is ExitCode) else { exit(withError: error) }
            let detail = message(for: error)
            let plain = detail.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF }
                ? detail : "命令行参数不正确（\(detail)）。请用 duban --help 或 duban 命令 --help 查看用法。"
            FileHandle.standardError.write(Data("错误：\(plain)\n".utf8))
            Foundation.exit(exitCode(for: error).rawValue)
        }
    }

    static func hoistingGlobalOptions(_ args: [String]) -> [String] {
        var leading: [String] = []
        var rest = args[...]
        while let first = rest.first, first.hasPrefix("--db") {
            rest = rest.dropFirst()
            leading.append(first)
            if first == "--db", let value = rest.first { leading.append(value); rest = rest.dropFirst() }
        }
        guard !leading.isEmpty, !rest.isEmpty else { return args }
        // After the whole subcommand path (`forms export …`), where every command accepts it.
        return Array(rest) + leading
    }
}

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite database file (default: $DUBAN_DB or ./duban.sqlite).")
    var db: String?

    var path: String { db ?? ProcessInfo.processInfo.environment["DUBAN_DB"] ?? "duban.sqlite" }

    /// Opens the database, which must exist: a mistyped `--db` would otherwise create an empty
    /// database and answer as if every plan were gone.
    func open() throws -> AppDatabase {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError.invalid("数据库文件 \(path) 不存在，请检查 --db（或 DUBAN_DB）的路径。新的数据库在第一次导入方案（duban import）、创建账号（duban users add）或启动网页（duban serve）时建立。")
        }
        return try AppDatabase.open(path: path)
    }

    /// Opens the database, creating it (and its folder) when missing: import, users add, serve.
    func openCreating() throws -> AppDatabase { try AppDatabase.open(path: path) }
}

/// Output formats of listing commands.
enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// Prints a user-facing error and exits 1 (never a stack trace).
func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data(("错误：" + message + "\n").utf8))
    return ExitCode(1)
}

/// Runs a body, turning Duban's typed errors into plain messages and exit code 1.
func runReporting(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ImportError {
        throw fail(error.description)
    } catch let error as StoreError {
        throw fail(error.description)
    } catch let error as ExitCode {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch {
        // Anything else (a disk error, say) still gets a plain line and exit code 1, not a trace.
        throw fail("操作没有完成：\(error)")
    }
}
