import Foundation

/// 反馈表: the form the office sends a unit without a login — its open tasks with empty columns
/// for the new state, progress note, percent and a requested new date — and how a filled form
/// is read back.
public enum FeedbackForm {
    /// Column headers, in order. The first seven are filled by Duban; the rest by the unit.
    public static let headers = ["任务编号", "序号", "具体要求", "完成时限", "到期日", "信号灯", "当前状态",
                                 "新状态", "进展情况", "完成百分比", "申请延期至", "延期原因", "佐证材料"]

    /// The sheet of one unit's form.
    public static func sheet(unit: String, planTitle: String?, tasks: [TaskWithStatus], asOf: Day) -> Sheet {
        let rows: [[CellValue]] = tasks.map { t in
            let mine = t.status.unitStates.first { $0.unit == unit }?.state ?? t.status.state
            return [.int(Int(t.task.id)), .text(t.task.seq), .text(t.task.requirement), .text(t.task.deadlineText),
                    CellValue(t.status.effectiveDue), .text(t.status.light.label), .text(mine.label),
                    .empty, .empty, .empty, .empty, .empty, .empty]
        }
        let widths: [Double?] = [8, 8, 60, 14, 12, 6, 10, 10, 40, 10, 12, 24, 20]
        let columns = zip(headers, widths).map { Sheet.Column($0, width: $1) }
        let title = "\(planTitle.map { $0 + " " } ?? "")任务进展反馈表　填报单位：\(unit)　截至：\(asOf.iso)　新状态可填：推进中、已完成、暂缓、持续推进"
        return Sheet(name: "反馈表", columns: columns, rows: rows, title: title)
    }

    /// A filled form as read: the unit, the day it speaks for and its non-empty rows.
    public struct Submission: Sendable {
        public var file: String
        public var unit: String
        public var asOf: Day
        public var rows: [Row]
    }

    /// One filled row.
    public struct Row: Sendable, Hashable {
        public var number: Int
        public var taskId: Int64
        public var state: TaskState?
        public var note: String
        public var percent: Int?
        public var extendTo: Day?
        public var extendReason: String
        public var evidence: String
    }

    /// Reads the bytes of a filled form from a file called `name` (the bytes decide XLSX or CSV,
    /// the name breaks ties), as `forms import` and the web upload get them.
    /// - Throws: `ImportError` for a file no reader takes, `FormError` as `read(_:asOf:)`.
    public static func read(data: Data, name: String, asOf fallback: Day) throws -> Submission {
        try read(PlanImporter.grid(data: data, name: name), asOf: fallback)
    }

    /// Reads a filled form (XLSX or CSV, as the unit saved it).
    /// - Throws: `FormError` listing every problem by row; nothing is applied then.
    public static func read(_ grid: Grid, asOf fallback: Day) throws -> Submission {
        guard let table = grid.tables.first(where: { t in t.rows.contains { isHeader($0) } }),
              let headerIndex = table.rows.firstIndex(where: isHeader) else {
            throw FormError.notAForm(file: grid.source)
        }
        let header = table.rows[headerIndex].cells.map { TextNormalizer.compact($0.text) }
        func column(_ name: String) -> Int? { header.firstIndex(of: name) }
        let preamble = table.rows[..<headerIndex].map { $0.cells.map(\.text).joined(separator: " ") }.joined(separator: " ")
            + grid.lines.joined(separator: " ")
        guard let unit = labelled("填报单位", in: preamble) else { throw FormError.noUnit(file: grid.source) }
        let asOf = labelled("截至", in: preamble).flatMap { Day(iso: String($0.prefix(10))) } ?? fallback

        var rows: [Row] = []
        var problems: [FormProblem] = []
        for row in table.rows[(headerIndex + 1)...] where !row.isBlank {
            func cell(_ name: String) -> String {
                guard let i = column(name), i < row.cells.count else { return "" }
                return TextNormalizer.trim(row.cells[i].text)
            }
            let stateText = cell("新状态"), note = cell("进展情况"), percentText = cell("完成百分比")
            let extendText = cell("申请延期至"), reason = cell("延期原因"), evidence = cell("佐证材料")
            if [stateText, note, percentText, extendText, reason, evidence].allSatisfy(\.isEmpty) { continue }
            var rowProblems: [String] = []
            let idText = cell("任务编号")
            let taskId = Int64(idText)
            if taskId == nil { rowProblems.append("任务编号“\(idText)”不是数字，请不要改动前七列") }
            var state: TaskState?
            if !stateText.isEmpty {
                state = TaskState(text: stateText)
                if state == nil { rowProblems.append("新状态“\(stateText)”无法识别，可填：推进中、已完成、暂缓、持续推进") }
            }
            var percent: Int?
            if !percentText.isEmpty {
                let digits = percentText.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "％", with: "")
                if let value = Double(digits) {
                    let scaled = value <= 1 && percentText.contains(".") && !percentText.contains("%") ? value * 100 : value
                    // Only a finite value near the range becomes an Int (Int(1e30) and Int(nan) stop the process).
                    if scaled.isFinite, abs(scaled) <= 1_000 { percent = Int(scaled.rounded()) }
                }
                if percent == nil || !(0...100).contains(percent!) { rowProblems.append("完成百分比“\(percentText)”应为 0 到 100 的数字") }
            }
            var extendTo: Day?
            if !extendText.isEmpty {
                extendTo = Day(iso: extendText) ?? DeadlineParser.dateMentions(in: extendText, year: asOf.year).last
                if extendTo == nil { rowProblems.append("申请延期至“\(extendText)”不是日期，请写成 2018-10-31") }
                else if reason.isEmpty { rowProblems.append("申请延期必须填写延期原因") }
            }
            if state == nil && stateText.isEmpty && note.isEmpty && extendText.isEmpty {
                rowProblems.append("只填了完成百分比或佐证材料，请同时填写新状态或进展情况")
            }
            if rowProblems.isEmpty, let taskId {
                rows.append(Row(number: row.number, taskId: taskId, state: state, note: note, percent: percent,
                                extendTo: extendTo, extendReason: reason, evidence: evidence))
            } else {
                problems += rowProblems.map { FormProblem(row: row.number, message: $0) }
            }
        }
        if !problems.isEmpty { throw FormError.problems(file: grid.source, problems) }
        return Submission(file: grid.source, unit: unit, asOf: asOf, rows: rows)
    }

    static func isHeader(_ row: GridRow) -> Bool {
        let texts = Set(row.cells.map { TextNormalizer.compact($0.text) })
        return texts.contains("任务编号") && texts.contains("新状态")
    }

    /// The value after "label：" up to the next full-width space or label.
    static func labelled(_ label: String, in text: String) -> String? {
        guard let r = text.range(of: label) else { return nil }
        var rest = text[r.upperBound...]
        while let first = rest.first, first == ":" || first == "：" || first == " " { rest = rest.dropFirst() }
        let value = rest.prefix { $0 != "　" && $0 != " " && $0 != "\n" }
        return value.isEmpty ? nil : String(value)
    }
}

/// One problem in one row of a filled form.
public struct FormProblem: Sendable, Hashable, CustomStringConvertible {
    public var row: Int
    public var message: String
    public var description: String { "第\(row)行：\(message)" }
}

/// Why a filled form was not applied (nothing of it was).
public enum FormError: Error, Equatable, CustomStringConvertible {
    case notAForm(file: String)
    case noUnit(file: String)
    case problems(file: String, [FormProblem])

    public var description: String {
        switch self {
        case .notAForm(let f):
            return "\(f) 不是 Duban 的反馈表（找不到“任务编号”“新状态”表头）。请使用 duban forms export 导出的表格填写。"
        case .noUnit(let f):
            return "\(f) 没有写明填报单位（表头上方应有“填报单位：…”）。请使用导出的原表填写。"
        case .problems(let f, let list):
            return "\(f) 有 \(list.count) 处问题，整张表都没有导入，请改正后重新导入：\n" + list.map { "  \($0)" }.joined(separator: "\n")
        }
    }
}

extension FeedbackForm {
    /// What the office is told after a form was applied (CLI and web).
    public static func summary(_ form: Submission, reports: Int, extensions: Int, superseded: [Int]) -> String {
        var text = "已导入“\(form.unit)”的反馈表（截至 \(form.asOf.iso)）：\(reports) 条报送，\(extensions) 份延期申请。"
        if !superseded.isEmpty {
            let rows = superseded.lazy.map { "第\($0)行" }.listedBriefly()
            text += "其中\(rows)的报送早于该单位在系统里已有的报送（截至日期更晚），只记入历史，不改变当前状态。"
        }
        return text
    }
}
