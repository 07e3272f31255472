import Foundation
import Testing
@testable import DubanCore

/// Runs the real `duban` executable (built by `swift build`) against a real SQLite file.
enum CLI {
    static var binary: String {
        for config in ["debug", "release"] {
            let path = Paths.packageRoot.appendingPathComponent(".build/\(config)/duban").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return Paths.packageRoot.appendingPathComponent(".build/debug/duban").path
    }

    struct Result { var status: Int32; var stdout: String; var stderr: String }

    static func run(_ args: [String], environment extra: [String: String] = [:], stdin: String? = nil) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        if !extra.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 } }
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        if stdin != nil { p.standardInput = input }
        try p.run()
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static func tempDB() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("duban-test-\(UUID().uuidString).sqlite").path
    }
}

@Suite("duban CLI", .serialized)
struct CLITests {
    @Test func serveRefusesAPortThatDoesNotExist() throws {
        let db = CLI.tempDB()
        defer { AppDatabase.removeFiles(path: db) }
        let r = try CLI.run(["--db", db, "serve", "--port", "70000"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("端口 70000 不存在"), "\(r.stderr)")
    }

    @Test("a wrong argument and a folder given as the file get a plain Chinese message")
    func wrongArgumentsInChinese() throws {
        let year = try CLI.run(["import", "--dry-run", "--year", "abc", Paths.guandu("plan.txt")])
        #expect(year.status == 64 && year.stderr.hasPrefix("错误：命令行参数不正确"), "\(year.stderr)")
        let folder = try CLI.run(["import", "--dry-run", Paths.guandu.path])
        #expect(folder.status == 1 && folder.stderr.contains("是一个文件夹，不是文件"), "\(folder.stderr)")
        let help = try CLI.run(["import", "--help"])
        #expect(help.status == 0 && help.stdout.contains("USAGE"))
    }

    @Test("edit says how the new deadline reads, and warns when it holds no date")
    func editSaysHowTheDeadlineReads() throws {
        let db = CLI.tempDB()
        defer { AppDatabase.removeFiles(path: db) }
        #expect(try CLI.run(["--db", db, "import", Paths.guandu("plan.txt")]).status == 0)
        let dated = try CLI.run(["--db", db, "edit", "58", "--deadline", "10月底前", "--reason", "调整"])
        #expect(dated.status == 0 && dated.stdout.contains("到期日 2018-10-31"), "\(dated.stdout)\(dated.stderr)")
        let vague = try CLI.run(["--db", db, "edit", "58", "--deadline", "待定", "--reason", "调整"])
        #expect(vague.status == 0 && vague.stdout.contains("没有识别出日期"), "\(vague.stdout)\(vague.stderr)")
        let list = try CLI.run(["--db", db, "tasks", "--as-of", "2018-11-05"])
        #expect(list.stdout.split(separator: "\n").contains { $0.hasPrefix("58\t") && $0.contains("未定完成时限") }, "\(list.stdout)")
    }

    @Test("an action dated on the last day, west of Greenwich, leaves readable dates")
    func lastDayWestOfGreenwich() throws {
        let db = CLI.tempDB()
        defer { AppDatabase.removeFiles(path: db) }
        let west = ["TZ": "Etc/GMT+12"]  // noon of 9999-12-31 there is year 10000 in UTC
        #expect(try CLI.run(["--db", db, "import", Paths.guandu("plan.txt")]).status == 0)
        let extend = try CLI.run(["--db", db, "extend", "56", "--unit", "区科信局", "--to", "9999-12-31", "--reason", "测试",
                                  "--as-of", "2018-09-30"], environment: west)
        #expect(extend.status == 0, "\(extend.stderr)")
        #expect(try CLI.run(["--db", db, "approve", "1", "--as-of", "9999-12-31"], environment: west).status == 0)
        // Reading them back used to stop the process (GRDB could not decode year 10000).
        for command in [["tasks", "--as-of", "9999-12-31"], ["history", "56"]] {
            let r = try CLI.run(["--db", db] + command, environment: west)
            #expect(r.status == 0, "\(command): \(r.stderr.suffix(300))")
        }
    }

    @Test("import then tasks --format json matches expected.json (93/93)")
    func importAndExport() throws {
        let db = CLI.tempDB()
        let imported = try CLI.run(["--db", db, "import", Paths.guandu("plan.txt")])
        #expect(imported.status == 0, "\(imported.stderr)")
        let listed = try CLI.run(["--db", db, "tasks", "--format", "json"])
        #expect(listed.status == 0)
        let got = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        let expected = try Expected.guanduTasks()
        #expect(got.count == 93)
        for (g, e) in zip(got, expected) {
            for key in ["seq", "category", "subcategory", "requirement", "leadUnits", "coUnits", "groups", "deadlineText"] {
                #expect("\(g[key] ?? "nil")" == "\(e[key] ?? "nil")", "seq \(e["seq"] ?? "?") \(key)")
            }
            let gd = g["deadline"] as? [String: Any] ?? [:], ed = e["deadline"] as? [String: Any] ?? [:]
            for key in ["kind", "due", "period"] {
                #expect("\(gd[key] ?? "nil")" == "\(ed[key] ?? "nil")", "seq \(e["seq"] ?? "?") deadline.\(key)")
            }
        }
        let again = try CLI.run(["--db", db, "import", Paths.guandu("plan.txt")])
        #expect(again.status == 0)
        #expect(again.stdout.contains("已经导入过"))
    }

    @Test("--dry-run prints the preview and writes nothing")
    func dryRun() throws {
        let db = CLI.tempDB()
        let r = try CLI.run(["--db", db, "import", "--dry-run", Paths.guandu("plan.txt")])
        #expect(r.status == 0)
        #expect(r.stdout.contains("任务：93 项"))
        #expect(r.stdout.contains("试运行"))
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test("the --dry-run task list names undated deadlines in Chinese, with the web preview's words")
    func dryRunDeadlineWords() throws {
        let r = try CLI.run(["--db", CLI.tempDB(), "import", "--dry-run", Paths.guandu("plan.txt")])
        #expect(r.status == 0)
        #expect(r.stdout.contains("待市级有关文件出台后 → 待触发"))
        for english in Deadline.Kind.allCases.map(\.rawValue) where english != "fixed" {
            #expect(!r.stdout.contains("→ \(english)"))
        }
        #expect(Deadline.Kind.conditional.undatedLabel == "待触发")
    }

    @Test("a file that cannot be read leaves no new database behind (the database is opened while the file is read)")
    func failedImportCreatesNothing() throws {
        let db = CLI.tempDB()
        let r = try CLI.run(["--db", db, "import", Paths.fixtures.appendingPathComponent("no-tasks-004.txt").path])
        #expect(r.status == 1)
        for suffix in ["", "-wal", "-shm"] { #expect(!FileManager.default.fileExists(atPath: db + suffix)) }
        let missing = try CLI.run(["--db", db, "import", "/nonexistent/plan.docx"])
        #expect(missing.status == 1)
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test("a document with no task table exits 1 with a plain message and leaves the database as it was")
    func refusesNoTasks() throws {
        let db = CLI.tempDB()
        _ = try CLI.run(["--db", db, "import", Paths.guandu("plan.txt")])
        let before = try AppDatabase.open(path: db).rowCounts()
        let r = try CLI.run(["--db", db, "import", Paths.fixtures.appendingPathComponent("no-tasks-004.txt").path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("没有找到任务表或分工事项"))
        #expect(!r.stderr.contains("no task table"))  // the message is Chinese only
        #expect(try AppDatabase.open(path: db).rowCounts() == before)
    }

    @Test("a missing file is a plain message, exit 1")
    func missingFile() throws {
        let r = try CLI.run(["--db", CLI.tempDB(), "import", "/nonexistent/plan.docx"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("找不到文件"))
    }

    @Test("a mistyped --db is a plain message, not a new empty database; import and users add create one")
    func missingDatabase() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("duban-missing-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("typo.sqlite").path
        for command in [["plans"], ["tasks"], ["units"], ["report", "--quarter", "2018Q3"], ["history", "1"]] {
            let r = try CLI.run(["--db", db] + command)
            #expect(r.status == 1, "\(command)")
            #expect(r.stderr.contains("数据库文件 \(db) 不存在，请检查 --db"), "\(command): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.path), "\(command) created the folder")
        }
        let imported = try CLI.run(["--db", db, "import", Paths.guandu("plan.txt")])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try CLI.run(["--db", db, "plans"]).status == 0)
        let other = dir.appendingPathComponent("web.sqlite").path
        let added = try CLI.run(["--db", other, "users", "add", "办公室", "--role", "admin", "--password-stdin"], stdin: "pass-word-2018\n")
        #expect(added.status == 0, "\(added.stderr)")
    }
}
