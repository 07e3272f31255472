import ArgumentParser
import DubanCore
import Foundation

struct PlansCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plans", abstract: "List imported plans.")
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try runReporting {
            let plans = try global.open().plans()
            if plans.isEmpty { print("还没有导入任何方案。用 duban import 文件 导入。"); return }
            for p in plans {
                print("\(p.plan.id ?? 0)\t\(p.plan.year)\t\(p.taskCount) 项\t\(p.plan.title)\t(\(p.plan.sourceFile))")
            }
        }
    }
}

struct TasksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tasks", abstract: "List tasks of a plan or of a unit.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Plan id (see `duban plans`).") var plan: Int64?
    @Option(help: "Only tasks linked to this unit (name or alias).") var unit: String?
    @Option(help: "table, json or csv.") var format: ListFormat = .table

    func run() throws {
        try runReporting {
            let tasks = try global.open().tasks(planId: plan, unit: unit)
            switch format {
            case .json:
                print(JSONValue.array(tasks.map { TaskExport.json($0) }).render())
            case .csv:
                var lines = [CSVLine.join(["序号", "工作任务", "分项", "具体要求", "牵头单位", "配合单位", "责任主体", "完成时限", "到期日", "类型", "编号"])]
                for t in tasks {
                    lines.append(CSVLine.join([t.seq, t.category, t.subcategory, t.requirement, t.leadUnits.joined(separator: "、"),
                                               t.coUnits.joined(separator: "、"), t.groups.joined(separator: "、"), t.deadlineText,
                                               t.deadline.due?.iso ?? "", t.deadline.kind.rawValue, String(t.id)]))
                }
                print(lines.joined(separator: "\r\n"), terminator: "\r\n")
            case .table:
                for t in tasks {
                    let req = t.requirement.count > 30 ? String(t.requirement.prefix(30)) + "…" : t.requirement
                    let units = (t.leadUnits + t.groups).joined(separator: "、")
                    print("\(t.seq)\t\(req)\t\(units)\t\(t.deadlineText)\t\(t.deadline.due?.iso ?? "-")")
                }
            }
        }
    }
}
