import Foundation

/// Dates as GRDB stores them ("yyyy-MM-dd HH:mm:ss.SSS", UTC), written without a
/// `DateFormatter`: on Linux GRDB's formatter costs a few percent of every web report, which
/// stores two timestamps (the report and its audit line). GRDB reads these strings back as `Date`.
public enum StorageDate {
    /// The stored text of `date` (milliseconds truncated, as GRDB's formatter does).
    public static func text(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let (days, msOfDay) = floorDivide(millis, 86_400_000)
        let day = Day(ordinal: Int(days))
        let seconds = msOfDay / 1000
        var out = [UInt8]()
        out.reserveCapacity(23)
        func put(_ v: Int64, _ width: Int) {
            let start = out.count
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width))
            var v = v
            for i in stride(from: start + width - 1, through: start, by: -1) {
                out[i] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
            }
        }
        put(Int64(day.year), 4); out.append(UInt8(ascii: "-")); put(Int64(day.month), 2); out.append(UInt8(ascii: "-"))
        put(Int64(day.day), 2)
        out.append(UInt8(ascii: " "))
        put(seconds / 3600, 2); out.append(UInt8(ascii: ":")); put(seconds / 60 % 60, 2); out.append(UInt8(ascii: ":"))
        put(seconds % 60, 2); out.append(UInt8(ascii: ".")); put(msOfDay % 1000, 3)
        return String(decoding: out, as: UTF8.self)
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b, r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }
}
