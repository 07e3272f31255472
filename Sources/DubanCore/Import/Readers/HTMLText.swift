import Foundation

/// Accumulates inline text and cuts it into clean lines at block boundaries.
struct LineCollector {
    private(set) var lines: [String] = []
    /// UTF-8 bytes of the line being gathered.
    private var raw: [UInt8] = []

    /// Adds the UTF-8 text of a text node.
    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, preformatted: Bool) {
        guard preformatted else {
            raw.append(contentsOf: bytes)
            return
        }
        // Each line feed is a line break; CR LF is one character, not a line feed.
        var start = 0
        for i in bytes.indices where bytes[i] == 0x0A && !(i > 0 && bytes[i - 1] == 0x0D) {
            raw.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
            breakLine()
            start = i + 1
        }
        raw.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
    }

    mutating func breakLine() {
        guard !raw.isEmpty else { return }
        let line = raw.withUnsafeBufferPointer(Self.clean)
        if !line.isEmpty { lines.append(line) }
        raw.removeAll(keepingCapacity: true)
    }

    /// Hands over the lines gathered so far and starts afresh, keeping the line buffer.
    mutating func takeLines() -> [String] {
        breakLine()
        defer { lines = [] }
        return lines
    }

    /// Drops zero-width characters and source line breaks between two CJK characters (Word wraps
    /// its HTML mid-sentence; a browser shows no gap there), then collapses and trims whitespace.
    static func clean(_ input: UnsafeBufferPointer<UInt8>) -> String {
        // Most lines need no change at all: one pass tells.
        if isClean(input) { return String(decoding: input, as: UTF8.self) }
        // Most others have no line break and no zero-width character: then only the spaces
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

    /// True when `clean` leaves the bytes as they are: not empty, no whitespace but single spaces
    /// between other characters (so no line break either), no zero-width character. One pass
    /// for what `needsJoining` and `TextNormalizer.collapseSpaces` would look for in two.
    static func isClean(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = p.baseAddress, !p.isEmpty else { return false }
        let n = p.count
        var i = 0
        var previousSpace = true  // a leading space is trimmed
        while i < n {
            if i + 8 <= n, TextNormalizer.Scan.allPlain(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) {
                // Eight bytes that start no space at all (most of a Chinese text).
                i += 8
                previousSpace = false
                continue
            }
            if base[i] == 0x20 {
                if previousSpace { return false }
                previousSpace = true
            } else if TextNormalizer.spaceWidth(p, i) > 0 {
                return false  // other whitespace, U+200B and U+FEFF included
            } else {
                previousSpace = false
            }
            i += 1
        }
        return !previousSpace
    }

    /// True when the bytes hold a line feed, a carriage return, U+200B or U+FEFF (what `clean`
    /// does more than collapsing spaces). One table lookup per byte: only the four bytes that
    /// can start one of them are looked at further.
    static func needsJoining(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = p.baseAddress else { return false }
        let n = p.count
        return joinStarts.withUnsafeBufferPointer { table in
            var i = 0
            while i < n {
                if table[Int(base[i])] {
                    let b = base[i]
                    if b == 0x0A || b == 0x0D { return true }
                    if b == 0xE2, i + 2 < n, base[i + 1] == 0x80, base[i + 2] == 0x8B { return true }
                    if b == 0xEF, i + 2 < n, base[i + 1] == 0xBB, base[i + 2] == 0xBF { return true }
                }
                i += 1
            }
            return false
        }
    }

    /// The bytes `needsJoining` looks at further: LF, CR and the first bytes of U+200B and U+FEFF.
    private static let joinStarts: [Bool] = (0...255).map { $0 == 0x0A || $0 == 0x0D || $0 == 0xE2 || $0 == 0xEF }

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
