/// Title, year, issuer and issue date from the text around the task table.
struct Metadata {
    /// The years a plan can be of: a year outside is a misreading or a typing error (the
    /// deadlines of a plan are days of its year, and days beyond year 9999 do not exist).
    static let years = 1900...2200

    /// The year of an issue date, when it can be a plan's year.
    static func planYear(issuedIn day: Day?) -> Int? { day.flatMap { years.contains($0.year) ? $0.year : nil } }

    /// For a document that names no year: the year of its file name (2024年区重点任务.csv), else
    /// of the page's publication date (发布日期：2023-03-01, as government sites print it above a
    /// notice), with the finding that says so. Nil when neither gives one.
    static func fallbackYear(_ grid: Grid) -> (year: Int, finding: Finding)? {
        let how: String, year: Int
        if let fromName = yearIn(grid.source) {
            (how, year) = ("文件名", fromName)
        } else if let published = publishedYear(in: grid.lines) {
            (how, year) = ("页面上的发布日期", published)
        } else {
            return nil
        }
        return (year, Finding(.warning, SourceLocation(file: grid.source),
                              "文件里没有写方案年度，已按\(how)定为\(year)年；如果不对，请用 --year 重新导入"))
    }

    /// The year of a labelled publication date (发布日期：2023-03-01, 发布时间: 2023年3月1日) among the
    /// first lines of a page.
    static func publishedYear(in lines: [String]) -> Int? {
        for line in lines.prefix(60) {
            let text = TextNormalizer.compact(line)
            let c = Array(text)
            for label in ["发布日期", "发布时间", "发文日期", "成文日期"] {
                guard let range = text.range(of: label) else { continue }
                var i = text.distance(from: text.startIndex, to: range.upperBound)
                if i < c.count, c[i] == ":" || c[i] == "：" { i += 1 }
                guard let (year, end) = DeadlineParser.number(c, i), end - i == 4, end < c.count,
                      "-./年".contains(c[end]), years.contains(year) else { continue }
                return year
            }
        }
        return nil
    }

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
        // Title: the last short line before the header that names a plan; one without a year
        // (附件：重点任务分工表) gives way to an earlier one with (the document's own title).
        var yearless: String?
        for line in before.reversed() {
            var s = TextNormalizer.trim(line)
            if s.hasPrefix("附件") {
                if let colon = s.firstIndex(where: { $0 == ":" || $0 == "：" }) {
                    s = TextNormalizer.trim(String(s[s.index(after: colon)...]))
                } else { continue }
            }
            // "…分工方案（一、推动经济高质量发展）": a sheet's title naming its section; the plan's is before it.
            if s.hasSuffix("）"), let open = s.lastIndex(of: "（"),
               let (kind, _, _) = Outline.marker(in: TextNormalizer.compact(String(s[s.index(after: open)...]))), kind == .chinese {
                s = TextNormalizer.trim(String(s[..<open]))
            }
            let compact = TextNormalizer.compact(s)
            guard !compact.isEmpty, compact.count <= 60, !compact.hasSuffix("。"), !compact.hasSuffix(":") else { continue }
            if ["方案", "要点", "计划", "清单", "分解表", "台账", "任务表", "分工表"].contains(where: { compact.hasSuffix($0) })
                || isTaskListTitle(compact) {
                if yearIn(s) == nil {
                    if yearless == nil { yearless = s }
                    continue
                }
                meta.title = s
                break
            }
        }
        if meta.title == nil { meta.title = yearless }
        // No title line: the cover notice names the plan it sends.
        let notice = before.lazy.compactMap { noticeTitle(TextNormalizer.trim($0)) }.first
        if meta.title == nil, let notice { meta.title = notice.title }
        // A title without a year (附件：重点任务分工表, a label many notices share) gives way to the
        // plan the notice names with its year: its title, or 《…》 in "现将《…》印发给你们".
        if let title = meta.title, yearIn(title) == nil,
           let named = [notice?.title].compactMap({ $0 }).first(where: { yearIn($0) != nil }) ?? quotedPlan(in: before) {
            meta.title = named
        }
        // Issue date and issuer: "2018年8月17日印发" lines first, then a date alone on a line.
        for (i, line) in all.enumerated() {
            let compact = TextNormalizer.compact(line)
            if compact.hasSuffix("印发"), let (day, prefixEnd) = trailingDate(String(compact.dropLast(2))) {
                meta.issued = day
                let issuer = String(compact.prefix(prefixEnd))
                if !issuer.isEmpty { meta.issuer = jointIssuers(issuer, written: line) }
                break
            }
            if let (day, prefixEnd) = trailingDate(compact), prefixEnd == 0 {
                meta.issued = day
                if i > 0 {
                    let prev = TextNormalizer.compact(all[i - 1])
                    if !prev.isEmpty, prev.count <= 40, !prev.hasSuffix("。") {
                        meta.issuer = signature(above: i, in: all) ?? prev
                    }
                }
                if meta.issuer != nil { break }
            }
            // Issuer and date on one line, or on two lines of one cell (the lines of a cell
            // arrive joined): "昆明市官渡区人民政府办公室　2018年8月17日".
            if let (day, prefixEnd) = trailingDate(compact), prefixEnd > 0 {
                let issuer = String(compact.prefix(prefixEnd))
                if isIssuer(issuer) {
                    meta.issued = day
                    meta.issuer = jointIssuers(issuer, written: line)
                    break
                }
            }
        }
        if meta.issuer == nil, let issuer = notice?.issuer { meta.issuer = issuer }
        meta.title = meta.title.map(TextNormalizer.withoutSpacesBesideChinese)
        if let title = meta.title { meta.year = yearIn(title) }
        if meta.year == nil { meta.year = planYear(issuedIn: meta.issued) }
        return meta
    }

    // MARK: - Titles

    /// Endings of a prose plan's title line.
    static let proseTitleEndings = ["方案", "通知", "要点", "意见", "计划", "安排"]
    /// Endings of titles that name the list of tasks itself (桐庐县2020年乡村振兴重点工作任务,
    /// 临安区2019年重点工作任务分解, 安吉县2019年重点工作责任分解, …).
    static let taskListEndings = ["重点工作", "工作任务", "任务分解", "责任分解", "任务清单", "责任分工", "任务分工"]

    /// A title ending in the words of a task list, long enough to name whose list it is: not a
    /// bare heading such as 主要工作任务 or 全区重点工作.
    static func isTaskListTitle(_ compact: String) -> Bool {
        compact.count >= 8 && taskListEndings.contains { compact.hasSuffix($0) }
    }

    /// A line that can be a prose plan's title: short, not a sentence or a label, ending as titles do.
    static func isProseTitle(_ line: String) -> Bool {
        let c = TextNormalizer.compact(line)
        guard !c.isEmpty, c.count <= 60, !c.hasSuffix(":"), !c.contains("。") else { return false }
        return proseTitleEndings.contains { c.hasSuffix($0) } || isTaskListTitle(c)
    }

    /// "现将《某某区2021年政府工作报告重点任务分工方案》印发给你们": the plan a notice's sentence
    /// sends, when it names a year and ends as a plan's title does.
    static func quotedPlan(in lines: [String]) -> String? {
        for line in lines {
            let c = TextNormalizer.compact(line)
            guard c.contains("印发") || c.contains("转发"), let open = c.firstIndex(of: "《"),
                  let close = c[open...].firstIndex(of: "》") else { continue }
            let title = String(c[c.index(after: open)..<close])
            if yearIn(title) != nil, isProseTitle(title) || ["分工表", "任务表", "分解表", "清单"].contains(where: { title.hasSuffix($0) }) {
                return title
            }
        }
        return nil
    }

    /// The words of a cover notice that sends a plan: 印发 its own, 转发 one of another body
    /// ("临海区人民政府办公室关于转发《台州市2021年政务公开工作要点》的通知", with its 分工 below).
    static let noticeVerbs = ["关于印发", "关于转发"]

    /// "西湖区人民政府办公室关于印发《西湖区2019年政务公开工作要点》的通知" → the plan it sends
    /// (西湖区2019年政务公开工作要点, without 《》) and its issuer (the text before 关于, if any).
    /// A 关于印发 quoted inside a sentence, or one sending several documents, is no such notice.
    static func noticeTitle(_ line: String) -> (title: String, issuer: String?)? {
        let c = TextNormalizer.compact(line)
        guard c.count <= 100, c.hasSuffix("的通知"),
              let verb = noticeVerbs.lazy.compactMap({ c.range(of: $0) }).first else { return nil }
        let issuer = String(c[..<verb.lowerBound])
        guard !issuer.contains(where: { "《<“\"。,;:".contains($0) }) else { return nil }
        var title = Substring(c[verb.upperBound..<c.index(c.endIndex, offsetBy: -3)])
        for (open, close) in [("《", "》"), ("<", ">"), ("“", "”")] where title.hasPrefix(open) && title.hasSuffix(close) {
            title = title.dropFirst().dropLast()
        }
        guard title.count >= 4, !title.contains(where: { "《》<>。".contains($0) }) else { return nil }
        return (String(title), issuer.isEmpty ? nil : issuer)
    }

    /// The title of a prose plan from the lines before its outline: the plan a cover notice sends
    /// (the notice's issuer with it), else the first title line. A title a PDF copy split over two
    /// lines is joined first.
    /// The first title naming a year wins over an earlier one without (a web page's sidebar link
    /// "关于区卫健局负责同志职务调整的通知" above "江北区2021年卫生健康工作要点").
    static func proseTitle(in preamble: [String]) -> (title: String, issuer: String?)? {
        var candidates: [(title: String, issuer: String?)] = []
        for line in joiningSplitTitles(preamble.map(TextNormalizer.trim)) {
            if let notice = noticeTitle(line) {
                candidates.append(notice)
            } else if isProseTitle(line) {
                candidates.append((line, nil))
            }
        }
        return candidates.first { yearIn($0.title) != nil } ?? candidates.first
    }

    /// Lines with a title split over two ("…关于印发滨江区2019年" / "数字政府建设工作要点的通知",
    /// "滨江区2019年数字政府" / "建设工作要点") joined: the first line starts a title (关于 or a
    /// year, no sentence punctuation, not a 文件 header, 文号 or date) without ending as one, and
    /// the second ends as one without a year or 关于 of its own.
    static func joiningSplitTitles(_ lines: [String]) -> [String] {
        var out: [String] = []
        var k = 0
        while k < lines.count {
            if k + 1 < lines.count, startsSplitTitle(lines[k]),
               endsSplitTitle(lines[k + 1]) || continuesNotice(lines[k], with: lines[k + 1]) {
                out.append(lines[k] + lines[k + 1])
                k += 2
            } else {
                out.append(lines[k])
                k += 1
            }
        }
        return out
    }

    /// The first line of a split title: "滨江区人民政府办公室关于印发滨江区2019年".
    static func startsSplitTitle(_ line: String) -> Bool {
        let c = TextNormalizer.compact(line)
        guard !c.isEmpty, c.count <= 60, !isProseTitle(c), !c.hasSuffix("文件"), trailingDate(c) == nil,
              !c.contains(where: { "。,;:!?、()《》〔〕[]".contains($0) }) else { return false }
        return c.contains("关于") || yearIn(c) != nil
    }

    /// "…关于印发奉化区" / "2021年乡村振兴重点工作任务的通知": a notice's title cut before the
    /// plan's year, which the second line then has.
    static func continuesNotice(_ first: String, with second: String) -> Bool {
        let a = TextNormalizer.compact(first), b = TextNormalizer.compact(second)
        guard noticeVerbs.contains(where: { a.contains($0) }), yearIn(a) == nil, b.hasSuffix("的通知"), !b.contains("关于"),
              !b.contains(where: { "。,;:!?、".contains($0) }) else { return false }
        return true
    }

    /// The second line of a split title: "数字政府建设工作要点的通知".
    static func endsSplitTitle(_ line: String) -> Bool {
        let c = TextNormalizer.compact(line)
        guard !c.contains("关于"), yearIn(c) == nil, !c.contains(where: { "。,;:!?、".contains($0) }) else { return false }
        return (proseTitleEndings + taskListEndings).contains { c.hasSuffix($0) }
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

    /// A joint 落款 of bodies that issue together, one a line above the date ("中共某区委办公室" /
    /// "某区人民政府办公室" / "2021年4月2日"), or on one line apart by spaces: their names joined
    /// with 、. Nil unless the line above the date is an issuer's name.
    static func signature(above date: Int, in lines: [String]) -> String? {
        var names: [String] = []
        var k = date - 1
        // Three bodies at most sign together in these plans; a line above that is no issuer's
        // name (the last item, a heading) ends the 落款.
        while k >= 0, date - k <= 3 {
            let compact = TextNormalizer.compact(lines[k])
            guard isIssuer(compact) else { break }
            names.insert(jointIssuers(compact, written: lines[k]), at: 0)
            k -= 1
        }
        return names.isEmpty ? nil : names.joined(separator: "、")
    }

    /// "中共某区委办公室某区人民政府办公室" written "中共某区委办公室  某区人民政府办公室": the names
    /// the spaces of the written line part it into, joined with 、, when each is an issuer's name;
    /// else the issuer as it is (a space inside one name, "某区人民 政府办公室", parts nothing).
    static func jointIssuers(_ issuer: String, written: String) -> String {
        var pieces: [String] = []
        var length = 0
        for word in written.split(whereSeparator: \.isWhitespace).map({ TextNormalizer.compact(String($0)) }) where length < issuer.count {
            pieces.append(word)
            length += word.count
        }
        guard pieces.count >= 2, pieces.joined() == issuer, pieces.allSatisfy(isIssuer) else { return issuer }
        return pieces.joined(separator: "、")
    }

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
            if let y = Int(String(c[i..<i + 4])), (1990...2200).contains(y) { return spanStart(c, before: i) ?? y }
        }
        return nil
    }

    /// "2021—2023年行动计划": the first year of a span ending at `i` (a plan of several years is
    /// imported as of its first year; `yearSpan` tells the preview).
    static func spanStart(_ c: [Character], before i: Int) -> Int? {
        guard i >= 5, "-—–~～至到".contains(c[i - 1]), let y = Int(String(c[(i - 5)..<(i - 1)])),
              (1990...2200).contains(y) else { return nil }
        return y
    }

    /// The warning for a plan whose title names several years, imported as of its first.
    static func spanFinding(title: String?, year: Int, override: Int?, source: String) -> Finding? {
        guard override == nil, let span = title.flatMap(yearSpan) else { return nil }
        return Finding(.warning, SourceLocation(file: source),
                       "方案跨\(span.lowerBound)—\(span.upperBound)年，已按\(year)年导入（“年底前”等时限按这一年计算）；要按其他年度导入，请用 --year 指定")
    }

    /// The years of a title naming a span ("2021—2023年" → 2021...2023), if it does.
    static func yearSpan(_ s: String) -> ClosedRange<Int>? {
        let c = Array(TextNormalizer.compact(s))
        guard c.count >= 10 else { return nil }
        for i in 5...(c.count - 5) where c[i + 4] == "年" {
            if let last = Int(String(c[i..<i + 4])), let first = spanStart(c, before: i), first < last { return first...last }
        }
        return nil
    }
}
