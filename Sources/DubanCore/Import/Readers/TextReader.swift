import Foundation

/// Reads text extracted from a PDF or Word file: table rows are lines whose cells are separated
/// by `|` (cells left-packed, merged cells vanished); every other line is a paragraph.
public enum TextReader {
    /// Builds a Grid from decoded text.
    public static func read(_ text: String, source: String) -> Grid {
        var grid = Grid(source: source, format: .text)
        var current: [GridRow] = []
        func closeTable() {
            guard !current.isEmpty else { return }
            grid.tables.append(GridTable(name: "表\(grid.tables.count + 1)", rows: current, aligned: false,
                                         mergesKnown: false, linesBefore: grid.lines.count))
            current = []
        }
        var number = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = String(rawLine)
            if isTableLine(line) {
                let cells = line.split(separator: "|", omittingEmptySubsequences: false)
                    .map { TextNormalizer.collapseSpaces(String($0)) }
                    .filter { !$0.isEmpty }
                    .map { GridCell($0) }
                current.append(GridRow(number: number, cells: cells))
            } else {
                closeTable()
                let trimmed = TextNormalizer.trim(line)
                if !trimmed.isEmpty { grid.lines.append(trimmed) }
            }
        }
        closeTable()
        return grid
    }

    static func isTableLine(_ line: String) -> Bool {
        line.contains(" | ") || line.hasSuffix(" |") || line.hasPrefix("| ")
    }
}
