/// Reads the meaning of a 完成时限 text for a plan year.
///
/// A hand-written scanner, not `Regex`: it runs once per row on every import.
public enum DeadlineParser {
    /// Parses `text` for plan year `year`. Text that matches no rule is `.unparsed`, never dropped.
    public static func parse(_ text: String, year: Int) -> Deadline {
        let s = TextNormalizer.compact(text)
        // A dash, a slash or 无 in the cell says there is no deadline, as a blank cell does.
        if s.isEmpty || s == "/" || s == "无" || s.allSatisfy({ "-—－–".contains($0) }) { return .none }

        let c = Array(s)
        if eventMarkers.contains(where: { s.contains(literal: $0) }) || (s.hasPrefix("待") && s.hasSuffix("后")) {
            let count = relativeCount(in: s)
            if let due = datedEvent(s, c, year: year, count: count) { return Deadline(kind: .fixed, due: due) }
            return Deadline(kind: .conditional, days: count?.0, timeUnit: count?.1)
        }
        let found = mentions(in: c, year: year)
        // A date the text names as the day to be done by ("9月底前完成，并长期坚持", "6月底前建立
        // 机制，每季度报送进展") is the due date, whatever words of a period or of the whole year
        // stand beside it; a date that only says when something starts ("自2018年10月起每月报送")
        // leaves those words their meaning.
        let named = found.lazy.filter { isCompletion(c, after: $0.1) }.map(\.0).max()
        if let period = recurringPeriod(s) {
            return Deadline(kind: .recurring, due: named ?? Day(year: year, month: 12, day: 31), period: period)
        }
        for word in ["全年", "长期坚持", "持续推进", "长期", "常年", "常态化"] where s.contains(literal: word) {
            if let named { return Deadline(kind: .fixed, due: named) }
            return Deadline(kind: .yearRound, due: Day(year: year, month: 12, day: 31))
        }
        // A date marked as the completion wins over a later one that only says when to report or
        // start ("12月底前（次年1月报送总结）" is due 31 Dec); without one, the last date.
        let candidates = named == nil ? found : found.filter { !isReportOrStart(c, after: $0.1) }
        if let last = candidates.map(\.0).max() { return Deadline(kind: .fixed, due: last) }
        if let (n, unit) = relativeCount(in: s) { return Deadline(kind: .relative, days: n, timeUnit: unit) }
        if let last = lastYearOfRange(c) { return Deadline(kind: .fixed, due: Day(year: last, month: 12, day: 31)) }
        if let only = yearAlone(s) { return Deadline(kind: .fixed, due: Day(year: only, month: 12, day: 31)) }
        // 每年 / 按年度 / 逐年推进 in an annual plan: the year's work (after a span of years, which wins).
        if ["每年", "按年度", "逐年"].contains(where: { s.contains(literal: $0) }) {
            return Deadline(kind: .yearRound, due: Day(year: year, month: 12, day: 31))
        }
        if let due = excelMonth(s, year: year) { return Deadline(kind: .fixed, due: due) }
        return Deadline(kind: .unparsed)
    }

    /// Excel's mmm-yy display of a month exported to CSV ("Jun-23", "Dec-2023"), of the plan's
    /// year or the next: due at the month's end. Any other year stays unread (and is flagged).
    static func excelMonth(_ s: String, year: Int) -> Day? {
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        let lower = s.lowercased()
        guard lower.utf8.count >= 5, lower.utf8.count <= 8, let m = months.firstIndex(where: { lower.hasPrefix($0) }) else { return nil }
        var rest = lower.dropFirst(3)
        guard let separator = rest.first, "-/".contains(separator) else { return nil }
        rest = rest.dropFirst()
        guard rest.count == 2 || rest.count == 4, rest.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(rest) else { return nil }
        let y = rest.count == 2 ? 2000 + n : n
        guard y == year || y == year + 1 else { return nil }
        return Day.endOfMonth(year: y, month: m + 1)
    }

    /// "2020年", "到2020年", "2020年前完成": a year and nothing more precise, due at its end.
    static func yearAlone(_ s: String) -> Int? {
        var t = Substring(s)
        for prefix in ["截至", "到", "至", "于"] where t.hasPrefix(prefix) { t = t.dropFirst(prefix.count) }
        let digits = t.prefix { $0.isASCII && $0.isNumber }
        guard digits.count == 4, let year = Int(digits), Day.years.contains(year) else { return nil }
        let rest = t.dropFirst(4)
        return ["年", "年前", "年完成", "年前完成", "年度"].contains(String(rest)) ? year : nil
    }

    /// "2018年9月底前出台实施方案，出台后抓好落实": the event is itself due by a date the text names
    /// before it, so the task is due then, or a count later ("9月底前出台方案，出台后1个月内完成
    /// 培训" → 31 Oct). Nil when no completion date comes before the event ("待市级文件出台后").
    /// Words after which a deadline counts from an event (待市级文件出台后, 预算批复后20日内).
    static let eventMarkers = ["出台后", "印发后", "下发后", "批复后"]

    static func datedEvent(_ text: String, _ c: [Character], year: Int, count: (Int, Deadline.TimeUnit)?) -> Day? {
        guard let marker = eventMarkers.compactMap({ text.range(of: $0) }).min(by: { $0.lowerBound < $1.lowerBound })
        else { return nil }
        let at = text.distance(from: text.startIndex, to: marker.lowerBound)
        guard let date = mentions(in: c, year: year).filter({ $0.1 <= at && isCompletion(c, after: $0.1) }).map(\.0).max()
        else { return nil }
        guard let (n, unit) = count else { return date }
        switch unit {
        case .workingDay: return TrackingRules.addingWorkingDays(n, to: date)
        case .day: return date.adding(days: n)
        case .month:
            // 9月底 + 1个月 is 10月底.
            let later = TrackingRules.addingMonths(n, to: date)
            return date == Day.endOfMonth(year: date.year, month: date.month) ? Day.endOfMonth(year: later.year, month: later.month) : later
        }
    }

    /// The second year of a span of years ("2018-2019年", "2018年至2019年", "2018—2020年"): the task
    /// runs to the end of it. Nil unless two four-digit years, the second later by at most ten,
    /// are joined by a dash, ～, 至 or 到 (after an optional 年) and the second is followed by 年.
    static func lastYearOfRange(_ c: [Character]) -> Int? {
        func year(at i: Int) -> Int? {
            guard i + 4 <= c.count, c[i..<i + 4].allSatisfy({ $0.isASCII && $0.isNumber }),
                  i == 0 || !(c[i - 1].isASCII && c[i - 1].isNumber), i + 4 == c.count || !(c[i + 4].isASCII && c[i + 4].isNumber)
            else { return nil }
            return Int(String(c[i..<i + 4]))
        }
        for i in c.indices {
            guard let first = year(at: i) else { continue }
            var j = i + 4
            if j < c.count, c[j] == "年" { j += 1 }
            guard j < c.count, "-—–~～至到".contains(c[j]) else { continue }
            j += 1
            guard let second = year(at: j), second > first, second - first <= 10,
                  j + 4 < c.count, c[j + 4] == "年", Day.years.contains(second) else { continue }
            return second
        }
        return nil
    }

    /// The reporting period `s` names (每月, 按季度, 每半年 …), if any.
    static func recurringPeriod(_ s: String) -> Deadline.Period? { recurringWord(s)?.period }

    /// The words in `s` that name a reporting period, and that period.
    static func recurringWord(_ s: String) -> (word: String, period: Deadline.Period)? {
        for w in ["按月", "每月", "月度完成", "逐月"] where s.contains(literal: w) { return (w, .monthly) }
        for w in ["按季度", "每季度", "每季", "按季"] where s.contains(literal: w) { return (w, .quarterly) }
        // "季度完成" and "半年度" are a period, except of one named quarter or half ("第三季度完成",
        // "上半年度完成": the end of it).
        if contains(s, "季度完成", unlessAfter: "第一二三四1234") { return ("季度完成", .quarterly) }
        for w in ["每半年", "按半年"] where s.contains(literal: w) { return (w, .halfYearly) }
        if contains(s, "半年度", unlessAfter: "上下") { return ("半年度", .halfYearly) }
        return nil
    }

    /// True when `word` occurs in `s` other than right after one of the characters `excluded`.
    static func contains(_ s: String, _ word: String, unlessAfter excluded: String) -> Bool {
        guard s.contains(literal: word) else { return false }
        let c = Array(s), w = Array(word), skip = Set(excluded)
        guard c.count >= w.count else { return false }
        for i in 0...(c.count - w.count) where c[i] == w[0] && Array(c[i..<i + w.count]) == w {
            if i == 0 || !skip.contains(c[i - 1]) { return true }
        }
        return false
    }

    /// "5个工作日内", "30日内", "15天内", "1个月内" → the number and what it counts.
    static func relativeCount(in s: String) -> (Int, Deadline.TimeUnit)? {
        let c = Array(s)
        var i = 0
        while i < c.count {
            if let (n, end) = number(c, i) {
                let rest = String(c[end..<min(c.count, end + 6)])
                if rest.hasPrefix("个工作日") || rest.hasPrefix("工作日") { return (n, .workingDay) }
                if rest.hasPrefix("日内") || rest.hasPrefix("天") { return (n, .day) }
                if rest.hasPrefix("个月内") || rest.hasPrefix("个月之内") { return (n, .month) }
                i = end
            } else {
                i += 1
            }
        }
        return nil
    }

    /// Every date the text names, resolved against the plan year (years written in the text win).
    public static func dateMentions(in s: String, year planYear: Int) -> [Day] {
        mentions(in: Array(s), year: planYear).map(\.0)
    }

    /// Dates inside running text that say when something is to be done ("2014年6月底前",
    /// "6月底完成", "于9月26日前", "2019年内", "下半年建成运营"); dates of past events
    /// ("2013年11月召开") are not deadlines.
    public static func completionDates(in s: String, year planYear: Int) -> [Day] {
        let c = Array(TextNormalizer.compact(s))
        return mentionSpans(in: c, year: planYear).filter { isDeadline(c, $0, planYear: planYear) }.map(\.day)
    }

    /// True when a date named in running text is one to be done by: completion words follow it
    /// ("6月底前", "年内完成"), it says "within" ("2019年内", "三年内"), or it is a half-year,
    /// quarter or year end of the plan year or later in which something is to be done
    /// ("下半年建成运营"; not "2018年下半年建成", a year past, nor "上半年启动").
    static func isDeadline(_ c: [Character], _ m: Mention, planYear: Int) -> Bool {
        isCompletion(c, after: m.end) || isWithin(c, m)
            || (m.span && m.day.year >= planYear && isDoneIn(c, after: m.end))
    }

    /// True for a mention ending in 内 that names its year or count ("2019年内", "三年内"), except
    /// years looked back on ("近两年内"). A bare 年内 needs completion words ("年内完成"): "年内…至少
    /// 进行一次专题研究" says how often, not by when.
    static func isWithin(_ c: [Character], _ m: Mention) -> Bool {
        c[m.end - 1] == "内" && c[m.start] != "年" && !(m.start > 0 && c[m.start - 1] == "近")
    }

    /// True when the words right after a span name something to do in it ("建成运营"), not when it
    /// starts or is reported ("启动", "报送"), looked back on ("以来") or only qualified ("的", "各").
    static func isDoneIn(_ c: [Character], after end: Int) -> Bool {
        var k = end
        while k < c.count, c[k] == "底" || c[k] == "末" { k += 1 }
        guard k < c.count, c[k].isLetter, !c[k].isASCII, !isReportOrStart(c, after: end) else { return false }
        let rest = String(c[k..<min(c.count, k + 2)])
        return !["以来", "以后", "起", "期间", "的", "中", "各", "和", "及", "与", "至", "到"].contains(where: { rest.hasPrefix($0) })
    }

    /// True when the words after a date mention (ending at `end`) make it a completion date:
    /// "…底前", "…完成", "…之前", "…以前", "…止".
    static func isCompletion(_ c: [Character], after end: Int) -> Bool {
        var k = end
        while k < c.count, c[k] == "底" || c[k] == "末" || c[k] == "份" { k += 1 }
        let rest = String(c[k..<min(c.count, k + 3)])
        return ["前", "完成", "之前", "以前", "止"].contains(where: { rest.hasPrefix($0) })
    }

    /// True when the words after a date mention say only when to report or to start
    /// ("次年1月报送总结", "9月启动").
    static func isReportOrStart(_ c: [Character], after end: Int) -> Bool {
        var k = end
        while k < c.count, c[k] == "底" || c[k] == "末" || c[k] == "份" || c[k] == "中" || c[k] == "旬" { k += 1 }
        let rest = String(c[k..<min(c.count, k + 2)])
        return ["报", "上报", "总结", "启动", "开始", "起"].contains(where: { rest.hasPrefix($0) })
    }

    /// A date named in text: the day, where its words start (a year written right before them
    /// is theirs: "2019年8月", "次年3月") and the index just after them. `span` marks a half-year,
    /// quarter or year end ("下半年", "第三季度", "年底"): something to do in it is due by its end.
    struct Mention {
        var day: Day
        var start: Int
        var end: Int
        var span = false
    }

    /// Date mentions with the index just after each.
    static func mentions(in c: [Character], year planYear: Int) -> [(Day, Int)] {
        mentionSpans(in: c, year: planYear).map { ($0.day, $0.end) }
    }

    /// Every date the text names, in the order written.
    static func mentionSpans(in c: [Character], year planYear: Int) -> [Mention] {
        var out: [Mention] = []
        var year = planYear
        // The words of the last year written ("2019年", "次年"), so a date right after them includes them.
        var yearWords = (start: -1, end: -1)
        var i = 0
        func has(_ word: String, at k: Int) -> Bool {
            let w = Array(word)
            guard k + w.count <= c.count else { return false }
            return Array(c[k..<k + w.count]) == w
        }
        func add(_ day: Day?, from start: Int, to end: Int, span: Bool = false) {
            guard let day else { return }
            out.append(Mention(day: day, start: start == yearWords.end ? yearWords.start : start, end: end, span: span))
        }
        while i < c.count {
            // 次年1月底前, 明年, 下一年度: the year after the plan year.
            if c[i] == "次" || c[i] == "下" || c[i] == "明" || c[i] == "翌",
               let word = ["次年度", "下一年度", "下年度", "次年", "明年", "翌年"].first(where: { has($0, at: i) }) {
                year = planYear + 1
                let j = i + word.count
                if has("底", at: j) || has("末", at: j) {
                    add(Day(year: year, month: 12, day: 31), from: i, to: j + 1, span: true); i = j + 1; continue
                }
                yearWords = (i, j)
                i = j; continue
            }
            // 上半年(度), 下半年(度): the 度 belongs to the name, so "上半年度完成" is a completion.
            if has("上半年", at: i) {
                let end = has("度", at: i + 3) ? i + 4 : i + 3
                add(Day(year: year, month: 6, day: 30), from: i, to: end, span: true); i = end; continue
            }
            if has("下半年", at: i) {
                let end = has("度", at: i + 3) ? i + 4 : i + 3
                add(Day(year: year, month: 12, day: 31), from: i, to: end, span: true); i = end; continue
            }
            if has("年底", at: i) || has("年末", at: i) || has("年内", at: i) {
                // Only when not "2018年底" (handled with the number) — a bare 年底 means the plan year.
                add(Day(year: year, month: 12, day: 31), from: i, to: i + 2, span: !has("年内", at: i)); i += 2; continue
            }
            // 本年度内: within the plan year.
            if has("年度内", at: i) {
                add(Day(year: year, month: 12, day: 31), from: i, to: i + 3); i += 3; continue
            }
            guard let (n, end) = number(c, i) else { i += 1; continue }
            var j = end
            // 2018-06-30, 2018.6.30, 2018/12/31: a whole date; an impossible one is no date.
            if n >= 1900, n <= 2200, c[i].isASCII, let (date, dateEnd) = numericDate(c, year: n, at: j) {
                add(date, from: i, to: dateEnd)
                i = dateEnd; continue
            }
            // 6.30前, 6/30, "6.30、12.31前": a month and day of the plan year, only where a date
            // ends (前, 日, a list mark, the end), so 6.5% or 3.5亿元 are no dates.
            if (1...12).contains(n), c[i].isASCII, j < c.count, c[j] == "." || c[j] == "/",
               let (d, dEnd) = number(c, j + 1), c[j + 1].isASCII, dEnd - (j + 1) <= 2,
               dEnd == c.count || "前日号、，,；;）)".contains(c[dEnd]) {
                if let day = Day(year: year, month: n, day: d) { add(day, from: i, to: dEnd) }
                i = dEnd; continue
            }
            if j < c.count, c[j] == "年", n >= 1900, n <= 2200 {
                year = n
                j += 1
                if has("底", at: j) || has("末", at: j) {
                    add(Day(year: year, month: 12, day: 31), from: i, to: j + 1, span: true); i = j + 1; continue
                }
                // 2019年内, 2019年度内: within that year.
                if has("内", at: j) || has("度内", at: j) {
                    let end = has("内", at: j) ? j + 1 : j + 2
                    add(Day(year: year, month: 12, day: 31), from: i, to: end); i = end; continue
                }
                yearWords = (i, j)
                if has("上半年", at: j) || has("下半年", at: j) || has("年内", at: j) { i = j; continue }
                i = j; continue
            }
            // 两年内, 三年内完成: the plan year counts as the first.
            if j < c.count, c[j] == "年", (1...10).contains(n), has("内", at: j + 1) {
                add(Day(year: year + n - 1, month: 12, day: 31), from: i, to: j + 2)
                i = j + 2; continue
            }
            if j < c.count, c[j] == "月", (1...12).contains(n) {
                let month = n
                j += 1
                if let (d, dEnd) = number(c, j), dEnd < c.count, c[dEnd] == "日" || c[dEnd] == "号",
                   let day = Day(year: year, month: month, day: d) {
                    add(day, from: i, to: dEnd + 1); i = dEnd + 1; continue
                }
                if has("中旬", at: j) { add(Day(year: year, month: month, day: 20), from: i, to: j + 2); i = j + 2; continue }
                if has("上旬", at: j) { add(Day(year: year, month: month, day: 10), from: i, to: j + 2); i = j + 2; continue }
                add(Day.endOfMonth(year: year, month: month), from: i, to: j); i = j; continue
            }
            if j < c.count, c[j] == "季", (1...4).contains(n) {
                let end = has("度", at: j + 1) ? j + 2 : j + 1
                // "第三季度": the 第 is part of the words.
                add(Day.endOfMonth(year: year, month: n * 3), from: i > 0 && c[i - 1] == "第" ? i - 1 : i, to: end, span: true)
                i = end; continue
            }
            i = max(j, i + 1)
        }
        return out
    }

    /// After a year at `j`: "-6-30", ".6.30", "/12/31" (one separator, ASCII digits). Returns
    /// the day (nil when no such day exists, as 2018-02-30) and the index after it; nil when the
    /// text there is no such date.
    static func numericDate(_ c: [Character], year: Int, at j: Int) -> (Day?, Int)? {
        if let month = numericMonth(c, year: year, at: j) { return month }
        guard j + 1 < c.count, c[j] == "-" || c[j] == "." || c[j] == "/", c[j + 1].isASCII,
              let (month, monthEnd) = number(c, j + 1),
              monthEnd + 1 < c.count, c[monthEnd] == c[j], c[monthEnd + 1].isASCII,
              let (day, dayEnd) = number(c, monthEnd + 1)
        else { return nil }
        return (Day(year: year, month: month, day: day), dayEnd)
    }

    /// After a year at `j`, a month alone: "2021.12", "2021-6", "2021/09" → the month's end; only
    /// where the text ends or a date would end (前, 底, 、 …), so 2021.12.31 stays a whole date.
    /// "2021.1" is no date: it is how Excel shows 2021.10 typed as a number, so it may be October.
    static func numericMonth(_ c: [Character], year: Int, at j: Int) -> (Day?, Int)? {
        guard j + 1 < c.count, c[j] == "-" || c[j] == "." || c[j] == "/", c[j + 1].isASCII,
              let (month, end) = number(c, j + 1), end - (j + 1) <= 2, (1...12).contains(month),
              end == c.count || "前底末、，,；;）)".contains(c[end])
        else { return nil }
        if c[j] == ".", month == 1, end - (j + 1) == 1 { return nil }
        return (Day.endOfMonth(year: year, month: month), end)
    }

    /// A number at `i`: ASCII digits or Chinese numerals (一…十二, 两; a year digit by digit:
    /// 二〇一八, 二零一九). Returns value and end index.
    static func number(_ c: [Character], _ i: Int) -> (Int, Int)? {
        guard i < c.count else { return nil }
        if let d = c[i].wholeNumberValue, c[i].isASCII {
            var v = d, j = i + 1
            // Capped: a run of digits longer than any date must not overflow (found by libFuzzer).
            while j < c.count, c[j].isASCII, let e = c[j].wholeNumberValue { v = min(v, 100_000_000) * 10 + e; j += 1 }
            return (v, j)
        }
        let digits: [Character: Int] = ["〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                                        "六": 6, "七": 7, "八": 8, "九": 9]
        var j = i
        var value = 0
        var current = 0
        var any = false
        while j < c.count {
            if let d = digits[c[j]] { current = d; any = true; j += 1 }
            else if c[j] == "十" {
                value += (current == 0 ? 1 : current) * 10; current = 0; any = true; j += 1
            } else { break }
        }
        guard any else { return nil }
        // Four digits without 十 are a year written digit by digit: 二〇一九 is 2019, not 9.
        if j - i == 4, !c[i..<j].contains("十"), c[i] != "两" {
            return (c[i..<j].reduce(0) { $0 * 10 + (digits[$1] ?? 0) }, j)
        }
        return (value + current, j)
    }
}

// MARK: - Deadlines in running text

extension DeadlineParser {
    /// A deadline found in an item's running text (no 完成时限 label).
    public struct InText: Equatable, Sendable {
        /// `.fixed` (the latest phase), `.relative`/`.conditional`, or `.recurring`.
        public var deadline: Deadline
        /// The words as written ("2019年8月底前", "上半年、下半年", "收到通知后10个工作日内", "每季度").
        public var phrase: String
        /// Every completion date found, sorted, each once (fixed only; empty otherwise).
        public var phases: [Day]
    }

    /// The deadline an item's running text names; nil when the text names no deadline.
    ///
    /// Completion dates come first (the latest is due, every one is a phase); then a count after
    /// an event ("收到通知后10个工作日内"); then words of a reporting period ("每季度"). Background
    /// ("2018年以来", "近年来") and "每年" alone name none.
    public static func inText(_ text: String, year: Int) -> InText? {
        let c = Array(TextNormalizer.compact(text))
        return completionPhases(c, year: year) ?? countAfterEvent(c, year: year) ?? reportingPeriod(c, year: year)
    }

    /// The completion dates of running text as one fixed deadline, their words joined with 、.
    static func completionPhases(_ c: [Character], year: Int) -> InText? {
        let named = mentionSpans(in: c, year: year).filter { isDeadline(c, $0, planYear: year) }
        guard let last = named.map(\.day).max() else { return nil }
        var words: [String] = []
        for m in named {
            let w = phrase(c, m)
            if !words.contains(w) { words.append(w) }
        }
        return InText(deadline: Deadline(kind: .fixed, due: last), phrase: words.joined(separator: "、"),
                      phases: Set(named.map(\.day)).sorted())
    }

    /// The words of a date mention as written, with the completion word after them ("8月底前",
    /// "9月26日前"; "上半年" of "上半年完成").
    static func phrase(_ c: [Character], _ m: Mention) -> String {
        var k = m.end
        while k < c.count, c[k] == "底" || c[k] == "末" || c[k] == "份" { k += 1 }
        let rest = String(c[k..<min(c.count, k + 2)])
        if rest.hasPrefix("之前") || rest.hasPrefix("以前") {
            k += 2
        } else if rest.hasPrefix("前") || rest.hasPrefix("止") {
            k += 1
        }
        return String(c[m.start..<k])
    }

    /// A count right after 后 or 起 ("收到通知后10个工作日内", "本方案印发后30日内",
    /// "收到通知之日起5个工作日内"), read as `parse` reads those words: relative, or conditional
    /// after an event such as 印发后. Without the event ("压缩至3个工作日内") a count is no deadline.
    static func countAfterEvent(_ c: [Character], year: Int) -> InText? {
        for t in c.indices where c[t] == "后" || c[t] == "起" {
            var j = t + 1
            if j < c.count, c[j] == "的" { j += 1 }
            guard let (_, numberEnd) = number(c, j), let end = countWordsEnd(c, numberEnd) else { continue }
            // The event's words when they read as a count; the count alone when they hold a date.
            for start in [eventStart(c, before: t), j] {
                let words = String(c[start..<end])
                let d = parse(words, year: year)
                if d.kind == .relative || d.kind == .conditional, d.days != nil {
                    return InText(deadline: d, phrase: words, phases: [])
                }
            }
        }
        return nil
    }

    /// The index after what a count counts ("个工作日内", "日内", "天", "个月之内") at `i`, or nil.
    static func countWordsEnd(_ c: [Character], _ i: Int) -> Int? {
        let words = ["个工作日之内", "个工作日内", "个工作日", "工作日之内", "工作日内", "工作日", "日内", "天之内", "天内", "天",
                     "个月之内", "个月内"]
        for word in words {
            let w = Array(word)
            if i + w.count <= c.count, Array(c[i..<i + w.count]) == w { return i + w.count }
        }
        return nil
    }

    /// Where the event before the trigger at `t` begins: at 收到/接到 when they are there, else after
    /// punctuation or 在/于/自/从/待, at most ten characters back ("各单位在收到通知后" → "收到通知后").
    static func eventStart(_ c: [Character], before t: Int) -> Int {
        var s = t
        while s > 0, t - s < 10, c[s - 1].isLetter || c[s - 1].isNumber, !"在于自从待".contains(c[s - 1]) { s -= 1 }
        for k in s..<t where k + 1 < t && (c[k] == "收" || c[k] == "接") && c[k + 1] == "到" { return k }
        return s
    }

    /// Words of a reporting period ("每月开展一次", "每季度开展一次") as a recurring deadline.
    static func reportingPeriod(_ c: [Character], year: Int) -> InText? {
        guard let (word, _) = recurringWord(String(c)) else { return nil }
        return InText(deadline: parse(word, year: year), phrase: word, phases: [])
    }
}
