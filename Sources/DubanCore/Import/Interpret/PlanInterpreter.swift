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
        var findings: [Finding] = []
        guard let choice = chooseTable(grid, findings: &findings) else {
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
        let year = try Metadata.planYear(override, found: early.year, file: grid.source)

        sink?.begin(year: year, rows: table.rows.count - choice.headerIndex - 1)
        var rows = RowReader(grid: grid, table: table, header: choice.header, year: year)
        let tasks = rows.read(Array(table.rows[(choice.headerIndex + 1)...]), sink: sink)
        findings += rows.findings
        let meta = Metadata.find(before: Array(context), after: rows.trailingText + Array(after))
        if tasks.isEmpty { throw ImportError.noTaskTable(file: grid.source) }
        let title = meta.title ?? "\(year)年工作分工方案"
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
    }

    /// The table whose header names task columns, with tables that continue it (same width,
    /// no header) appended; other tables are reported as skipped.
    static func chooseTable(_ grid: Grid, findings: inout [Finding]) -> TableChoice? {
        var candidates: [(Int, TableChoice)] = []
        for (k, table) in grid.tables.enumerated() {
            for (i, row) in table.rows.prefix(40).enumerated() {
                if let header = HeaderMap.headerFields(row) {
                    candidates.append((k, TableChoice(table: table, headerIndex: i, header: header)))
                    break
                }
            }
        }
        guard let best = candidates.max(by: { $0.1.table.rows.count - $0.1.headerIndex < $1.1.table.rows.count - $1.1.headerIndex })
        else { return nil }
        var choice = best.1
        let width = choice.table.rows[choice.headerIndex].cells.count
        let headed = Set(candidates.map(\.0))
        // A table continued in following tables without a header (page breaks in Word).
        var next = best.0 + 1
        while next < grid.tables.count, !headed.contains(next), grid.tables[next].aligned,
              grid.tables[next].rows.first?.cells.count == width {
            choice.table.rows += grid.tables[next].rows
            next += 1
        }
        for (k, table) in grid.tables.enumerated() where !(best.0..<next).contains(k) && !table.rows.isEmpty {
            findings.append(Finding(.info, SourceLocation(file: grid.source, table: table.name),
                                    "已跳过：这张表不是任务分工表（\(table.rows.count)行）"))
        }
        return choice
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
