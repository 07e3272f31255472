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
    static func items(_ lines: [(Int, ProseText.Line)]) -> (preamble: [String], items: [Item]) {
        var preamble: [String] = []
        var items: [Item] = []
        var stack: [(Marker, String)] = []
        for (number, line) in lines {
            if let (marker, core, rest) = marker(in: line.text) {
                while let last = stack.last, last.0 >= marker { stack.removeLast() }
                stack.append((marker, core))
                items.append(Item(path: stack.map(\.1).joined(), level: marker.rawValue, text: rest, line: number, flags: line))
            } else if !items.isEmpty {
                items[items.count - 1].text += "\n" + line.text
                if line.garbled { items[items.count - 1].flags.garbled = true }
                if line.repaired { items[items.count - 1].flags.repaired = true }
            } else {
                preamble.append(line.text)
            }
        }
        return (preamble, items)
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
        // 1. / 1、 (not 1.5, not 2017年)
        if first.isASCII, first.isNumber {
            var i = 0
            while i < c.count, c[i].isASCII, c[i].isNumber, i < 3 { i += 1 }
            if i < c.count, c[i] == "." || c[i] == "、", !(i + 1 < c.count && c[i + 1].isASCII && c[i + 1].isNumber) {
                return (.arabic, String(c[..<i]), String(c[(i + 1)...]))
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
