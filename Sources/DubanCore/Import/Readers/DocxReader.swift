import Foundation

/// Reads a Word (DOCX/WPS) document into a Grid by streaming `word/document.xml`.
///
/// Top-level `w:tbl` become tables (`w:vMerge` and `w:gridSpan` expanded, `w:gridBefore`/
/// `w:gridAfter` padded); every `w:p` in a cell is one line; paragraphs outside tables become
/// `Grid.lines`. Tracked deletions, field codes and text boxes are skipped; insertions,
/// content controls, hyperlinks and runs split by proofing marks are read as plain text.
/// Text struck through (w:strike, w:dstrike on its run) is how offices cross out a unit or a
/// cancelled task by hand: it is left out, and named in `Grid.omitted`.
/// Tables nested in a cell add their text to that cell.
public enum DocxReader {
    /// Reads DOCX bytes.
    /// - Throws: `ImportError` for a damaged or refused package.
    public static func read(_ data: Data, source: String) throws -> Grid {
        let package = try OOXMLPackage(data: data, file: source)
        let builder = DocxBuilder(source: source)
        try XMLStream.parse(package, part: mainPart(package), handler: builder)
        return builder.grid
    }

    /// The main document part: from [Content_Types].xml when unusual, else word/document.xml.
    static func mainPart(_ package: OOXMLPackage) -> String {
        if package.has("word/document.xml") { return "word/document.xml" }
        return package.paths.first { $0.hasPrefix("word/") && $0.hasSuffix(".xml") && $0.contains("document") }
            ?? "word/document.xml"
    }
}

/// The SAX handler that builds the Grid of a DOCX.
///
/// Its state is touched only by its own callbacks, one at a time: `@exclusivity(unchecked)`
/// spares a runtime check on each of the millions of accesses a large document makes.
final class DocxBuilder: XMLStreamHandler {
    @exclusivity(unchecked) private(set) var grid: Grid

    /// One open table (nested tables have their own).
    private struct TableState {
        var rows: [GridRow] = []
        var cells: [GridCell] = []
        var rowNumber = 0
        var gridBefore = 0
        var gridAfter = 0
        var span = 1
        var vMerge: String?  // nil: none; "restart"; "continue"
        var cellLines: [String] = []
        var inCell = false
    }

    @exclusivity(unchecked) private var tables: [TableState] = []
    @exclusivity(unchecked) private var paragraph: [UInt8] = []
    @exclusivity(unchecked) private var lineBreaks: [String] = []  // lines completed by w:br inside the current paragraph
    @exclusivity(unchecked) private var inText = false
    /// Inside a run (w:r), inside its properties, and whether the run is struck through.
    @exclusivity(unchecked) private var inRun = false
    @exclusivity(unchecked) private var inRunProperties = false
    @exclusivity(unchecked) private var runStruck = false
    /// Struck-through text of the current paragraph, and of the current row of a top-level table.
    @exclusivity(unchecked) private var struck: [UInt8] = []
    @exclusivity(unchecked) private var rowStruck: [String] = []
    @exclusivity(unchecked) private var skipDepth = 0  // > 0 inside w:del, w:instrText, w:txbxContent, mc:Choice …
    @exclusivity(unchecked) private var skipNames: [String] = []
    /// Cells read so far over all tables, against `maxCells`.
    @exclusivity(unchecked) private var cellCount = 0
    /// Most table cells accepted: a plan of 50,000 rows has about 350,000; a few MB of repeated
    /// rows inflating to hundreds of MB would otherwise be gathered into gigabytes of memory.
    static let maxCells = 1_000_000
    private(set) var refusal: String?

    init(source: String) { grid = Grid(source: source, format: .docx) }

    /// Elements whose text is not the document's: deletions, field codes, text boxes, alternate content.
    private static func isSkipped(_ name: XMLName) -> Bool {
        switch name {
        case "del", "moveFrom", "instrText", "delText", "txbxContent", "Choice", "fldData", "delInstrText": return true
        default: return false
        }
    }

    func start(_ name: XMLName, _ attributes: XMLAttributes) {
        if skipDepth > 0 {
            if name.matches(skipNames.last) { skipDepth += 1 }
            return
        }
        if Self.isSkipped(name) {
            skipDepth = 1
            skipNames.append(name.string)
            return
        }
        switch name {
        case "t": inText = true
        case "r": inRun = true; runStruck = false
        case "rPr" where inRun: inRunProperties = true
        case "strike" where inRunProperties, "dstrike" where inRunProperties: runStruck = attributes.isOn
        case "br", "cr":
            if attributes["type"] == nil || attributes["type"] == "textWrapping" { breakLine() }
        case "tab": paragraph.append(0x20)
        case "p": paragraph.removeAll(keepingCapacity: true); lineBreaks.removeAll()
        case "tbl": tables.append(TableState())
        case "tr":
            guard !tables.isEmpty else { break }
            tables[tables.count - 1].cells = []
            tables[tables.count - 1].gridBefore = 0
            tables[tables.count - 1].gridAfter = 0
            tables[tables.count - 1].rowNumber += 1
        case "gridBefore": setInt(attributes, \.gridBefore)
        case "gridAfter": setInt(attributes, \.gridAfter)
        case "tc":
            guard !tables.isEmpty else { break }
            if tables.count == 1 || !tables[tables.count - 1].inCell {
                let k = tables.count - 1
                if tables[k].cells.isEmpty, tables[k].gridBefore > 0 {
                    count(cells: tables[k].gridBefore)
                    tables[k].cells += Array(repeating: GridCell(lines: []), count: tables[k].gridBefore)
                }
                tables[k].span = 1
                tables[k].vMerge = nil
                tables[k].cellLines = []
                tables[k].inCell = true
            }
        case "gridSpan": setInt(attributes, \.span)
        case "vMerge":
            guard !tables.isEmpty else { break }
            tables[tables.count - 1].vMerge = attributes["val"] ?? "continue"
        default: break
        }
    }

    func end(_ name: XMLName) {
        if skipDepth > 0 {
            if name.matches(skipNames.last) {
                skipDepth -= 1
                if skipDepth == 0 { skipNames.removeLast() }
            }
            return
        }
        switch name {
        case "t": inText = false
        case "r": inRun = false; runStruck = false
        case "rPr": inRunProperties = false
        case "p": endParagraph()
        case "tc":
            guard !tables.isEmpty else { break }
            let k = tables.count - 1
            // The fields, not a copy of the table's state: a copy would share the row's cells and
            // make each append below copy them all (quadratic in a wide row).
            let span = tables[k].span, continued = tables[k].vMerge == "continue"
            count(cells: max(1, span))
            guard refusal == nil else { break }
            if continued {
                tables[k].cells += Array(repeating: GridCell.covered(.fromAbove), count: max(1, span))
            } else {
                tables[k].cells.append(GridCell(lines: tables[k].cellLines))
                if span > 1 {
                    tables[k].cells += Array(repeating: GridCell.covered(.fromLeft), count: span - 1)
                }
            }
            tables[k].inCell = false
        case "tr":
            guard !tables.isEmpty else { break }
            let k = tables.count - 1
            var cells = tables[k].cells
            count(cells: tables[k].gridAfter)
            guard refusal == nil else { break }
            if tables[k].gridAfter > 0 { cells += Array(repeating: GridCell(lines: []), count: tables[k].gridAfter) }
            let row = GridRow(number: tables[k].rowNumber, cells: cells)
            if !rowStruck.isEmpty, tables.count == 1 {
                omitStruck(rowStruck.joined(separator: " "), table: "表\(grid.tables.count + 1)", row: row.number, wholeRow: row.isBlank)
                rowStruck.removeAll()
            }
            tables[k].rows.append(row)
        case "tbl":
            guard let done = tables.popLast() else { break }
            if tables.isEmpty {
                appendTable(done)
            } else {
                // A table nested in a cell: its text becomes lines of the enclosing cell.
                let text = done.rows.flatMap { $0.cells.flatMap(\.lines) }
                tables[tables.count - 1].cellLines += text
            }
        default: break
        }
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard inText, skipDepth == 0 else { return }
        if runStruck { struck.append(contentsOf: bytes) } else { paragraph.append(contentsOf: bytes) }
    }

    /// Counts cells about to be made (a span's copies and padding too: a few bytes of gridSpan
    /// must not become millions of cells) and refuses the document past `maxCells`.
    private func count(cells n: Int) {
        cellCount += n
        if cellCount > Self.maxCells, refusal == nil {
            refusal = "表格超过 \(Self.maxCells / 10_000) 万个格子，不像分工方案，已拒绝"
        }
    }

    private func setInt(_ attributes: XMLAttributes, _ key: WritableKeyPath<TableState, Int>) {
        guard !tables.isEmpty, let v = attributes.int("val"), v >= 0, v <= 1000 else { return }
        tables[tables.count - 1][keyPath: key] = v
    }

    private func breakLine() {
        lineBreaks.append(TextNormalizer.collapseSpaces(utf8: paragraph))
        paragraph.removeAll(keepingCapacity: true)
    }

    private func endParagraph() {
        // collapseSpaces also trims.
        var lines = lineBreaks
        lines.append(TextNormalizer.collapseSpaces(utf8: paragraph))
        lines.removeAll { $0.isEmpty }
        paragraph.removeAll(keepingCapacity: true)
        lineBreaks.removeAll()
        let crossedOut = struck.isEmpty ? "" : TextNormalizer.collapseSpaces(utf8: struck)
        struck.removeAll(keepingCapacity: true)
        if let k = tables.indices.last, tables[k].inCell {
            tables[k].cellLines += lines
            if !crossedOut.isEmpty { rowStruck.append(crossedOut) }
        } else if tables.isEmpty {
            grid.lines += lines
            if !crossedOut.isEmpty { omitStruck(crossedOut, table: nil, row: nil) }
        }
    }

    /// Names struck-through text in `Grid.omitted` (the first 30; then one line for the rest).
    private func omitStruck(_ text: String, table: String?, row: Int?, wholeRow: Bool = false) {
        struckCount += 1
        if struckCount == Omission.struckShown + 1 { grid.omitted.append(.moreStruck) }
        guard struckCount <= Omission.struckShown else { return }
        grid.omitted.append(.struck(text, table: table, row: row, wholeRow: wholeRow))
    }
    @exclusivity(unchecked) private var struckCount = 0

    private func appendTable(_ state: TableState) {
        let width = state.rows.map(\.cells.count).max() ?? 0
        guard width > 0 else { return }
        // Short rows are padded to the widest one: count the padding before making it.
        count(cells: state.rows.count * width - state.rows.reduce(0) { $0 + $1.cells.count })
        guard refusal == nil else { return }
        let rows = state.rows.map { row -> GridRow in
            var r = row
            if r.cells.count < width { r.cells += Array(repeating: GridCell(lines: []), count: width - r.cells.count) }
            return r
        }
        grid.tables.append(GridTable(name: "表\(grid.tables.count + 1)", rows: rows, aligned: true, mergesKnown: true,
                                     linesBefore: grid.lines.count))
    }
}
