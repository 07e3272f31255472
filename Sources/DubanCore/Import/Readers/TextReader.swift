import Foundation

/// Reads text extracted from a PDF or Word file, or copied out of a table. Table rows are lines
/// whose cells are separated by `|` (cells left-packed, merged cells vanished), by tabs (a table
/// copied from Word, Excel or WPS: cells in place, an empty cell is empty), or by runs of two or
/// more spaces or by full-width spaces, on two or more lines in a row (columns laid out with
/// spaces: cells left-packed);
/// every other line is a paragraph.
public enum TextReader {
    /// How a line holds table cells.
    enum RowKind: Equatable {
        case piped, tabbed, spaced
    }

    /// Builds a Grid from decoded text.
    public static func read(_ text: String, source: String) -> Grid {
        read(text, source: source, places: nil)
    }

    /// Builds a Grid from decoded text.
    /// `places`: the text was laid out from a PDF's word boxes (`PDFReader`): the places of its
    /// texts are exact, not drifting as in `pdftotext -layout`'s text, and how wide each prints
    /// and how high each line stands are known.
    static func read(_ text: String, source: String, places: LayoutText.Places?) -> Grid {
        var grid = Grid(source: source, format: .text)
        var current: [GridRow] = []
        var currentKind: RowKind?
        func closeTable() {
            guard !current.isEmpty else { return }
            grid.tables.append(GridTable(name: "表\(grid.tables.count + 1)", rows: current, aligned: currentKind == .tabbed,
                                         mergesKnown: false, linesBefore: grid.lines.count))
            current = []
            currentKind = nil
        }
        let (lines, numbers) = logicalLines(text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        let (kinds, spaced) = rowKinds(lines)
        // Tables laid out by position whose cells wrap over several lines (a PDF's table as
        // pdftotext -layout writes it): read by `LayoutText`, in place of their lines.
        // (Only where some line has a gap of two spaces or a full-width one: most prose has none.)
        let gapped = places != nil || lines.contains(where: hasGap)
        let layout = gapped ? LayoutText.tables(lines, numbers: numbers, places: places) : []
        var nextLayout = 0
        var k = 0
        while k < lines.count {
            if nextLayout < layout.count, layout[nextLayout].lines.lowerBound == k {
                closeTable()
                let table = layout[nextLayout]
                nextLayout += 1
                k = table.lines.upperBound
                // From a PDF's own words, a table read wrong in many rows is left out (a file with
                // no other table is refused, with the advice to import the Word/Excel original):
                // a wrong task table is worse than none. Text copied out of a PDF is shown, flagged.
                if places != nil, table.mostlyDoubtful { continue }
                let name = "表\(grid.tables.count + 1)"
                grid.tables.append(GridTable(name: name, rows: table.rows, aligned: true, mergesKnown: false, linesBefore: grid.lines.count))
                let how = places == nil ? "按文字在行中的位置读出的（从 PDF 转成的文本）" : "按文字在 PDF 页面上的位置读出的"
                if !table.doubtfulRows.isEmpty {
                    grid.omitted.append(Omission(table: name, row: nil, message: "\(name)是\(how)，其中\(table.doubtfulNumbers.allSatisfy { !$0.isEmpty } ? "序号为 \(table.doubtfulNumbers.listedBriefly()) 的任务" : table.doubtfulRows.map { "第\($0)行" }.listedBriefly())的格子可能读到了别的行或列（有格子是空的，或文字不在这一行的位置上），也可能是合并单元格。请对照原件逐行核对，或改用 Word/Excel 原件导入", severity: .warning))
                }
                if table.inferredMerges {
                    grid.omitted.append(Omission(table: name, row: nil, message: "\(name)是\(how)，左侧的类别是跨行合并的格子，它管哪些行是按文字所在的高度推断的，请核对各任务的类别", severity: .warning))
                }
                continue
            }
            let line = lines[k]
            defer { k += 1 }
            if let kind = kinds[k] {
                if kind != currentKind { closeTable() }
                currentKind = kind
                let cells = kind == .spaced ? spaced[k].map { GridCell($0) } : cells(line, kind)
                current.append(GridRow(number: numbers[k], cells: cells))
            } else {
                closeTable()
                let trimmed = TextNormalizer.trim(line)
                if !trimmed.isEmpty { grid.lines.append(trimmed) }
            }
        }
        closeTable()
        return grid
    }

    /// The lines with Excel's quoted cells put back together: a cell holding line breaks is
    /// copied out of Excel (or WPS) as `"区财政局⏎区人社局"`, so its row runs over several lines.
    /// A tabbed line whose last cell opens a quote that a later line closes (within 50 lines,
    /// the joined row still tabbed) is one row again; the line numbers are the first line's.
    static func logicalLines(_ physical: [String]) -> (lines: [String], numbers: [Int]) {
        var lines: [String] = [], numbers: [Int] = []
        lines.reserveCapacity(physical.count)
        numbers.reserveCapacity(physical.count)
        var k = 0
        while k < physical.count {
            var line = physical[k]
            var end = k
            if line.utf8.contains(UInt8(ascii: "\t")), line.utf8.contains(UInt8(ascii: "\"")),
               openQuote(line) {
                var joined = line
                var j = k + 1
                while j < physical.count, j - k <= 50 {
                    joined += "\n" + physical[j]
                    if !openQuote(joined) { break }
                    j += 1
                }
                if j < physical.count, j - k <= 50, hasTwoTabs(joined) {
                    line = joined
                    end = j
                }
            }
            lines.append(line)
            numbers.append(k + 1)
            k = end + 1
        }
        return (lines, numbers)
    }

    /// Whether a tab-separated line ends inside a quoted cell (a cell that starts with `"`; `""`
    /// inside it is a quote character).
    static func openQuote(_ line: String) -> Bool {
        var inQuotes = false, atCellStart = true
        var bytes = line.utf8.makeIterator()
        var pending: UInt8? = nil
        while let b = pending ?? bytes.next() {
            pending = nil
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    let next = bytes.next()
                    if next == UInt8(ascii: "\"") { continue }
                    inQuotes = false
                    pending = next
                    if next == nil { break }
                }
                continue
            }
            if b == UInt8(ascii: "\t") { atCellStart = true; continue }
            if atCellStart, b == UInt8(ascii: "\"") { inQuotes = true }
            atCellStart = false
        }
        return inQuotes
    }

    /// A cell as Excel quotes it (`"…"` with `""` for a quote) without its quotes.
    static func unquoted(_ cell: Substring) -> String {
        // The quotes first: `count` walks the whole cell, and most cells are not quoted.
        guard cell.first == "\"", cell.last == "\"", cell.count >= 2 else { return String(cell) }
        return cell.dropFirst().dropLast().replacingOccurrences(of: "\"\"", with: "\"")
    }

    /// Each line's kind of table row, or nil for a paragraph. Spaced rows count only in runs of
    /// two or more (a title and a page number on one line is no table).
    /// Also the spaced cells of each line read as spaced (empty for the others), split once.
    static func rowKinds(_ lines: [String]) -> (kinds: [RowKind?], spaced: [[String]]) {
        var spaced = [[String]](repeating: [], count: lines.count)
        var kinds: [RowKind?] = lines.enumerated().map { k, line in
            if isTableLine(line) { return .piped }
            if hasTwoTabs(line) { return .tabbed }
            let cells = spacedCells(line)
            guard cells.count >= 3 else { return nil }
            spaced[k] = cells
            return .spaced
        }
        for k in kinds.indices where kinds[k] == .spaced {
            let before = k > 0 && kinds[k - 1] == .spaced, after = k + 1 < kinds.count && kinds[k + 1] == .spaced
            if !before && !after { kinds[k] = nil }
        }
        return (kinds, spaced)
    }

    /// Two spaces in a row, or a full-width space (E3 80 80), somewhere in the line, looked for
    /// in its bytes.
    static func hasGap(_ line: String) -> Bool {
        var previous: UInt8 = 0, beforeThat: UInt8 = 0
        for byte in line.utf8 {
            if byte == 0x20, previous == 0x20 { return true }
            if byte == 0x80, previous == 0x80, beforeThat == 0xE3 { return true }
            beforeThat = previous
            previous = byte
        }
        return false
    }

    /// Two tabs or more, counted without copying the line.
    static func hasTwoTabs(_ line: String) -> Bool {
        var tabs = 0
        for byte in line.utf8 where byte == UInt8(ascii: "\t") {
            tabs += 1
            if tabs == 2 { return true }
        }
        return false
    }

    static func cells(_ line: String, _ kind: RowKind) -> [GridCell] {
        switch kind {
        case .piped:
            return line.split(separator: "|", omittingEmptySubsequences: false)
                .map { TextNormalizer.collapseSpaces(String($0)) }
                .filter { !$0.isEmpty }
                .map { GridCell($0) }
        case .tabbed:
            // Cells stay in their columns; a line ending in tabs has empty cells there too.
            // A quoted cell with line breaks keeps them as the cell's lines.
            return line.split(separator: "\t", omittingEmptySubsequences: false).map { field in
                let text = unquoted(field)
                // On the bytes: String.contains(String) is Foundation's, which copies each cell to UTF-16.
                guard text.utf8.contains(UInt8(ascii: "\n")) else { return GridCell(TextNormalizer.collapseSpaces(text)) }
                return GridCell(lines: text.split(separator: "\n").map { TextNormalizer.collapseSpaces(String($0)) })
            }
        case .spaced:
            return spacedCells(line).map { GridCell($0) }
        }
    }

    /// The texts of a line between runs of two or more spaces, or of full-width spaces (a
    /// word processor's column gap), the leading indentation dropped.
    static func spacedCells(_ line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var spaces = 0
        var wide = false
        for ch in TextNormalizer.trim(line) {
            if ch == " " || ch == "\u{3000}" {
                spaces += 1
                wide = wide || ch == "\u{3000}"
                continue
            }
            defer { wide = false }
            if spaces >= 2 || (wide && spaces >= 1), !current.isEmpty {
                cells.append(current)
                current = ""
            } else if spaces == 1 {
                current.append(" ")
            }
            spaces = 0
            current.append(ch)
        }
        if !current.isEmpty { cells.append(current) }
        return cells
    }

    static func isTableLine(_ line: String) -> Bool {
        line.contains(" | ") || line.hasSuffix(" |") || line.hasPrefix("| ")
    }
}
