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
            // Issuer and date on one line, or on two lines of one cell (the lines of a cell
            // arrive joined): "昆明市官渡区人民政府办公室　2018年8月17日".
            if let (day, prefixEnd) = trailingDate(compact), prefixEnd > 0 {
                let issuer = String(compact.prefix(prefixEnd))
                if isIssuer(issuer) {
                    meta.issued = day
                    meta.issuer = issuer
                    break
                }
            }
        }
        if let title = meta.title { meta.year = yearIn(title) }
        if meta.year == nil { meta.year = planYear(issuedIn: meta.issued) }
        return meta
    }

    /// "…2018年8月17日", "…二〇一八年八月十七日" → the day and where the date starts.
    static func trailingDate(_ s: String) -> (Day, Int)? {
        let c = Array(s)
        guard c.last == "日" else { return nil }
        // The longest date, "二〇一八年十二月三十一日", is 12 characters (more with zeros, as 2018年08月07日).
        for start in max(0, c.count - 16)..<c.count {
            // Not from inside a number: "12018年…" is no date of 2018.
            if start > 0, c[start - 1].isASCII == c[start].isASCII, DeadlineParser.number(c, start - 1) != nil { continue }
            guard let (year, yearEnd) = DeadlineParser.number(c, start), yearEnd < c.count, c[yearEnd] == "年",
                  c[start].isASCII || yearEnd - start == 4,
                  let (month, monthEnd) = DeadlineParser.number(c, yearEnd + 1), monthEnd < c.count, c[monthEnd] == "月",
                  let (day, dayEnd) = DeadlineParser.number(c, monthEnd + 1), dayEnd == c.count - 1
            else { continue }
            guard let date = Day(year: year, month: month, day: day) else { return nil }
            return (date, start)
        }
        return nil
    }

    /// Words an issuing office's name ends with.
    static let issuerEndings = ["政府", "办公室", "办公厅", "委员会", "领导小组", "指挥部", "局", "厅", "委", "办", "部", "院", "中心"]

    /// True when the words before a date on one line are an issuer's name, not a sentence.
    static func isIssuer(_ s: String) -> Bool {
        guard s.count >= 2, s.count <= 40,
              !s.contains(where: { "。，,；;：:、（）()".contains($0) }) else { return false }
        return issuerEndings.contains(where: { s.hasSuffix($0) })
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
