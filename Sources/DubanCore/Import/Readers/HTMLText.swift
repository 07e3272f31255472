import CLibXML2
import Foundation

enum HTMLSanitizer {
    /// Removes NUL bytes, Word's `<![if …]>`/`<![endif]>` markers (bogus comments in HTML5, text
    /// for libxml2) and `<o:p>` tags (libxml2 drops the prefix and makes them paragraphs).
    /// Comments and script/style bodies are copied untouched. One linear pass.
    static func clean(_ input: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        let n = input.count
        var i = 0
        func at(_ k: Int, _ word: String, caseInsensitive: Bool = true) -> Bool {
            var j = k
            for w in word.utf8 {
                guard j < n else { return false }
                let b = caseInsensitive && (0x41...0x5A).contains(input[j]) ? input[j] + 0x20 : input[j]
                guard b == w else { return false }
                j += 1
            }
            return true
        }
        func nameEnds(_ k: Int) -> Bool {
            k >= n || [0x20, 0x09, 0x0A, 0x0D, 0x0C, 0x2F, 0x3E].contains(input[k])
        }
        /// Copies from `i` up to and including `terminator` (or to the end), without NULs.
        func copy(through terminator: String) {
            let first = terminator.utf8.first!
            while i < n {
                if input[i] == first, at(i, terminator) {
                    out.append(contentsOf: input[i..<(i + terminator.utf8.count)])
                    i += terminator.utf8.count
                    return
                }
                if input[i] != 0 { out.append(input[i]) }
                i += 1
            }
        }
        func skipTag() {
            while i < n, input[i] != UInt8(ascii: ">") { i += 1 }
            i += 1
        }
        while i < n {
            let b = input[i]
            if b != UInt8(ascii: "<") {
                if b != 0 { out.append(b) }
                i += 1
                continue
            }
            if at(i + 1, "!--") {
                out.append(contentsOf: "<!--".utf8)
                i += 4
                copy(through: "-->")
            } else if at(i + 1, "![") {
                skipTag()
            } else if (at(i + 1, "o:p") && nameEnds(i + 4)) || (at(i + 1, "/o:p") && nameEnds(i + 5)) {
                skipTag()
            } else if at(i + 1, "script") && nameEnds(i + 7) {
                copy(through: ">")
                copy(through: "</script")
            } else if at(i + 1, "style") && nameEnds(i + 6) {
                copy(through: ">")
                copy(through: "</style")
            } else {
                out.append(b)
                i += 1
            }
        }
        return out
    }
}

/// The libxml2 tree walks: text lines, table rows and span layout. All iterative, so nesting
/// depth costs heap, never stack.

struct LineCollector {
    private(set) var lines: [String] = []
    private var raw = String.UnicodeScalarView()

    mutating func add(_ text: String, preformatted: Bool) {
        guard preformatted else {
            raw.append(contentsOf: text.unicodeScalars)
            return
        }
        var first = true
        for piece in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !first { breakLine() }
            raw.append(contentsOf: piece.unicodeScalars)
            first = false
        }
    }

    mutating func breakLine() {
        guard !raw.isEmpty else { return }
        let line = Self.clean(raw)
        if !line.isEmpty { lines.append(line) }
        raw = String.UnicodeScalarView()
    }

    /// Drops zero-width characters and source line breaks between two CJK characters (Word wraps
    /// its HTML mid-sentence; a browser shows no gap there), then collapses and trims whitespace.
    static func clean(_ raw: String.UnicodeScalarView) -> String {
        let scalars = raw.filter { $0.value != 0x200B && $0.value != 0xFEFF }
        var out = String.UnicodeScalarView()
        var i = scalars.startIndex
        while i < scalars.endIndex {
            let u = scalars[i]
            guard isSourceSpace(u) else {
                out.append(u)
                i = scalars.index(after: i)
                continue
            }
            var j = i
            var hasBreak = false
            while j < scalars.endIndex, isSourceSpace(scalars[j]) {
                if scalars[j] == "\n" || scalars[j] == "\r" { hasBreak = true }
                j = scalars.index(after: j)
            }
            let joinsCJK = hasBreak && out.last.map(isCJK) == true && j < scalars.endIndex && isCJK(scalars[j])
            if !joinsCJK { out.append(contentsOf: scalars[i..<j]) }
            i = j
        }
        return TextNormalizer.trim(TextNormalizer.collapseSpaces(String(out)))
    }

    static func isSourceSpace(_ u: Unicode.Scalar) -> Bool {
        u == " " || u == "\t" || u == "\n" || u == "\r" || u == "\u{0C}"
    }

    /// Wide East Asian characters: CJK ideographs, kana, hangul, CJK and full-width punctuation.
    static func isCJK(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x2E80...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFFEF,
             0x20000...0x3FFFF: return true
        default: return false
        }
    }
}
