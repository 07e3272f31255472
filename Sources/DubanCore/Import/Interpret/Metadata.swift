/// Title, year, issuer and issue date from the text around the task table.
struct Metadata {
    /// The years a plan can be of: a year outside is a misreading or a typing error (the
    /// deadlines of a plan are days of its year, and days beyond year 9999 do not exist).
    static let years = 1900...2200

    /// The year of an issue date, when it can be a plan's year.
    static func planYear(issuedIn day: Day?) -> Int? { day.flatMap { years.contains($0.year) ? $0.year : nil } }

    /// The plan's year, given or found, once it is checked.
    /// - Throws: `ImportError.noYear`, `.yearOutOfRange`.
    static func planYear(_ override: Int?, found: Int?, file: String) throws -> Int {
        guard let year = override ?? found else { throw ImportError.noYear(file: file) }
        guard years.contains(year) else { throw ImportError.yearOutOfRange(file: file, year: year) }
        return year
    }

    var title: String?
    var year: Int?
    var issuer: String?
    var issued: Day?

    /// `before`: paragraphs and title rows before the header; `after`: paragraphs after the table.
    static func find(before: [String], after: [String]) -> Metadata {
        var meta = Metadata()
        let all = before + after
        // Title: the last short line before the header that names a plan.
        for line in before.reversed() {
            var s = TextNormalizer.trim(line)
            if s.hasPrefix("附件") {
                if let colon = s.firstIndex(where: { $0 == ":" || $0 == "：" }) {
                    s = TextNormalizer.trim(String(s[s.index(after: colon)...]))
                } else { continue }
            }
            let compact = TextNormalizer.compact(s)
            guard !compact.isEmpty, compact.count <= 60, !compact.hasSuffix("。"), !compact.hasSuffix(":") else { continue }
            if ["方案", "要点", "计划", "清单", "分解表", "台账", "任务表", "分工表"].contains(where: { compact.hasSuffix($0) }) {
                meta.title = s
                break
            }
        }
        if meta.title == nil, let notice = before.first(where: { $0.contains("关于印发") && $0.contains("的通知") }),
           let r1 = notice.range(of: "关于印发"), let r2 = notice.range(of: "的通知", options: .backwards),
           r1.upperBound < r2.lowerBound {
            meta.title = String(notice[r1.upperBound..<r2.lowerBound])
        }
        // Issue date and issuer: "2018年8月17日印发" lines first, then a date alone on a line.
        for (i, line) in all.enumerated() {
            let compact = TextNormalizer.compact(line)
            if compact.hasSuffix("印发"), let (day, prefixEnd) = trailingDate(String(compact.dropLast(2))) {
                meta.issued = day
                let issuer = String(compact.prefix(prefixEnd))
                if !issuer.isEmpty { meta.issuer = issuer }
                break
            }
            if let (day, prefixEnd) = trailingDate(compact), prefixEnd == 0 {
                meta.issued = day
                if i > 0 {
                    let prev = TextNormalizer.compact(all[i - 1])
                    if !prev.isEmpty, prev.count <= 40, !prev.hasSuffix("。") { meta.issuer = prev }
                }
                if meta.issuer != nil { break }
            }
        }
        if let title = meta.title { meta.year = yearIn(title) }
        if meta.year == nil { meta.year = planYear(issuedIn: meta.issued) }
        return meta
    }

    /// "…2018年8月17日" → the day and where the date starts.
    static func trailingDate(_ s: String) -> (Day, Int)? {
        let c = Array(s)
        guard c.last == "日" else { return nil }
        var i = c.count - 1
        var parts: [Int] = []
        var expect: [Character] = ["日", "月", "年"]
        while !expect.isEmpty, i >= 0, c[i] == expect[0] {
            expect.removeFirst()
            var j = i - 1
            while j >= 0, c[j].isASCII, c[j].isNumber { j -= 1 }
            guard j < i - 1, let n = Int(String(c[(j + 1)..<i])) else { return nil }
            parts.insert(n, at: 0)
            i = j
        }
        guard parts.count == 3, let day = Day(year: parts[0], month: parts[1], day: parts[2]) else { return nil }
        return (day, i + 1)
    }

    /// The first 4-digit year followed by 年.
    static func yearIn(_ s: String) -> Int? {
        let c = Array(TextNormalizer.compact(s))
        guard c.count >= 5 else { return nil }
        for i in 0...(c.count - 5) where c[i + 4] == "年" {
            if let y = Int(String(c[i..<i + 4])), (1990...2200).contains(y) { return y }
        }
        return nil
    }
}
