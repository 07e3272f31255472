import Foundation

/// Decides what a Grid means: which table holds the tasks, which column is which, what each
/// blank cell inherits, and what the deadlines and units say. The same code for every format.
public enum PlanInterpreter {
    /// Interprets a grid: its task table, or else its numbered prose items.
    /// `year` overrides the year found in the text. A `sink` is given the year and then every
    /// task of a task table as soon as it is read (not those of prose items); the draft holds
    /// them all the same.
    /// - Throws: `ImportError.noTaskTable` when no table has a task header and no prose item
    ///   names a responsible unit; `ImportError.noYear` when no year can be found.
    public static func interpret(_ grid: Grid, year override: Int? = nil, sink: TaskSink? = nil) throws -> PlanDraft {
        var draft = try interpretShown(grid, year: override, sink: sink)
        // What the file hides (hidden sheets, rows, columns) was left out by its reader: said first.
        draft.findings.insert(contentsOf: grid.omitted.map { o in
            Finding(o.severity, SourceLocation(file: grid.source, table: o.table, row: o.row), o.message)
        }, at: 0)
        return draft
    }

    /// `interpret` of what the file shows.
    static func interpretShown(_ grid: Grid, year override: Int? = nil, sink: TaskSink? = nil) throws -> PlanDraft {
        var findings: [Finding] = []
        guard let choice = chooseTable(grid, findings: &findings) else {
            // A table in Traditional characters (序號 / 牽頭單位…) is read in Simplified, as prose is.
            if let simplified = grid.simplified(), chooseTable(simplified, findings: &findings) != nil {
                var draft = try interpretShown(simplified, year: override, sink: sink)
                draft.findings.insert(Finding(.info, SourceLocation(file: grid.source),
                                              "这份文件是繁体字，已转为简体读取（任务文字也保存为简体）"), at: 0)
                return draft
            }
            // No task table: the plan may assign its tasks in prose.
            return try ProseInterpreter.interpret(grid, year: override)
        }
        let table = choice.table
        let context = grid.lines[..<min(table.linesBefore, grid.lines.count)]
            + table.rows[..<choice.headerIndex].map { $0.cells.map(\.text).joined() }
        let after = grid.lines[min(table.linesBefore, grid.lines.count)...]
        // The year decides deadlines, so it is found before the rows are read; the rows' footer
        // (落款 inside the table) then completes issuer and date.
        let early = Metadata.find(before: Array(context), after: Array(after))
        // No year in the document: one the file name or the page's 发布日期 gives, said so.
        let fallback = override == nil && early.year == nil ? Metadata.fallbackYear(grid) : nil
        let year = try Metadata.planYear(override, found: early.year ?? fallback?.year, file: grid.source)
        if let fallback { findings.append(fallback.finding) }

        sink?.begin(year: year, rows: table.rows.count - choice.headerIndex - 1)
        var rows = RowReader(grid: grid, table: table, header: choice.header, year: year, parts: choice.parts,
                             scheduleLabels: choice.scheduleLabels, partHeadings: choice.partHeadings)
        let tasks = rows.read(Array(table.rows[(choice.headerIndex + 1)...]), sink: sink)
        findings += rows.findings
        let meta = Metadata.find(before: Array(context), after: rows.trailingText + Array(after))
        if tasks.isEmpty { throw ImportError.noTaskTable(file: grid.source) }
        let title = meta.title ?? "\(year)年工作分工方案"
        if let span = Metadata.spanFinding(title: meta.title, year: year, override: override, source: grid.source) {
            findings.append(span)
        }
        if meta.title == nil {
            findings.append(Finding(.warning, SourceLocation(file: grid.source), "未找到方案标题，已暂用“\(title)”"))
        }
        return PlanDraft(title: title, year: year, issuer: meta.issuer, issued: meta.issued, source: grid.source,
                         format: grid.format, tasks: tasks, findings: findings)
    }

    struct TableChoice {
        var table: GridTable
        var headerIndex: Int
        var header: [PlanField?]
        /// The source tables the task table is made of, by the index of their first row among
        /// the data rows (`table.rows` after the header row): findings name the right table.
        var parts: [(start: Int, name: String)] = []
        /// The period of each 进度安排 column (一季度 …), from the header's second row.
        var scheduleLabels: [Int: String] = [:]
        /// The section each joined part's own title names, by the part's start (see `RowReader`).
        var partHeadings: [Int: String] = [:]
    }

    /// The task table: the longest table whose header names task columns, together with every
    /// other table under the same header (a plan split into sections or pages that each repeat
    /// the header, or a workbook's sheets), each followed by the tables that continue it without
    /// a header (page breaks in Word: same width). Other tables are reported as skipped.
    static func chooseTable(_ grid: Grid, findings: inout [Finding]) -> TableChoice? {
        var candidates: [(Int, TableChoice)] = []
        for (k, table) in grid.tables.enumerated() {
            for (i, row) in table.rows.prefix(40).enumerated() {
                if var header = HeaderMap.headerFields(row) {
                    var at = i
                    // A two-row header (责任单位 over 牵头单位 | 配合单位): the lower row refines it.
                    if at + 1 < table.rows.count, let refined = HeaderMap.subHeader(table.rows[at + 1], under: header) {
                        header = refined
                        at += 1
                    }
                    // 进度安排 over 一季度 | 二季度 | 三季度 | 四季度: each period column is a step.
                    var labels: [Int: String] = [:]
                    if at + 1 < table.rows.count, let found = HeaderMap.scheduleLabels(table.rows[at + 1], under: header) {
                        labels = found
                        for c in found.keys { header[c] = .schedule }
                        at += 1
                    }
                    // A row numbering the columns (1 | 2 | 3 | 4 | 5) belongs to the header.
                    if at + 1 < table.rows.count, HeaderMap.isColumnNumbers(table.rows[at + 1]) { at += 1 }
                    candidates.append((k, TableChoice(table: table, headerIndex: at, header: header, scheduleLabels: labels)))
                    break
                }
            }
        }
        guard let best = candidates.max(by: { $0.1.table.rows.count - $0.1.headerIndex < $1.1.table.rows.count - $1.1.headerIndex })
        else { return nil }
        let headed = Set(candidates.map(\.0))
        var sections = candidates.filter { $0.1.header == best.1.header && $0.1.table.aligned == best.1.table.aligned }
        // A sheet under the same header whose own title names another year (last year's plan
        // kept in the workbook) is not part of this plan.
        var otherYears = Set<Int>()
        if let year = titleYear(sections[0].1) {
            sections.removeAll { k, section in
                guard let other = titleYear(section), other != year else { return false }
                otherYears.insert(k)
                findings.append(Finding(.warning, SourceLocation(file: grid.source, table: section.table.name),
                                        "这张表的标题是\(other)年的（本方案是\(year)年的），表头虽然相同，也没有并入；如果它确实属于本方案，请删去或改正它的标题后重新导入"))
                return true
            }
        }
        var choice = sections[0].1
        let width = choice.table.rows[choice.headerIndex].cells.count
        var used = Set<Int>()
        // Sheets (or tables) whose titles each name a section of one plan: their sections are
        // the categories of their rows.
        let headings = sections.count > 1 ? sections.map { sectionHeading($0.1) } : []
        let useHeadings = !headings.isEmpty && headings.allSatisfy { $0 != nil }
        for (n, (k, section)) in sections.enumerated() {
            if useHeadings { choice.partHeadings[n == 0 ? 0 : choice.table.rows.count - choice.headerIndex - 1] = headings[n] }
            if k != sections[0].0 {
                choice.parts.append((choice.table.rows.count - choice.headerIndex - 1, section.table.name))
                choice.table.rows += section.table.rows[(section.headerIndex + 1)...]
                findings.append(Finding(.info, SourceLocation(file: grid.source, table: section.table.name),
                                        "与\(choice.table.name)表头相同，已作为同一张任务表接着读取"))
            } else {
                choice.parts.append((0, section.table.name))
            }
            used.insert(k)
            var next = k + 1
            while next < grid.tables.count, !headed.contains(next), continues(grid.tables[next], choice, width: width) {
                choice.parts.append((choice.table.rows.count - choice.headerIndex - 1, grid.tables[next].name))
                choice.table.rows += continuingMerges(grid.tables[next])
                findings.append(Finding(.info, SourceLocation(file: grid.source, table: grid.tables[next].name),
                                        "没有表头，接在上一张表之后，已作为同一张任务表接着读取"))
                used.insert(next)
                next += 1
            }
        }
        for (k, table) in grid.tables.enumerated() where !used.contains(k) && !otherYears.contains(k) && !table.rows.isEmpty {
            findings.append(Finding(.info, SourceLocation(file: grid.source, table: table.name),
                                    "已跳过：这张表不是任务分工表（\(table.rows.count)行）"))
        }
        return choice
    }

    /// "…分工方案（一、推动经济高质量发展）" or "一、推动经济高质量发展" as a table's own title row:
    /// the section it holds.
    static func sectionHeading(_ choice: TableChoice) -> String? {
        for row in choice.table.rows[..<choice.headerIndex].reversed() {
            var text = TextNormalizer.compact(row.cells.map(\.text).joined())
            if text.hasSuffix("）") || text.hasSuffix(")"), let open = text.lastIndex(where: { $0 == "（" || $0 == "(" }) {
                text = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
            }
            if let (kind, _, rest) = Outline.marker(in: text), kind == .chinese, !rest.isEmpty { return rest }
        }
        return nil
    }

    /// The year the title rows above a table's header name (a sheet's own title), if any.
    static func titleYear(_ choice: TableChoice) -> Int? {
        let lines = choice.table.rows[..<choice.headerIndex].map { $0.cells.map(\.text).joined() }.filter { !$0.isEmpty }
        return lines.isEmpty ? nil : Metadata.find(before: lines, after: []).year
    }

    /// The rows of a continuation table. Rows before its first numbered one are the rest of a
    /// task cut at the page break: in a document that marks its merges, their empty cells were
    /// merged with the cells above before the table was split, and are read so.
    static func continuingMerges(_ table: GridTable) -> [GridRow] {
        var rows = table.rows
        guard table.mergesKnown else { return rows }
        for k in rows.indices where !rows[k].isBlank {
            if RowReader.isSeq(rows[k].cells.first?.text ?? "") { break }
            for c in rows[k].cells.indices where rows[k].cells[c].isEmpty && rows[k].cells[c].merge == .origin {
                rows[k].cells[c] = .covered(.fromAbove)
            }
        }
        return rows
    }

    /// Whether a table without a header continues the task table (Word's page breaks, a page
    /// number line in text copied from a PDF): laid out the same way (as wide, or both left-packed
    /// text) and, when the task table is numbered, starting with a numbered row — an appendix of
    /// the same width (序号 | 单位 | 联系人 …) is no continuation. A first row without a number is
    /// the rest of a task cut at the page break (its merged cells split with the table) when
    /// numbered rows follow it.
    static func continues(_ table: GridTable, _ choice: TableChoice, width: Int) -> Bool {
        guard table.aligned == choice.table.aligned, let first = table.rows.first(where: { !$0.isBlank }) else { return false }
        if table.aligned && first.cells.count != width { return false }
        guard choice.header.first == .seq else { return true }
        let seq = first.cells.first?.text ?? ""
        if RowReader.isSeq(seq) { return true }
        return TextNormalizer.trim(seq).isEmpty && table.rows.prefix(6).contains { RowReader.isSeq($0.cells.first?.text ?? "") }
    }
}

extension Grid {
    /// The grid with Traditional characters turned into Simplified, or nil when it has none or
    /// when no table's first rows hold a Traditional header character (序號, 牽頭單位, 完成時限…):
    /// ICU's transform costs about as much as reading the file, so a grid that cannot gain a
    /// task header by it is left alone.
    func simplified() -> Grid? {
        let headerCharacters: Set<Unicode.Scalar> = ["號", "牽", "頭", "單", "時", "務", "體", "內", "項", "責", "負", "類", "會"]
        let mayHaveHeader = tables.contains { table in
            table.rows.prefix(40).contains { row in
                row.cells.contains { cell in cell.lines.contains { $0.unicodeScalars.contains(where: headerCharacters.contains) } }
            }
        }
        guard mayHaveHeader else { return nil }
        var changed = false
        func convert(_ s: String) -> String {
            guard let t = TextNormalizer.simplifiedChinese(s) else { return s }
            changed = true
            return t
        }
        var copy = self
        copy.lines = lines.map(convert)
        for t in copy.tables.indices {
            for r in copy.tables[t].rows.indices {
                for c in copy.tables[t].rows[r].cells.indices {
                    copy.tables[t].rows[r].cells[c].lines = copy.tables[t].rows[r].cells[c].lines.map(convert)
                }
            }
        }
        return changed ? copy : nil
    }
}

/// Where an interpreter hands the tasks of a plan while it is still reading the rest (an import
/// that stores them meanwhile). Called on the interpreting thread, in this order: `begin` once,
/// then `accept` with every task in order; never for a plan that turns out to have no task table.
public protocol TaskSink: AnyObject, Sendable {
    /// The plan's year, known before its rows are read, and how many rows its task table has
    /// below the header (about as many tasks will come).
    func begin(year: Int, rows: Int)
    /// The next tasks, in order (final: they are in the draft exactly as given).
    func accept(_ tasks: [TaskDraft])
}

/// How many tasks a sink is given at a time.
enum TaskSinkChunk {
    static let size = 256
}
