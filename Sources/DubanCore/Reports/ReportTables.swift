import Foundation

/// The report's tables as sheets: one model for the CSV files and the XLSX workbook.
public enum ReportTables {
    /// Table names, used for sheet names and file names.
    public static let totalsName = "总体情况"
    public static let unitsName = "单位进度"
    public static let overdueName = "逾期任务"
    public static let categoriesName = "分类统计"
    public static let leadersName = "按责任领导"
    public static let silentName = "本季度未报送"
    public static let waitingName = "待触发任务"
    public static let undatedName = "无完成时限"
    public static let extensionsName = "待审批延期"

    /// Column headers of the per-unit table (exactly these words first).
    public static let unitHeaders = ["单位", "牵头任务数", "已完成", "推进中", "未开始", "暂缓", "逾期", "下季度到期", "完成率", "信号灯", "配合任务数"]
    static let countHeaders = ["任务数", "已完成", "推进中", "未开始", "暂缓", "逾期", "下季度到期", "完成率", "按时完成率"]

    /// Every table of the report, in reading order.
    public static func sheets(_ r: QuarterlyReport) -> [Sheet] {
        let subtitle = "\(r.planTitle) \(r.quarter.label) 截至\(r.asOf.iso)"
        func counts(_ c: ReportCounts) -> [CellValue] {
            [.int(c.tasks), .int(c.finished), .int(c.inProgress), .int(c.notStarted), .int(c.onHold), .int(c.overdue),
             .int(c.dueNextQuarter), rate(c.completionRate), rate(c.onTimeRate)]
        }
        // A plan that names its leaders shows them beside the lead units in the task lists.
        let withLeaders = !r.leaders.isEmpty
        func line(_ t: QuarterlyReport.TaskLine) -> [CellValue] {
            [.text(t.seq), .text(QuarterlyReport.short(t.requirement)), .text(t.units.joined(separator: "、"))]
                + (withLeaders ? [.text(t.leader)] : [])
                + [CellValue(t.due), .text(t.state.label), CellValue(t.overdueDays), CellValue(t.latestNote), CellValue(t.latestNoteDay)]
        }
        let lineHeaders = ["序号", "具体要求", "牵头单位"] + (withLeaders ? ["责任领导"] : [])
            + ["到期日", "状态", "逾期天数", "最新进展", "进展日期"]
        // Only for a plan that names its leaders (a 责任领导 column).
        let leaders = r.leaders.isEmpty ? [] : [
            Sheet(name: leadersName, headers: ["责任领导"] + countHeaders, rows: r.leaders.map { [.text($0.leader)] + counts($0.counts) },
                  title: "\(subtitle) 按责任领导统计"),
        ]
        return [
            Sheet(name: totalsName, headers: ["范围"] + countHeaders, rows: [[.text("全部任务")] + counts(r.totals)],
                  title: "\(subtitle) 总体情况"),
            Sheet(name: unitsName, headers: unitHeaders, rows: r.units.map { u in
                let c = u.counts
                return [.text(u.unit), .int(c.tasks), .int(c.finished), .int(c.inProgress), .int(c.notStarted), .int(c.onHold),
                        .int(c.overdue), .int(c.dueNextQuarter), rate(c.completionRate), .text(c.light.label), .int(c.coTasks)]
            }, title: "\(subtitle) 单位进度（按逾期数排序）"),
            Sheet(name: overdueName, headers: lineHeaders, rows: r.overdue.map(line), title: "\(subtitle) 逾期任务"),
            Sheet(name: categoriesName, headers: ["工作任务"] + countHeaders, rows: r.categories.map { [.text($0.category)] + counts($0.counts) },
                  title: "\(subtitle) 按工作任务分类"),
        ] + leaders + [
            Sheet(name: silentName, headers: lineHeaders, rows: r.noReportThisQuarter.map(line), title: "\(subtitle) 本季度未报送进展的任务"),
            Sheet(name: waitingName, headers: ["序号", "具体要求", "牵头单位", "完成时限"], rows: r.awaitingTrigger.map {
                [.text($0.seq), .text(QuarterlyReport.short($0.requirement)), .text($0.units.joined(separator: "、")), .text($0.deadlineText)]
            }, title: "\(subtitle) 等待触发条件的任务"),
            Sheet(name: undatedName, headers: ["序号", "具体要求", "牵头单位", "完成时限（原文）", "状态"], rows: r.undated.map {
                [.text($0.seq), .text(QuarterlyReport.short($0.requirement)), .text($0.units.joined(separator: "、")),
                 .text($0.deadlineText.isEmpty ? "（未填写）" : $0.deadlineText), .text($0.state.label)]
            }, title: "\(subtitle) 没有完成时限的任务"),
            Sheet(name: extensionsName, headers: ["申请编号", "序号", "申请单位", "申请延至", "理由", "申请日期"], rows: r.openExtensions.map { e in
                [.int(Int(e.id)), .text(r.seqs[e.taskId] ?? ""), .text(e.unitName), .day(e.requestedDue), .text(e.reason),
                 .day(Day(date: e.requestedAt))]
            }, title: "\(subtitle) 待审批的延期申请"),
        ]
    }

    static func rate(_ r: Double?) -> CellValue { r.map { .percent($0) } ?? .empty }
}
