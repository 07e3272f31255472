/// The logical columns of a 分工方案 table.
public enum PlanField: String, Sendable, CaseIterable {
    case seq, category, subcategory, requirement, lead, co, deadline, leader, schedule, remark
}

/// Recognises header cells (序号 / 工作任务 / 具体要求 / 牵头单位 / 完成时限 and synonyms).
public enum HeaderMap {
    /// Header words, matched on the compact cell text. Order matters: longer, more specific first.
    static let synonyms: [(String, PlanField)] = [
        ("序号", .seq), ("编号", .seq),
        // 责任领导 (the district leader in charge of a task), before the unit words.
        ("责任领导", .leader), ("分管领导", .leader), ("牵头领导", .leader), ("责任区领导", .leader),
        ("分管区领导", .leader), ("联系领导", .leader), ("包抓领导", .leader), ("领导同志", .leader),
        ("配合单位", .co), ("配合部门", .co), ("协办单位", .co), ("协助单位", .co),
        ("牵头落实单位", .lead), ("牵头单位", .lead), ("责任单位", .lead), ("责任部门", .lead),
        ("牵头部门", .lead), ("承办单位", .lead), ("落实单位", .lead), ("责任科室", .lead), ("牵头落实", .lead),
        // 进度安排 (often over 一季度 | 二季度 | 三季度 | 四季度): the steps of a task through the year.
        ("进度安排", .schedule), ("时间安排", .schedule), ("进度计划", .schedule), ("推进计划", .schedule),
        ("时序进度", .schedule), ("节点安排", .schedule), ("时间节点安排", .schedule), ("进度要求", .schedule),
        ("完成时限", .deadline), ("完成时间", .deadline), ("时间节点", .deadline), ("时限要求", .deadline),
        ("完成期限", .deadline), ("时限", .deadline),
        ("具体要求", .requirement), ("工作内容", .requirement), ("主要措施", .requirement),
        ("工作措施", .requirement), ("具体措施", .requirement), ("任务内容", .requirement),
        ("工作要求", .requirement), ("主要内容", .requirement),
        ("工作事项", .requirement), ("具体任务", .requirement), ("任务事项", .requirement),
        ("工作任务", .category), ("重点任务", .category), ("任务分类", .category), ("类别", .category),
        ("主要任务", .category), ("项目", .category), ("重点工作", .category), ("任务名称", .category),
        // 备注: read for what it says about the task (延期至…, 已取消), never as a task's text.
        ("备注", .remark),
    ]

    /// The field a header cell names, if any.
    public static func field(of text: String) -> PlanField? {
        let s = TextNormalizer.compact(text)
        // At most 16 bytes are at most 16 characters: `count` (grapheme breaking) only for longer text.
        guard !s.isEmpty, s.utf8.count <= 16 || s.count <= 16 else { return nil }
        for (word, field) in synonyms where s.contains(literal: word) { return field }
        return nil
    }

    /// The fields a row names when it is a header row (at least three distinct, with a task or
    /// requirement column and a lead or deadline column); nil otherwise.
    public static func headerFields(_ row: GridRow) -> [PlanField?]? {
        headerFields(row, fields: row.cells.map { field(of: $0.text) })
    }

    /// `headerFields(row)` from the field of each of its cells (`field(of:)`), read already.
    static func headerFields(_ row: GridRow, fields: [PlanField?]) -> [PlanField?]? {
        var fields = fields
        let set = Set(fields.compactMap { $0 })
        guard set.count >= 3,
              set.contains(.requirement) || set.contains(.category),
              set.contains(.lead) || set.contains(.deadline) else { return nil }
        // 牵头单位 beside 责任单位 (or 落实单位…): the lead is the column that says 牵头; the
        // other unit columns list the units that carry the task out with it.
        let leads = fields.indices.filter { fields[$0] == .lead }
        if leads.count > 1 {
            let named = leads.filter { TextNormalizer.compact(row.cells[$0].text).contains(literal: "牵头") }
            if !named.isEmpty { for i in leads where !named.contains(i) { fields[i] = .co } }
        }
        // 类别 beside 工作任务: two task-name columns are the category and the subcategory.
        let categories = fields.indices.filter { fields[$0] == .category }
        if categories.count == 2, !set.contains(.subcategory) { fields[categories[1]] = .subcategory }
        return fields
    }

    /// The periods a row names under a 进度安排 header (一季度 | 二季度 | 三季度 | 四季度, 1月 …
    /// 12月, 上半年 | 下半年), by column: the cells of the schedule column and of the unnamed
    /// columns right of it; every other cell blank or merged. Nil when the row is no such row.
    public static func scheduleLabels(_ row: GridRow, under header: [PlanField?], year: Int = 2000) -> [Int: String]? {
        guard row.cells.count == header.count, let first = header.firstIndex(of: .schedule) else { return nil }
        var labels: [Int: String] = [:]
        var c = first
        while c < header.count, c == first || header[c] == nil {
            let text = TextNormalizer.compact(row.cells[c].text)
            guard !text.isEmpty else { break }
            guard text.count <= 8, DeadlineParser.parse(text, year: year).kind == .fixed else { return nil }
            labels[c] = text
            c += 1
        }
        guard labels.count >= 2 else { return nil }
        for (i, cell) in row.cells.enumerated() where labels[i] == nil && cell.merge == .origin && !cell.isEmpty { return nil }
        return labels
    }

    /// A row that numbers the columns under the header: 1 | 2 | 3 | … (blank or merged cells allowed).
    public static func isColumnNumbers(_ row: GridRow) -> Bool {
        var expected = 1
        for cell in row.cells where cell.merge == .origin && !cell.isEmpty {
            guard TextNormalizer.compact(cell.text) == String(expected) else { return false }
            expected += 1
        }
        return expected > 3
    }

    /// The header a second header row makes of `upper` (责任单位 over the two columns 牵头单位 |
    /// 配合单位): every text cell of `row` names a field and takes its column; the columns it leaves
    /// blank or merged keep the upper row's field. Nil when `row` is not such a row.
    public static func subHeader(_ row: GridRow, under upper: [PlanField?]) -> [PlanField?]? {
        guard row.cells.count == upper.count else { return nil }
        var fields = upper
        var named = 0
        for (i, cell) in row.cells.enumerated() where cell.merge == .origin && !cell.isEmpty {
            guard let field = field(of: cell.text) else { return nil }
            fields[i] = field
            named += 1
        }
        return named > 0 ? fields : nil
    }
}
