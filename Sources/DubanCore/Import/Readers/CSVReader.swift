import Foundation

/// Reads a CSV file (what Excel or WPS writes with "save as CSV"): the whole file is one aligned
/// table whose merged cells arrive blank; title rows above the header stay rows of the table.
public enum CSVReader {
    /// A cell as Excel exports text it must not convert: ="001" (a formula giving the text) →
    /// 001, and '01 (a text prefix before a number) → 01. Other cells are returned as they are.
    static func excelLiteral(_ s: String) -> String {
        if s.hasPrefix("=\""), s.hasSuffix("\""), s.count >= 3 {
            return TextNormalizer.collapseSpaces(String(s.dropFirst(2).dropLast()).replacingOccurrences(of: "\"\"", with: "\""))
        }
        if s.hasPrefix("'"), let next = s.dropFirst().first, next.isASCII, next.isNumber { return String(s.dropFirst()) }
        return s
    }

    /// Most cells one record may have.
    static let maxColumns = 2_000
    /// Largest single cell, in UTF-8 bytes.
    static let maxCellBytes = 1_048_576
    /// Most cells in the whole table (after padding to its width).
    static let maxCells = 2_000_000

    /// Reads the bytes of a CSV file: UTF-8 (with or without BOM) or GB18030, delimited by `,`,
    /// `;` or tab (guessed, or named by an Excel `sep=` first line), quoted as RFC 4180 says.
    /// - Throws: `ImportError.emptyFile`, `.undecodable`, and `.damaged` for an unmatched quote,
    ///   a record over 2,000 columns, a cell over 1 MB or a table over 2,000,000 cells.
    public static func read(_ data: Data, source: String) throws -> Grid {
        guard !data.isEmpty else { throw ImportError.emptyFile(source) }
        let (text, _) = try TextDecoding.decode(data, file: source)
        let scalars = text.unicodeScalars
        guard !scalars.isEmpty else { throw ImportError.emptyFile(source) }

        var parser: Parser
        var start = 0  // UTF-8 offset of the first record
        if let (delimiter, rest) = sepDirective(scalars) {
            parser = Parser(delimiter: delimiter, file: source, firstRecord: 2)
            start = text.utf8.distance(from: text.startIndex, to: rest)
        } else {
            parser = Parser(delimiter: detectDelimiter(scalars), file: source, firstRecord: 1)
        }
        var utf8 = text
        try utf8.withUTF8 { try parser.parse(UnsafeBufferPointer(rebasing: $0[start...])) }
        var grid = Grid(source: source, format: .csv)
        guard !parser.rows.isEmpty else { return grid }
        let width = parser.rows.map(\.cells.count).max() ?? 0
        guard parser.rows.count * width <= maxCells else {
            throw ImportError.damaged(file: source, detail: "表格过大（超过 \(maxCells / 10_000) 万个格子）")
        }
        var rows = parser.rows
        for k in rows.indices where rows[k].cells.count < width {
            rows[k].cells.append(contentsOf: repeatElement(GridCell(lines: []), count: width - rows[k].cells.count))
        }
        grid.tables = [GridTable(name: "表1", rows: rows, aligned: true, mergesKnown: false, linesBefore: 0)]
        return grid
    }

    // MARK: - Delimiter

    static let candidates: [Unicode.Scalar] = [",", ";", "\t"]

    /// Excel's `sep=;` first line: the delimiter it names and where the data starts.
    static func sepDirective(_ s: String.UnicodeScalarView) -> (Unicode.Scalar, String.UnicodeScalarView.Index)? {
        var i = s.startIndex
        for expected in "sep=".unicodeScalars {
            guard i < s.endIndex, s[i].properties.lowercaseMapping == String(expected) else { return nil }
            i = s.index(after: i)
        }
        guard i < s.endIndex, s[i] != "\n" else { return nil }
        let delimiter = s[i]
        i = s.index(after: i)
        guard i == s.endIndex || s[i] == "\n" else { return nil }
        return (delimiter, i == s.endIndex ? i : s.index(after: i))
    }

    /// The candidate whose count per record (outside quotes, first 50 records) is the same in
    /// the most records; ties go to the larger count, then to the comma.
    static func detectDelimiter(_ s: String.UnicodeScalarView) -> Unicode.Scalar {
        var counts: [[Int]] = []
        var current = [0, 0, 0]
        var inQuotes = false
        var blank = true
        for u in s.prefix(262_144) {
            if u == "\"" {
                inQuotes.toggle()
                blank = false
                continue
            }
            if inQuotes { continue }
            if u == "\n" {
                if !blank { counts.append(current) }
                current = [0, 0, 0]
                blank = true
                if counts.count >= 50 { break }
                continue
            }
            blank = false
            if let k = candidates.firstIndex(of: u) { current[k] += 1 }
        }
        if !blank && counts.count < 50 { counts.append(current) }
        var best = (index: 0, records: 0, count: 0)
        for k in candidates.indices {
            var frequency: [Int: Int] = [:]
            for record in counts where record[k] > 0 { frequency[record[k], default: 0] += 1 }
            guard let (count, records) = frequency.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }) else { continue }
            if (records, count) > (best.records, best.count) { best = (k, records, count) }
        }
        return candidates[best.index]
    }

    // MARK: - Parsing

    /// RFC 4180 state machine over the UTF-8 bytes (quotes, delimiters and line feeds are matched
    /// whole; every other byte is copied), building each cell line in place (linear time).
    struct Parser {
        let delimiter: [UInt8]
        let file: String
        private(set) var rows: [GridRow] = []
        private var record: Int
        private var cells: [GridCell] = []
        private var lines: [String] = []
        private var line: [UInt8] = []
        private var totalCells = 0

        init(delimiter: Unicode.Scalar, file: String, firstRecord: Int) {
            self.delimiter = Array(String(delimiter).utf8)
            self.file = file
            self.record = firstRecord
        }

        mutating func parse(_ s: UnsafeBufferPointer<UInt8>) throws {
            let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), space = UInt8(ascii: " ")
            var inQuotes = false
            var quoteRecord = record
            var onlySpaces = true  // the field so far is empty or ASCII spaces: a quote may open it
            var pendingRecord = false  // something was read since the last record ended
            var i = 0
            while i < s.count {
                let b = s[i]
                pendingRecord = true
                if inQuotes {
                    i += 1
                    if b == quote {
                        if i < s.count, s[i] == quote {
                            try append(quote)
                            i += 1
                        } else {
                            inQuotes = false  // text after the closing quote is kept, as Excel does
                        }
                    } else if b == newline {
                        endLine()
                    } else {
                        try append(b)
                    }
                } else if b == delimiter[0], isDelimiter(s, at: i) {
                    i += delimiter.count
                    try endCell()
                    onlySpaces = true
                } else if b == newline {
                    i += 1
                    try endCell()
                    endRecord()
                    onlySpaces = true
                    pendingRecord = false
                } else if b == quote && onlySpaces {
                    i += 1
                    line.removeAll(keepingCapacity: true)
                    inQuotes = true
                    quoteRecord = record
                    onlySpaces = false
                } else {
                    i += 1
                    if b != space { onlySpaces = false }
                    try append(b)
                }
            }
            if inQuotes {
                throw ImportError.damaged(file: file, detail: "第\(quoteRecord)行有一个没有配对的引号（\"），从那里到文件末尾都连成了一个格子")
            }
            if pendingRecord {
                try endCell()
                endRecord()
            }
        }

        private func isDelimiter(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
            guard i + delimiter.count <= s.count else { return false }
            for k in 1..<delimiter.count where s[i + k] != delimiter[k] { return false }
            return true
        }

        /// One byte of the current cell; the cell's size (all its lines) is capped.
        private mutating func append(_ b: UInt8) throws {
            line.append(b)
            guard cellBytes <= CSVReader.maxCellBytes else {
                throw ImportError.damaged(file: file, detail: "第\(record)行有一个格子超过 1 MB")
            }
        }

        private var cellBytes: Int { lineBytes + line.count }
        private var lineBytes = 0  // bytes of the cell's finished lines

        private mutating func endLine() {
            lineBytes += line.count
            lines.append(String(decoding: line, as: UTF8.self))
            line.removeAll(keepingCapacity: true)
        }

        private mutating func endCell() throws {
            endLine()
            guard cells.count < CSVReader.maxColumns else {
                throw ImportError.damaged(file: file, detail: "第\(record)行超过 \(CSVReader.maxColumns) 列")
            }
            totalCells += 1
            guard totalCells <= CSVReader.maxCells else {
                throw ImportError.damaged(file: file, detail: "表格过大（超过 \(CSVReader.maxCells / 10_000) 万个格子）")
            }
            var cellLines = lines.map(TextNormalizer.collapseSpaces)
            if cellLines.count == 1, let first = cellLines[0].utf8.first, first == UInt8(ascii: "=") || first == UInt8(ascii: "'") {
                cellLines[0] = CSVReader.excelLiteral(cellLines[0])
            }
            cells.append(GridCell(lines: cellLines))
            lines = []
            lineBytes = 0
        }

        private mutating func endRecord() {
            rows.append(GridRow(number: record, cells: cells))
            cells = []
            record += 1
        }
    }
}
