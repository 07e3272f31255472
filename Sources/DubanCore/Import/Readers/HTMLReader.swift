import CLibXML2
import Foundation

/// Reads an HTML page (a plan published on a government site, or Word/WPS "save as web page"):
/// block text outside tables becomes `Grid.lines`, each table a `GridTable` with its spans expanded.
public enum HTMLReader {
    /// Widest grid accepted (colspans included).
    static let maxColumns = 2_000
    /// Most grid positions (covered ones included) accepted over all tables, so a few bytes of
    /// `rowspan`/`colspan` cannot ask for gigabytes.
    static let maxCells = 2_000_000
    /// Most tags (`<`) accepted in a page, so that a page of tiny elements cannot take
    /// gigabytes: a 50,000-row plan has about 460,000 tags.
    static let maxTags = 1_000_000
    /// libxml2 wants its globals set up once before threads parse at the same time.
    private static let libxml2Ready: Void = xmlInitParser()

    /// Reads the bytes of an HTML file.
    /// - Throws: `ImportError.emptyFile`, `.undecodable` when no encoding fits, `.damaged` when
    ///   libxml2 cannot parse the page or a table is unreasonably large.
    public static func read(_ data: Data, source: String) throws -> Grid {
        try read(data, source: source, fastPath: true)
    }

    /// libxml2's options. IGNORE_ENC: the bytes are already UTF-8, a <meta charset=gbk> must not
    /// re-decode them.
    static let libxml2Options: Int32 = {
        let flags: [htmlParserOption] = [
            HTML_PARSE_NONET, HTML_PARSE_NOERROR, HTML_PARSE_NOWARNING, HTML_PARSE_RECOVER, HTML_PARSE_IGNORE_ENC,
        ]
        return Int32(bitPattern: flags.reduce(0) { $0 | $1.rawValue })
    }()

    /// The page as both parsers get it: decoded to UTF-8 and cleaned (`HTMLSanitizer`), within
    /// the size and tag caps.
    /// - Throws: `ImportError.undecodable`, `.tooLarge` or `.damaged` (too many tags).
    static func parserInput(_ data: Data, source: String) throws -> [UInt8] {
        var text = try decode(data, file: source)
        let (bytes, tags) = text.withUTF8 { HTMLSanitizer.clean($0) }
        guard bytes.count < Int(Int32.max) else {
            throw ImportError.tooLarge(file: source, bytes: bytes.count, limit: Int(Int32.max))
        }
        guard tags <= maxTags else {
            throw ImportError.damaged(file: source, detail: "网页有 \(tags) 个标签，超过 \(maxTags / 10_000) 万个，不像分工方案，已拒绝")
        }
        return bytes
    }

    /// For the differential fuzzer (`make fuzz FUZZ_READERS=html-diff`): false when the fast path
    /// takes a page and builds another document than libxml2's. Pages it declines, and pages
    /// refused before either parser runs, agree.
    public static func fastPathAgrees(_ data: Data) -> Bool {
        _ = libxml2Ready
        guard !data.isEmpty, let bytes = try? parserInput(data, source: "fuzz.html"), !bytes.isEmpty else { return true }
        return bytes.withUnsafeBufferPointer { input in
            guard let fast = HTMLFastParser.parse(input) else { return true }
            guard let reference = HTMLDocument.parse(input, options: libxml2Options) else { return false }
            return fast.sameContent(as: reference)
        }
    }

    /// The texts of struck-through elements (del, s, strike, and any element whose style says
    /// line-through), which the walks skip, as omissions
    /// (the first `Omission.struckShown`, then one line for the rest).
    static func struckText(_ doc: HTMLDocument) -> [Omission] {
        guard doc.kinds.contains(where: \.struck) else { return [] }
        var out: [Omission] = []
        var i = 0
        while i < doc.nodes.count {
            let node = doc.nodes[i]
            guard node.kind != HTMLDocument.textKind, doc.kinds[Int(node.kind)].struck else { i += 1; continue }
            var bytes: [UInt8] = []
            let row = doc.kinds[Int(node.kind)].tr
            for k in (i + 1)..<Int(node.end) {
                let t = doc.nodes[k]
                if t.kind == HTMLDocument.textKind {
                    bytes += doc.text[Int(t.first)..<Int(t.first + t.second)]
                } else if row, doc.kinds[Int(t.kind)].cell {
                    bytes.append(0x20)  // a struck row's cells, apart
                }
            }
            let text = TextNormalizer.collapseSpaces(utf8: bytes)
            if !text.isEmpty {
                if out.count == Omission.struckShown { out.append(.moreStruck); break }
                out.append(.struck(text, table: nil, row: nil, wholeRow: doc.kinds[Int(node.kind)].tr))
            }
            i = Int(node.end)
        }
        return out
    }

    /// `read`, where `fastPath: false` always parses with libxml2 (the reference `HTMLFastParser`
    /// is checked against).
    static func read(_ data: Data, source: String, fastPath: Bool) throws -> Grid {
        guard !data.isEmpty else { throw ImportError.emptyFile(source) }
        _ = libxml2Ready
        let bytes = try parserInput(data, source: source)
        var grid = Grid(source: source, format: .html)
        guard !bytes.isEmpty else { return grid }
        // Our own tokenizer reads the common well-formed pages; libxml2 the rest.
        let parsed = bytes.withUnsafeBufferPointer {
            (fastPath ? HTMLFastParser.parse($0) : nil) ?? HTMLDocument.parse($0, options: libxml2Options)
        }
        guard let doc = parsed else { throw ImportError.damaged(file: source, detail: "无法解析网页内容") }
        guard !doc.nodes.isEmpty else { return grid }
        grid.omitted = struckText(doc)

        let layout = HTMLTree.layoutTables(doc)
        var walker = HTMLTree.TextWalker()
        let (lines, tableNodes) = walker.textLines(doc, under: 0, stopAtTables: true, layout: layout)
        grid.lines = lines
        var budget = maxCells
        for (node, linesBefore) in tableNodes {
            let (rows, hidden) = try HTMLTree.layOut(table: node, in: doc, budget: &budget, file: source)
            guard !rows.isEmpty else { continue }
            let name = "表\(grid.tables.count + 1)"
            if !hidden.isEmpty {
                grid.omitted.append(Omission(table: name, row: nil, message: "网页中\(name)的\(hidden.map { "第\($0)行" }.listedBriefly())是隐藏的（不在页面上显示），未读取；如果要导入，请在原网页中取消隐藏后重新导入", severity: .warning))
            }
            grid.tables.append(GridTable(name: name, rows: rows, aligned: true, mergesKnown: true, linesBefore: linesBefore))
        }
        return grid
    }

    // MARK: - Charset

    /// BOM first, then the charset a `<meta>` (or XML declaration) names in the first 4 KB,
    /// then UTF-8 if valid, else GB18030.
    static func decode(_ data: Data, file: String) throws -> String {
        let hasBOM = data.starts(with: [0xEF, 0xBB, 0xBF]) || data.starts(with: [0xFF, 0xFE])
            || data.starts(with: [0xFE, 0xFF])
        if !hasBOM, let label = declaredCharset(Array(data.prefix(4096))), gbLabels.contains(label),
           let text = String(data: data, encoding: TextDecoding.gb18030) {
            return text
        }
        return try TextDecoding.decode(data, file: file).0
    }

    /// Charset labels (WHATWG names and common aliases) decoded as GB18030, a superset of all of them.
    static let gbLabels: Set<String> = [
        "gbk", "gb2312", "gb18030", "gb_2312", "gb_2312-80", "x-gbk", "cp936", "ms936", "windows-936",
        "euc-cn", "csgb2312", "csgb231280", "chinese", "iso-ir-58", "csiso58gb231280",
    ]

    /// The lowercased charset label declared in `head`, if any.
    static func declaredCharset(_ head: [UInt8]) -> String? {
        let lower = head.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }
        if lower.starts(with: Array("<?xml".utf8)), let end = find(Array("?>".utf8), in: lower, from: 0),
           let label = value(after: Array("encoding".utf8), in: Array(lower[..<end])) {
            return label
        }
        var from = 0
        while let start = find(Array("<meta".utf8), in: lower, from: from) {
            let end = lower[start...].firstIndex(of: UInt8(ascii: ">")) ?? lower.count
            if let label = value(after: Array("charset".utf8), in: Array(lower[start..<end])) { return label }
            from = end
        }
        return nil
    }

    /// The token after `key`, optional spaces, `=`, optional spaces and quotes.
    static func value(after key: [UInt8], in bytes: [UInt8]) -> String? {
        guard var i = find(key, in: bytes, from: 0) else { return nil }
        i += key.count
        let space: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, 0x0C]
        while i < bytes.count, space.contains(bytes[i]) { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "=") else { return nil }
        i += 1
        while i < bytes.count, space.contains(bytes[i]) || bytes[i] == 0x22 || bytes[i] == 0x27 { i += 1 }
        var label: [UInt8] = []
        while i < bytes.count, isLabelByte(bytes[i]) {
            label.append(bytes[i])
            i += 1
        }
        return label.isEmpty ? nil : String(decoding: label, as: UTF8.self)
    }

    static func isLabelByte(_ b: UInt8) -> Bool {
        (0x61...0x7A).contains(b) || (0x30...0x39).contains(b) || b == 0x2D || b == 0x5F || b == 0x2E || b == 0x3A
    }

    /// First index of `pattern` in `bytes` at or after `from` (patterns are a few bytes, inputs 4 KB).
    static func find(_ pattern: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard !pattern.isEmpty, bytes.count >= pattern.count, from <= bytes.count - pattern.count else { return nil }
        for i in from...(bytes.count - pattern.count) where bytes[i] == pattern[0] {
            if bytes[i..<(i + pattern.count)].elementsEqual(pattern) { return i }
        }
        return nil
    }
}

/// Byte-level clean-up before libxml2 sees the page: what HTML5 browsers drop but libxml2 2.9
/// would keep as text or misread.
enum HTMLSanitizer {
    /// Removes NUL bytes, Word's `<![if …]>`/`<![endif]>` markers (bogus comments in HTML5, text
    /// for libxml2) and `<o:p>` tags (libxml2 drops the prefix and makes them paragraphs).
    /// Comments and script/style bodies are copied untouched. One linear pass, which also counts
    /// the `<` left in the page (its tags, near enough) for `HTMLReader.maxTags`.
    static func clean(_ input: UnsafeBufferPointer<UInt8>) -> (bytes: [UInt8], tags: Int) {
        guard let p = input.baseAddress, !input.isEmpty else { return ([], 0) }
        let n = input.count
        var out: [UInt8] = []
        out.reserveCapacity(n)
        var tags = 0
        var i = 0
        let hasNUL = memchr(p, 0, n) != nil
        /// The bytes at `k` are `word` (lower-case), ignoring ASCII case.
        func at(_ k: Int, _ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard k + count <= n else { return false }
            for j in 0..<count {
                let b = p[k + j]
                if (b >= 0x41 && b <= 0x5A ? b + 0x20 : b) != word.utf8Start[j] { return false }
            }
            return true
        }
        func nameEnds(_ k: Int) -> Bool {
            guard k < n else { return true }
            let b = p[k]
            return b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C || b == 0x2F || b == 0x3E
        }
        /// Copies from `i` up to and including `terminator` (or to the end), without NULs.
        func copy(through terminator: StaticString) {
            let first = terminator.utf8Start[0]
            while i < n {
                let b = p[i]
                if b == first, at(i, terminator) {
                    out.append(contentsOf: UnsafeBufferPointer(start: p + i, count: terminator.utf8CodeUnitCount))
                    if first == UInt8(ascii: "<") { tags += 1 }
                    i += terminator.utf8CodeUnitCount
                    return
                }
                if b != 0 { out.append(b) }
                if b == UInt8(ascii: "<") { tags += 1 }
                i += 1
            }
        }
        func skipTag() {
            while i < n, p[i] != UInt8(ascii: ">") { i += 1 }
            i += 1
        }
        while i < n {
            // Text up to the next tag or NUL is copied in one piece.
            var end = i
            if hasNUL {
                while end < n {
                    let b = p[end]
                    if b == UInt8(ascii: "<") || b == 0 { break }
                    end += 1
                }
            } else {
                end = memchr(p + i, Int32(UInt8(ascii: "<")), n - i).map { UnsafeRawPointer($0) - UnsafeRawPointer(p) } ?? n
            }
            if end > i {
                out.append(contentsOf: UnsafeBufferPointer(start: p + i, count: end - i))
                i = end
                continue
            }
            if p[i] != UInt8(ascii: "<") {  // a NUL
                i += 1
                continue
            }
            // Only `<!`, `<o`, `</o` and `<s` can start what is handled here: other tags (nearly
            // all of them) are copied without comparing words.
            let next = i + 1 < n ? p[i + 1] | 0x20 : 0
            if next == UInt8(ascii: "!") && at(i + 1, "!--") {
                out.append(contentsOf: "<!--".utf8)
                tags += 1
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
                out.append(UInt8(ascii: "<"))
                tags += 1
                i += 1
            }
        }
        return (out, tags)
    }
}
