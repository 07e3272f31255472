import CLibXML2
import Foundation

/// A tokenizer of our own for the common, well-formed subset of HTML, which builds exactly the
/// `HTMLDocument` that `HTMLDocument.parse` (libxml2's HTML parser, 2.9) builds for the same
/// bytes, at a fraction of the cost.
///
/// It gives up (returns nil, and the caller parses the whole page with libxml2) the moment the
/// page steps outside what it handles with certainty: a start tag libxml2 would auto-close its
/// parent for (`<div>` in `<p>`, `<td>` in `<td>`), an element libxml2 would imply (no `<html>`,
/// `<head>`, `<body>`; text right in `<html>` or `<head>`), an end tag that is not the current
/// element's, a misplaced `<html>`/`<head>`/`<body>`, anything after `</html>` but blanks and
/// comments, an unknown or unterminated entity, an invalid character reference, characters
/// libxml2 drops (control characters, U+FFFE/U+FFFF), processing instructions, bogus comments
/// and markup declarations, odd tag or attribute syntax, nesting deeper than 200 elements, or a
/// text node near libxml2's size limit.
///
/// What libxml2 decides from its own tables is asked from libxml2 itself, once per name or pair
/// of names: whether a start tag closes the current element (`htmlAutoCloseTag`), whether an
/// element is empty (`htmlTagLookup`), what a named entity stands for (`htmlEntityLookup`).
struct HTMLFastParser {
    /// Deepest nesting handled (libxml2's own limit, 256, stops its parse).
    static let maxDepth = 200
    /// Longest text node handled: libxml2 stops at `HTMLDocumentBuilder.maxTextNode`.
    static let maxText = HTMLDocumentBuilder.maxTextNode - 4_096
    /// libxml2 reads script and style bodies in pieces of this many bytes (or a character more),
    /// each a node of its own (`HTML_PARSER_BIG_BUFFER_SIZE`).
    static let rawChunk = 1_000

    /// An element name as first seen, lower-cased, with what libxml2 and the walks make of it.
    private struct Name {
        /// The lower-cased name, NUL-terminated for libxml2.
        var bytes: [UInt8]
        /// Its kind in the document (by local name, as `HTMLDocumentBuilder` gives it).
        var kind: Int32
        /// libxml2 closes it right after its start tag.
        var empty: Bool
        /// script or style: libxml2 reads its body as raw text.
        var raw: Bool
        var role: Role
    }

    private enum Role {
        case html, head, body, other
    }

    private let p: UnsafePointer<UInt8>
    private let n: Int
    private var doc = HTMLDocument()
    private var names: [Name] = []
    /// Name ids by a hash of the lower-cased name (open addressing, -1 for empty slots).
    private var nameSlots = [Int32](repeating: -1, count: 256)
    private var kindsByName: [[UInt8]: Int32] = [:]
    /// `closes(top, new)` answers for the first 64 names: 0 unknown, 1 no, 2 yes.
    private var closeCache = [UInt8](repeating: 0, count: 64 * 64)

    /// Open elements, innermost last: node index and name id.
    private var open: [(node: Int32, name: Int32)] = []
    /// The last node is a text node that text following directly joins.
    private var lastIsText = false
    private var seenRoot = false, seenHead = false, seenBody = false, seenDoctype = false
    /// `</html>` was read: only blanks and comments may follow.
    private var rootClosed = false

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        p = bytes.baseAddress!
        n = bytes.count
    }

    /// The document libxml2 would give for these UTF-8 bytes (no NUL), or nil when the page is
    /// outside the subset handled here.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> HTMLDocument? {
        guard bytes.baseAddress != nil, !bytes.isEmpty, allCharactersKept(bytes) else { return nil }
        var parser = HTMLFastParser(bytes)
        return parser.run() ? parser.doc : nil
    }

    /// No byte that libxml2 drops or reads differently: control characters other than tab, line
    /// feed and carriage return, NUL, U+FFFE and U+FFFF, and a byte order mark at the start.
    static func allCharactersKept(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return false }
        guard let p = bytes.baseAddress else { return true }
        let n = bytes.count
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        return suspect.withUnsafeBufferPointer { table in
            var i = 0
            while i < n {
                // Eight bytes at a time: none below 0x20, none 0xEF ("Bit Twiddling Hacks").
                if i + 8 <= n {
                    let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                    let ef = w ^ (ones &* 0xEF)
                    if (w &- ones &* 0x20) & ~w & high == 0, (ef &- ones) & ~ef & high == 0 {
                        i += 8
                        continue
                    }
                }
                let end = min(i + 8, n)
                while i < end {
                    if table[Int(p[i])] {
                        if p[i] < 0x20 { return false }
                        // 0xEF: U+FFFE and U+FFFF are EF BF BE and EF BF BF.
                        if i + 2 < n, p[i + 1] == 0xBF, p[i + 2] >= 0xBE { return false }
                    }
                    i += 1
                }
            }
            return true
        }
    }

    private static let suspect: [Bool] = (0...255).map {
        ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0xEF
    }

    // MARK: - The document

    /// Reads the whole page; false as soon as it leaves the subset.
    private mutating func run() -> Bool {
        var i = 0
        while i < n {
            if p[i] != UInt8(ascii: "<") {
                guard let next = text(from: i) else { return false }
                i = next
                continue
            }
            guard i + 1 < n else { return false }
            let c = p[i + 1]
            let next: Int?
            if c == UInt8(ascii: "/") {
                next = endTag(at: i)
            } else if Self.isLetter(c) {
                next = startTag(at: i)
            } else if c == UInt8(ascii: "!") {
                next = markup(at: i)
            } else {
                return false
            }
            guard let next else { return false }
            i = next
        }
        // libxml2 closes what is still open at the end.
        guard seenRoot else { return false }
        let count = Int32(doc.nodes.count)
        for (node, _) in open { doc.nodes[Int(node)].end = count }
        return true
    }

    /// Text from `start` up to the next `<` (or the end), entities decoded.
    /// - Returns: where it ends, or nil to give up.
    private mutating func text(from start: Int) -> Int? {
        let textStart = doc.text.count
        var i = start
        var plain = true  // no reference in the run
        while i < n {
            let b = p[i]
            if b == UInt8(ascii: "<") { break }
            if b == UInt8(ascii: "&") {
                guard let next = reference(at: i) else { return nil }
                plain = false
                i = next
                continue
            }
            // A stretch without markup is copied in one piece.
            let tag = Self.find(UInt8(ascii: "<"), in: p, from: i, to: n)
            let j = Self.find(UInt8(ascii: "&"), in: p, from: i, to: tag)
            doc.text.append(contentsOf: UnsafeBufferPointer(start: p + i, count: j - i))
            i = j
        }
        let length = doc.text.count - textStart
        guard length > 0 else { return i }
        let top = open.last.map { names[Int($0.name)].role }
        if top == nil || top == .html || top == .head {
            // Outside the body libxml2 keeps only blanks before a tag (or the end) as text;
            // anything else implies a paragraph. Blanks longer than its buffer are read in parts.
            guard plain, length < Self.rawChunk,
                  doc.text[textStart...].allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D })
            else { return nil }
            if top == nil {  // before or after the root: not in the page
                doc.text.removeSubrange(textStart...)
                return i
            }
        }
        if lastIsText {
            let last = doc.nodes.count - 1
            let total = Int(doc.nodes[last].second) + length
            guard total <= Self.maxText else { return nil }
            doc.nodes[last].second = Int32(total)
        } else {
            guard length <= Self.maxText else { return nil }
            doc.nodes.append(HTMLDocument.Node(kind: HTMLDocument.textKind, end: Int32(doc.nodes.count + 1),
                                               first: Int32(textStart), second: Int32(length)))
            lastIsText = true
        }
        return i
    }

    /// A character or entity reference at `i` (`&`), its text appended to `doc.text`.
    /// - Returns: where it ends, or nil to give up.
    private mutating func reference(at i: Int) -> Int? {
        var j = i + 1
        guard j < n else { return nil }
        if p[j] == UInt8(ascii: "#") {
            j += 1
            var hex = false
            if j < n, p[j] | 0x20 == UInt8(ascii: "x") {
                hex = true
                j += 1
            }
            var value: UInt32 = 0
            var digits = 0
            while j < n, digits < 8 {
                let b = p[j]
                let digit: UInt32
                if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") {
                    digit = UInt32(b - UInt8(ascii: "0"))
                } else if hex, b | 0x20 >= UInt8(ascii: "a"), b | 0x20 <= UInt8(ascii: "f") {
                    digit = UInt32(b | 0x20 - UInt8(ascii: "a") + 10)
                } else {
                    break
                }
                value = value * (hex ? 16 : 10) + digit
                digits += 1
                j += 1
            }
            guard digits > 0, digits <= 7, j < n, p[j] == UInt8(ascii: ";"), Self.isXMLChar(value) else { return nil }
            appendUTF8(value)
            return j + 1
        }
        let nameStart = j
        guard Self.isLetter(p[j]) else { return nil }
        while j < n, Self.isLetter(p[j]) || Self.isDigit(p[j]) { j += 1 }
        guard j < n, p[j] == UInt8(ascii: ";"), j - nameStart < 32 else { return nil }
        guard let value = Self.entity(UnsafeBufferPointer(start: p + nameStart, count: j - nameStart)) else { return nil }
        appendUTF8(value)
        return j + 1
    }

    /// The character a named entity stands for in libxml2's HTML table, nil when unknown.
    private static func entity(_ name: UnsafeBufferPointer<UInt8>) -> UInt32? {
        // The common ones without a call.
        switch name.count {
        case 2 where name[1] == UInt8(ascii: "t"):
            if name[0] == UInt8(ascii: "l") { return 0x3C }
            if name[0] == UInt8(ascii: "g") { return 0x3E }
        case 3 where name.elementsEqual("amp".utf8): return 0x26
        case 4 where name.elementsEqual("nbsp".utf8): return 0xA0
        case 4 where name.elementsEqual("quot".utf8): return 0x22
        default: break
        }
        var cName = [UInt8](name)
        cName.append(0)
        guard let entry = htmlEntityLookup(cName), entry.pointee.value > 0 else { return nil }
        return entry.pointee.value
    }

    private mutating func appendUTF8(_ c: UInt32) {
        switch c {
        case ..<0x80:
            doc.text.append(UInt8(c))
        case ..<0x800:
            doc.text.append(UInt8(0xC0 | c >> 6))
            doc.text.append(UInt8(0x80 | c & 0x3F))
        case ..<0x10000:
            doc.text.append(UInt8(0xE0 | c >> 12))
            doc.text.append(UInt8(0x80 | c >> 6 & 0x3F))
            doc.text.append(UInt8(0x80 | c & 0x3F))
        default:
            doc.text.append(UInt8(0xF0 | c >> 18))
            doc.text.append(UInt8(0x80 | c >> 12 & 0x3F))
            doc.text.append(UInt8(0x80 | c >> 6 & 0x3F))
            doc.text.append(UInt8(0x80 | c & 0x3F))
        }
    }

    // MARK: - Tags

    /// A start tag at `i` (`<` and a letter).
    /// - Returns: where it (and a script or style body) ends, or nil to give up.
    private mutating func startTag(at i: Int) -> Int? {
        guard !rootClosed, let (nameID, afterName) = name(at: i + 1) else { return nil }
        let name = names[Int(nameID)]
        // Where libxml2 would discard the tag, imply an element or close the current one.
        switch open.count {
        case 0:
            guard name.role == .html, !seenRoot else { return nil }
            seenRoot = true
        case 1:
            if name.role == .head, !seenHead, !seenBody {
                seenHead = true
            } else if name.role == .body, !seenBody {
                seenBody = true
            } else {
                return nil
            }
        default:
            guard name.role == .other, open.count < Self.maxDepth,
                  !closes(top: open[open.count - 1].name, new: nameID) else { return nil }
        }
        let cell = doc.kinds[Int(name.kind)].cell, row = doc.kinds[Int(name.kind)].tr
        var node = HTMLDocument.Node(kind: name.kind, end: 0, first: -1, second: -1)
        var struck = false
        guard let (end, selfClosing) = attributes(from: afterName, cell: cell, row: row, node: &node, struck: &struck) else { return nil }
        if struck {
            let local = name.bytes.dropLast().withUnsafeBufferPointer { Array(HTMLDocumentBuilder.localName($0)) }
            node.kind = doc.kind(local: local, struck: true, known: &kindsByName)
        }
        let index = Int32(doc.nodes.count)
        lastIsText = false
        if selfClosing || name.empty {
            guard name.role == .other else { return nil }
            node.end = index + 1
            doc.nodes.append(node)
            return end
        }
        doc.nodes.append(node)
        open.append((index, nameID))
        return name.raw ? rawText(from: end, name: name.bytes) : end
    }

    /// The attributes of a start tag from `start` to its `>` or `/>`; a cell's colspan and
    /// rowspan go into `node` (the first of each name, as libxml2 drops repeated attributes), and
    /// `struck` says whether its (first) style strikes its text through.
    /// - Returns: where the tag ends and whether it ended with `/>`, or nil to give up.
    private func attributes(from start: Int, cell: Bool, row: Bool = false, node: inout HTMLDocument.Node,
                            struck: inout Bool) -> (Int, Bool)? {
        var i = start
        var hasColspan = false, hasRowspan = false, hasStyle = false
        while true {
            while i < n, Self.isBlank(p[i]) { i += 1 }
            guard i < n else { return nil }
            if p[i] == UInt8(ascii: ">") { return (i + 1, false) }
            if p[i] == UInt8(ascii: "/") {
                guard i + 1 < n, p[i + 1] == UInt8(ascii: ">") else { return nil }
                return (i + 2, true)
            }
            // A name: libxml2 reads letters, digits and `:-_.` (at most 100 of them).
            guard Self.isLetter(p[i]) else { return nil }
            let nameStart = i
            while i < n, Self.isNameByte(p[i]) { i += 1 }
            guard i - nameStart < 100 else { return nil }
            let attribute = UnsafeBufferPointer(start: p + nameStart, count: i - nameStart)
            while i < n, Self.isBlank(p[i]) { i += 1 }
            guard i < n else { return nil }
            var value: UnsafeBufferPointer<UInt8>?
            if p[i] == UInt8(ascii: "=") {
                i += 1
                while i < n, Self.isBlank(p[i]) { i += 1 }
                guard i < n else { return nil }
                let quote = p[i]
                if quote == 0x22 || quote == 0x27 {
                    guard let close = memchr(p + i + 1, Int32(quote), n - i - 1) else { return nil }
                    let end = UnsafeRawPointer(close).assumingMemoryBound(to: UInt8.self) - p
                    value = UnsafeBufferPointer(start: p + i + 1, count: end - i - 1)
                    i = end + 1
                } else {
                    let valueStart = i
                    while i < n, !Self.isBlank(p[i]), p[i] != UInt8(ascii: ">") {
                        // libxml2 decodes references in values; none are handled here.
                        guard p[i] != UInt8(ascii: "&") else { return nil }
                        i += 1
                    }
                    guard i > valueStart else { return nil }
                    value = UnsafeBufferPointer(start: p + valueStart, count: i - valueStart)
                }
            }
            if !hasStyle, Self.equalsIgnoringCase(attribute, "style") {
                hasStyle = true
                if let value {
                    // libxml2 decodes references in values: a row's style with one is left to it;
                    // elsewhere only a character reference (&#…;) could spell line-through.
                    if let amp = value.firstIndex(of: UInt8(ascii: "&")), row || Self.hasCharacterReference(value[amp...]) {
                        return nil
                    }
                    struck = HTMLTree.strikesText(style: value)
                }
                if row, HTMLTree.hidesRow(name: attribute, value: value) { node.first = HTMLDocument.hiddenRow }
                continue
            }
            if row {
                // A repeated style is dropped by libxml2, so only `hidden` is left to look for.
                if Self.equalsIgnoringCase(attribute, "hidden") { node.first = HTMLDocument.hiddenRow }
                continue
            }
            guard cell else { continue }
            let isColspan = Self.equalsIgnoringCase(attribute, "colspan")
            let isRowspan = !isColspan && Self.equalsIgnoringCase(attribute, "rowspan")
            if (isColspan && !hasColspan) || (isRowspan && !hasRowspan) {
                var span: Int32 = -1
                if let value {
                    guard !value.contains(UInt8(ascii: "&")) else { return nil }
                    span = Self.span(value)
                }
                if isColspan {
                    hasColspan = true
                    node.first = span
                } else {
                    hasRowspan = true
                    node.second = span
                }
            }
        }
    }

    /// "&#" somewhere in `bytes`.
    private static func hasCharacterReference(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        var afterAmpersand = false
        for b in bytes {
            if afterAmpersand, b == UInt8(ascii: "#") { return true }
            afterAmpersand = b == UInt8(ascii: "&")
        }
        return false
    }

    /// A span value as `HTMLDocumentBuilder.span` reads it.
    private static func span(_ value: UnsafeBufferPointer<UInt8>) -> Int32 {
        var bytes = [UInt8](value)
        bytes.append(0)
        return bytes.withUnsafeBufferPointer { HTMLDocumentBuilder.span($0.baseAddress!) }
    }

    /// The body of a script or style element from `start`: raw text up to `</` and its name,
    /// in libxml2's pieces, each a node of its own.
    private mutating func rawText(from start: Int, name: [UInt8]) -> Int? {
        let tag = name.dropLast()  // without the NUL
        var i = start
        // libxml2 looks for an end tag (and a start tag that closes the element) before it reads
        // the body as raw text; a body that starts with any other markup is left to it.
        guard i < n else { return nil }
        if p[i] == UInt8(ascii: "<") { return i + 1 < n && p[i + 1] == UInt8(ascii: "/") ? i : nil }
        var chunk = i
        while true {
            guard i < n else { return nil }  // unterminated: libxml2 closes it at the end
            let b = p[i]
            if b == UInt8(ascii: "<"), i + 1 < n, p[i + 1] == UInt8(ascii: "/"),
               Self.equalsIgnoringCase(UnsafeBufferPointer(start: p + i + 2, count: min(tag.count, n - i - 2)), tag) {
                break
            }
            i += Self.utf8Length(b)
            if i - chunk >= Self.rawChunk {
                appendRaw(chunk, i)
                chunk = i
            }
        }
        if i > chunk { appendRaw(chunk, i) }
        return i
    }

    private mutating func appendRaw(_ from: Int, _ to: Int) {
        doc.nodes.append(HTMLDocument.Node(kind: HTMLDocument.textKind, end: Int32(doc.nodes.count + 1),
                                           first: Int32(doc.text.count), second: Int32(to - from)))
        doc.text.append(contentsOf: UnsafeBufferPointer(start: p + from, count: to - from))
        lastIsText = false
    }

    /// An end tag at `i` (`</`): it must close the current element.
    private mutating func endTag(at i: Int) -> Int? {
        guard i + 2 < n, Self.isLetter(p[i + 2]), let (nameID, afterName) = name(at: i + 2),
              let top = open.last, top.name == nameID else { return nil }
        var j = afterName
        while j < n, Self.isBlank(p[j]) { j += 1 }
        guard j < n, p[j] == UInt8(ascii: ">") else { return nil }
        open.removeLast()
        doc.nodes[Int(top.node)].end = Int32(doc.nodes.count)
        lastIsText = false
        if open.isEmpty { rootClosed = true }
        return j + 1
    }

    /// `<!`: a comment, or the DOCTYPE before the root.
    private mutating func markup(at i: Int) -> Int? {
        if i + 3 < n, p[i + 2] == UInt8(ascii: "-"), p[i + 3] == UInt8(ascii: "-") {
            // A plain comment only: nothing libxml2 might read otherwise (`<!-->`, `--` inside,
            // `--->`).
            let start = i + 4
            var j = start
            while true {
                guard let dash = memchr(p + j, Int32(UInt8(ascii: "-")), n - j) else { return nil }
                j = UnsafeRawPointer(dash).assumingMemoryBound(to: UInt8.self) - p
                guard j + 1 < n else { return nil }
                if p[j + 1] == UInt8(ascii: "-") { break }
                j += 1
            }
            guard j + 2 < n, p[j + 2] == UInt8(ascii: ">"), j > start,
                  p[start] != UInt8(ascii: ">"), p[j - 1] != UInt8(ascii: "-") else { return nil }
            if !open.isEmpty { lastIsText = false }
            return j + 3
        }
        guard !seenRoot, !seenDoctype, i + 9 <= n,
              Self.equalsIgnoringCase(UnsafeBufferPointer(start: p + i + 2, count: 7), "doctype") else { return nil }
        // Up to the first `>`, with no `>` inside quotes (libxml2 reads quoted identifiers whole).
        var j = i + 9
        while j < n, p[j] != UInt8(ascii: ">") {
            if p[j] == 0x22 || p[j] == 0x27 {
                let quote = p[j]
                j += 1
                while j < n, p[j] != quote {
                    guard p[j] != UInt8(ascii: ">") else { return nil }
                    j += 1
                }
                guard j < n else { return nil }
            }
            j += 1
        }
        guard j < n else { return nil }
        seenDoctype = true
        return j + 1
    }

    // MARK: - Names

    /// The element name at `start` (a letter): its id and where it ends. A name with a `.` is
    /// declined: libxml2 builds the element with the whole name but decides whether it closes
    /// the open elements (`htmlParseHTMLName_nonInvasive`) on the part before the dot, so `<i.>`
    /// in `<head>` closes it like `<i>` would (found by `make fuzz FUZZ_READERS=html-diff`).
    private mutating func name(at start: Int) -> (Int32, Int)? {
        var i = start
        var hash: UInt32 = 2_166_136_261
        while i < n, Self.isNameByte(p[i]) {
            if p[i] == UInt8(ascii: ".") { return nil }
            hash = (hash ^ UInt32(Self.lower(p[i]))) &* 16_777_619
            i += 1
        }
        let count = i - start
        guard count < 100, i < n else { return nil }
        let raw = UnsafeBufferPointer(start: p + start, count: count)
        var slot = Int(hash) & (nameSlots.count - 1)
        while true {
            let id = nameSlots[slot]
            if id < 0 { break }
            let known = names[Int(id)].bytes
            if known.count == count + 1, Self.equalsIgnoringCase(raw, known) { return (id, i) }
            slot = (slot + 1) & (nameSlots.count - 1)
        }
        guard names.count < nameSlots.count / 2 else { return nil }  // a page of made-up names
        let id = Int32(names.count)
        names.append(newName(raw))
        nameSlots[slot] = id
        return (id, i)
    }

    private mutating func newName(_ raw: UnsafeBufferPointer<UInt8>) -> Name {
        var bytes = raw.map(Self.lower)
        let local = bytes.withUnsafeBufferPointer { Array(HTMLDocumentBuilder.localName($0)) }
        let kind = doc.kind(local: local, known: &kindsByName)
        let role: Role
        switch bytes {
        case Array("html".utf8): role = .html
        case Array("head".utf8): role = .head
        case Array("body".utf8): role = .body
        default: role = .other
        }
        let raw = bytes == Array("script".utf8) || bytes == Array("style".utf8)
        bytes.append(0)
        let empty = htmlTagLookup(bytes).map { $0.pointee.empty != 0 } ?? false
        return Name(bytes: bytes, kind: kind, empty: empty, raw: raw, role: role)
    }

    /// Elements that libxml2 lets nest directly in themselves (`htmlAutoCloseTag` cannot tell).
    private static let nestable: Set<[UInt8]> = Set(["div", "span", "table", "font", "b", "i", "u", "em", "strong",
                                                     "ul", "ol", "blockquote", "center", "sub", "sup"]
        .map { Array($0.utf8) + [0] })

    /// Whether libxml2 closes the element `top` when the start tag `new` comes.
    private mutating func closes(top: Int32, new: Int32) -> Bool {
        let cached = top < 64 && new < 64
        let key = Int(top) * 64 + Int(new)
        if cached, closeCache[key] != 0 { return closeCache[key] == 2 }
        let result: Bool
        if top == new {
            result = !Self.nestable.contains(names[Int(top)].bytes)
        } else {
            result = names[Int(new)].bytes.withUnsafeBufferPointer { newName in
                names[Int(top)].bytes.withUnsafeBufferPointer { topName in
                    var node = xmlNode()
                    node.type = XML_ELEMENT_NODE
                    node.name = newName.baseAddress
                    return htmlAutoCloseTag(nil, topName.baseAddress, &node) != 0
                }
            }
        }
        if cached { closeCache[key] = result ? 2 : 1 }
        return result
    }

    // MARK: - Bytes

    /// The index of the first `byte` in `p[from..<to]`, or `to`.
    @inline(__always) private static func find(_ byte: UInt8, in p: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
        guard from < to, let hit = memchr(p + from, Int32(byte), to - from) else { return to }
        return UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - p
    }

    @inline(__always) private static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    @inline(__always) private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    /// libxml2's `IS_BLANK_CH` (no form feed).
    @inline(__always) private static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
    /// Letters, digits and `:-_.`, what libxml2's `htmlParseHTMLName` reads after the first.
    @inline(__always) private static func isNameByte(_ b: UInt8) -> Bool {
        isLetter(b) || isDigit(b) || b == 0x3A || b == 0x2D || b == 0x5F || b == 0x2E
    }
    @inline(__always) private static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b + 0x20 : b }

    private static func utf8Length(_ b: UInt8) -> Int { b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4 }

    /// libxml2's `IS_CHAR`: what a character reference may stand for.
    private static func isXMLChar(_ c: UInt32) -> Bool {
        c == 0x09 || c == 0x0A || c == 0x0D || (0x20...0xD7FF).contains(c) || (0xE000...0xFFFD).contains(c)
            || (0x10000...0x10FFFF).contains(c)
    }

    /// `bytes` equal the lower-case ASCII `word` ignoring case (`word` may end with a NUL, not compared).
    private static func equalsIgnoringCase<C: Collection<UInt8>>(_ bytes: UnsafeBufferPointer<UInt8>, _ word: C) -> Bool {
        var k = 0
        for w in word where w != 0 {
            guard k < bytes.count, lower(bytes[k]) == w else { return false }
            k += 1
        }
        return k == bytes.count
    }

    static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        equalsIgnoringCase(bytes, UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
    }
}
