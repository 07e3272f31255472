/// Tables in text laid out by position, as `pdftotext -layout` (and "copy as text" from many PDF
/// viewers) writes a PDF's table: each cell's text stands at its column's place on the line, a
/// cell that wraps goes on over the next lines at the same place, and the other cells of those
/// lines are blank. Read as one row per table row: the cells' lines joined, the columns known.
///
/// The places are character counts from the line's start (pdftotext writes each character,
/// Chinese or not, as one), and they drift by a few characters from line to line and from page
/// to page. So columns are found where fragments start, per page, and each fragment goes to the
/// column whose left edge it starts at (within the drift).
enum LayoutText {
    /// Text between runs of two or more spaces on one line.
    struct Fragment {
        var start: Int
        var end: Int
        var text: String
        /// How wide it prints, in half Chinese characters, when known (`Places`).
        var width: Int? = nil
    }

    /// Known for text laid out from a PDF's words: how wide each run of text prints, by line
    /// index and starting column, in half Chinese characters; and how high each line stands on
    /// its page, in points.
    struct Places {
        var widths: [Int: [Int: Int]] = [:]
        var heights: [Int: (top: Double, bottom: Double)] = [:]
    }

    /// Points as half Chinese characters of the usual table font (10.5 pt, 五号).
    static func halfCharacters(points: Double) -> Int { Int((points / 5.25).rounded()) }

    /// A table found in the lines: the lines it spans and its rows (the first is its header).
    struct Table {
        var lines: Range<Int>
        var rows: [GridRow]
        /// Rows with an empty cell in a column nearly every other row fills (the lead units, the
        /// deadline), or, in a centred table, a cell not centred on the row's number: a merged
        /// cell, or a text the reading put in the wrong row or column.
        var doubtfulRows: [Int] = []
        /// Their numbers (序号), as the office knows them.
        var doubtfulNumbers: [String] = []
        /// The 类别 column of a centred table, whose merged cells' rows were inferred from where
        /// their texts stand.
        var inferredMerges = false
        /// More than a quarter of its rows doubtful: the reading is not to be trusted.
        var mostlyDoubtful = false
    }

    /// How far a cell's left edge wanders from line to line in pdftotext's output.
    static let drift = 2

    /// The layout tables among `lines` (numbered `numbers`), in order.
    /// Lines of `|` or tab-separated cells are none of theirs.
    static func tables(_ lines: [String], numbers: [Int], places: Places? = nil) -> [Table] {
        let parsed: [(fragments: [Fragment], pageBreak: Bool)] = lines.indices.map { k in
            let line = lines[k]
            guard !TextReader.isTableLine(line), !TextReader.hasTwoTabs(line) else { return ([], false) }
            var (fragments, pageBreak) = parse(line)
            if let known = places?.widths[numbers[k] - 1] {
                for i in fragments.indices { fragments[i].width = known[fragments[i].start] }
            }
            return (fragments, pageBreak)
        }
        var tables: [Table] = []
        var k = 0
        while k < lines.count {
            guard parsed[k].fragments.count >= 3 else {
                k += 1
                continue
            }
            // A block that is no such table holds none further down either: each line is looked at once.
            let (table, end) = table(at: k, parsed, numbers: numbers, after: tables.last?.lines.upperBound ?? 0, places: places)
            if let table { tables.append(table) }
            k = max(end, k + 1)
        }
        return tables
    }

    /// A line without its page break (pdftotext starts each page with a form feed), as fragments.
    static func parse(_ line: String) -> (fragments: [Fragment], pageBreak: Bool) {
        var chars = Array(line)
        let pageBreak = chars.first == "\u{0C}"
        if pageBreak { chars.removeFirst() }
        var fragments: [Fragment] = []
        var i = 0
        while i < chars.count {
            while i < chars.count, chars[i] == " " || chars[i] == "\u{3000}" || chars[i] == "\t" { i += 1 }
            guard i < chars.count else { break }
            let start = i
            var end = i
            while i < chars.count {
                if chars[i] == " " || chars[i] == "\t" || chars[i] == "\u{3000}" {
                    // One space stays inside the text; two, or a full-width one, end it.
                    if chars[i] == " ", i + 1 < chars.count, chars[i + 1] != " ", chars[i + 1] != "\t", chars[i + 1] != "\u{3000}" {
                        i += 1
                        continue
                    }
                    break
                }
                i += 1
                end = i
            }
            fragments.append(Fragment(start: start, end: end, text: String(chars[start..<end])))
        }
        return (fragments, pageBreak)
    }

    /// A page number line (— 3 —, - 3 -, 第3页, 3/12): dropped inside a table.
    static func isPageNumber(_ fragments: [Fragment]) -> Bool {
        guard fragments.count == 1 else { return false }
        let text = fragments[0].text.filter { $0 != " " }
        guard let digits = text.firstIndex(where: \.isASCIIDigit) else { return false }
        let rest = text.unicodeScalars.filter { !("0"..."9").contains($0) }
        // A number alone is a row's number (its cells centred below it), not a page number.
        return text.distance(from: text.startIndex, to: digits) <= 2 && !rest.isEmpty
            && rest.allSatisfy { "-—–－/第页共 ".unicodeScalars.contains($0) }
    }

    /// What can stand alone at a row's start: a number (1, 12, 1.2), a section number (一、, （三）).
    static func isRowKey(_ text: String) -> Bool {
        let t = text.filter { $0 != " " }
        guard let first = t.first, t.count <= 12 else { return false }
        if first.isASCIIDigit { return t.allSatisfy { $0.isASCIIDigit || ".、．)）".contains($0) } }
        return "一二三四五六七八九十（(".contains(first)
    }

    /// The table whose header is line `h`, when the lines below it wrap cells (else the plain
    /// spaced reading of `TextReader` is the right one).
    /// Also where the block of lines looked at ends.
    /// `after`: where the table before it ended.
    private static func table(at h: Int, _ parsed: [(fragments: [Fragment], pageBreak: Bool)], numbers: [Int], after: Int,
                              places: Places?) -> (Table?, Int) {
        let exactPlaces = places != nil
        let header = parsed[h].fragments
        // A header whose cells are centred over several lines: the short words of its narrow
        // cells stand above and below the line of the others (序 above, 号 below).
        var up = 0
        while h - up - 1 >= after, h + up + 1 < parsed.count {
            let above = parsed[h - up - 1].fragments, below = parsed[h + up + 1].fragments
            guard !above.isEmpty, above.count < header.count, above.allSatisfy({ $0.text.count <= 6 }),
                  above.allSatisfy({ a in below.contains { abs($0.start - a.start) <= drift } }) else { break }
            up += 1
        }
        // The block: non-blank lines from the header on; page numbers, blank lines before a page
        // break and the page break itself do not end it. A line of text alone at the left that is
        // no row key (the signature under the table) does.
        let numbered = ["序", "编号", "号"].contains { header[0].text.hasPrefix($0) }
            || (up > 0 && ["序", "编"].contains { parsed[h - up].fragments[0].text.hasPrefix($0) && parsed[h - up].fragments[0].start <= header[0].start + drift })
        // The table's left edge: where its header's leftmost text starts.
        let left = ((h - up)...h).map { parsed[$0].fragments[0].start }.min() ?? header[0].start
        var widestLeft = 0  // the longest text at the left of a row so far (a 类别 line)
        var members = Array((h - up)...h)
        var pages = [Int](repeating: 0, count: up + 1)  // page of each member, counted from the header's
        var page = 0
        var k = h + 1
        var end = h + 1
        while k < parsed.count {
            let line = parsed[k]
            if line.pageBreak { page += 1 }
            if line.fragments.isEmpty || isPageNumber(line.fragments) {
                // Blank lines and page numbers go on only to a page break.
                var j = k + 1
                while j < parsed.count, !parsed[j].pageBreak, parsed[j].fragments.isEmpty || isPageNumber(parsed[j].fragments) { j += 1 }
                guard j < parsed.count, parsed[j].pageBreak, line.fragments.isEmpty || isPageNumber(line.fragments) else { break }
                k = j
                continue
            }
            // (Under a 序号 heading nothing but numbers stands at the left; under 类别, a section's
            // name, no wider than its column.)
            if line.fragments.count == 1, line.fragments[0].start <= left + drift, !isRowKey(line.fragments[0].text),
               line.fragments[0].end >= header[1].start || numbered || line.fragments[0].text.count > widestLeft {
                break
            }
            if let first = line.fragments.first, first.start <= left + drift { widestLeft = max(widestLeft, first.text.count) }
            if isRepeatedHeader(line.fragments, parsed[h - up].fragments), k + up < parsed.count,
               isRepeatedHeader(parsed[k + up].fragments, header) {
                // The header again on a new page, with the lines it is centred or wraps over.
                var h2 = h - up
                while k < parsed.count, h2 < parsed.count, !parsed[h2].fragments.isEmpty,
                      isRepeatedHeader(parsed[k].fragments, parsed[h2].fragments) {
                    k += 1
                    h2 += 1
                }
                end = k
                continue
            }
            members.append(k)
            pages.append(page)
            k += 1
            end = k
        }
        guard members.count >= 3 else { return (nil, end) }
        // Columns per page: the left edges where fragments start.
        // As many columns as a line has texts at most; with exact places (a PDF's own words), as
        // many as there are places where texts of several lines start (in a centred table no
        // line holds every column).
        var columnCount = members.map { parsed[$0].fragments.count }.max() ?? 0
        if exactPlaces {
            let starts = members.flatMap { parsed[$0].fragments.map(\.start) }
            columnCount = max(columnCount, clusters(starts).filter { $0.weight >= max(3, members.count / 20) }.count)
        }
        var startsByPage: [Int: [Int]] = [:]
        for (m, p) in zip(members, pages) { startsByPage[p, default: []] += parsed[m].fragments.map(\.start) }
        let edgesByPage = startsByPage.mapValues { edges($0, count: columnCount) }
        guard let firstEdges = edgesByPage[0], firstEdges.count >= 3 else { return (nil, end) }
        // Each member line as its fragments by column.
        let width = firstEdges.count
        // A page with more edges than the first has its rightmost texts in the last column
        // (never dropped).
        var lines: [[(column: Int, fragment: Fragment)]] = []
        var lineEdges: [[Int]] = []
        for (m, p) in zip(members, pages) {
            let edges = edgesByPage[p] ?? firstEdges
            lines.append(parsed[m].fragments.flatMap { split($0, at: edges) }.map { f in
                (column(of: f, edges: edges, width: width), f)
            })
            lineEdges.append(edges)
        }
        // Each column's width: its widest text (a line that stops short of it ends a paragraph;
        // one that reaches it wraps). Texts with a gap between two Chinese characters may hold
        // two cells and are not measured.
        var columnWidth = [Int](repeating: 0, count: width)
        for line in lines {
            for (c, f) in line where c < width && gaps(f).isEmpty { columnWidth[c] = max(columnWidth[c], displayWidth([f])) }
        }
        // Where pdftotext left one space between two cells, their texts are one fragment, and
        // the places of a line full of Chinese text have drifted too far to tell: a gap between
        // two Chinese characters after a text that fills its column ends that cell.
        var placed: [[Int: [Fragment]]] = zip(lines, lineEdges).map { line, edges in
            var byColumn: [Int: [Fragment]] = [:]
            for (c, f) in line {
                var column = c, rest = f
                while column + 1 < width, let cut = gaps(rest).first(where: { fills([prefix(rest, $0)], columnWidth[column]) }) {
                    byColumn[column, default: []].append(prefix(rest, cut))
                    rest = suffix(rest, cut)
                    column = max(column + 1, Self.column(of: rest, edges: edges, width: width))
                }
                byColumn[column, default: []].append(rest)
            }
            return byColumn
        }
        // The column that numbers the rows: the first or, after a 类别 column, the second.
        let keyColumn = [0, 1].first { c in
            let texts = placed.dropFirst().compactMap { $0[c]?.map(\.text).joined() }
            let numbers = texts.filter { $0.allSatisfy { $0.isASCIIDigit || $0 == "." } }
            return numbers.count >= 2 && numbers.count * 10 >= texts.count * 6
        } ?? 0
        let keyed = placed.indices.dropFirst().filter { i in placed[i][keyColumn].map { isRowKey($0.map(\.text).joined()) } ?? false }
        // Only tables whose cells wrap: some line below the header starts no row.
        guard keyed.count >= 1, keyed.count < placed.count - 1 else { return (nil, end) }
        // Rows: from each keyed line (top-aligned cells, Word's default), or around it when the
        // cells are centred vertically (the keyed lines then hold few of the row's cells).
        let fill = Double(keyed.map { placed[$0].count }.reduce(0, +)) / Double(keyed.count * width)
        // How high each line stands (a PDF's words), its pages put one under the other.
        var ys: [(top: Double, bottom: Double)]?
        if let heights = places?.heights {
            var stacked: [(top: Double, bottom: Double)] = []
            var offset = 0.0
            for (i, m) in members.enumerated() {
                guard let h = heights[numbers[m] - 1] else { break }
                if i > 0, pages[i] != pages[i - 1], let last = stacked.last { offset = last.bottom + 1 - h.top }
                stacked.append((h.top + offset, h.bottom + offset))
            }
            if stacked.count == members.count { ys = stacked }
        }
        // The header's lines when centred: as many below its main line as above it.
        let headerLines = 2 * up + 1
        let centred = fill < 0.75 && keyed[0] > headerLines
        var groups: [Range<Int>] = []  // member indices of each row; the header first
        if centred {
            groups.append(0..<headerLines)
            var start = headerLines
            for (n, key) in keyed.enumerated() {
                let next = n + 1 < keyed.count ? keyed[n + 1] : placed.count
                var (stop, balanced) = balancedEnd(placed, start: start, key: key, limit: next, width: width)
                // A row split by a page break is not centred (nothing of it above its number, or
                // no balance): the lines that go on with its wrapping cells are its own.
                while !(balanced && start < key), stop < next, continues(placed[stop], rows: placed[start..<stop], columnWidth: columnWidth) { stop += 1 }
                groups.append(start..<stop)
                start = stop
            }
            if start < placed.count, var last = groups.popLast() {
                last = last.lowerBound..<placed.count
                groups.append(last)
            }
        } else {
            groups.append(0..<keyed[0])
            for (n, key) in keyed.enumerated() {
                groups.append(key..<(n + 1 < keyed.count ? keyed[n + 1] : placed.count))
            }
            // Below a row's number, its column holds nothing more: text there has drifted left
            // out of the next column (a row whose number stands alone on its line).
            for group in groups.dropFirst() {
                for i in group.dropFirst() {
                    guard keyColumn + 1 < width, let drifted = placed[i].removeValue(forKey: keyColumn) else { continue }
                    placed[i][keyColumn + 1] = drifted + (placed[i][keyColumn + 1] ?? [])
                }
            }
        }
        let rows: [GridRow] = groups.map { group in
            var cells: [GridCell] = []
            for c in 0..<width {
                var lines: [String] = []
                var wraps = false
                for i in group {
                    guard let fs = placed[i][c] else { continue }
                    let text = fs.map(\.text).joined(separator: " ")
                    if wraps, let previous = lines.last {
                        lines[lines.count - 1] = join(previous, text)
                    } else {
                        lines.append(text)
                    }
                    wraps = fills(fs, columnWidth[c])
                }
                cells.append(GridCell(lines: lines.map { TextNormalizer.withoutSpacesBesideChinese(TextNormalizer.collapseSpaces($0)) }))
            }
            return GridRow(number: numbers[members[group.lowerBound]], cells: cells)
        }
        var table = Table(lines: (h - up)..<end, rows: rows)
        let body = rows.dropFirst()
        let filled = (0..<width).filter { c in body.filter { !$0.cells[c].isEmpty }.count * 10 >= body.count * 8 }
        var doubtful = Set(body.filter { row in filled.contains { row.cells[$0].isEmpty } }.map(\.number))
        if centred {
            let keyedSet = Set(keyed)
            // Each cell of a centred row stands around the row's number.
            for (g, group) in groups.enumerated().dropFirst() {
                guard let key = group.first(where: { keyedSet.contains($0) }) else { continue }
                for c in (keyColumn + 1)..<max(keyColumn + 1, width) {
                    let at = group.filter { placed[$0][c] != nil }
                    guard let first = at.first, let last = at.last else { continue }
                    if let ys {
                        let line = ys[key].bottom - ys[key].top
                        let off = (ys[first].top + ys[last].bottom) / 2 - (ys[key].top + ys[key].bottom) / 2
                        if abs(off) > line / 2 { doubtful.insert(rows[g].number) }
                    } else if abs(Double(at.reduce(0, +)) / Double(at.count) - Double(key)) > 1 {
                        doubtful.insert(rows[g].number)
                    }
                }
            }
        }
        table.doubtfulRows = doubtful.sorted()
        table.doubtfulNumbers = rows.filter { doubtful.contains($0.number) }.map { row in
            isRowKey(row.cells[keyColumn].text) ? row.cells[keyColumn].text : ""
        }
        table.mostlyDoubtful = body.count >= 3 && doubtful.count * 4 > body.count
        if centred, keyColumn > 0 {
            // A 类别 cell merged over several rows stands in the middle of them: its text goes to
            // the first (the rows below take it over, as from any merged cell).
            for c in 0..<keyColumn { placeCentred(column: c, of: &table, placed: placed, groups: groups, ys: ys) }
            table.inferredMerges = true
        }
        return (table, end)
    }

    /// The column whose left edge a text starts at (within the drift), at most the last.
    private static func column(of f: Fragment, edges: [Int], width: Int) -> Int {
        min(width - 1, max(0, edges.lastIndex { $0 <= f.start + drift } ?? 0))
    }

    /// A fragment that runs over the next column's left edge split at the single space there
    /// (where pdftotext left one space between two cells: "40 巩固拓展脱").
    static func split(_ f: Fragment, at edges: [Int]) -> [Fragment] {
        guard let next = edges.firstIndex(where: { $0 > f.start + drift }), f.end > edges[next] + drift else { return [f] }
        let chars = Array(f.text)
        for (i, ch) in chars.enumerated() where ch == " " && abs(f.start + i + 1 - edges[next]) <= drift {
            let left = Fragment(start: f.start, end: f.start + i, text: String(chars[..<i]))
            let right = Fragment(start: f.start + i + 1, end: f.end, text: String(chars[(i + 1)...]))
            return [left] + split(right, at: edges)
        }
        return [f]
    }

    /// The offsets of single spaces between two Chinese characters in a fragment's text.
    static func gaps(_ f: Fragment) -> [Int] {
        let chars = Array(f.text)
        guard chars.count > 2 else { return [] }
        return (1..<(chars.count - 1)).filter { chars[$0] == " " && TextNormalizer.isChinese(chars[$0 - 1]) && TextNormalizer.isChinese(chars[$0 + 1]) }
    }

    private static func prefix(_ f: Fragment, _ i: Int) -> Fragment {
        Fragment(start: f.start, end: f.start + i, text: String(f.text.prefix(i)))
    }

    private static func suffix(_ f: Fragment, _ i: Int) -> Fragment {
        Fragment(start: f.start + i + 1, end: f.end, text: String(f.text.dropFirst(i + 1)))
    }

    /// The header again (pdftotext writes a repeated header row on each page).
    private static func isRepeatedHeader(_ line: [Fragment], _ header: [Fragment]) -> Bool {
        line.count == header.count && zip(line, header).allSatisfy { $0.text == $1.text }
    }

    /// `count` left edges from the fragments' starts: starts within `drift` of each other are one
    /// edge (its leftmost start), and the edges most fragments start at are kept.
    static func edges(_ starts: [Int], count: Int) -> [Int] {
        let kept = clusters(starts).enumerated().sorted { $0.element.weight > $1.element.weight || ($0.element.weight == $1.element.weight && $0.offset < $1.offset) }
            .prefix(count).map(\.element.edge)
        return kept.sorted()
    }

    /// Starts within `drift` of each other as one place: its leftmost start and how many start there.
    static func clusters(_ starts: [Int]) -> [(edge: Int, last: Int, weight: Int)] {
        var clusters: [(edge: Int, last: Int, weight: Int)] = []
        for s in starts.sorted() {
            if let last = clusters.last, s - last.last <= drift {
                clusters[clusters.count - 1].last = s
                clusters[clusters.count - 1].weight += 1
            } else {
                clusters.append((s, s, 1))
            }
        }
        return clusters
    }

    /// Where a row whose cells are centred on its keyed line `key` ends: after as many lines of
    /// each column below the key as above it (the lines from `start`), at most up to `limit`.
    /// Also whether each column has as many lines below as above there. (Counted in lines even
    /// where a PDF gives the heights: measured in points, one misplaced row put every row after
    /// it on the page off by the same amount.)
    private static func balancedEnd(_ placed: [[Int: [Fragment]]], start: Int, key: Int, limit: Int, width: Int) -> (Int, Bool) {
        var above = [Int](repeating: 0, count: width)
        for i in start..<key { for c in placed[i].keys where c < width { above[c] += 1 } }
        var below = [Int](repeating: 0, count: width)
        var best = key + 1
        var bestCost = zip(above, below).map { abs($0 - $1) }.reduce(0, +)
        var stop = key + 1
        while stop < limit {
            for c in placed[stop].keys where c < width { below[c] += 1 }
            stop += 1
            let cost = zip(above, below).map { abs($0 - $1) }.reduce(0, +)
            if cost < bestCost {
                best = stop
                bestCost = cost
            }
        }
        return (best, bestCost == 0)
    }

    /// Chinese characters and full-width signs, and the quotes, dashes and ellipsis Chinese fonts
    /// print full width (“”‘’—…).
    private static func isWide(_ u: Unicode.Scalar) -> Bool {
        u.value >= 0x2E80 || (0x2014...0x2026).contains(u.value)
    }


    /// How wide fragments print: a Chinese character (or full-width sign) as two letters, the
    /// spaces pdftotext adds not at all.
    static func displayWidth(_ fragments: [Fragment]) -> Int {
        fragments.reduce(0) { sum, f in
            sum + (f.width ?? f.text.unicodeScalars.reduce(0) { $0 + (isWide($1) ? 2 : $1 == " " ? 0 : 1) })
        }
    }

    /// A cell's line that fills its column (within a Chinese character, three in a wide column,
    /// or 15 %: digits and Latin letters print narrower than counted) goes on in the next line;
    /// a shorter one ends a paragraph (配合单位 listed one per line).
    /// `strictly`: to the last letter (or 90 %), where a wrong "wraps" joins two rows.
    static func fills(_ line: [Fragment], _ columnWidth: Int, strictly: Bool = false) -> Bool {
        let width = displayWidth(line)
        if strictly { return width >= columnWidth - (columnWidth >= 24 ? 4 : 1) || width * 100 >= columnWidth * 90 }
        // A wide column's lines end up to three characters short (a Latin word or a sign that
        // may not start a line goes to the next line whole).
        return width >= columnWidth - (columnWidth >= 24 ? 6 : 2) || width * 100 >= columnWidth * 85
    }

    /// Moves the texts of a merged column in a centred table to the first of the rows they stand
    /// in the middle of: each text (its lines in a row of `placed`) covers the rows from the one
    /// after the previous text's rows to the row whose lines put the text in their middle.
    /// With `ys` (a PDF's line heights), the middles are measured on the page, not in lines.
    private static func placeCentred(column c: Int, of table: inout Table, placed: [[Int: [Fragment]]], groups: [Range<Int>],
                                     ys: [(top: Double, bottom: Double)]?) {
        // The texts: runs of lines with text in the column.
        var texts: [(lines: ClosedRange<Int>, row: Int)] = []
        for (r, group) in groups.enumerated() where r > 0 {
            for i in group where placed[i][c] != nil {
                if let last = texts.last, last.lines.upperBound >= i - 1 {
                    texts[texts.count - 1].lines = last.lines.lowerBound...i
                } else {
                    texts.append((i...i, r))
                }
            }
        }
        guard texts.count >= 1 else { return }
        var moved = table.rows
        var start = 1
        for t in texts {
            guard start < groups.count else { break }
            let middle = ys.map { ($0[t.lines.lowerBound].top + $0[t.lines.upperBound].bottom) / 2 }
                ?? Double(t.lines.lowerBound + t.lines.upperBound) / 2
            var best = start, bestDistance = Double.infinity
            for e in start..<groups.count {
                let span = ys.map { ($0[groups[start].lowerBound].top + $0[groups[e].upperBound - 1].bottom) / 2 }
                    ?? Double(groups[start].lowerBound + groups[e].upperBound - 1) / 2
                let distance = abs(span - middle)
                if distance < bestDistance { best = e; bestDistance = distance }
            }
            let cell = table.rows[t.row].cells[c]
            for r in start...best { moved[r].cells[c] = GridCell(lines: []) }
            moved[start].cells[c] = cell
            start = best + 1
        }
        table.rows = moved
    }

    /// Most texts of `line` go on with a cell of `rows` whose last line so far fills its column.
    private static func continues(_ line: [Int: [Fragment]], rows: ArraySlice<[Int: [Fragment]]>, columnWidth: [Int]) -> Bool {
        let going = line.keys.filter { c in
            guard c < columnWidth.count, let last = rows.last(where: { $0[c] != nil })?[c] else { return false }
            return fills(last, columnWidth[c], strictly: true)
        }
        return going.count * 2 > line.count
    }

    /// Two pieces of a wrapped cell: Chinese runs on directly, words and numbers keep a space.
    static func join(_ a: String, _ b: String) -> String {
        guard let last = a.last, let first = b.first else { return a + b }
        let word: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber) }
        return word(last) && word(first) ? a + " " + b : a + b
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
