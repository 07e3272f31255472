import Foundation

/// Text clean-up used for matching (the original text is kept for display).
///
/// Every function works on the UTF-8 bytes and returns its input unchanged (no copy) when there
/// is nothing to change: they run on every cell of every import, and building strings scalar by
/// scalar was a tenth of the import time.
public enum TextNormalizer {
    /// Full-width ASCII (！…～) to half-width, ideographic space to space.
    public static func halfWidth(_ s: String) -> String { rewrite(s, halfWidth: true, spaces: .keep) }

    /// Half-width and without any whitespace: the key for matching headers, deadlines, unit names.
    public static func compact(_ s: String) -> String { rewrite(s, halfWidth: true, spaces: .remove) }

    /// The text with its Traditional characters in Simplified (ICU's Hant-Hans), or nil when
    /// nothing changes (ASCII text is not handed to ICU at all).
    public static func simplifiedChinese(_ s: String) -> String? {
        guard s.utf8.contains(where: { $0 >= 0x80 }),
              let t = s.applyingTransform(StringTransform("Hant-Hans"), reverse: false), t != s else { return nil }
        return t
    }

    /// Without any whitespace (full-width characters kept).
    public static func removeSpaces(_ s: String) -> String { rewrite(s, halfWidth: false, spaces: .remove) }

    /// Collapses runs of whitespace to one space and trims.
    public static func collapseSpaces(_ s: String) -> String { rewrite(s, halfWidth: false, spaces: .collapse) }

    /// `collapseSpaces` of UTF-8 bytes (invalid sequences are repaired, as `String(decoding:as:)` does).
    static func collapseSpaces(utf8 bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { collapseSpaces(utf8: $0) }
    }

    /// `collapseSpaces` of UTF-8 bytes in a buffer.
    static func collapseSpaces(utf8 input: UnsafeBufferPointer<UInt8>) -> String {
        let scan = Scan(input: input, halfWidth: false, spaces: .collapse)
        guard let first = scan.firstChange() else { return String(decoding: input, as: UTF8.self) }
        return String(decoding: scan.rewritten(from: first), as: UTF8.self)
    }

    /// Trims whitespace (including ideographic and no-break spaces) at both ends.
    /// Without the spaces a PDF's text has between Chinese and Latin letters or digits where the
    /// font changes ("完成投资 150 亿元" for 完成投资150亿元); spaces between Latin words stay.
    static func withoutSpacesBesideChinese(_ text: String) -> String {
        guard text.utf8.contains(0x20) else { return text }
        let chars = Array(text)
        var out = ""
        for (i, ch) in chars.enumerated() {
            if ch == " ", i > 0, i + 1 < chars.count, isChinese(chars[i - 1]) || isChinese(chars[i + 1]) { continue }
            out.append(ch)
        }
        return out
    }

    /// A Chinese character or full-width sign (from the CJK radicals on).
    static func isChinese(_ ch: Character?) -> Bool {
        ch?.unicodeScalars.first.map { $0.value >= 0x2E80 } ?? false
    }

    public static func trim(_ s: String) -> String {
        var s = s
        let (lo, hi) = s.withUTF8 { input -> (Int, Int) in
            var lo = 0, hi = 0, i = 0
            var seenText = false
            while i < input.count {
                let width = spaceWidth(input, i)
                if width > 0 {
                    i += width
                    if !seenText { lo = i }
                } else {
                    seenText = true
                    i += 1
                    hi = i
                }
            }
            return seenText ? (lo, hi) : (0, 0)
        }
        if lo == 0 && hi == s.utf8.count { return s }
        let utf8 = s.utf8
        return String(s[utf8.index(utf8.startIndex, offsetBy: lo)..<utf8.index(utf8.startIndex, offsetBy: hi)])
    }

    static func isSpace(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x09...0x0D, 0x20, 0xA0, 0x3000, 0x2000...0x200B, 0xFEFF: return true
        default: return false
        }
    }

    // MARK: - The byte scanner

    enum Spaces { case keep, remove, collapse }

    private static func rewrite(_ s: String, halfWidth: Bool, spaces: Spaces) -> String {
        var s = s
        return s.withUTF8 { input in
            let scan = Scan(input: input, halfWidth: halfWidth, spaces: spaces)
            guard let first = scan.firstChange() else { return nil }
            return String(decoding: scan.rewritten(from: first), as: UTF8.self)
        } ?? s
    }

    /// The UTF-8 length of the `isSpace` scalar starting at byte `i`, or 0.
    @inline(__always)
    static func spaceWidth(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let b = p[i]
        if b < 0x80 { return b == 0x20 || (0x09...0x0D).contains(b) ? 1 : 0 }
        switch b {
        case 0xC2: return i + 1 < p.count && p[i + 1] == 0xA0 ? 2 : 0                                  // U+00A0
        case 0xE2: return i + 2 < p.count && p[i + 1] == 0x80 && p[i + 2] <= 0x8B ? 3 : 0              // U+2000…U+200B
        case 0xE3: return i + 2 < p.count && p[i + 1] == 0x80 && p[i + 2] == 0x80 ? 3 : 0              // U+3000
        case 0xEF: return i + 2 < p.count && p[i + 1] == 0xBB && p[i + 2] == 0xBF ? 3 : 0              // U+FEFF
        default: return 0
        }
    }

    /// The ASCII byte of the full-width form (U+FF01…U+FF5E) starting at byte `i`, or nil.
    @inline(__always)
    static func halfWidthByte(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt8? {
        guard p[i] == 0xEF, i + 2 < p.count else { return nil }
        let last = p[i + 2]
        switch p[i + 1] {
        case 0xBC where last >= 0x81: return (last & 0x3F) + 0x20  // U+FF01…U+FF3F → ! … _
        case 0xBD where last <= 0x9E: return (last & 0x3F) + 0x60  // U+FF40…U+FF5E → ` … ~
        default: return nil
        }
    }

    /// One pass over the bytes: finds the first byte to change, then writes the result.
    struct Scan {
        let input: UnsafeBufferPointer<UInt8>
        let halfWidth: Bool
        let spaces: Spaces

        /// The offset of the first byte the rewrite changes, nil when the text stays as it is.
        func firstChange() -> Int? {
            var i = 0
            var previousSpace = true  // a leading space is trimmed by `collapse`
            while i < input.count {
                if i + 8 <= input.count,
                   Self.allPlain(UnsafeRawPointer(input.baseAddress! + i).loadUnaligned(as: UInt64.self)) {
                    // Eight bytes no mode changes, tested at once (most of a Chinese text).
                    i += 8
                    previousSpace = false
                    continue
                }
                if isPlain(input[i]) {
                    // A run of bytes no mode changes (most of a text): skipped in a tight loop.
                    i += 1
                    while i < input.count, isPlain(input[i]) { i += 1 }
                    previousSpace = false
                    continue
                }
                let b = input[i]
                let width = spaceWidth(input, i)
                if width > 0 {
                    switch spaces {
                    case .keep:
                        if halfWidth && width == 3 && input[i] == 0xE3 { return i }
                    case .remove: return i
                    case .collapse:
                        if previousSpace || width > 1 || b != 0x20 { return i }
                        // One plain space inside the text stays, unless it ends the text.
                        if i + 1 == input.count { return i }
                        previousSpace = true
                    }
                    i += width
                    continue
                }
                if halfWidth, halfWidthByte(input, i) != nil { return i }
                previousSpace = false
                i += 1
            }
            return nil
        }

        /// A byte that starts neither a space (ASCII controls and space; U+00A0, U+2000…U+200B,
        /// U+3000, U+FEFF start with C2, E2, E3, EF) nor a full-width form (EF): left as it is.
        @inline(__always)
        func isPlain(_ b: UInt8) -> Bool {
            b > 0x20 && (b < 0xC2 || (b != 0xC2 && b != 0xE2 && b != 0xE3 && b != 0xEF))
        }

        /// True when each of the eight bytes of `w` `isPlain`: none below 0x21 and none equal to
        /// C2, E2, E3 or EF (the bit tricks of "Bit Twiddling Hacks": `hasless` and `haszero`,
        /// exact for the question "is there any such byte").
        @inline(__always)
        static func allPlain(_ w: UInt64) -> Bool {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let high: UInt64 = 0x8080_8080_8080_8080
            func hasZero(_ y: UInt64) -> Bool { (y &- ones) & ~y & high != 0 }
            let control = (w &- ones &* 0x21) & ~w & high != 0
            return !(control || hasZero(w ^ (ones &* 0xC2)) || hasZero(w ^ (ones &* 0xE2))
                     || hasZero(w ^ (ones &* 0xE3)) || hasZero(w ^ (ones &* 0xEF)))
        }

        /// The rewritten bytes: `input[..<first]` unchanged, the rest rewritten.
        func rewritten(from first: Int) -> [UInt8] {
            var out = [UInt8]()
            out.reserveCapacity(input.count)
            out.append(contentsOf: input[..<first])
            var pendingSpace = false
            var i = first
            // In `collapse` mode the prefix ends with one plain space (or is empty) when the change
            // is at a space: take it back and let the run decide.
            if spaces == .collapse, let last = out.last, last == 0x20, spaceWidth(input, first) > 0 {
                out.removeLast()
                pendingSpace = true
            }
            while i < input.count {
                let width = spaceWidth(input, i)
                if width > 0 {
                    switch spaces {
                    case .keep:
                        if halfWidth && width == 3 && input[i] == 0xE3 { out.append(0x20) }
                        else { out.append(contentsOf: input[i..<(i + width)]) }
                    case .remove: break
                    case .collapse: pendingSpace = !out.isEmpty
                    }
                    i += width
                    continue
                }
                if pendingSpace {
                    out.append(0x20)
                    pendingSpace = false
                }
                if halfWidth, let ascii = halfWidthByte(input, i) {
                    out.append(ascii)
                    i += 3
                } else {
                    out.append(input[i])
                    i += 1
                }
            }
            return out
        }
    }
}
