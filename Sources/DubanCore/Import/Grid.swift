/// The one cell model every reader produces: tables of rows of cells, plus the text around them.
///
/// Readers only turn bytes into a `Grid`; all meaning (headers, inheritance, deadlines, units)
/// is decided afterwards by `PlanInterpreter`, the same way for every format.
public struct Grid: Sendable {
    /// File name shown in findings.
    public var source: String
    /// Which reader produced it.
    public var format: SourceFormat
    /// Paragraphs outside tables, in document order (title, issuer, dates, prose items).
    public var lines: [String]
    /// The tables of the document, in order.
    public var tables: [GridTable]
    /// What the file hides and the reader therefore left out (hidden sheets, rows, columns,
    /// struck-through text), for the preview to say.
    public var omitted: [Omission] = []

    public init(source: String, format: SourceFormat, lines: [String] = [], tables: [GridTable] = []) {
        self.source = source
        self.format = format
        self.lines = lines
        self.tables = tables
    }
}

/// Something the file has but hides, left out by its reader.
public struct Omission: Sendable, Hashable {
    /// The table or sheet it is in.
    public var table: String?
    public var row: Int?
    /// What was left out, in plain words (Chinese).
    public var message: String
    /// A warning when tasks may be missing (hidden rows); else a note.
    public var severity: Finding.Severity

    public init(table: String?, row: Int?, message: String, severity: Finding.Severity = .info) {
        self.table = table
        self.row = row
        self.message = message
        self.severity = severity
    }

    /// How many struck-through texts a reader names one by one; past that, one `moreStruck` line.
    static let struckShown = 30
    /// The line after the first `struckShown` struck-through texts.
    static let moreStruck = Omission(table: nil, row: nil, message: "还有更多带删除线的文字也已按删除处理，未读取", severity: .warning)

    /// Text struck through (crossed out by hand: a replaced unit, a cancelled task), left out;
    /// `wholeRow` when nothing else of its row is left.
    static func struck(_ text: String, table: String?, row: Int?, wholeRow: Bool) -> Omission {
        let what = QuarterlyReport.short(text, 30)
        return Omission(table: table, row: row, message: wholeRow
            ? "整行带删除线（“\(what)”），已按删去的任务处理，未读取；如果它仍然有效，请去掉删除线后重新导入"
            : "带删除线的文字“\(what)”已按删除处理，未读取；如果它仍然有效，请去掉删除线后重新导入", severity: .warning)
    }
}

/// One table of a document or one sheet of a workbook.
public struct GridTable: Sendable {
    /// Name shown in findings ("表1", a sheet name).
    public var name: String
    public var rows: [GridRow]
    /// True when every row holds one cell per grid column (spans expanded); false for text
    /// extractions whose cells are left-packed and whose merged cells vanished.
    public var aligned: Bool
    /// True when the format records merges (DOCX, XLSX, HTML); false when merged cells arrive blank (CSV, text).
    public var mergesKnown: Bool
    /// Index into `Grid.lines` of the first paragraph after this table (the text before it is `lines[..<linesBefore]`).
    public var linesBefore: Int

    public init(name: String, rows: [GridRow], aligned: Bool, mergesKnown: Bool, linesBefore: Int) {
        self.name = name
        self.rows = rows
        self.aligned = aligned
        self.mergesKnown = mergesKnown
        self.linesBefore = linesBefore
    }
}

/// One row of a table.
public struct GridRow: Sendable {
    /// 1-based row number in the source (line number for text, row number for sheets).
    public var number: Int
    public var cells: [GridCell]

    public init(number: Int, cells: [GridCell]) {
        self.number = number
        self.cells = cells
    }

    /// True when no cell has text.
    public var isBlank: Bool { cells.allSatisfy { $0.isEmpty } }
}

/// One cell: its text lines (paragraphs) and how it relates to merges.
public struct GridCell: Sendable, Equatable {
    /// Where a cell's content comes from.
    public enum Merge: Sendable, Equatable {
        /// An ordinary cell, or the top-left cell of a merge.
        case origin
        /// Covered by the cell above (rowspan / vMerge continue / mergeCells).
        case fromAbove
        /// Covered by the cell to the left (colspan / gridSpan).
        case fromLeft
    }

    /// Paragraphs of the cell, each trimmed; a cell with no text has no lines.
    public var lines: [String]
    public var merge: Merge

    public init(lines: [String], merge: Merge = .origin) {
        self.lines = lines.filter { !$0.isEmpty }
        self.merge = merge
    }

    public init(_ text: String, merge: Merge = .origin) {
        self.init(lines: text.isEmpty ? [] : [text], merge: merge)
    }

    /// A cell covered by a merge.
    public static func covered(_ merge: Merge) -> GridCell { GridCell(lines: [], merge: merge) }

    /// The cell's text with lines joined by a newline.
    public var text: String { lines.joined(separator: "\n") }
    public var isEmpty: Bool { lines.isEmpty }
}

/// File formats Duban reads.
public enum SourceFormat: String, Sendable, Codable, CaseIterable {
    case text, docx, xlsx, html, csv, prose, pdf
}

/// Where a finding points: file, table, row, column — any of them may be unknown.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var table: String?
    public var row: Int?
    public var column: String?
    /// For prose: the paragraph number (counting non-empty paragraphs).
    public var paragraph: Int?

    public init(file: String, table: String? = nil, row: Int? = nil, column: String? = nil, paragraph: Int? = nil) {
        self.file = file
        self.table = table
        self.row = row
        self.column = column
        self.paragraph = paragraph
    }

    public var description: String {
        var parts = [file]
        if let table { parts.append(table) }
        if let row { parts.append("第\(row)行") }
        if let paragraph { parts.append("第\(paragraph)段") }
        if let column { parts.append(column) }
        return parts.joined(separator: " ")
    }
}

/// A non-fatal import observation shown in the preview (no lead unit, deadline kept as text…).
public struct Finding: Sendable, Hashable, Codable, CustomStringConvertible {
    /// How much a finding matters to the person importing.
    public enum Severity: String, Sendable, Codable { case info, warning }

    public var severity: Severity
    public var location: SourceLocation
    /// Plain Chinese for the office worker.
    public var message: String

    public init(_ severity: Severity, _ location: SourceLocation, _ message: String) {
        self.severity = severity
        self.location = location
        self.message = message
    }

    public var description: String { "[\(severity == .warning ? "注意" : "提示")] \(location): \(message)" }
}

extension Collection where Element == String {
    /// The first `limit` items joined with 、, and 等 when there are more: how a message lists
    /// rows or tasks without running on ("第3行、第7行等").
    func listedBriefly(_ limit: Int = 10) -> String {
        prefix(limit).joined(separator: "、") + (count > limit ? "等" : "")
    }
}

extension GridCell {
    /// `cells` without the given columns. A horizontal merge that starts in a removed column
    /// starts at its first kept cell instead, with the origin's text.
    static func removing(columns: Set<Int>, from cells: [GridCell]) -> [GridCell] {
        var out: [GridCell] = []
        out.reserveCapacity(cells.count)
        var carried: GridCell?  // a removed origin whose merge continues to the right
        for (c, cell) in cells.enumerated() {
            if columns.contains(c) {
                if cell.merge == .origin { carried = cell } else if cell.merge != .fromLeft { carried = nil }
                continue
            }
            if cell.merge == .fromLeft, let origin = carried {
                out.append(origin)
            } else {
                out.append(cell)
            }
            carried = nil
        }
        return out
    }
}

extension GridRow {
    /// `rows` without the rows numbered `numbers`. A cell merged down from a removed row takes
    /// the removed row's cell (its text, or its own place in a longer merge), so the rows below
    /// still read what the merge shows.
    static func removing(numbers: Set<Int>, from rows: [GridRow]) -> [GridRow] {
        var out: [GridRow] = []
        out.reserveCapacity(rows.count)
        var removedAbove: [GridCell]?  // the cells a kept row's covered cells stand for
        for row in rows {
            if numbers.contains(row.number) {
                if var above = removedAbove, above.count == row.cells.count {
                    for c in above.indices where row.cells[c].merge != .fromAbove { above[c] = row.cells[c] }
                    removedAbove = above
                } else {
                    removedAbove = row.cells
                }
                continue
            }
            var kept = row
            if let above = removedAbove, above.count == row.cells.count {
                for c in kept.cells.indices where kept.cells[c].merge == .fromAbove && above[c].merge != .fromAbove {
                    kept.cells[c] = above[c]
                }
            }
            removedAbove = nil
            out.append(kept)
        }
        return out
    }
}
