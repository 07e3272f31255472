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
    /// Most tags (`<`) accepted in a page, so the tree libxml2 builds stays within a few hundred MB.
    static let maxTags = 1_000_000
    /// libxml2 wants its globals set up once before threads parse at the same time.
    private static let libxml2Ready: Void = xmlInitParser()

    /// Reads the bytes of an HTML file.
    /// - Throws: `ImportError.emptyFile`, `.undecodable` when no encoding fits, `.damaged` when
    ///   libxml2 cannot build a document or a table is unreasonably large.
    public static func read(_ data: Data, source: String) throws -> Grid {
        guard !data.isEmpty else { throw ImportError.emptyFile(source) }
        _ = libxml2Ready
        let text = try decode(data, file: source)
        let bytes = HTMLSanitizer.clean(Array(text.utf8))
        var grid = Grid(source: source, format: .html)
        guard !bytes.isEmpty else { return grid }
        guard bytes.count < Int(Int32.max) else {
            throw ImportError.tooLarge(file: source, bytes: bytes.count, limit: Int(Int32.max))
        }
        // libxml2 builds the whole tree: a few hundred bytes per element. A 60 MB page of tiny
        // rows took 2.1 GB; a 50,000-row plan has about 460,000 tags.
        var tags = 0
        for b in bytes where b == UInt8(ascii: "<") { tags += 1 }
        guard tags <= maxTags else {
            throw ImportError.damaged(file: source, detail: "网页有 \(tags) 个标签，超过 \(maxTags / 10_000) 万个，不像分工方案，已拒绝")
        }
        // IGNORE_ENC: the bytes are already UTF-8, a <meta charset=gbk> must not re-decode them.
        let flags: [htmlParserOption] = [
            HTML_PARSE_NONET, HTML_PARSE_NOERROR, HTML_PARSE_NOWARNING, HTML_PARSE_RECOVER, HTML_PARSE_IGNORE_ENC,
        ]
        let options = Int32(bitPattern: flags.reduce(0) { $0 | $1.rawValue })
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlReadMemory($0, Int32(buffer.count), nil, "UTF-8", options)
            }
        }
        guard let doc = parsed else { throw ImportError.damaged(file: source, detail: "无法解析网页内容") }
        defer { xmlFreeDoc(doc) }
        guard let root = xmlDocGetRootElement(doc) else { return grid }

        let layout = HTMLTree.layoutTables(under: root)
        let (lines, tableNodes) = HTMLTree.textLines(under: root, stopAtTables: true, layout: layout)
        grid.lines = lines
        var budget = maxCells
        for (node, linesBefore) in tableNodes {
            let rows = try HTMLTree.layOut(table: node, budget: &budget, file: source)
            guard !rows.isEmpty else { continue }
            let name = "表\(grid.tables.count + 1)"
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
