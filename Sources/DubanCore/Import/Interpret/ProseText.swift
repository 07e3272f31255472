import Foundation

/// Clean-up of prose lines for matching: damaged (mojibake) text repaired where possible,
/// pinyin artifacts removed, Traditional → Simplified, full-width → half-width, stray spaces
/// between Chinese characters removed. The result is what the prose reader parses.
enum ProseText {
    /// A cleaned line and what had to be done to it.
    struct Line {
        var text: String
        /// The cleaned line with the spaces between Chinese characters kept: a joint 落款 on one
        /// line ("中共某区委办公室  某区人民政府办公室") is two issuers only by its spaces.
        var spaced = ""
        var repaired = false
        var garbled = false
        var converted = false
    }

    /// Crawler and page-chrome lines that are never part of a plan.
    static let chromePrefixes = ["标题:", "标 题:", "发布时间:", "发布日期:", "原文链接:", "索引号:", "来源:", "浏览次数",
                                 "首页", "您当前所在的位置", "当前位置", "主题词:", "成文日期:", "发布机构:", "文 号:",
                                 "文号:", "打印本页", "关闭窗口", "【打印】", "分享到"]

    /// Cleans one raw line.
    static func clean(_ raw: String) -> Line {
        var line = Line(text: raw)
        if garbleScore(raw) >= 2 {
            line.garbled = true
            if let fixed = repairShiftedGBK(raw) {
                line.text = fixed
                line.repaired = true
            }
        }
        var s = removePinyin(line.text)
        if let simplified = TextNormalizer.simplifiedChinese(s) {
            s = simplified
            line.converted = true
        }
        s = TextNormalizer.halfWidth(s)
        line.spaced = TextNormalizer.trim(TextNormalizer.collapseSpaces(s))
        line.text = removeSpacesBetweenCJK(line.spaced)
        return line
    }

    /// True for crawler metadata and navigation lines.
    static func isChrome(_ s: String) -> Bool {
        let c = TextNormalizer.compact(s)
        return chromePrefixes.contains { c.hasPrefix(TextNormalizer.compact($0)) }
            || c.hasPrefix("电话:") || c.hasPrefix("邮箱:") || c.hasPrefix("网址:")
    }

    /// The page furniture of text copied from a PDF: page-number lines ("- 2 -", "第 2 页 共 3 页",
    /// a running header with the page number on one line) and running headers (a short line
    /// met more than once, next to a page number at least once). Returns the indexes to drop.
    static func pageFurniture(_ lines: [String]) -> Set<Int> {
        let compact = lines.map(TextNormalizer.compact)
        var drop = Set(compact.indices.filter { isPageNumberLine(compact[$0]) })
        guard !drop.isEmpty else { return drop }
        var counts: [String: Int] = [:]
        for c in compact { counts[c, default: 0] += 1 }
        var headers: Set<String> = []
        for k in drop {
            for n in [k - 1, k + 1] where compact.indices.contains(n) && !drop.contains(n) {
                let c = compact[n]
                if counts[c, default: 0] >= 2, c.count <= 30, !c.contains(where: { "。;:)".contains($0) }),
                   Outline.marker(in: c) == nil {
                    headers.insert(c)
                } else if n == k + 1, c.hasSuffix("文件"), c.count <= 30, !c.contains(where: { "。,;:)".contains($0) }) {
                    // "长宁市人民政府办公室文件" at the top of a page, after the last one's number:
                    // the document's 红头 as a running header, even where it appears once.
                    drop.insert(n)
                }
            }
        }
        // The first time a running header appears it may be the plan's title (a PDF repeats the
        // title at the top of each page): that line stays.
        var seen = Set<String>()
        for k in compact.indices where headers.contains(compact[k]) {
            if seen.insert(compact[k]).inserted && !drop.contains(k) { continue }
            drop.insert(k)
        }
        return drop
    }

    /// "-2-", "—3—", "·4·", "第2页", "第2页共3页", "共3页第2页", "2/3", with or without a short
    /// running header before it ("南湖区人民政府办公室第2页共3页"). `c` is compacted.
    static func isPageNumberLine(_ c: String) -> Bool {
        let chars = Array(c)
        guard !chars.isEmpty, chars.count <= 40 else { return false }
        func digits(_ i: Int) -> Int {  // the index after the ASCII digits starting at i
            var j = i
            while j < chars.count, chars[j].isASCII, chars[j].isNumber { j += 1 }
            return j
        }
        // Bare forms first.
        if let first = chars.first, "-—–·".contains(first), chars.last == first {
            let end = digits(1)
            return end > 1 && end == chars.count - 1
        }
        if let slash = chars.firstIndex(of: "/"), slash > 0, digits(0) == slash, digits(slash + 1) == chars.count, slash + 1 < chars.count {
            return true
        }
        // "第N页", "第N页共M页", "共M页第N页", at the end of the line.
        for start in chars.indices where chars[start] == "第" || chars[start] == "共" {
            var i = start
            var parts = 0
            while i < chars.count, chars[i] == "第" || chars[i] == "共" {
                let end = digits(i + 1)
                guard end > i + 1, end < chars.count, chars[end] == "页" else { break }
                i = end + 1
                parts += 1
            }
            if parts >= 1, i == chars.count {
                let header = String(chars[..<start])
                return header.isEmpty || (header.count <= 30 && !header.contains(where: { "。,;:".contains($0) }))
            }
        }
        return false
    }

    /// "區(qū)" → "區": a parenthesised pinyin syllable right after a Chinese character.
    static func removePinyin(_ s: String) -> String {
        let u = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < u.count {
            if (u[i] == "(" || u[i] == "（"), i > 0, isCJK(u[i - 1]) {
                var j = i + 1
                var letters = 0
                while j < u.count, isPinyinLetter(u[j]), letters < 7 { j += 1; letters += 1 }
                if letters >= 1, j < u.count, u[j] == ")" || u[j] == "）" {
                    i = j + 1
                    continue
                }
            }
            out.append(u[i])
            i += 1
        }
        return String(out)
    }

    static func isPinyinLetter(_ u: Unicode.Scalar) -> Bool {
        if ("a"..."z").contains(u) { return true }
        // Latin letters with tone marks: āáǎà ēéěè īíǐì ōóǒò ūúǔù ǖǘǚǜ ü
        return "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü".unicodeScalars.contains(u)
    }

    static func isCJK(_ u: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(u.value) || (0x3400...0x4DBF).contains(u.value) || (0xF900...0xFAFF).contains(u.value)
    }

    /// "嘉峪关 市文广新局" → "嘉峪关市文广新局" (spaces a web converter put inside words). A space
    /// between two unit names stays: "区商务局 区民政局 各街道办事处" lists three.
    static func removeSpacesBetweenCJK(_ s: String) -> String {
        let u = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        for (i, c) in u.enumerated() {
            if c == " ", i > 0, i + 1 < u.count, isCJK(u[i - 1]) || isCJKPunct(u[i - 1]), isCJK(u[i + 1]) || isCJKPunct(u[i + 1]),
               !separatesUnits(before: u[i - 1], after: u[i + 1]) {
                continue
            }
            out.append(c)
        }
        return String(out)
    }

    /// A unit name's last character before the space ("…局") and a level or 各 after it ("区…", "各…").
    static func separatesUnits(before: Unicode.Scalar, after: Unicode.Scalar) -> Bool {
        "局委办部厅院处室站所队署馆心".unicodeScalars.contains(before)
            && (UnitParser.levelPrefixes.contains(Character(after)) || after == "各")
    }

    static func isCJKPunct(_ u: Unicode.Scalar) -> Bool { (0x3000...0x303F).contains(u.value) || (0xFF00...0xFFEF).contains(u.value) }

    /// How many characters look like GBK bytes decoded one byte off: Bopomofo, box drawing,
    /// private-use, replacement characters and "?" next to Chinese text.
    static func garbleScore(_ s: String) -> Int {
        var score = 0
        let u = Array(s.unicodeScalars.prefix(80))
        for (i, c) in u.enumerated() {
            switch c.value {
            case 0x3100...0x312F, 0x2500...0x257F, 0xE000...0xF8FF, 0xFFFD: score += 1
            case 0x3F where (i + 1 < u.count && !u[i + 1].isASCII): score += 1
            default: break
            }
        }
        return score
    }

    /// Re-encodes the line as GB18030 and decodes it again one to three bytes later; returns
    /// the first result that is clean.
    static func repairShiftedGBK(_ s: String) -> String? {
        let bytes = TextDecoding.gb18030Bytes(s)
        for shift in 1...3 where bytes.count > shift {
            if let decoded = String(data: bytes.dropFirst(shift), encoding: TextDecoding.gb18030), garbleScore(decoded) == 0 {
                return TextNormalizer.trim(decoded)
            }
        }
        return nil
    }
}
