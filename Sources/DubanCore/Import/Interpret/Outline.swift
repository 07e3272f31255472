/// Numbered outline items of a prose plan: 一、 (一) 1. (1) ① and their nesting.
struct Outline {
    /// One numbered item: its outline path ("二(三)"), its text (marker removed, continuation
    /// lines joined) and where it starts.
    struct Item {
        var path: String
        var level: Int
        var text: String
        var line: Int
        var flags: ProseText.Line
        /// Indexes (into the items) of the items this one is nested in, outermost first.
        var parents: [Int] = []
    }

    /// Levels in nesting order.
    enum Marker: Int, Comparable {
        case chinese = 1       // 一、
        case parenChinese = 2  // (一)
        case arabic = 3        // 1. 1、
        case parenArabic = 4   // (1)
        case circled = 5       // ①

        static func < (a: Marker, b: Marker) -> Bool { a.rawValue < b.rawValue }
    }

    /// Splits cleaned lines into items; lines before the first marker are preamble.
    ///
    /// A line that continues an item is joined to it on a new line, or directly when the item's
    /// last line was cut mid-sentence (text copied from a PDF: "…（责任单位：区数据资" / "源局牵头…").
    /// A 落款 (an issuer, or a date on its own line) or an attachment heading (附件, 附件1：…) ends
    /// the outline: what follows is not part of the last item, and an attachment's own list is
    /// numbered from the top again (1, 2, 3, not 二(二)1, 二(二)2). After a signature (the issuer,
    /// then the date) items start again only with an attachment or a 一、 (the plan below a cover
    /// notice): numbered lines right after it are a web page's related links or the like.
    static func items(_ lines: [(Int, ProseText.Line)]) -> (preamble: [String], items: [Item]) {
        var preamble: [String] = []
        var items: [Item] = []
        var stack: [(marker: Marker, core: String, index: Int)] = []
        var detached = false  // after a 落款 or an attachment heading, until the next item
        var signed = false    // after a signature, until an attachment heading
        var lastLine = ""
        var lastCompact = ""  // lastLine compacted: each line is compacted and searched for a marker once
        for (number, line) in lines {
            let compact = TextNormalizer.compact(line.text)
            let found = marker(in: line.text)
            if !items.isEmpty, !signed, isDateLine(compact), isSignatureIssuer(lastCompact) {
                signed = true
            } else if signed, isAttachmentHeading(compact) || found?.0 == .chinese {
                signed = false  // an attachment, or the plan a cover notice's signature was above
            }
            if signed {
                stack.removeAll()
                (lastLine, lastCompact) = (line.text, compact)
                continue
            }
            if let (marker, core, rest) = found {
                while let last = stack.last, last.marker >= marker { stack.removeLast() }
                items.append(Item(path: (stack.map(\.core) + [core]).joined(), level: marker.rawValue, text: rest, line: number,
                                  flags: line, parents: stack.map(\.index)))
                stack.append((marker, core, items.count - 1))
                detached = false
                (lastLine, lastCompact) = (line.text, compact)
            } else if !items.isEmpty, endsOutline(compact) {
                stack.removeAll()
                detached = true
                (lastLine, lastCompact) = (line.text, compact)
            } else if !items.isEmpty, !detached {
                let cut = isCutMidSentence(lastLine)
                items[items.count - 1].text += (cut ? "" : "\n") + line.text
                if line.garbled { items[items.count - 1].flags.garbled = true }
                if line.repaired { items[items.count - 1].flags.repaired = true }
                (lastLine, lastCompact) = (line.text, compact)
            } else if items.isEmpty {
                preamble.append(line.text)
            }
        }
        return (preamble, items)
    }

    /// An attachment heading (附件, 附件1, 附件：…清单) or a 落款 line (an issuing office alone,
    /// or a date alone): the outline above it is over. `c` is compacted, as for the helpers below.
    static func endsOutline(_ c: String) -> Bool {
        isAttachmentHeading(c) || isDateLine(c) || isSignatureIssuer(c)
    }

    /// 附件, 附件1, 附件：…清单.
    static func isAttachmentHeading(_ c: String) -> Bool {
        guard c.hasPrefix("附件"), c.count <= 40 else { return false }
        let rest = c.dropFirst(2)
        return rest.isEmpty || rest.first == ":" || rest.first!.isNumber
    }

    /// A date alone on its line (2019年4月1日).
    static func isDateLine(_ c: String) -> Bool {
        if let (_, start) = Metadata.trailingDate(c), start == 0 { return true }
        return false
    }

    /// An issuing office alone on its line (…人民政府办公室), as a 落款 writes it.
    static func isSignatureIssuer(_ c: String) -> Bool {
        c.count <= 30 && Metadata.isIssuer(c) && (c.hasSuffix("政府") || c.hasSuffix("办公室") || c.hasSuffix("办公厅") || c.hasSuffix("局"))
    }

    /// A line that stops inside a sentence: long (a full line of a PDF page) and ending with a
    /// character a sentence or a clause does not end with.
    static func isCutMidSentence(_ s: String) -> Bool {
        guard s.count >= 18, let last = s.last else { return false }
        return !"。.;；:：)）】!！?？”\"".contains(last) && !last.isWhitespace
    }

    static let chineseDigits: Set<Character> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "〇"]

    /// The marker at the start of a cleaned (half-width) line: kind, core label, rest of the text.
    static func marker(in s: String) -> (Marker, String, String)? {
        let c = Array(s)
        guard let first = c.first else { return nil }
        // 一、 / 十二、
        if chineseDigits.contains(first) {
            var i = 0
            while i < c.count, chineseDigits.contains(c[i]), i < 3 { i += 1 }
            if i < c.count, c[i] == "、" || c[i] == "." { return (.chinese, String(c[..<i]), String(c[(i + 1)...])) }
            return nil
        }
        // (一) / (1)
        if first == "(" {
            var i = 1
            while i < c.count, chineseDigits.contains(c[i]), i < 4 { i += 1 }
            if i > 1, i < c.count, c[i] == ")" { return (.parenChinese, "(" + String(c[1..<i]) + ")", String(c[(i + 1)...])) }
            i = 1
            while i < c.count, c[i].isASCII, c[i].isNumber, i < 4 { i += 1 }
            if i > 1, i < c.count, c[i] == ")" { return (.parenArabic, "(" + String(c[1..<i]) + ")", String(c[(i + 1)...])) }
            return nil
        }
        // 1. / 1、 (not 1.5, not 2017年); 1) is a level below, as (1) is
        if first.isASCII, first.isNumber {
            var i = 0
            while i < c.count, c[i].isASCII, c[i].isNumber, i < 3 { i += 1 }
            if i < c.count, c[i] == "." || c[i] == "、", !(i + 1 < c.count && c[i + 1].isASCII && c[i + 1].isNumber) {
                return (.arabic, String(c[..<i]), String(c[(i + 1)...]))
            }
            if i < c.count, c[i] == ")", i + 1 < c.count {
                return (.parenArabic, String(c[..<i]) + ")", String(c[(i + 1)...]))
            }
            return nil
        }
        // ① … ⑳
        if let v = first.unicodeScalars.first?.value, (0x2460...0x2473).contains(v) {
            return (.circled, String(first), String(c.dropFirst()))
        }
        return nil
    }
}
