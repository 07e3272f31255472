import CLibXML2
import Foundation

/// The walks over an `HTMLDocument`: text lines, layout tables, table rows and span layout.
/// Nodes are in document order with their subtree's end, so every walk is a loop over indices:
/// a subtree is skipped by jumping to its end, nesting depth costs heap, never stack.
enum HTMLTree {
    /// Elements whose start and end break the text into separate lines.
    static let blockNames: Set<String> = [
        "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table", "caption",
        "thead", "tbody", "tfoot", "tr", "td", "th", "blockquote", "pre", "section", "article", "header", "footer",
        "nav", "aside", "main", "address", "center", "hr", "form", "fieldset", "legend", "figure", "figcaption",
        "details", "summary", "body", "html", "listing", "xmp", "plaintext", "textarea", "option", "menu", "dir",
    ]
    /// Elements whose content is never page text.
    static let ignoredNames: Set<String> = Set([
        "head", "script", "style", "title", "template", "noscript", "iframe", "object", "embed", "svg", "math",
        "select", "noembed", "noframes",
    ]).union(struckNames)
    /// Struck-through text (an editor's deletion, a unit or date crossed out): not page text,
    /// and named in `Grid.omitted`.
    static let struckNames: Set<String> = ["del", "s", "strike"]
    /// Elements whose newlines are line breaks.
    static let preformattedNames: Set<String> = ["pre", "listing", "xmp", "plaintext", "textarea"]

    /// What the walks need to know about an element name.
    struct TagInfo: Equatable {
        var ignored = false, struck = false, block = false, preformatted = false
        var br = false, table = false, caption = false, tr = false, cell = false, column = false
        /// `ol`: its `li`s are numbered 1. 2. 3. on the page; `ul`/`menu`: they are not.
        var orderedList = false, list = false, listItem = false

        init(_ tag: String) {
            orderedList = tag == "ol"
            list = tag == "ol" || tag == "ul" || tag == "menu" || tag == "dir"
            listItem = tag == "li"
            ignored = ignoredNames.contains(tag)
            struck = struckNames.contains(tag)
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

    /// A span attribute's value by the HTML rules: leading digits after optional spaces, else nil.
    static func span(_ raw: String) -> Int? {
        let digits = raw.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "+" }.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return nil }
        return digits.count > 6 ? 999_999 : Int(digits)
    }

    // MARK: - Text

    /// The text walk with its stack kept between calls: a table's cells are walked one after
    /// the other with the same stack.
    struct TextWalker {
        /// An element whose end still has to be acted on.
        private struct Exit {
            /// Where its subtree ends.
            var end: Int
            var block: Bool
            var preformatted: Bool
            /// For a table read as a table: the table, whose place is taken after its caption.
            var table: Int?
        }
        private var exits: [Exit] = []
        private var text = LineCollector()
        /// The lists the walk is in, innermost last: where each ends, and for an `ol` the number
        /// of its last item (nil for `ul`).
        private var lists: [(end: Int, number: Int?)] = []

        /// The lines of a table cell. A cell holding only text (most of them) is cleaned
        /// straight from the page's text, without the walk.
        mutating func cellLines(_ doc: HTMLDocument, cell: Int) -> [String] {
            let node = doc.nodes[cell]
            // A cell whose style strikes it through (its text is named by `HTMLReader.struckText`).
            if doc.kinds[Int(node.kind)].struck { return [] }
            if node.end == cell + 2, doc.nodes[cell + 1].kind == HTMLDocument.textKind {
                let only = doc.nodes[cell + 1]
                let line = doc.text.withUnsafeBufferPointer {
                    LineCollector.clean(UnsafeBufferPointer(rebasing: $0[Int(only.first)..<Int(only.first + only.second)]))
                }
                return line.isEmpty ? [] : [line]
            }
            return textLines(doc, under: cell, stopAtTables: false).lines
        }

        /// The text lines of the subtree at `root` in document order. With `stopAtTables`, each
        /// table not in `layout` is returned with the number of lines before it instead of being
        /// read as text (its caption, if any, still goes to the lines just before it).
        mutating func textLines(_ doc: HTMLDocument, under root: Int, stopAtTables: Bool, layout: Set<Int> = [])
            -> (lines: [String], tables: [(node: Int, linesBefore: Int)]) {
            var tables: [(node: Int, linesBefore: Int)] = []
            var preDepth = 0
            exits.removeAll(keepingCapacity: true)
            lists.removeAll(keepingCapacity: true)
            doc.nodes.withUnsafeBufferPointer { nodes in
                doc.text.withUnsafeBufferPointer { bytes in
                    var i = root
                    let end = Int(nodes[root].end)
                    while true {
                        while let exit = exits.last, exit.end <= i {
                            exits.removeLast()
                            if exit.block { text.breakLine() }
                            if exit.preformatted { preDepth -= 1 }
                            if let table = exit.table {
                                text.breakLine()
                                tables.append((table, text.lines.count))
                                i = Int(nodes[table].end)
                            }
                        }
                        while let list = lists.last, list.end <= i { lists.removeLast() }
                        guard i < end else { break }
                        let node = nodes[i]
                        if node.kind == HTMLDocument.textKind {
                            let start = Int(node.first)
                            text.add(UnsafeBufferPointer(rebasing: bytes[start..<(start + Int(node.second))]),
                                     preformatted: preDepth > 0)
                            i += 1
                            continue
                        }
                        let tag = doc.kinds[Int(node.kind)]
                        if tag.ignored {
                            // A struck-through paragraph still ends the line before it.
                            if tag.block { text.breakLine() }
                            i = Int(node.end)
                            continue
                        }
                        if tag.br {
                            text.breakLine()
                            i = Int(node.end)
                            continue
                        }
                        if tag.table, stopAtTables, !layout.contains(i) {
                            text.breakLine()
                            // The caption is read first; the table's place is taken where it ends.
                            let caption = HTMLTree.firstChild(of: i, in: nodes) { doc.kinds[Int($0.kind)].caption }
                            exits.append(Exit(end: caption.map { Int(nodes[$0].end) } ?? i, block: false,
                                              preformatted: false, table: i))
                            if let caption { i = caption }
                            continue
                        }
                        if tag.block { text.breakLine() }
                        if tag.list { lists.append((Int(node.end), tag.orderedList ? 0 : nil)) }
                        // An item of an ordered list starts with its number, as the page shows it
                        // ("1.做好政策解读…"): the prose reader's outline needs it. A list inside a
                        // list item is numbered (1), then ①, so that its items nest there too.
                        if tag.listItem, let k = lists.indices.last, let n = lists[k].number {
                            lists[k].number = n + 1
                            let depth = lists.filter { $0.number != nil }.count
                            let label = depth == 1 ? "\(n + 1)." : depth == 2 || n >= 20 ? "(\(n + 1))"
                                : String(UnicodeScalar(0x2460 + UInt32(n))!)
                            Array(label.utf8).withUnsafeBufferPointer { text.add($0, preformatted: false) }
                        }
                        if tag.preformatted { preDepth += 1 }
                        if tag.block || tag.preformatted {
                            exits.append(Exit(end: Int(node.end), block: tag.block, preformatted: tag.preformatted))
                        }
                        i += 1
                    }
                }
            }
            return (text.takeLines(), tables)
        }
    }

    /// The first element child of `parent` that `matches`.
    static func firstChild(of parent: Int, in nodes: UnsafeBufferPointer<HTMLDocument.Node>,
                           where matches: (HTMLDocument.Node) -> Bool) -> Int? {
        var i = parent + 1
        let end = Int(nodes[parent].end)
        while i < end {
            let node = nodes[i]
            if node.kind != HTMLDocument.textKind, matches(node) { return i }
            i = Int(node.end)
        }
        return nil
    }

    /// Tables used for page layout: a table holding a table with more rows than itself (a
    /// one-row frame around the plan). They are read as text so the plan table inside counts
    /// as a table of the page, not as lines of a frame cell. One pass over the page.
    static func layoutTables(_ doc: HTMLDocument) -> Set<Int> {
        struct Open {
            var node: Int
            var end: Int
            var rows = 0
            var deepest = 0
        }
        var layout: Set<Int> = []
        var open: [Open] = []
        doc.nodes.withUnsafeBufferPointer { nodes in
            var i = 0
            while true {
                while let table = open.last, table.end <= i {
                    open.removeLast()
                    if table.deepest > table.rows { layout.insert(table.node) }
                    if !open.isEmpty {
                        open[open.count - 1].deepest = max(open[open.count - 1].deepest, table.rows, table.deepest)
                    }
                }
                guard i < nodes.count else { break }
                let node = nodes[i]
                guard node.kind != HTMLDocument.textKind else {
                    i += 1
                    continue
                }
                let tag = doc.kinds[Int(node.kind)]
                if tag.ignored {
                    i = Int(node.end)
                    continue
                }
                if tag.tr, !open.isEmpty { open[open.count - 1].rows += 1 }
                if tag.table { open.append(Open(node: i, end: Int(node.end))) }
                i += 1
            }
        }
        return layout
    }

    // MARK: - Tables

    /// The rows of a table, each as its cell elements: `tr` under the table or its
    /// thead/tbody/tfoot (or any wrapper), never those of a nested table. Cells standing
    /// directly in the table (no `tr`) form a row of their own, as browsers do.
    /// `hidden`: the rows the page hides; `struck`: those whose style strikes them through.
    static func rows(of table: Int, in doc: HTMLDocument) -> (rows: [[Int]], hidden: Set<Int>, struck: Set<Int>) {
        var rows: [[Int]] = []
        var hidden = Set<Int>(), struck = Set<Int>()
        var stray: [Int] = []
        doc.nodes.withUnsafeBufferPointer { nodes in
            var i = table + 1
            let end = Int(nodes[table].end)
            while i < end {
                let node = nodes[i]
                guard node.kind != HTMLDocument.textKind else {
                    i += 1
                    continue
                }
                let tag = doc.kinds[Int(node.kind)]
                if tag.tr {
                    if !stray.isEmpty {
                        rows.append(stray)
                        stray = []
                    }
                    if node.first == HTMLDocument.hiddenRow { hidden.insert(rows.count) }
                    if tag.struck { struck.insert(rows.count) }
                    rows.append(cells(of: i, in: nodes, kinds: doc.kinds))
                    i = Int(node.end)
                } else if tag.cell {
                    stray.append(i)
                    i = Int(node.end)
                } else if tag.table || tag.caption || tag.column || tag.ignored {
                    i = Int(node.end)
                } else {
                    i += 1  // into a wrapper
                }
            }
        }
        if !stray.isEmpty { rows.append(stray) }
        return (rows, hidden, struck)
    }

    static func cells(of row: Int, in nodes: UnsafeBufferPointer<HTMLDocument.Node>, kinds: [TagInfo]) -> [Int] {
        var cells: [Int] = []
        var i = row + 1
        let end = Int(nodes[row].end)
        while i < end {
            let node = nodes[i]
            guard node.kind != HTMLDocument.textKind else {
                i += 1
                continue
            }
            let tag = kinds[Int(node.kind)]
            if tag.cell {
                cells.append(i)
                i = Int(node.end)
            } else if tag.table || tag.tr || tag.ignored {
                i = Int(node.end)
            } else {
                i += 1
            }
        }
        return cells
    }

    /// The table laid out on a grid: origin cells where written, `.fromLeft` right of them in a
    /// colspan, `.fromAbove` below them in a rowspan, short rows padded with empty cells.
    /// - Throws: `ImportError.damaged` past `HTMLReader.maxColumns` or the cell budget.
    /// Also the numbers of the rows it left out because the page hides them.
    static func layOut(table: Int, in doc: HTMLDocument, budget: inout Int, file: String) throws -> (rows: [GridRow], hidden: [Int]) {
        let (rowNodes, hidden, struck) = rows(of: table, in: doc)
        let rowCount = rowNodes.count
        var slots: [[GridCell?]] = Array(repeating: [], count: rowCount)
        var writes = 0  // every span position costs one, so overlapping spans cannot loop for long
        // The longest row so far: what a row is given room for when first written, as long as
        // the table at that width fits the budget (else a few bytes of spans could reserve gigabytes).
        var widest = 0
        var walker = TextWalker()
        let empty = GridCell(lines: []), fromAbove = GridCell.covered(.fromAbove), fromLeft = GridCell.covered(.fromLeft)
        func put(_ cell: GridCell, _ r: Int, _ c: Int) throws {
            writes += 1
            guard writes <= budget else { throw tooLarge(file) }
            if slots[r].count <= c {
                let room = max(widest, c + 1)
                if slots[r].isEmpty, rowCount * room <= budget { slots[r].reserveCapacity(room) }
                while slots[r].count <= c { slots[r].append(nil) }
                widest = max(widest, c + 1)
            }
            if slots[r][c] == nil { slots[r][c] = cell }  // overlapping spans: the first one wins
        }
        for (r, cellNodes) in rowNodes.enumerated() {
            var c = 0
            for node in cellNodes {
                while c < slots[r].count, slots[r][c] != nil { c += 1 }
                let cell = doc.nodes[node]
                let colspan = min(max(cell.first >= 0 ? Int(cell.first) : 1, 1), 1_000)
                let rowspan = cell.second >= 0 ? (cell.second == 0 ? rowCount - r : min(Int(cell.second), rowCount - r)) : 1
                guard c + colspan <= HTMLReader.maxColumns else {
                    throw ImportError.damaged(file: file, detail: "表格第\(r + 1)行超过 \(HTMLReader.maxColumns) 列")
                }
                // The lines are never empty strings: set without `GridCell.init`'s filtering copy.
                var origin = empty
                // A struck-through row's text is named by `HTMLReader.struckText`.
                if !struck.contains(r) { origin.lines = walker.cellLines(doc, cell: node) }
                for dr in 0..<max(rowspan, 1) {
                    for dc in 0..<colspan {
                        let cell = dr > 0 ? fromAbove : dc > 0 ? fromLeft : origin
                        try put(cell, r + dr, c + dc)
                    }
                }
                c += colspan
            }
        }
        let width = slots.reduce(0) { max($0, $1.count) }
        guard rowCount * width <= budget else { throw tooLarge(file) }
        budget -= rowCount * width
        let laidOut = slots.enumerated().map { r, row in
            var cells: [GridCell] = []
            cells.reserveCapacity(width)
            for cell in row { cells.append(cell ?? empty) }
            while cells.count < width { cells.append(empty) }
            return GridRow(number: r + 1, cells: cells)
        }
        // Rows the page hides (display:none, hidden) are laid out first, so rowspans from them
        // still cover the rows below, then left out.
        let dropped = Set(hidden.map { $0 + 1 }.filter { laidOut[$0 - 1].cells.contains { !$0.isEmpty } })
        return (dropped.isEmpty ? laidOut : GridRow.removing(numbers: dropped, from: laidOut), dropped.sorted())
    }

    /// A row's attribute that hides it: `hidden`, or a style with display:none. Shared by both
    /// parsers, so they mark the same rows.
    static func hidesRow(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>?) -> Bool {
        if HTMLFastParser.equalsIgnoringCase(name, "hidden") { return true }
        guard HTMLFastParser.equalsIgnoringCase(name, "style"), let value else { return false }
        return styleContains(value, "display:none")
    }

    /// A style that strikes an element's text through (`text-decoration: line-through`, as web
    /// editors write it): the element is read like `<del>`. Shared by both parsers.
    static func strikesText(style value: UnsafeBufferPointer<UInt8>) -> Bool {
        styleContains(value, "line-through")
    }

    /// `target` (lower-case, no white space) in a style value, ignoring case and white space:
    /// matched as the bytes go. Its first letter must occur nowhere else in it, so that a
    /// mismatch can restart at the byte itself.
    private static func styleContains(_ value: UnsafeBufferPointer<UInt8>, _ target: StaticString) -> Bool {
        let word = UnsafeBufferPointer(start: target.utf8Start, count: target.utf8CodeUnitCount)
        var matched = 0
        for byte in value where byte != 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D {
            let lower: UInt8 = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
            matched = lower == word[matched] ? matched + 1 : (lower == word[0] ? 1 : 0)
            if matched == word.count { return true }
        }
        return false
    }

    static func tooLarge(_ file: String) -> ImportError {
        .damaged(file: file, detail: "网页中的表格过大（超过 \(HTMLReader.maxCells / 10_000) 万个格子）")
    }
}
