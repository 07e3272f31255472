import Foundation

/// One table of a report as plain values: what both `XlsxWriter` and `CSVWriter` write.
///
/// Rows are laid out as: the optional `title` (a bold first row, e.g. "官渡区…分工方案 单位进度
/// 截至2018-09-30"), then one header row from `columns`, then `rows`.
public struct Sheet: Sendable, Hashable {
    /// One column: its header text and, optionally, a fixed width in characters.
    ///
    /// Nested (not a top-level `Column`) because DubanCore also imports GRDB, whose `Column`
    /// the Store files use unqualified.
    public struct Column: Sendable, Hashable, ExpressibleByStringLiteral {
        /// Header text (表头).
        public var header: String
        /// Width in Excel character units; nil sizes the column from its longest text.
        public var width: Double?

        /// A column with a header and an optional fixed width.
        public init(_ header: String, width: Double? = nil) {
            self.header = header
            self.width = width
        }

        /// A column from a header literal, sized from its content.
        public init(stringLiteral header: String) { self.init(header) }
    }

    /// Sheet (tab) name; writers sanitise it where the format restricts names.
    public var name: String
    /// The columns, in order; their headers form the header row.
    public var columns: [Column]
    /// Body rows; a row may be shorter than `columns` (missing cells are empty).
    public var rows: [[CellValue]]
    /// Optional bold first row above the header.
    public var title: String?

    /// A sheet from columns and rows.
    public init(name: String, columns: [Column], rows: [[CellValue]] = [], title: String? = nil) {
        self.name = name
        self.columns = columns
        self.rows = rows
        self.title = title
    }

    /// A sheet whose columns are sized from their content.
    public init(name: String, headers: [String], rows: [[CellValue]] = [], title: String? = nil) {
        self.init(name: name, columns: headers.map { Column($0) }, rows: rows, title: title)
    }

    /// Number of columns written: the header count or the widest row, whichever is larger.
    var width: Int { rows.reduce(columns.count) { max($0, $1.count) } }
}

/// One cell value of a `Sheet`, typed so spreadsheets receive numbers and dates, not text.
public enum CellValue: Sendable, Hashable {
    /// Text, written as is (never evaluated as a formula).
    case text(String)
    /// A whole number.
    case int(Int)
    /// A decimal number.
    case number(Double)
    /// A fraction shown as a percentage: 0.85 is 85.0%.
    case percent(Double)
    /// A calendar day (written as a date, not as text).
    case day(Day)
    /// Nothing.
    case empty

    /// Text, or `.empty` for nil or "".
    public init(_ text: String?) {
        guard let text, !text.isEmpty else { self = .empty; return }
        self = .text(text)
    }

    /// A whole number, or `.empty` for nil.
    public init(_ value: Int?) { self = value.map { .int($0) } ?? .empty }

    /// A decimal number, or `.empty` for nil.
    public init(_ value: Double?) { self = value.map { .number($0) } ?? .empty }

    /// A day, or `.empty` for nil.
    public init(_ day: Day?) { self = day.map { .day($0) } ?? .empty }

    /// `part` of `whole` as a percentage, or `.empty` when `whole` is 0 (no tasks, no rate).
    public static func percent(_ part: Int, of whole: Int) -> CellValue {
        whole == 0 ? .empty : .percent(Double(part) / Double(whole))
    }

    /// True for `.empty` and for empty text.
    public var isEmpty: Bool {
        switch self {
        case .empty: return true
        case .text(let s): return s.isEmpty
        default: return false
        }
    }

    /// The value as people read it in a plain-text file: 12, 3.5, 85.0%, 2018-09-30.
    /// Text is returned unchanged (CSV quoting and neutralising happen in `CSVWriter`).
    var plainText: String {
        switch self {
        case .text(let s): return s
        case .int(let n): return String(n)
        case .number(let d): return CellValue.numberText(d)
        case .percent(let p): return CellValue.percentText(p)
        case .day(let day): return day.iso
        case .empty: return ""
        }
    }

    /// A number without a spurious ".0": 3 → "3", 3.25 → "3.25"; "" when not finite.
    static func numberText(_ d: Double) -> String {
        guard d.isFinite else { return "" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
        return String(d)
    }

    /// A fraction as a percentage with one decimal, rounded half away from zero the way a
    /// spreadsheet shows it: 0.85 is 85.0%, 0.2875 is 28.8% (not 28.7% from 28.749999999999996).
    static func percentText(_ p: Double) -> String {
        guard p.isFinite else { return "" }
        let tenths = p * 1000
        guard abs(tenths) < 1e15 else { return String(format: "%.1f%%", p * 100) }
        // Snap away binary noise below 1e-6 of a tenth before rounding the half.
        let snapped = (tenths * 1e6).rounded() / 1e6
        let n = Int(snapped.rounded(.toNearestOrAwayFromZero))
        let m = n.magnitude
        return (n < 0 ? "-" : "") + "\(m / 10).\(m % 10)%"
    }
}

extension CellValue: ExpressibleByStringInterpolation, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    /// Text from a literal (interpolated literals too).
    public init(stringLiteral value: String) { self = .text(value) }
    /// A whole number from a literal.
    public init(integerLiteral value: Int) { self = .int(value) }
    /// A decimal number from a literal.
    public init(floatLiteral value: Double) { self = .number(value) }
}
