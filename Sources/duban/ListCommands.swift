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
    static let configuration = CommandConfiguration(
        commandName: "tasks", abstract: "List tasks with their state and traffic light at a date.",
        discussion: "--unit includes the tasks of groups the unit is a registered member of.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Plan id (see `duban plans`).") var plan: Int64?
    @Option(help: "Only tasks of this unit (name or alias).") var unit: String?
    @Option(name: .customLong("as-of"), help: "Compute state and warning at this day (YYYY-MM-DD). Default: today.") var asOf: String?
    @Option(help: "Only this traffic light: red, yellow, green, blue (红 黄 绿 蓝).") var light: String?
    @Option(help: "Only tasks whose 责任领导 (leader in charge) contains this text, e.g. 张三.") var leader: String?
    @Option(help: "Days before the due date that count as due soon (黄).") var soonDays: Int = TrackingRules.defaultSoonDays
    @Option(help: "table, json or csv.") var format: ListFormat = .table

    func run() throws {
        try runReporting {
            let day = try parseDay(asOf) ?? Day.today()
            var rows = try global.open().statuses(planId: plan, unit: unit, asOf: day, soonDays: soonDays)
            if let light {
                guard let wanted = Light(rawValue: light) ?? Light.allCases.first(where: { $0.label == light }) else {
                    throw fail("信号灯“\(light)”无法识别，可用：red yellow green blue（红 黄 绿 蓝）。")
                }
                rows = rows.filter { $0.status.light == wanted }
            }
            if let leader {
                let wanted = TextNormalizer.removeSpaces(leader)
                guard !wanted.isEmpty else { throw fail("--leader 不能为空：请写责任领导的姓名或职务，例如 --leader 张三。") }
                rows = rows.filter { $0.task.leader.contains(wanted) }
                if rows.isEmpty { print("没有责任领导含“\(wanted)”的任务（方案的表格里有“责任领导”一栏时，导入才会记下）。"); return }
            }
            switch format {
            case .json:
                print(JSONValue.array(rows.map { r in
                    TaskExport.json(r.task, extra: [
                        ("asOf", .string(day.iso)),
                        ("state", .string(r.status.state.rawValue)),
                        ("stateLabel", .string(r.status.state.label)),
                        ("warning", .string(r.status.light.rawValue)),
                        ("warningLabel", .string(r.status.light.label)),
                        ("effectiveDue", r.status.effectiveDue.map { .string($0.iso) } ?? .null),
                        ("overdueDays", r.status.overdueDays.map { .int($0) } ?? .null),
                        ("situation", .string(r.status.situation)),
                    ])
                }).render())
            case .csv:
                var lines = [CSVLine.join(["编号", "序号", "工作任务", "分项", "具体要求", "牵头单位", "配合单位", "责任主体", "责任领导", "完成时限",
                                           "到期日", "状态", "信号灯", "逾期天数", "情况"])]
                for r in rows {
                    let t = r.task
                    lines.append(CSVLine.join([String(t.id), t.seq, t.category, t.subcategory, t.requirement,
                                               t.leadUnits.joined(separator: "、"), t.coUnits.joined(separator: "、"),
                                               t.groups.joined(separator: "、"), t.leader, t.deadlineText, r.status.effectiveDue?.iso ?? "",
                                               r.status.state.label, r.status.light.label, r.status.overdueDays.map(String.init) ?? "",
                                               r.status.situation]))
                }
                print("\u{FEFF}" + lines.joined(separator: "\r\n"), terminator: "\r\n")
            case .table:
                print("编号\t序号\t信号灯\t情况\t状态\t到期日\t牵头单位\t具体要求（截至 \(day.iso)）")
                for r in rows {
                    let t = r.task
                    let req = t.requirement.count > 26 ? String(t.requirement.prefix(26)) + "…" : t.requirement
                    let units = (t.leadUnits + t.groups).joined(separator: "、")
                    print("\(t.id)\t\(t.seq)\t\(r.status.light.label)\t\(r.status.situation.isEmpty ? "—" : r.status.situation)\t\(r.status.state.label)\t\(r.status.effectiveDue?.iso ?? "—")\t\(units)\t\(req)")
                }
            }
        }
    }
}
