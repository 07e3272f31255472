import Foundation

extension XlsxWriter {
    /// One growing byte buffer per XML part (appends are amortised O(1); no string concatenation).
    struct XMLBuffer {
        var bytes: [UInt8] = []

        init(capacity: Int) { bytes.reserveCapacity(capacity) }

        mutating func raw(_ s: String) { bytes.append(contentsOf: s.utf8) }

        /// A decimal integer, its digits written in place.
        mutating func int(_ n: Int) {
            if n < 0 { bytes.append(UInt8(ascii: "-")) }
            var m = n.magnitude
            var digits = 1
            var t = m
            while t >= 10 {
                t /= 10
                digits += 1
            }
            let end = bytes.count + digits
            bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits))
            bytes.withUnsafeMutableBufferPointer { p in
                var i = end - 1
                while m > 0 {
                    p[i] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: m % 10)
                    m /= 10
                    i -= 1
                }
            }
        }

        mutating func rowStart(_ row: Int) {
            raw(#"<row r=""#)
            int(row)
            raw(#"">"#)
        }

        /// `<c r="B7" s="…"` — the open start tag of a cell.
        private mutating func cellStart(_ column: [UInt8], _ row: Int, _ style: Style) {
            raw(#"<c r=""#)
            bytes.append(contentsOf: column)
            int(row)
            if style != .plain {
                raw(#"" s=""#)
                int(style.rawValue)
            }
            bytes.append(UInt8(ascii: "\""))
        }

        /// An inline-string cell (never a formula, whatever the text starts with).
        mutating func text(_ s: String, at column: [UInt8], row: Int, style: Style) {
            cellStart(column, row, style)
            if s.isEmpty {
                raw("/>")
                return
            }
            raw(#" t="inlineStr"><is><t"#)
            if let first = s.utf8.first, let last = s.utf8.last, Self.isSpace(first) || Self.isSpace(last) {
                raw(#" xml:space="preserve""#)
            }
            bytes.append(UInt8(ascii: ">"))
            escaped(s)
            raw("</t></is></c>")
        }

        private mutating func numeric(_ digits: String, at column: [UInt8], row: Int, style: Style) {
            cellStart(column, row, style)
            raw("><v>")
            raw(digits)
            raw("</v></c>")
        }

        private mutating func empty(at column: [UInt8], row: Int, style: Style) {
            cellStart(column, row, style)
            raw("/>")
        }

        /// A body cell: numbers, percents and days as numbers with their formats, text inline.
        mutating func cell(_ value: CellValue, at column: [UInt8], row: Int) {
            switch value {
            case .text(let s):
                text(s, at: column, row: row, style: .text)
            case .int(let n):
                cellStart(column, row, .number)
                raw("><v>")
                int(n)
                raw("</v></c>")
            case .number(let d):
                if d.isFinite { numeric(CellValue.numberText(d), at: column, row: row, style: .number) }
                else { empty(at: column, row: row, style: .number) }
            case .percent(let p):
                if p.isFinite { numeric(String(p), at: column, row: row, style: .percent) }
                else { empty(at: column, row: row, style: .percent) }
            case .day(let day):
                if let serial = XlsxWriter.serial(day) {
                    cellStart(column, row, .day)
                    raw("><v>")
                    int(serial)
                    raw("</v></c>")
                } else {
                    text(day.iso, at: column, row: row, style: .text)
                }
            case .empty:
                empty(at: column, row: row, style: .text)
            }
        }

        private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

        /// XML-escaped text for element content and attribute values: & < > " ' escaped, CR kept
        /// as `&#13;`, characters illegal in XML 1.0 dropped, and `_` before `xHHHH_` written as
        /// `_x005F_` so Excel does not decode the literal text as an escape.
        mutating func escaped(_ s: String) {
            var s = s
            s.withUTF8 { u in
                let n = u.count
                var run = 0  // start of the bytes not yet copied
                var i = 0
                while i < n {
                    let b = u[i]
                    var replacement: StaticString? = nil
                    var skip = 1
                    switch b {
                    case UInt8(ascii: "&"): replacement = "&amp;"
                    case UInt8(ascii: "<"): replacement = "&lt;"
                    case UInt8(ascii: ">"): replacement = "&gt;"
                    case UInt8(ascii: "\""): replacement = "&quot;"
                    case UInt8(ascii: "'"): replacement = "&apos;"
                    case 0x0D: replacement = "&#13;"
                    case 0x09, 0x0A: break
                    case 0x00..<0x20: replacement = ""
                    case 0xEF where i + 2 < n && u[i + 1] == 0xBF && (u[i + 2] == 0xBE || u[i + 2] == 0xBF):
                        replacement = ""  // U+FFFE, U+FFFF
                        skip = 3
                    case UInt8(ascii: "_") where Self.startsExcelEscape(u, at: i):
                        replacement = "_x005F_"
                    default: break
                    }
                    if let replacement {
                        if run < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[run..<i])) }
                        replacement.withUTF8Buffer { bytes.append(contentsOf: $0) }
                        i += skip
                        run = i
                    } else {
                        i += 1
                    }
                }
                if run < n { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[run..<n])) }
            }
        }

        /// True when `_xHHHH_` starts at `i`.
        private static func startsExcelEscape(_ u: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
            guard i + 6 < u.count, u[i + 1] == UInt8(ascii: "x") || u[i + 1] == UInt8(ascii: "X"),
                  u[i + 6] == UInt8(ascii: "_") else { return false }
            for k in 2...5 {
                switch u[i + k] {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
                     UInt8(ascii: "A")...UInt8(ascii: "F"): continue
                default: return false
                }
            }
            return true
        }
    }
}
