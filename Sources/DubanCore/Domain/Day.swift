/// A calendar day without time or zone: deadlines and as-of dates are days, never instants.
public struct Day: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The years a day can be in (ISO 8601's four digits). A date typed with a longer year is not
    /// a date: arithmetic on year 9223372036854775807 would overflow and stop the process.
    public static let years = 1...9999
    public static let first = Day(year: 1, month: 1, day: 1)!
    public static let last = Day(year: 9999, month: 12, day: 31)!

    /// Creates a day; returns nil when the triple is not a real calendar day of years 1–9999.
    public init?(year: Int, month: Int, day: Int) {
        guard Day.years.contains(year), (1...12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` (also `YYYY/MM/DD` and `YYYY.MM.DD`).
    public init?(iso text: String) {
        var text = text
        if let day = text.withUTF8({ Day(isoBytes: $0) }) { self = day; return }
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." })
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Parses exactly `YYYY-MM-DD` from UTF-8 bytes (what Duban stores); nil for anything else,
    /// including other spellings `init(iso:)` accepts, so callers fall back to it.
    public init?(isoBytes u: UnsafeBufferPointer<UInt8>) {
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
        func digits(_ range: Range<Int>) -> Int? {
            var n = 0
            for i in range {
                let d = Int(u[i]) &- 48
                guard d >= 0 && d <= 9 else { return nil }
                n = n * 10 + d
            }
            return n
        }
        guard let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The last day of a month.
    public static func endOfMonth(year: Int, month: Int) -> Day {
        Day(year: year, month: month, day: daysIn(month: month, year: year))!
    }

    /// Number of days in a month of a year (Gregorian).
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        case 1...12: return 31
        default: return 0
        }
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    /// Days since 1970-01-01 (proleptic Gregorian), for arithmetic.
    public var ordinal: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The day with the given ordinal (inverse of `ordinal`).
    public init(ordinal z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// This day moved by `n` days, kept within years 1–9999 (a count of days typed in a plan
    /// or an option can be any size).
    public func adding(days n: Int) -> Day {
        let (sum, overflow) = ordinal.addingReportingOverflow(n)
        let bounded = overflow ? (n > 0 ? Int.max : Int.min) : sum
        return Day(ordinal: min(max(bounded, Day.ordinals.lowerBound), Day.ordinals.upperBound))
    }

    /// The ordinals of `first` and `last` (`adding` is on the statuses' hot path).
    static let ordinals = Day.first.ordinal...Day.last.ordinal

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: Day) -> Int { other.ordinal - ordinal }

    /// Today in the local time zone of the machine.
    public static func today() -> Day {
        var t = time(nil)
        var parts = tm()
        localtime_r(&t, &parts)
        return Day(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))!
    }

    /// `YYYY-MM-DD`.
    public var iso: String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        let d = day < 10 ? "0\(day)" : "\(day)"
        return "\(year)-\(m)-\(d)"
    }

    public var description: String { iso }

    public static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(iso)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
