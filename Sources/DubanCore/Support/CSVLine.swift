/// Writes one CSV line: quotes when needed and neutralises cells that spreadsheets would run as formulas.
public enum CSVLine {
    /// Joins cells with commas.
    public static func join(_ cells: [String]) -> String { cells.map(cell).joined(separator: ",") }

    /// One cell: `=`, `+`, `-`, `@`, tab or CR at the start get a leading apostrophe (CSV injection).
    public static func cell(_ raw: String) -> String {
        var s = raw
        if let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { s = "'" + s }
        if s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }
}

import Foundation
