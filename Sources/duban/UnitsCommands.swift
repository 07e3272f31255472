import ArgumentParser
import DubanCore
import Foundation

struct UnitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "units", abstract: "List the unit registry.")
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
                    print("\(u.id)\t\(u.kind == "group" ? "统称" : "部门")\t\(u.name)\t牵头 \(u.leadCount)\t配合 \(u.coCount)\t统称 \(u.groupCount)")
                }
            }
        }
    }
}
