import Foundation

/// Writes one sheet as CSV for Excel and WPS: title row (if any), header, rows; CRLF line ends;
/// RFC 4180 quoting; text that a spreadsheet would run as a formula gets a leading apostrophe.
public enum CSVWriter {
    /// Byte encoding of the file.
    public enum Encoding: Sendable {
        /// UTF-8 with a byte-order mark: Excel, WPS and LibreOffice all open it correctly.
        case utf8BOM
        /// GB18030 without BOM, for old Excel versions that assume the Chinese ANSI code page.
        case gb18030
    }

    /// The CSV bytes of `sheet`. Numbers, percents (85.0%) and days (2018-09-30) are written as
    /// values, never apostrophe-prefixed; a negative number stays a number (-3).
    public static func data(_ sheet: Sheet, encoding: Encoding = .utf8BOM) -> Data {
        switch encoding {
        case .utf8BOM:
            return Data(bytes(sheet, prefix: [0xEF, 0xBB, 0xBF]))
        case .gb18030:
            return TextDecoding.gb18030Bytes(String(decoding: bytes(sheet), as: UTF8.self))
        }
    }

    /// The CSV text of `sheet` (lines end with CRLF, the last one too).
    static func string(_ sheet: Sheet) -> String { String(decoding: bytes(sheet), as: UTF8.self) }

    /// The UTF-8 bytes of the CSV, after `prefix`, in one buffer.
    static func bytes(_ sheet: Sheet, prefix: [UInt8] = []) -> [UInt8] {
        let width = max(sheet.width, 1)
        var out = CSVBuffer(capacity: prefix.count + (sheet.rows.count + 2) * width * 16)
        out.bytes.append(contentsOf: prefix)
        if let title = sheet.title, !title.isEmpty {
            // Padded to the table width so every record has the same number of fields (RFC 4180).
            out.text(title)
            out.bytes.append(contentsOf: repeatElement(UInt8(ascii: ","), count: width - 1))
            out.endLine()
        }
        if !sheet.columns.isEmpty {
            for c in 0..<width {
                if c > 0 { out.comma() }
                if c < sheet.columns.count { out.text(sheet.columns[c].header) }
            }
            out.endLine()
        }
        for row in sheet.rows {
            for c in 0..<width {
                if c > 0 { out.comma() }
                if c < row.count { out.value(row[c]) }
            }
            out.endLine()
        }
        return out.bytes
    }

    /// One field as text (for tests and single values).
    static func field(_ value: CellValue) -> String {
        var out = CSVBuffer(capacity: 16)
        out.value(value)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// A growing UTF-8 buffer of CSV fields.
    struct CSVBuffer {
        var bytes: [UInt8] = []

        init(capacity: Int) { bytes.reserveCapacity(capacity) }

        mutating func comma() { bytes.append(UInt8(ascii: ",")) }

        mutating func endLine() { bytes.append(contentsOf: [0x0D, 0x0A]) }

        /// Typed values plainly (a negative number is a number, not a formula); text via `text`.
        mutating func value(_ value: CellValue) {
            switch value {
            case .text(let s): text(s)
            case .empty: break
            default: bytes.append(contentsOf: value.plainText.utf8)
            }
        }

        /// A text field, the same as `CSVLine.cell` but without Foundation string searches:
        /// `=`, `+`, `-`, `@`, tab or CR first get a leading apostrophe (CSV injection), and a
        /// field holding a comma, quote, LF or CR is quoted with inner quotes doubled (RFC 4180).
        mutating func text(_ s: String) {
            var s = s
            s.withUTF8 { u in
                guard let first = u.first else { return }
                let risky: Bool
                switch first {
                case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D: risky = true
                default: risky = false
                }
                let quoted = u.contains { b in
                    switch b {
                    case UInt8(ascii: ","), UInt8(ascii: "\""), 0x0A, 0x0D: return true
                    default: return false
                    }
                }
                if quoted { bytes.append(UInt8(ascii: "\"")) }
                if risky { bytes.append(UInt8(ascii: "'")) }
                if quoted {
                    var run = 0
                    for i in 0..<u.count where u[i] == UInt8(ascii: "\"") {
                        // Copy through the quote, then write it once more.
                        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[run...i]))
                        bytes.append(UInt8(ascii: "\""))
                        run = i + 1
                    }
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[run...]))
                    bytes.append(UInt8(ascii: "\""))
                } else {
                    bytes.append(contentsOf: u)
                }
            }
        }
    }
}
