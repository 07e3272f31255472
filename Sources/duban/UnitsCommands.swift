import ArgumentParser
import DubanCore
import Foundation

/// `duban units …`: the unit registry (单位管理). Without a subcommand it lists the registry.
struct UnitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "units",
        abstract: "The unit registry: list, rename, merge, suggest duplicates, group members.",
        subcommands: [UnitsList.self, UnitsRename.self, UnitsMerge.self, UnitsSuggest.self, UnitsMembers.self],
        defaultSubcommand: UnitsList.self
    )
    // Parsed here as well so `--db` may stand before the subcommand name (`units --db x merge …`,
    // which the global-option hoisting produces); the subcommands' option groups reuse this value.
    @OptionGroup var global: GlobalOptions
}

/// Who writes from the command line (audited with every change).
struct ActorOptions: ParsableArguments {
    @Option(help: "Your name for the audit trail (default: $USER or \"office\").")
    var by: String?

    func actor(_ command: String) -> Actor {
        let env = ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 }
        return Actor(name: by ?? env ?? "office", source: "cli:units \(command)")
    }
}

struct UnitsList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the unit registry.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "table, json or csv.") var format: ListFormat = .table

    func run() throws {
        try runReporting {
            let units = try global.open().units()
            switch format {
            case .json:
                print(JSONValue.array(units.map { u in
                    .object([("id", .int(Int(u.id))), ("name", .string(u.name)), ("kind", .string(u.kind)),
                             ("aliases", .array(u.aliases.map(JSONValue.string))),
                             ("lead", .int(u.leadCount)), ("co", .int(u.coCount)), ("group", .int(u.groupCount))])
                }).render())
            case .csv:
                var lines = [CSVLine.join(["单位", "类型", "别名", "牵头任务数", "配合任务数", "责任主体任务数"])]
                for u in units {
                    lines.append(CSVLine.join([u.name, u.kind == "group" ? "统称" : "部门", u.aliases.joined(separator: "、"),
                                               String(u.leadCount), String(u.coCount), String(u.groupCount)]))
                }
                print(lines.joined(separator: "\r\n"), terminator: "\r\n")
            case .table:
                for u in units {
                    let aliases = u.aliases.isEmpty ? "" : "\t别名 \(u.aliases.joined(separator: "、"))"
                    let kind = u.kind == "group" ? "统称" : "部门"
                    print("\(u.id)\t\(kind)\t\(u.name)\t牵头 \(u.leadCount)\t配合 \(u.coCount)\t统称 \(u.groupCount)\(aliases)")
                }
            }
        }
    }
}

struct UnitsRename: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rename", abstract: "Rename a unit; the old name stays as an alias so later imports still match it.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "Current name or alias of the unit.") var old: String
    @Argument(help: "The new name.") var new: String

    func run() throws {
        try runReporting {
            let db = try global.open()
            let previous = try db.renameUnit(old, to: new, by: actor.actor("rename"))
            print("已将“\(previous)”更名为“\(TextNormalizer.compact(new))”，原名称保留为别名。")
        }
    }
}

struct UnitsMerge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge a unit into another: its tasks, reports, extensions and memberships move; its names become aliases.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "The unit to merge (it is deleted).") var source: String
    @Option(help: "The unit that remains.") var into: String

    func run() throws {
        try runReporting {
            let s = try global.open().mergeUnits(source, into: into, by: actor.actor("merge"))
            var parts = ["迁移 \(s.tasks) 项任务", "\(s.reports) 条报告"]
            if s.extensions > 0 { parts.append("\(s.extensions) 条延期申请") }
            if s.memberships > 0 { parts.append("\(s.memberships) 条统称成员关系") }
            print("已将“\(s.source)”合并到“\(s.target)”：\(parts.joined(separator: "、"))。")
            if s.duplicateLinks > 0 {
                print("其中 \(s.duplicateLinks) 项任务“\(s.target)”原已列为同一角色，重复的一条已去掉。")
            }
            print("“\(s.source)”已作为“\(s.target)”的别名，以后导入时按“\(s.target)”识别。")
        }
    }
}

struct UnitsSuggest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest", abstract: "List department units that are probably duplicates (nothing is changed).")
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try runReporting {
            let suggestions = try global.open().unitSuggestions()
            guard !suggestions.isEmpty else { print("没有发现疑似重复的单位。"); return }
            print("疑似重复的单位（\(suggestions.count) 组），确认是同一单位后可以合并：")
            for s in suggestions {
                print("“\(s.a)” / “\(s.b)”\t\(s.reason)\tduban units merge \(s.a) --into \(s.b)")
            }
        }
    }
}

struct UnitsMembers: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "members",
        abstract: "List, add or remove the member departments of a group designation (区级各部门 …).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "The group designation.") var group: String
    @Option(help: "A department to add (repeatable).") var add: [String] = []
    @Option(help: "A department to remove (repeatable).") var remove: [String] = []

    func run() throws {
        try runReporting {
            let db = try global.open()
            if !add.isEmpty || !remove.isEmpty {
                let change = try db.setGroupMembers(group, add: add, remove: remove, by: actor.actor("members"))
                print("已更新“\(group)”的成员：新增 \(change.added.count) 个，移除 \(change.removed.count) 个。")
            }
            let members = try db.groupMembers(group)
            if members.isEmpty {
                print("“\(group)”还没有登记成员。用 --add 单位 添加。")
            } else {
                print("“\(group)”的成员（\(members.count) 个）：")
                for m in members { print("  \(m)") }
            }
        }
    }
}
