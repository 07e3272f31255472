import CLibXML2
import Foundation

enum HTMLTree {
    typealias Node = UnsafeMutablePointer<xmlNode>

    /// Elements whose start and end break the text into separate lines.
    static let blockNames: Set<String> = [
        "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table", "caption",
        "thead", "tbody", "tfoot", "tr", "td", "th", "blockquote", "pre", "section", "article", "header", "footer",
        "nav", "aside", "main", "address", "center", "hr", "form", "fieldset", "legend", "figure", "figcaption",
        "details", "summary", "body", "html", "listing", "xmp", "plaintext", "textarea", "option", "menu", "dir",
    ]
    /// Elements whose content is never page text.
    static let ignoredNames: Set<String> = [
        "head", "script", "style", "title", "template", "noscript", "iframe", "object", "embed", "svg", "math",
        "select", "noembed", "noframes",
    ]
    /// Elements whose newlines are line breaks.
    static let preformattedNames: Set<String> = ["pre", "listing", "xmp", "plaintext", "textarea"]

    static func name(_ node: Node) -> String {
        guard let name = node.pointee.name else { return "" }
        return String(cString: name)
    }

    static func isElement(_ node: Node) -> Bool { node.pointee.type == XML_ELEMENT_NODE }

    static func children(_ node: Node) -> [Node] {
        var out: [Node] = []
        var child = node.pointee.children
        while let c = child {
            out.append(c)
            child = c.pointee.next
        }
        return out
    }

    /// Pushes the children of `node` so that the first child is on top (popped first).
    static func pushChildren<Step>(of node: Node, onto stack: inout [Step], as step: (Node) -> Step) {
        var child = node.pointee.last
        while let c = child {
            stack.append(step(c))
            child = c.pointee.prev
        }
    }

    /// An attribute's value, read from the tree without allocating through libxml2.
    /// `wanted` is lower-case ASCII; the attribute's name is compared without case.
    static func attribute(_ node: Node, _ wanted: StaticString) -> String? {
        var attr = node.pointee.properties
        while let a = attr {
            if let n = a.pointee.name, equalsIgnoringASCIICase(n, wanted) {
                var value = ""
                var child = a.pointee.children
                while let c = child {
                    if let content = c.pointee.content { value += String(cString: content) }
                    child = c.pointee.next
                }
                return value
            }
            attr = a.pointee.next
        }
        return nil
    }

    /// A NUL-terminated name equals the lower-case ASCII `literal`, ignoring ASCII case.
    static func equalsIgnoringASCIICase(_ name: UnsafePointer<xmlChar>, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        let expected = literal.utf8Start
        for i in 0..<count {
            let b = name[i]  // a shorter name stops here at its NUL
            let lower = b >= 0x41 && b <= 0x5A ? b + 0x20 : b
            if lower != expected[i] { return false }
        }
        return name[count] == 0
    }

    // MARK: - Text

    fileprivate enum Step {
        case enter(Node)
        case exit(block: Bool, preformatted: Bool)
        case table(Node)
    }

    /// The text lines under `root` in document order. With `stopAtTables`, each table not in
    /// `layout` is returned with the number of lines before it instead of being read as text
    /// (its caption, if any, still goes to the lines just before it).
    static func textLines(under root: Node, stopAtTables: Bool, layout: Set<Node> = [])
        -> (lines: [String], tables: [(Node, Int)]) {
        var walker = TextWalker()
        return walker.textLines(under: root, stopAtTables: stopAtTables, layout: layout)
    }

    /// What the walks need to know about an element name.
    struct TagInfo {
        var ignored = false, block = false, preformatted = false
        var br = false, table = false, caption = false, tr = false, cell = false, column = false

        init(_ tag: String) {
            ignored = ignoredNames.contains(tag)
            block = blockNames.contains(tag)
            preformatted = preformattedNames.contains(tag)
            br = tag == "br"
            table = tag == "table"
            caption = tag == "caption"
            tr = tag == "tr"
            cell = tag == "td" || tag == "th"
            column = tag == "colgroup" || tag == "col"
        }
    }

    /// Element names classified once per distinct name: a short list of the names seen so far
    /// answers instead of a `String` and three set lookups per element. libxml2 2.9 copies each
    /// element's name, so the list compares bytes (the pointer first, for parsers that intern).
    struct TagCache {
        private var entries: [(pointer: UnsafePointer<xmlChar>, bytes: [UInt8], info: TagInfo)] = []

        mutating func info(_ node: Node) -> TagInfo {
            guard let name = node.pointee.name else { return TagInfo("") }
            for entry in entries where entry.pointer == name || Self.equal(entry.bytes, name) { return entry.info }
            let tag = String(cString: name)
            let info = TagInfo(tag)
            if entries.count < 64 { entries.append((name, Array(tag.utf8), info)) }
            return info
        }

        /// `bytes` equals the NUL-terminated `name`.
        static func equal(_ bytes: [UInt8], _ name: UnsafePointer<xmlChar>) -> Bool {
            for (i, b) in bytes.enumerated() where name[i] != b { return false }  // a shorter name stops at its NUL
            return name[bytes.count] == 0
        }
    }

    /// The text walk with state kept between calls: a table's cells are walked one after the
    /// other with the same stack and tag cache.
    struct TextWalker {
        fileprivate var stack: [Step] = []
        var tags = TagCache()

        /// See `HTMLTree.textLines(under:stopAtTables:layout:)`.
        mutating func textLines(under root: Node, stopAtTables: Bool, layout: Set<Node> = [])
            -> (lines: [String], tables: [(Node, Int)]) {
            var text = LineCollector()
            var tables: [(Node, Int)] = []
            stack.removeAll(keepingCapacity: true)
            stack.append(.enter(root))
            var preDepth = 0
            while let step = stack.popLast() {
                switch step {
                case .exit(let block, let preformatted):
                    if block { text.breakLine() }
                    if preformatted { preDepth -= 1 }
                case .table(let node):
                    text.breakLine()
                    tables.append((node, text.lines.count))
                case .enter(let node):
                    let type = node.pointee.type
                    if type == XML_TEXT_NODE || type == XML_CDATA_SECTION_NODE {
                        if let content = node.pointee.content { text.add(cString: content, preformatted: preDepth > 0) }
                        continue
                    }
                    guard type == XML_ELEMENT_NODE else { continue }
                    let tag = tags.info(node)
                    if tag.ignored { continue }
                    if tag.br {
                        text.breakLine()
                        continue
                    }
                    if tag.table, stopAtTables, !layout.contains(node) {
                        text.breakLine()
                        stack.append(.table(node))
                        if let caption = children(node).first(where: { isElement($0) && tags.info($0).caption }) {
                            stack.append(.enter(caption))
                        }
                        continue
                    }
                    if tag.block { text.breakLine() }
                    if tag.preformatted { preDepth += 1 }
                    stack.append(.exit(block: tag.block, preformatted: tag.preformatted))
                    pushChildren(of: node, onto: &stack, as: Step.enter)
                }
            }
            text.breakLine()
            return (text.lines, tables)
        }
    }

    /// Tables used for page layout: a table holding a table with more rows than itself (a
    /// one-row frame around the plan). They are read as text so the plan table inside counts
    /// as a table of the page, not as lines of a frame cell. One pass over the tree.
    static func layoutTables(under root: Node) -> Set<Node> {
        struct Open {
            var node: Node
            var rows = 0
            var deepest = 0
        }
        enum Walk {
            case enter(Node)
            case exitTable
        }
        var tags = TagCache()
        var layout: Set<Node> = []
        var open: [Open] = []
        var stack: [Walk] = [.enter(root)]
        while let step = stack.popLast() {
            switch step {
            case .exitTable:
                let table = open.removeLast()
                if table.deepest > table.rows { layout.insert(table.node) }
                if !open.isEmpty {
                    open[open.count - 1].deepest = max(open[open.count - 1].deepest, table.rows, table.deepest)
                }
            case .enter(let node):
                guard isElement(node) else { continue }
                let tag = tags.info(node)
                if tag.ignored { continue }
                if tag.tr, !open.isEmpty { open[open.count - 1].rows += 1 }
                if tag.table {
                    open.append(Open(node: node))
                    stack.append(.exitTable)
                }
                pushChildren(of: node, onto: &stack, as: Walk.enter)
            }
        }
        return layout
    }

    // MARK: - Tables

    /// The rows of a table, each as its cell elements: `tr` under the table or its
    /// thead/tbody/tfoot (or any wrapper), never those of a nested table. Cells standing
    /// directly in the table (no `tr`) form a row of their own, as browsers do.
    static func rows(of table: Node) -> [[Node]] {
        var tags = TagCache()
        var rows: [[Node]] = []
        var stray: [Node] = []
        var stack: [Node] = []
        pushElements(of: table, onto: &stack)
        while let node = stack.popLast() {
            let tag = tags.info(node)
            if tag.tr {
                if !stray.isEmpty {
                    rows.append(stray)
                    stray = []
                }
                rows.append(cells(of: node, tags: &tags))
            } else if tag.cell {
                stray.append(node)
            } else if tag.table || tag.caption || tag.column || tag.ignored {
                continue
            } else {
                pushElements(of: node, onto: &stack)
            }
        }
        if !stray.isEmpty { rows.append(stray) }
        return rows
    }

    static func cells(of row: Node, tags: inout TagCache) -> [Node] {
        var cells: [Node] = []
        var stack: [Node] = []
        pushElements(of: row, onto: &stack)
        while let node = stack.popLast() {
            let tag = tags.info(node)
            if tag.cell { cells.append(node) }
            else if tag.table || tag.tr || tag.ignored { continue }
            else { pushElements(of: node, onto: &stack) }
        }
        return cells
    }

    /// Pushes the element children of `node` so that the first is on top (popped first).
    static func pushElements(of node: Node, onto stack: inout [Node]) {
        var child = node.pointee.last
        while let c = child {
            if isElement(c) { stack.append(c) }
            child = c.pointee.prev
        }
    }

    /// A span attribute by the HTML rules: leading digits after optional spaces, else nil.
    static func span(_ node: Node, _ attributeName: StaticString) -> Int? {
        guard let raw = attribute(node, attributeName) else { return nil }
        let digits = raw.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "+" }.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return nil }
        return digits.count > 6 ? 999_999 : Int(digits)
    }

    /// The table laid out on a grid: origin cells where written, `.fromLeft` right of them in a
    /// colspan, `.fromAbove` below them in a rowspan, short rows padded with empty cells.
    /// - Throws: `ImportError.damaged` past `HTMLReader.maxColumns` or the cell budget.
    static func layOut(table: Node, budget: inout Int, file: String) throws -> [GridRow] {
        let rowNodes = rows(of: table)
        let rowCount = rowNodes.count
        var slots: [[GridCell?]] = Array(repeating: [], count: rowCount)
        var writes = 0  // every span position costs one, so overlapping spans cannot loop for long
        var walker = TextWalker()
        func put(_ cell: GridCell, _ r: Int, _ c: Int) throws {
            writes += 1
            guard writes <= budget else { throw tooLarge(file) }
            if slots[r].count <= c { slots[r].append(contentsOf: repeatElement(nil, count: c + 1 - slots[r].count)) }
            if slots[r][c] == nil { slots[r][c] = cell }  // overlapping spans: the first one wins
        }
        for (r, cellNodes) in rowNodes.enumerated() {
            var c = 0
            for node in cellNodes {
                while c < slots[r].count, slots[r][c] != nil { c += 1 }
                let colspan = min(max(span(node, "colspan") ?? 1, 1), 1_000)
                let rowspan = span(node, "rowspan").map { $0 == 0 ? rowCount - r : min($0, rowCount - r) } ?? 1
                guard c + colspan <= HTMLReader.maxColumns else {
                    throw ImportError.damaged(file: file, detail: "表格第\(r + 1)行超过 \(HTMLReader.maxColumns) 列")
                }
                let lines = walker.textLines(under: node, stopAtTables: false).lines
                for dr in 0..<max(rowspan, 1) {
                    for dc in 0..<colspan {
                        let cell = dr > 0 ? GridCell.covered(.fromAbove)
                            : dc > 0 ? GridCell.covered(.fromLeft) : GridCell(lines: lines)
                        try put(cell, r + dr, c + dc)
                    }
                }
                c += colspan
            }
        }
        let width = slots.map(\.count).max() ?? 0
        guard rowCount * width <= budget else { throw tooLarge(file) }
        budget -= rowCount * width
        return slots.enumerated().map { r, row in
            var cells = row.map { $0 ?? GridCell(lines: []) }
            cells.append(contentsOf: repeatElement(GridCell(lines: []), count: width - cells.count))
            return GridRow(number: r + 1, cells: cells)
        }
    }

    static func tooLarge(_ file: String) -> ImportError {
        .damaged(file: file, detail: "网页中的表格过大（超过 \(HTMLReader.maxCells / 10_000) 万个格子）")
    }
}

/// Accumulates inline text and cuts it into clean lines at block boundaries.
