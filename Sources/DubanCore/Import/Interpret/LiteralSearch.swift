import Foundation

/// Substring search on UTF-8 bytes for the interpreter's per-cell tests (header words, unit
/// verbs, deadline words).
///
/// Foundation's `contains(_:)` / `range(of:)` copy both strings to UTF-16 on Linux and were 40 %
/// of an import. UTF-8 is self-synchronising, so a byte match is a match of whole scalars: the
/// same answer as a literal search (no Unicode equivalence, which the Chinese keywords never need).
extension StringProtocol {
    /// True when `word` occurs in the text.
    func contains(literal word: String) -> Bool {
        byteRange(of: word, backwards: false) != nil
    }

    /// The first (or, `backwards`, the last) occurrence of `word`.
    func range(ofLiteral word: String, backwards: Bool = false) -> Range<Index>? {
        guard let bytes = byteRange(of: word, backwards: backwards) else { return nil }
        let start = utf8.index(utf8.startIndex, offsetBy: bytes.lowerBound)
        return start..<utf8.index(start, offsetBy: bytes.count)
    }

    /// Byte offsets of `word` within `utf8`.
    private func byteRange(of word: String, backwards: Bool) -> Range<Int>? {
        var needle = word
        return needle.withUTF8 { n -> Range<Int>? in
            let search = { (h: UnsafeBufferPointer<UInt8>) -> Range<Int>? in
                LiteralSearch.find(n, in: h, backwards: backwards)
            }
            if let found = utf8.withContiguousStorageIfAvailable(search) { return found }
            return Array(utf8).withUnsafeBufferPointer(search)
        }
    }
}

enum LiteralSearch {
    /// Naive search: needles are a few characters, haystacks one cell.
    static func find(_ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>,
                     backwards: Bool) -> Range<Int>? {
        let n = needle.count
        guard n > 0 else { return nil }  // as Foundation: the empty string is never found
        guard haystack.count >= n else { return nil }
        let first = needle[0]
        let starts = 0...(haystack.count - n)
        func matches(at i: Int) -> Bool {
            guard haystack[i] == first else { return false }
            var k = 1
            while k < n, haystack[i + k] == needle[k] { k += 1 }
            return k == n
        }
        if backwards {
            for i in starts.reversed() where matches(at: i) { return i..<(i + n) }
        } else {
            for i in starts where matches(at: i) { return i..<(i + n) }
        }
        return nil
    }
}

/// A dictionary key that hashes and compares a string's UTF-8 bytes.
///
/// `String`'s own hashing normalises every non-ASCII scalar (NFC) first: for the Chinese texts
/// the importer looks up once per row (lead-unit cells, deadlines, category and unit names) that
/// cost more than the work the lookup saves. Byte equality is also what SQLite uses for the
/// names these keys stand for.
struct UTF8Key: Hashable {
    let string: String

    init(_ string: String) { self.string = string }

    func hash(into hasher: inout Hasher) {
        var s = string
        s.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    static func == (a: UTF8Key, b: UTF8Key) -> Bool {
        var x = a.string, y = b.string
        return x.withUTF8 { p in
            y.withUTF8 { q in p.count == q.count && (p.count == 0 || memcmp(p.baseAddress!, q.baseAddress!, p.count) == 0) }
        }
    }
}

extension Array where Element == String {
    /// True when both arrays hold the same strings byte for byte (`==` compares canonical
    /// equivalence, which normalises non-ASCII text first). Immediate when both share storage,
    /// as the lines a merged cell carries over to the rows below it do.
    func sameBytes(as other: [String]) -> Bool {
        guard count == other.count else { return false }
        let shared = withUnsafeBufferPointer { a in other.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress } }
        if shared { return true }
        for (a, b) in zip(self, other) where UTF8Key(a) != UTF8Key(b) { return false }
        return true
    }
}
