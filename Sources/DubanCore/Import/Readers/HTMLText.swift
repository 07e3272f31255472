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
            // Text up to the next tag or NUL is copied in one piece.
            var end = i
            while end < n, input[end] != UInt8(ascii: "<"), input[end] != 0 { end += 1 }
            if end > i {
                out.append(contentsOf: input[i..<end])
                i = end
                continue
            }
            let b = input[i]
            if b != UInt8(ascii: "<") {  // a NUL
                i += 1
                continue
            }
            // Only `<!`, `<o`, `</o` and `<s` can start what is handled here: other tags (nearly
            // all of them) are copied without comparing words.
            let next = i + 1 < n ? input[i + 1] | 0x20 : 0
            if next == UInt8(ascii: "!") && at(i + 1, "!--") {
                out.append(contentsOf: "<!--".utf8)
                i += 4
                copy(through: "-->")
            } else if next == UInt8(ascii: "!") && at(i + 1, "![") {
                skipTag()
            } else if (next == UInt8(ascii: "o") && at(i + 1, "o:p") && nameEnds(i + 4))
                        || (next == UInt8(ascii: "/") && at(i + 1, "/o:p") && nameEnds(i + 5)) {
                skipTag()
            } else if next == UInt8(ascii: "s") && at(i + 1, "script") && nameEnds(i + 7) {
                copy(through: ">")
                copy(through: "</script")
            } else if next == UInt8(ascii: "s") && at(i + 1, "style") && nameEnds(i + 6) {
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
    /// UTF-8 bytes of the line being gathered.
    private var raw: [UInt8] = []

    /// Adds the text of a text node (a NUL-terminated UTF-8 string from libxml2).
    mutating func add(cString text: UnsafePointer<xmlChar>, preformatted: Bool) {
        let bytes = UnsafeBufferPointer(start: text, count: strlen(UnsafeRawPointer(text).assumingMemoryBound(to: CChar.self)))
        guard preformatted else {
            raw.append(contentsOf: bytes)
            return
        }
        // Each line feed is a line break; CR LF is one character, not a line feed.
        var start = 0
        for i in bytes.indices where bytes[i] == 0x0A && !(i > 0 && bytes[i - 1] == 0x0D) {
            raw.append(contentsOf: bytes[start..<i])
            breakLine()
            start = i + 1
        }
        raw.append(contentsOf: bytes[start...])
    }

    mutating func breakLine() {
        guard !raw.isEmpty else { return }
        let line = Self.clean(raw)
        if !line.isEmpty { lines.append(line) }
        raw.removeAll(keepingCapacity: true)
    }

    /// Drops zero-width characters and source line breaks between two CJK characters (Word wraps
    /// its HTML mid-sentence; a browser shows no gap there), then collapses and trims whitespace.
    static func clean(_ raw: [UInt8]) -> String {
        raw.withUnsafeBufferPointer { input in
            // Most lines have no line break and no zero-width character: then only the spaces
            // change, and the scalar-by-scalar rewrite below would copy the line for nothing.
            if !needsJoining(input) { return TextNormalizer.collapseSpaces(utf8: input) }
            var out: [UInt8] = []
            out.reserveCapacity(input.count)
            var lastIsCJK = false  // the last character written to `out`
            var i = 0
            while i < input.count {
                let (scalar, width) = UTF8Scalar.decode(input, at: i)
                if scalar == 0x200B || scalar == 0xFEFF {
                    i += width
                    continue
                }
                guard isSourceSpace(scalar) else {
                    out.append(contentsOf: input[i..<(i + width)])
                    lastIsCJK = isCJK(scalar)
                    i += width
                    continue
                }
                // A run of source spaces (zero-width characters inside it are dropped as well).
                var j = i
                var hasBreak = false
                var run: [UInt8] = []
                var next: UInt32?
                while j < input.count {
                    let (u, w) = UTF8Scalar.decode(input, at: j)
                    if u == 0x200B || u == 0xFEFF { j += w; continue }
                    guard isSourceSpace(u) else { next = u; break }
                    if u == 0x0A || u == 0x0D { hasBreak = true }
                    run.append(UInt8(u))
                    j += w
                }
                let joinsCJK = hasBreak && lastIsCJK && next.map(isCJK) == true
                if !joinsCJK {
                    out.append(contentsOf: run)
                    lastIsCJK = false
                }
                i = j
            }
            return TextNormalizer.collapseSpaces(utf8: out)
        }
    }

    /// True when the bytes hold a line feed, a carriage return, U+200B or U+FEFF (what `clean`
    /// does more than collapsing spaces).
    static func needsJoining(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = p.count
        var i = 0
        while i < n {
            let b = p[i]
            if b == 0x0A || b == 0x0D { return true }
            if b == 0xE2, i + 2 < n, p[i + 1] == 0x80, p[i + 2] == 0x8B { return true }
            if b == 0xEF, i + 2 < n, p[i + 1] == 0xBB, p[i + 2] == 0xBF { return true }
            i += 1
        }
        return false
    }

    static func isSourceSpace(_ u: UInt32) -> Bool {
        u == 0x20 || u == 0x09 || u == 0x0A || u == 0x0D || u == 0x0C
    }

    /// Wide East Asian characters: CJK ideographs, kana, hangul, CJK and full-width punctuation.
    static func isCJK(_ u: UInt32) -> Bool {
        switch u {
        case 0x2E80...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFFEF,
             0x20000...0x3FFFF: return true
        default: return false
        }
    }
}

/// Decoding of one scalar from valid UTF-8.
enum UTF8Scalar {
    /// The scalar value starting at byte `i` and its length in bytes.
    @inline(__always)
    static func decode(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int) {
        let b = UInt32(p[i])
        if b < 0x80 { return (b, 1) }
        if b < 0xE0, i + 1 < p.count { return ((b & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F), 2) }
        if b < 0xF0, i + 2 < p.count {
            return ((b & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F), 3)
        }
        if i + 3 < p.count {
            return ((b & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6
                        | UInt32(p[i + 3] & 0x3F), 4)
        }
        return (0xFFFD, 1)  // truncated: never in valid UTF-8
    }
}
