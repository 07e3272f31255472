/// A byte-level XML scanner for the parts of an OOXML package, fed in chunks.
///
/// It reads exactly what Office writes: UTF-8 elements, attributes, text, CDATA, comments and
/// processing instructions, with the five predefined entities and numeric character references
/// decoded. It never reads a DTD: a document that declares one is refused (OOXML never has one;
/// billion laughs and XXE need one), so no entity is ever expanded beyond the predefined five.
/// Tokens split across chunks are kept until the next chunk completes them; text is handed over
/// as it arrives, in pieces (as a SAX parser does). Well-formedness is checked as the tokens go by
/// (matching end tags, one root element, quoted attributes, known references, XML characters);
/// namespaces are not resolved: handlers see local names, prefixes are dropped.
///
/// The state is only touched from the scanner's own methods, one call at a time, never while
/// another access to it is open: `@exclusivity(unchecked)` spares the runtime check of every
/// access (it cost more than the scanning itself, a few million tags per large document).
final class XMLScanner<Handler: XMLStreamHandler> {
    /// Deepest element nesting accepted (libxml2's default limit too).
    static var maxDepth: Int { 256 }

    private let handler: Handler
    /// Bytes of an incomplete token at the end of the last chunk, waiting for the next one.
    @exclusivity(unchecked) private var pending: [UInt8] = []
    /// Absolute offset of the first byte of the buffer being scanned (for error messages).
    @exclusivity(unchecked) private var offset = 0
    /// Qualified names of the open elements, back to back (`openNamesCount` bytes of
    /// `openNamesCapacity`), and where each ends in `openNames`.
    @exclusivity(unchecked) private var openNames: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var openNamesCapacity = 1024
    @exclusivity(unchecked) private var openNamesCount = 0
    /// `depth` entries of `maxDepth`.
    private let openEnds: UnsafeMutablePointer<Int>
    @exclusivity(unchecked) private var depth = 0
    @exclusivity(unchecked) private var rootSeen = false
    @exclusivity(unchecked) private var started = false
    /// Bytes of text since the last tag, against `XMLStream.maxTextRun`.
    @exclusivity(unchecked) private var textRun = 0
    /// Decoded text or attribute values (reused).
    @exclusivity(unchecked) private var scratch: [UInt8] = []

    init(handler: Handler) {
        self.handler = handler
        openEnds = .allocate(capacity: Self.maxDepth)
        openNames = .allocate(capacity: openNamesCapacity)
    }

    deinit {
        openNames.deallocate()
        openEnds.deallocate()
    }

    /// The byte tables, read once (a global's lazy initializer is checked on every access).
    private let textKinds = XMLBytes.textKinds
    private let nameKinds = XMLBytes.nameKinds
    private let tagClasses = XMLBytes.tagClasses
    private let tagSteps = XMLBytes.tagSteps

    /// Scans a chunk; an incomplete token at its end is kept for the next chunk.
    /// - Throws: `XMLScanFailure`.
    func feed(_ chunk: UnsafeRawBufferPointer) throws {
        guard chunk.count > 0 else { return }
        if pending.isEmpty {
            let bytes = UnsafeBufferPointer(start: chunk.baseAddress?.assumingMemoryBound(to: UInt8.self), count: chunk.count)
            let used = try scan(bytes, final: false)
            if used < bytes.count { pending.append(contentsOf: bytes[used...]) }
        } else {
            var buffer: [UInt8] = []
            swap(&buffer, &pending)
            buffer.append(contentsOf: chunk)
            let used = try buffer.withUnsafeBufferPointer { bytes in try scan(bytes, final: false) }
            buffer.removeSubrange(..<used)
            swap(&buffer, &pending)
        }
        // A token (tag, comment, CDATA) that never ends would otherwise be gathered whole.
        if pending.count > XMLStream.maxTextRun { throw XMLScanFailure.refused(XMLStream.textRunRefusal) }
        if let refusal = handler.refusal { throw XMLScanFailure.refused(refusal) }
    }

    /// Ends the document.
    /// - Throws: `XMLScanFailure` when it is incomplete or malformed.
    func finish() throws {
        var buffer: [UInt8] = []
        swap(&buffer, &pending)
        let used = try buffer.withUnsafeBufferPointer { bytes in try scan(bytes, final: true) }
        if let refusal = handler.refusal { throw XMLScanFailure.refused(refusal) }
        if used < buffer.count { throw XMLScanFailure.malformed("文件在标记中间结束", at: offset + used) }
        if !rootSeen { throw XMLScanFailure.malformed("没有根元素", at: offset + used) }
        if depth > 0 { throw XMLScanFailure.malformed("文件结束时还有 \(depth) 个元素未闭合", at: offset + used) }
    }

    // MARK: - Scanning

    /// Scans complete tokens from the start of `bytes`; returns how many bytes were used.
    private func scan(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool) throws -> Int {
        guard let p = bytes.baseAddress else { return 0 }
        let n = bytes.count
        var i = 0
        defer { offset += i }
        if !started {
            // A byte order mark: UTF-8's is skipped, UTF-16's (or a UTF-16 '<') is refused.
            if n < 4 && !final { return 0 }
            started = true
            if n >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { i = 3 }
            else if n >= 2, p[0] == 0xFE || p[0] == 0xFF || p[0] == 0 || p[1] == 0 {
                throw XMLScanFailure.refused(XMLStream.encodingRefusal("UTF-16"))
            }
        }
        let textKinds = self.textKinds
        while i < n {
            if p[i] != UInt8(ascii: "<") {
                // Text up to the next '<'.
                var j = i
                var special = false
                while j < n {
                    let kind = textKinds[Int(p[j])]
                    if kind != 0 {
                        if kind == 1 { break }
                        special = true
                    }
                    j += 1
                }
                var end = j
                if j == n && !final && special {
                    // A reference or a CR LF may continue in the next chunk: keep it back.
                    if p[end - 1] == 0x0D { end -= 1 }
                    var k = end
                    while k > i && end - k < XMLBytes.longestReference {
                        k -= 1
                        if p[k] == UInt8(ascii: ";") { break }
                        if p[k] == UInt8(ascii: "&") { end = k; break }
                    }
                }
                if end > i { try text(p + i, end - i, special: special, at: i) }
                i = end
                if end < j { return i }
                continue
            }
            // A markup token; nil: incomplete, wait for more bytes.
            guard let next = try markup(p, i, n, final: final) else { return i }
            i = next
        }
        return i
    }

    /// Handles the text `p[0..<count]`, decoding references when `special`.
    private func text(_ p: UnsafePointer<UInt8>, _ count: Int, special: Bool, at: Int) throws {
        if depth == 0 {
            // Outside the root element only white space may stand.
            for k in 0..<count where !XMLBytes.isSpace(p[k]) {
                throw XMLScanFailure.malformed(rootSeen ? "根元素之后还有内容" : "根元素之前有文字", at: offset + at + k)
            }
            return
        }
        textRun += count
        if textRun > XMLStream.maxTextRun { throw XMLScanFailure.refused(XMLStream.textRunRefusal) }
        if !special {
            handler.text(UnsafeBufferPointer(start: p, count: count))
            return
        }
        scratch.removeAll(keepingCapacity: true)
        if let bad = XMLBytes.decode(UnsafeBufferPointer(start: p, count: count), into: &scratch, attribute: false) {
            throw XMLScanFailure.malformed(bad, at: offset + at)
        }
        scratch.withUnsafeBufferPointer { handler.text($0) }
    }

    /// Handles the markup starting at `p[i] == '<'`; returns the index after it, nil when the
    /// token is not complete within `n` bytes.
    private func markup(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int, final: Bool) throws -> Int? {
        guard i + 1 < n else { return nil }
        switch p[i + 1] {
        case UInt8(ascii: "/"): return try endTag(p, i, n)
        case UInt8(ascii: "?"):
            guard let close = XMLBytes.find(p, from: i + 2, to: n, "?>") else { return nil }
            try instruction(UnsafeBufferPointer(start: p + i + 2, count: close - i - 2), at: i)
            return close + 2
        case UInt8(ascii: "!"):
            if XMLBytes.hasPrefix(p, i, n, "<!--") {
                guard let close = XMLBytes.find(p, from: i + 4, to: n, "-->") else { return nil }
                return close + 3
            }
            if XMLBytes.hasPrefix(p, i, n, "<![CDATA[") {
                guard let close = XMLBytes.find(p, from: i + 9, to: n, "]]>") else { return nil }
                guard depth > 0 else { throw XMLScanFailure.malformed("根元素之外有 CDATA", at: offset + i) }
                let count = close - i - 9
                textRun += count
                if textRun > XMLStream.maxTextRun { throw XMLScanFailure.refused(XMLStream.textRunRefusal) }
                if count > 0 { handler.text(UnsafeBufferPointer(start: p + i + 9, count: count)) }
                return close + 3
            }
            if XMLBytes.hasPrefix(p, i, n, "<!DOCTYPE") { throw XMLScanFailure.refused(XMLStream.dtdRefusal) }
            // Too few bytes yet to tell which declaration this is.
            if n - i < 9 && !final { return nil }
            throw XMLScanFailure.malformed("无法识别的 <! 标记", at: offset + i)
        default: return try startTag(p, i, n)
        }
    }

    /// `<name attr="value" …>` or `<name …/>`. The attributes are checked here by a small state
    /// machine (one table step per byte) and taken apart only when the handler reads one.
    private func startTag(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) throws -> Int? {
        var j = i + 1
        guard XMLBytes.isNameStart(p[j]) else { throw XMLScanFailure.malformed("“<”之后不是元素名", at: offset + j) }
        var local = j
        j = XMLBytes.scanName(p, j, n, nameKinds, local: &local)
        let nameEnd = j
        let classes = tagClasses, steps = tagSteps
        var state = TagState.afterValue
        while j < n {
            state = steps[state << 4 | Int(classes[Int(p[j])])]
            j += 1
            if state >= TagState.end { break }
        }
        guard state >= TagState.end else { return nil }  // the tag goes on in the next chunk
        let kind = state & ~TagState.special
        guard kind != TagState.error else { throw XMLScanFailure.malformed("标记写法不对", at: offset + j - 1) }
        let empty = kind == TagState.endEmpty
        let attributes = XMLAttributes(raw: UnsafeBufferPointer(start: p + nameEnd, count: j - (empty ? 2 : 1) - nameEnd))
        if state & TagState.special != 0 {
            // A reference or a line end in a value: checked now (a bad reference makes the document
            // malformed), decoded when read.
            var bad: String?
            attributes.forEach { _, value in
                scratch.removeAll(keepingCapacity: true)
                bad = XMLBytes.decode(value, into: &scratch, attribute: true)
                return bad == nil
            }
            if let bad { throw XMLScanFailure.malformed(bad, at: offset + nameEnd) }
        }
        if depth == 0 {
            if rootSeen { throw XMLScanFailure.malformed("根元素之后还有元素", at: offset + i) }
            rootSeen = true
        }
        guard depth < Self.maxDepth else { throw XMLScanFailure.malformed("元素嵌套超过 \(Self.maxDepth) 层", at: offset + i) }
        textRun = 0
        let name = XMLName(bytes: UnsafeBufferPointer(start: p + local, count: nameEnd - local))
        handler.start(name, attributes)
        if empty {
            handler.end(name)
        } else {
            let count = nameEnd - i - 1
            if openNamesCount + count > openNamesCapacity {
                let capacity = max(openNamesCapacity * 2, openNamesCount + count)
                let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
                grown.update(from: openNames, count: openNamesCount)
                openNames.deallocate()
                openNames = grown
                openNamesCapacity = capacity
            }
            (openNames + openNamesCount).update(from: p + i + 1, count: count)
            openNamesCount += count
            openEnds[depth] = openNamesCount
            depth += 1
        }
        return j
    }

    /// `</name>`, which must close the innermost open element.
    private func endTag(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) throws -> Int? {
        var j = i + 2
        var local = j
        j = XMLBytes.scanName(p, j, n, nameKinds, local: &local)
        let nameEnd = j
        while j < n && XMLBytes.isSpace(p[j]) { j += 1 }
        guard j < n else { return nil }
        guard p[j] == UInt8(ascii: ">") else { throw XMLScanFailure.malformed("结束标记写法不对", at: offset + j) }
        guard depth > 0 else { throw XMLScanFailure.malformed("多余的结束标记", at: offset + i) }
        let end = openEnds[depth - 1]
        let start = depth > 1 ? openEnds[depth - 2] : 0
        let matches = end - start == nameEnd - i - 2 && XMLBytes.equals(openNames + start, p + i + 2, end - start)
        guard matches else { throw XMLScanFailure.malformed("结束标记与开始标记不匹配", at: offset + i) }
        depth -= 1
        openNamesCount = start
        textRun = 0
        handler.end(XMLName(bytes: UnsafeBufferPointer(start: p + local, count: nameEnd - local)))
        return j + 1
    }

    /// A processing instruction: skipped, but the XML declaration must come first and be UTF-8.
    private func instruction(_ body: UnsafeBufferPointer<UInt8>, at i: Int) throws {
        let target = body.prefix { !XMLBytes.isSpace($0) }
        guard target.count == 3, target.elementsEqual("xml".utf8, by: { $0 | 0x20 == $1 }) else { return }
        guard offset + i <= 3, target.elementsEqual("xml".utf8) else {
            throw XMLScanFailure.malformed("XML 声明不在文件开头", at: offset + i)
        }
        let text = String(decoding: body, as: UTF8.self)
        guard let key = text.range(of: "encoding") else { return }
        let rest = text[key.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
        let encoding = rest.prefix { $0 != "\"" && $0 != "'" }
        if !["utf-8", "utf8"].contains(encoding.lowercased()) {
            throw XMLScanFailure.refused(XMLStream.encodingRefusal(String(encoding.prefix(40))))
        }
    }
}

/// Why a scan stopped: a malformed document (with the byte offset), or one refused (DTD, size,
/// encoding, or the handler's own refusal).
enum XMLScanFailure: Error, Equatable {
    case malformed(String, at: Int)
    case refused(String)
}

// MARK: - Bytes

/// Byte-level helpers of the scanner, also used to decode attribute values when they are read.
enum XMLBytes {
    /// 0: ordinary text byte; 1: '<'; 2: '&', CR or a byte not allowed in XML text.
    nonisolated(unsafe) static let textKinds: UnsafePointer<UInt8> = xmlTextKinds
    /// 0: a byte that may be part of a name; 1: ':'; 2: anything else.
    nonisolated(unsafe) static let nameKinds: UnsafePointer<UInt8> = xmlNameKinds
    /// The class of each byte inside a start tag, and the state machine's steps (see `TagState`).
    nonisolated(unsafe) static let tagClasses: UnsafePointer<UInt8> = xmlTagClasses
    nonisolated(unsafe) static let tagSteps: UnsafePointer<Int> = xmlTagSteps
    /// Most bytes between '&' and ';' of a reference that is read (`#x10FFFF` and some slack).
    static let longestReference = 12

    /// The index after the name starting at `p[j]`; `local` is set to where its local part starts.
    @inline(__always)
    static func scanName(_ p: UnsafePointer<UInt8>, _ j: Int, _ n: Int, _ kinds: UnsafePointer<UInt8>,
                         local: inout Int) -> Int {
        var j = j
        while j < n {
            let kind = kinds[Int(p[j])]
            if kind != 0 {
                guard kind == 1 else { break }
                local = j + 1
            }
            j += 1
        }
        return j
    }

    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D }

    @inline(__always)
    static func isNameStart(_ b: UInt8) -> Bool {
        (b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "z")) || b == UInt8(ascii: "_")
            || b == UInt8(ascii: ":") || b >= 0x80
    }

    static func equals(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        for k in 0..<count where a[k] != b[k] { return false }
        return true
    }

    static func equals(_ a: UnsafePointer<UInt8>, _ count: Int, _ literal: StaticString) -> Bool {
        count == literal.utf8CodeUnitCount && equals(a, literal.utf8Start, count)
    }

    static func hasPrefix(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        return n - i >= count && equals(p + i, literal.utf8Start, count)
    }

    /// Index of the first `literal` in `p[from..<to]`.
    static func find(_ p: UnsafePointer<UInt8>, from: Int, to: Int, _ literal: StaticString) -> Int? {
        let count = literal.utf8CodeUnitCount
        let first = literal.utf8Start[0]
        var k = from
        while k + count <= to {
            if p[k] == first && equals(p + k, literal.utf8Start, count) { return k }
            k += 1
        }
        return nil
    }
}

/// Whether a Unicode scalar value may stand in an XML 1.0 document.
func isXMLCharacter(_ v: UInt32) -> Bool {
    v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v)
        || (0x10000...0x10FFFF).contains(v)
}

extension XMLBytes {
    /// Appends `raw` to `out` with references decoded, CR LF and lone CR turned into LF (and, in
    /// an attribute value, tab and line ends into spaces, as XML normalizes them); returns why the
    /// text is malformed, nil when it is not.
    static func decode(_ raw: UnsafeBufferPointer<UInt8>, into out: inout [UInt8], attribute: Bool) -> String? {
        var k = 0
        let n = raw.count
        while k < n {
            let b = raw[k]
            if b == UInt8(ascii: "&") {
                var semi = k + 1
                while semi < n && semi - k <= longestReference && raw[semi] != UInt8(ascii: ";") { semi += 1 }
                guard semi < n, raw[semi] == UInt8(ascii: ";") else { return "“&”之后不是实体引用" }
                let name = UnsafeBufferPointer(rebasing: raw[(k + 1)..<semi])
                if let v = characterReference(name) {
                    guard isXMLCharacter(v), let scalar = Unicode.Scalar(v) else { return "字符引用不是合法字符" }
                    out.append(contentsOf: String(scalar).utf8)
                } else if let c = predefinedEntity(name) {
                    out.append(c)
                } else {
                    return "未定义的实体引用"
                }
                k = semi + 1
                continue
            }
            if b == 0x0D {
                out.append(attribute ? 0x20 : 0x0A)
                k += (k + 1 < n && raw[k + 1] == 0x0A) ? 2 : 1
                continue
            }
            if b < 0x20 {
                guard b == 0x09 || b == 0x0A else { return "含有 XML 不允许的控制字符" }
                out.append(attribute ? 0x20 : b)
            } else {
                out.append(b)
            }
            k += 1
        }
        return nil
    }

    /// `#123` or `#x7B` as a value; nil when `name` is not a character reference or overflows.
    private static func characterReference(_ name: UnsafeBufferPointer<UInt8>) -> UInt32? {
        guard name.count >= 2, name[0] == UInt8(ascii: "#") else { return nil }
        let hex = name[1] == UInt8(ascii: "x")
        var digits = name.dropFirst(hex ? 2 : 1)
        guard !digits.isEmpty else { return 0xFFFF_FFFF }  // "&#x;": malformed, not an entity name
        var v: UInt32 = 0
        while let d = digits.popFirst() {
            let digit: UInt32
            switch d {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(d - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: digit = UInt32(d - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: digit = UInt32(d - UInt8(ascii: "A") + 10)
            default: return 0xFFFF_FFFF
            }
            v = v * (hex ? 16 : 10) + digit
            if v > 0x10FFFF { return 0xFFFF_FFFF }
        }
        return v
    }

    private static func predefinedEntity(_ name: UnsafeBufferPointer<UInt8>) -> UInt8? {
        guard let base = name.baseAddress else { return nil }
        if equals(base, name.count, "amp") { return UInt8(ascii: "&") }
        if equals(base, name.count, "lt") { return UInt8(ascii: "<") }
        if equals(base, name.count, "gt") { return UInt8(ascii: ">") }
        if equals(base, name.count, "quot") { return UInt8(ascii: "\"") }
        if equals(base, name.count, "apos") { return UInt8(ascii: "'") }
        return nil
    }
}

/// Classes of bytes in text, built once and never written again (see `XMLBytes.textKinds`).
nonisolated(unsafe) private let xmlTextKinds: UnsafePointer<UInt8> = {
    let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    for b in 0..<256 {
        switch b {
        case 0x3C: table[b] = 1
        case 0x26, 0x0D: table[b] = 2
        case 0x09, 0x0A: table[b] = 0
        case 0..<0x20: table[b] = 2
        default: table[b] = 0
        }
    }
    return UnsafePointer(table)
}()

/// Bytes that may continue a name: letters, digits, `-`, `.`, `_`, `:` and any byte of a
/// multi-byte UTF-8 sequence; built once and never written again (see `XMLBytes.nameKinds`).
nonisolated(unsafe) private let xmlNameKinds: UnsafePointer<UInt8> = {
    let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    for b in 0..<256 {
        let u = UInt8(b)
        let nameByte = (u >= 0x30 && u <= 0x39) || (u | 0x20 >= 0x61 && u | 0x20 <= 0x7A) || u >= 0x80
            || u == UInt8(ascii: "-") || u == UInt8(ascii: ".") || u == UInt8(ascii: "_") || u == UInt8(ascii: ":")
        table[b] = u == UInt8(ascii: ":") ? 1 : nameByte ? 0 : 2
    }
    return UnsafePointer(table)
}()

/// The states of the start tag machine, after the element name. A state with the `special`
/// bit has seen a reference, a line end or a control byte in a value (to check and decode).
enum TagState {
    static let afterValue = 0      // white space must come before another attribute
    static let space = 1
    static let name = 2
    static let afterName = 3
    static let equals = 4
    static let inDouble = 5
    static let inSingle = 6
    static let slash = 7
    static let special = 8
    static let end = 16            // '>'; this and the two below end the machine
    static let endEmpty = 17       // '/>'
    static let error = 18
}

/// Byte classes inside a start tag.
private enum TagClass {
    static let other = 0, nameStart = 1, nameChar = 2, space = 3, lineSpace = 4, equals = 5
    static let double = 6, single = 7, greater = 8, slash = 9, less = 10, ampersand = 11, control = 12
}

nonisolated(unsafe) private let xmlTagClasses: UnsafePointer<UInt8> = {
    let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    for b in 0..<256 {
        let u = UInt8(b)
        let c: Int
        switch u {
        case 0x20: c = TagClass.space
        case 0x09, 0x0A, 0x0D: c = TagClass.lineSpace
        case 0..<0x20: c = TagClass.control
        case UInt8(ascii: "="): c = TagClass.equals
        case UInt8(ascii: "\""): c = TagClass.double
        case UInt8(ascii: "'"): c = TagClass.single
        case UInt8(ascii: ">"): c = TagClass.greater
        case UInt8(ascii: "/"): c = TagClass.slash
        case UInt8(ascii: "<"): c = TagClass.less
        case UInt8(ascii: "&"): c = TagClass.ampersand
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."): c = TagClass.nameChar
        default: c = XMLBytes.isNameStart(u) ? TagClass.nameStart : TagClass.other
        }
        table[b] = UInt8(c)
    }
    return UnsafePointer(table)
}()

/// `steps[state << 4 | class]`: the next state; the `special` bit, once set, stays set.
nonisolated(unsafe) private let xmlTagSteps: UnsafePointer<Int> = {
    typealias S = TagState
    typealias C = TagClass
    let table = UnsafeMutablePointer<Int>.allocate(capacity: 16 * 16)
    table.initialize(repeating: S.error, count: 16 * 16)
    func set(_ state: Int, _ classes: [Int], _ next: Int) {
        for c in classes { table[state << 4 | c] = next }
    }
    let blank = [C.space, C.lineSpace]
    set(S.afterValue, blank, S.space); set(S.afterValue, [C.greater], S.end); set(S.afterValue, [C.slash], S.slash)
    set(S.space, blank, S.space); set(S.space, [C.nameStart], S.name)
    set(S.space, [C.greater], S.end); set(S.space, [C.slash], S.slash)
    set(S.name, [C.nameStart, C.nameChar], S.name); set(S.name, blank, S.afterName); set(S.name, [C.equals], S.equals)
    set(S.afterName, blank, S.afterName); set(S.afterName, [C.equals], S.equals)
    set(S.equals, blank, S.equals); set(S.equals, [C.double], S.inDouble); set(S.equals, [C.single], S.inSingle)
    for (state, quote) in [(S.inDouble, C.double), (S.inSingle, C.single)] {
        set(state, [C.other, C.nameStart, C.nameChar, C.space, C.equals, C.double, C.single, C.greater, C.slash], state)
        set(state, [C.lineSpace, C.ampersand, C.control], state | S.special)
        set(state, [quote], S.afterValue)
    }
    set(S.slash, [C.greater], S.endEmpty)
    // The same machine with the special bit kept.
    for state in 0..<8 {
        for c in 0..<16 {
            let next = table[state << 4 | c]
            table[(state | S.special) << 4 | c] = next | S.special
        }
    }
    return UnsafePointer(table)
}()
