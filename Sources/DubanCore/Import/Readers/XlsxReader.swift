import Foundation

/// Reads an Excel (XLSX/WPS ET) workbook into a Grid: one table per sheet, shared and inline
/// strings, `mergeCells` expanded (value in the top-left cell), numbers as written, date
/// cells as 2018年9月30日 so the deadline parser reads them, and percent-formatted cells as
/// Excel shows them ("100%" for the number 1, "12.5%" for 0.125 with format 0.0%).
public enum XlsxReader {
    /// Largest sheet size accepted (rows × columns of the used range).
    static let maxCells = 5_000_000
    static let maxColumns = 2_000
    /// Highest row number accepted (Excel's own limit is 1,048,576).
    static let maxRowNumber = 10_000_000
    /// Most non-empty cells (and shared strings) kept in memory while a sheet streams by.
    static let maxStoredCells = 1_000_000

    /// Reads XLSX bytes.
    /// - Throws: `ImportError` for a damaged or refused package.
    public static func read(_ data: Data, source: String) throws -> Grid {
        let package = try OOXMLPackage(data: data, file: source)
        let sheets = try sheetParts(package)
        let (strings, struckStrings, richStrings) = package.has("xl/sharedStrings.xml") ? try sharedStrings(package) : ([], [:], [])
        let styles = package.has("xl/styles.xml") ? try numberStyles(package) : NumberStyles()
        var grid = Grid(source: source, format: .xlsx)
        for sheet in sheets where package.has(sheet.part) {
            // A hidden sheet (an old version, last year's plan, lookup lists) is not part of what
            // the workbook shows.
            if sheet.hidden {
                grid.omitted.append(Omission(table: sheet.name, row: nil, message: "工作表“\(sheet.name)”是隐藏的，未读取；如果它也是分工方案的一部分，请在 Excel 中取消隐藏后重新导入"))
                continue
            }
            let builder = SheetBuilder(strings: strings, struckStrings: struckStrings, richStrings: richStrings, styles: styles,
                                       file: source)
            try XMLStream.parse(package, part: sheet.part, handler: builder)
            if let error = builder.error { throw error }
            let (rows, omitted) = try builder.visibleRows(sheet: sheet.name)
            grid.omitted += omitted
            if !rows.isEmpty {
                grid.tables.append(GridTable(name: sheet.name, rows: rows, aligned: true, mergesKnown: true, linesBefore: 0))
            }
        }
        return grid
    }

    /// Name, part path and whether it is hidden (state hidden or veryHidden), in workbook order.
    static func sheetParts(_ package: OOXMLPackage) throws -> [(name: String, part: String, hidden: Bool)] {
        let workbook = CollectingHandler(elements: ["sheet"])
        try XMLStream.parse(package, part: "xl/workbook.xml", handler: workbook)
        var targets: [String: String] = [:]
        if package.has("xl/_rels/workbook.xml.rels") {
            let rels = CollectingHandler(elements: ["Relationship"])
            try XMLStream.parse(package, part: "xl/_rels/workbook.xml.rels", handler: rels)
            for r in rels.found {
                guard let id = r["Id"], var target = r["Target"] else { continue }
                if target.hasPrefix("/") { target.removeFirst() } else { target = "xl/" + target }
                targets[id] = target
            }
        }
        return workbook.found.enumerated().map { k, sheet in
            let name = sheet["name"] ?? "Sheet\(k + 1)"
            let part = sheet["id"].flatMap { targets[$0] } ?? "xl/worksheets/sheet\(k + 1).xml"
            return (name, part, sheet["state"] == "hidden" || sheet["state"] == "veryHidden")
        }
    }

    /// The shared string table (rich text runs joined; phonetic runs skipped; struck-through
    /// runs apart, by string index).
    static func sharedStrings(_ package: OOXMLPackage) throws -> (strings: [String], struck: [Int: String], rich: Set<Int>) {
        let handler = SharedStringsHandler()
        try XMLStream.parse(package, part: "xl/sharedStrings.xml", handler: handler)
        return (handler.strings, handler.struck, handler.rich)
    }

    /// What a cell style's number format shows, by index into cellXfs.
    struct NumberStyles {
        /// Styles that show a date, and whether they show its day or only its month.
        var dates: [Int: DateShape] = [:]
        /// Styles that show a percent, with the decimals shown.
        var percents: [Int: Int] = [:]
        /// Styles that show a fixed number of decimals (0.00: 6.3 shows as 6.30, a 完成时限 of 6.30).
        var decimals: [Int: Int] = [:]
        /// Styles whose font is struck through.
        var struck = Set<Int>()
    }

    enum DateShape { case day, month }

    /// Built-in formats that show a date: Excel's and the Chinese ones (27–36, 50–58), the
    /// ones that show only the year and month (mmm-yy, yyyy"年"m"月") apart.
    static let builtInMonths: Set<Int> = [17, 27, 36, 50, 52, 57]

    static func numberStyles(_ package: OOXMLPackage) throws -> NumberStyles {
        let handler = StylesHandler()
        try XMLStream.parse(package, part: "xl/styles.xml", handler: handler)
        var styles = NumberStyles()
        for (k, font) in handler.cellFonts.enumerated() where handler.struckFonts.contains(font) { styles.struck.insert(k) }
        for (k, fmt) in handler.cellFormats.enumerated() {
            if (14...22).contains(fmt) || (45...47).contains(fmt) || (27...36).contains(fmt) || (50...58).contains(fmt) {
                styles.dates[k] = builtInMonths.contains(fmt) ? .month : .day
            } else if fmt == 9 || fmt == 10 {  // built-in 0% and 0.00%
                styles.percents[k] = fmt == 9 ? 0 : 2
            } else if fmt == 2 || fmt == 4 {  // built-in 0.00 and #,##0.00
                styles.decimals[k] = 2
            } else if let code = handler.customFormats[fmt] {
                if let shape = dateShape(formatCode: code) {
                    styles.dates[k] = shape
                } else if let decimals = percentDecimals(formatCode: code) {
                    styles.percents[k] = decimals
                } else if let decimals = fixedDecimals(formatCode: code) {
                    styles.decimals[k] = decimals
                }
            }
        }
        return styles
    }

    /// Whether a custom format shows a date, and with its day or only its month: yyyy/m/d,
    /// yyyy"年"m"月"d"日" → day; yyyy"年"m"月", mmm-yy, m"月" → month. Quoted text and
    /// brackets ([Red], [$-804]) name no date part; a format with hours or seconds is a time.
    static func dateShape(formatCode code: String) -> DateShape? {
        let lower = code.lowercased().replacingOccurrences(of: "\"[^\"]*\"", with: "", options: .regularExpression)
        let unbracketed = lower.replacingOccurrences(of: "\\[[^\\]]*\\]", with: "", options: .regularExpression)
        guard !lower.contains("[h") else { return nil }
        if unbracketed.contains("y") || unbracketed.contains("d") {
            return unbracketed.contains("d") || !unbracketed.contains("m") ? .day : .month
        }
        // m"月" alone: a month (m without h or s, which would make it minutes).
        if unbracketed.contains("m"), !unbracketed.contains("h"), !unbracketed.contains("s"),
           unbracketed.allSatisfy({ "m-/. ".contains($0) }) {
            return .month
        }
        return nil
    }

    /// The decimals of a plain number format (0.00, #,##0.0), nil for any other.
    static func fixedDecimals(formatCode code: String) -> Int? {
        let first = code.split(separator: ";").first.map(String.init) ?? code
        guard !first.isEmpty, first.allSatisfy({ "0#,.".contains($0) }), let point = first.firstIndex(of: ".") else { return nil }
        let decimals = first[first.index(after: point)...].prefix { $0 == "0" }.count
        return decimals > 0 ? min(decimals, 10) : nil
    }

    /// The decimals a custom number format shows when its first section has an unquoted `%`
    /// (not in "…", after \, in […], or the character after _ or *); nil when it is no percent.
    static func percentDecimals(formatCode code: String) -> Int? {
        var section: [Character] = []
        var quoted = false, bracket = false, skipNext = false
        for ch in code {
            if skipNext { skipNext = false; continue }
            if quoted { if ch == "\"" { quoted = false }; continue }
            if bracket { if ch == "]" { bracket = false }; continue }
            if ch == ";" { break }  // the first section is the one for positive numbers
            switch ch {
            case "\"": quoted = true
            case "[": bracket = true
            case "\\", "_", "*": skipNext = true
            default: section.append(ch)
            }
        }
        guard section.contains("%") else { return nil }
        guard let point = section.firstIndex(of: ".") else { return 0 }
        let decimals = section[(point + 1)...].prefix { "0#?".contains($0) }.count
        return min(decimals, 10)
    }

    /// Excel serial day (1900 system) to a day.
    static func day(fromSerial serial: Double) -> Day? {
        guard serial >= 1, serial < 2_958_466 else { return nil }
        // Serial 25569 is 1970-01-01 (Excel counts the fictitious 1900-02-29).
        return Day(ordinal: Int(serial.rounded(.down)) - 25569)
    }
}

/// Collects the attributes of chosen elements.
final class CollectingHandler: XMLStreamHandler {
    let elements: Set<String>
    private(set) var found: [[String: String]] = []
    init(elements: Set<String>) { self.elements = elements }
    func start(_ name: XMLName, _ attributes: XMLAttributes) {
        guard elements.contains(name.string) else { return }
        var out: [String: String] = [:]
        for key: StaticString in ["name", "id", "Id", "Target", "sheetId", "state"] { out[key.description] = attributes[key] }
        found.append(out)
    }
    func end(_ name: XMLName) {}
    func text(_ bytes: UnsafeBufferPointer<UInt8>) {}
}

final class SharedStringsHandler: XMLStreamHandler {
    private(set) var strings: [String] = []
    /// The struck-through runs of rich-text strings, by string index (left out of `strings`).
    private(set) var struck: [Int: String] = [:]
    /// Strings made of runs: their runs' fonts, not the cell's, say what is struck through.
    private(set) var rich = Set<Int>()
    private(set) var refusal: String?
    private var current: [UInt8] = []
    private var currentStruck: [UInt8] = []
    private var inT = false
    private var phonetic = 0
    private var inRun = false, inRunProperties = false, runStruck = false
    func start(_ name: XMLName, _ attributes: XMLAttributes) {
        switch name {
        case "si": current.removeAll(keepingCapacity: true); currentStruck.removeAll(keepingCapacity: true)
        case "t": inT = phonetic == 0
        case "rPh", "phoneticPr": phonetic += 1
        case "r": inRun = true; runStruck = false; rich.insert(strings.count)
        case "rPr" where inRun: inRunProperties = true
        case "strike" where inRunProperties: runStruck = attributes.isOn
        default: break
        }
    }
    func end(_ name: XMLName) {
        switch name {
        case "si":
            if !currentStruck.isEmpty { struck[strings.count] = String(decoding: currentStruck, as: UTF8.self) }
            strings.append(String(decoding: current, as: UTF8.self))
            if strings.count > XlsxReader.maxStoredCells, refusal == nil {
                refusal = "共享字符串超过 \(XlsxReader.maxStoredCells / 10_000) 万条，不像分工方案，已拒绝"
            }
        case "t": inT = false
        case "rPh", "phoneticPr": phonetic -= 1
        case "r": inRun = false; runStruck = false
        case "rPr": inRunProperties = false
        default: break
        }
    }
    func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard inT else { return }
        if runStruck { currentStruck.append(contentsOf: bytes) } else { current.append(contentsOf: bytes) }
    }
}

final class StylesHandler: XMLStreamHandler {
    private(set) var cellFormats: [Int] = []
    private(set) var cellFonts: [Int] = []
    private(set) var customFormats: [Int: String] = [:]
    /// Indexes of the fonts (in `fonts`) that are struck through.
    private(set) var struckFonts = Set<Int>()
    private var inCellXfs = false, inFonts = false
    private var fontCount = 0
    func start(_ name: XMLName, _ attributes: XMLAttributes) {
        switch name {
        case "numFmt":
            if let id = attributes.int("numFmtId"), let code = attributes["formatCode"] { customFormats[id] = code }
        case "fonts": inFonts = true
        case "font" where inFonts: fontCount += 1
        case "strike" where inFonts: if attributes.isOn { struckFonts.insert(fontCount - 1) }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs:
            cellFormats.append(attributes.int("numFmtId") ?? 0)
            cellFonts.append(attributes.int("fontId") ?? 0)
        default: break
        }
    }
    func end(_ name: XMLName) {
        if name == "cellXfs" { inCellXfs = false }
        if name == "fonts" { inFonts = false }
    }
    func text(_ bytes: UnsafeBufferPointer<UInt8>) {}
}

/// Builds the cells of one worksheet. Its state is touched only by its own callbacks, one at a
/// time: `@exclusivity(unchecked)` spares a runtime check on each access (as in `DocxBuilder`).
final class SheetBuilder: XMLStreamHandler {
    let strings: [String]
    let styles: XlsxReader.NumberStyles
    let file: String
    private(set) var error: ImportError?
    /// Stops the stream as soon as the sheet is refused.
    var refusal: String? {
        if case .damaged(_, let detail)? = error { return detail }
        return nil
    }

    @exclusivity(unchecked) private var cells: [Int: [Int: String]] = [:]  // row → column → text
    @exclusivity(unchecked) private var merges: [(r0: Int, c0: Int, r1: Int, c1: Int)] = []
    @exclusivity(unchecked) private var row = 0
    @exclusivity(unchecked) private var column = -1
    @exclusivity(unchecked) private var type = "n"
    @exclusivity(unchecked) private var style = 0
    @exclusivity(unchecked) private var value: [UInt8] = []
    @exclusivity(unchecked) private var collecting = false
    @exclusivity(unchecked) private var inInline = false
    @exclusivity(unchecked) private var maxColumn = -1
    @exclusivity(unchecked) private var stored = 0
    /// Rows and columns (0-based) the sheet hides, and whether it has a filter (whose hidden rows
    /// are only filtered out of view: they stay part of the plan).
    @exclusivity(unchecked) private(set) var hiddenRows = Set<Int>()
    @exclusivity(unchecked) private(set) var hiddenColumns = Set<Int>()
    @exclusivity(unchecked) private(set) var filtered = false

    init(strings: [String], struckStrings: [Int: String] = [:], richStrings: Set<Int> = [],
         styles: XlsxReader.NumberStyles = XlsxReader.NumberStyles(), file: String) {
        self.strings = strings
        self.struckStrings = struckStrings
        self.richStrings = richStrings
        self.styles = styles
        self.file = file
    }

    let struckStrings: [Int: String]
    let richStrings: Set<Int>
    /// Whether the current cell's text is made of runs (then the runs, not the cell style, strike).
    @exclusivity(unchecked) private var richCell = false
    /// Struck-through text by row (a cell in a struck font, or struck runs of a rich string), left out.
    @exclusivity(unchecked) private var struck: [Int: [String]] = [:]

    func start(_ name: XMLName, _ attributes: XMLAttributes) {
        switch name {
        case "row":
            let number = attributes.int("r") ?? row + 1  // row is within 0...maxRowNumber here
            guard (1...XlsxReader.maxRowNumber).contains(number) else {
                error = .damaged(file: file, detail: "行号 \(number) 超出 1 到 \(XlsxReader.maxRowNumber) 的范围")
                return
            }
            row = number
            column = -1
            if attributes.isTrue("hidden") { hiddenRows.insert(number) }
        case "col":
            if attributes.isTrue("hidden"),
               let min = attributes.int("min"), let max = attributes.int("max"), min >= 1, min <= max {
                for c in min...Swift.min(max, XlsxReader.maxColumns) { hiddenColumns.insert(c - 1) }
            }
        case "autoFilter": filtered = true
        case "c":
            if let (r, c) = attributes.withValue("r", Self.parseRef) ?? nil { row = r; column = c } else { column += 1 }
            type = attributes["t"] ?? "n"
            style = attributes.int("s") ?? 0
            value.removeAll(keepingCapacity: true)
            inlineStruck.removeAll(keepingCapacity: true)
            richCell = false
        case "v": collecting = true
        case "is": inInline = true
        case "t" where inInline: collecting = true
        // A rich inline string's runs: a struck-through run is left out, as in shared strings.
        case "r" where inInline: runStruck = false; richCell = true
        case "strike" where inInline: runStruck = attributes.isOn
        case "mergeCell":
            if let ref = attributes["ref"] {
                let parts = ref.split(separator: ":")
                if parts.count == 2, let a = Self.parseRef(String(parts[0])), let b = Self.parseRef(String(parts[1])) {
                    merges.append((min(a.0, b.0), min(a.1, b.1), max(a.0, b.0), max(a.1, b.1)))
                }
            }
        default: break
        }
    }

    func end(_ name: XMLName) {
        switch name {
        case "v", "t": collecting = false
        case "is": inInline = false
        case "r" where inInline: runStruck = false
        case "c":
            guard column >= 0, error == nil else { return }
            if !inlineStruck.isEmpty { struck[row, default: []].append(String(decoding: inlineStruck, as: UTF8.self)) }
            if column >= XlsxReader.maxColumns {
                error = .damaged(file: file, detail: "第 \(row) 行超过 \(XlsxReader.maxColumns) 列")
                return
            }
            let raw = String(decoding: value, as: UTF8.self)
            var text: String
            switch type {
            case "s":
                let index = Int(raw)
                text = index.flatMap { $0 >= 0 && $0 < strings.count ? strings[$0] : nil } ?? ""
                if !struckStrings.isEmpty, let index, let crossed = struckStrings[index] { struck[row, default: []].append(crossed) }
                // Only a struck cell style asks whether the cell is rich: no lookup per cell without one.
                if !styles.struck.isEmpty, let index, richStrings.contains(index) { richCell = true }
            case "inlineStr", "str", "e": text = raw
            case "b": text = raw == "1" ? "TRUE" : "FALSE"
            default: text = number(raw)
            }
            if !styles.struck.isEmpty, styles.struck.contains(style), !richCell, !text.isEmpty {
                struck[row, default: []].append(text)
                text = ""
            }
            if !text.isEmpty {
                stored += 1
                if stored > XlsxReader.maxStoredCells {
                    error = .damaged(file: file, detail: "工作表超过 \(XlsxReader.maxStoredCells / 10_000) 万个非空格子，不像分工方案，已拒绝")
                    return
                }
                cells[row, default: [:]][column] = text
                maxColumn = max(maxColumn, column)
            }
        default: break
        }
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard collecting else { return }
        if runStruck { inlineStruck.append(contentsOf: bytes) } else { value.append(contentsOf: bytes) }
    }
    @exclusivity(unchecked) private var runStruck = false
    @exclusivity(unchecked) private var inlineStruck: [UInt8] = []

    /// A numeric cell as people see it: integers without ".0", date-styled serials as dates,
    /// percent-styled numbers as Excel shows them (1 → "100%", 0.125 with 0.0% → "12.5%").
    private func number(_ raw: String) -> String {
        guard let d = Double(raw) else { return raw }
        if let shape = styles.dates[style], let day = XlsxReader.day(fromSerial: d) {
            // 2021年12月 typed into Excel is stored as 1 December, shown as 2021年12月: the month.
            return shape == .month ? "\(day.year)年\(day.month)月" : "\(day.year)年\(day.month)月\(day.day)日"
        }
        if let decimals = styles.percents[style], abs(d) < 1e13 {
            return Self.percent(d * 100, decimals: decimals)
        }
        if let decimals = styles.decimals[style], abs(d) < 1e13 {
            return String(format: "%.\(decimals)f", d)  // 6.3 shown as 6.30 (a 完成时限 typed 6.30)
        }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
        return raw
    }

    /// `value` (already × 100) with `decimals` places, rounded half away from zero as Excel does.
    static func percent(_ value: Double, decimals: Int) -> String {
        let scale = pow(10, Double(decimals))
        let rounded = (value * scale).rounded(.toNearestOrAwayFromZero) / scale
        var text = String(format: "%.\(decimals)f", rounded)
        if text.hasPrefix("-"), Double(text) == 0 { text.removeFirst() }  // -0.001 shows as 0%
        return text + "%"
    }

    /// The grid rows: every row that has a value or is covered by a merge, merges expanded.
    /// - Throws: `ImportError.damaged` when the cells to make pass `maxCells` (a one-line
    ///   mergeCell can cover millions).
    func rows() throws -> [GridRow] {
        guard !cells.isEmpty, maxColumn >= 0 else { return [] }
        var width = maxColumn + 1
        for m in merges { width = max(width, m.c1 + 1) }
        width = min(width, XlsxReader.maxColumns)
        let tooMany = ImportError.damaged(file: file, detail: "工作表展开合并单元格后超过 \(XlsxReader.maxCells / 10_000) 万个格子，不像分工方案，已拒绝")
        var coveredCells = 0  // rows and columns are at most 10,000,000 and 2,000: no overflow
        for m in merges where m.c0 < width {
            coveredCells += (m.r1 - m.r0 + 1) * (min(m.c1, width - 1) - m.c0 + 1)
            if coveredCells > XlsxReader.maxCells { throw tooMany }
        }
        var covered: [Int: [Int: GridCell.Merge]] = [:]
        for m in merges where m.c0 < width {
            for r in m.r0...m.r1 {
                for c in m.c0...min(m.c1, width - 1) where !(r == m.r0 && c == m.c0) {
                    covered[r, default: [:]][c] = r == m.r0 ? .fromLeft : .fromAbove
                }
            }
        }
        let numbers = Set(cells.keys).union(covered.keys).sorted()
        if numbers.count * width > XlsxReader.maxCells { throw tooMany }
        var out: [GridRow] = []
        for r in numbers {
            let values = cells[r] ?? [:]
            var row: [GridCell] = []
            row.reserveCapacity(width)
            for c in 0..<width {
                if let merge = covered[r]?[c] { row.append(.covered(merge)) }
                else {
                    row.append(GridCell(lines: Self.lines(values[c] ?? "")))
                }
            }
            out.append(GridRow(number: r, cells: row))
        }
        return out
    }

    /// `rows()` without the rows and columns the sheet hides, and what was left out. Hidden rows
    /// of a sheet with a filter stay (the filter only hides them from view). A merge that starts
    /// in a hidden row or column keeps its text in the first cell shown.
    func visibleRows(sheet: String) throws -> (rows: [GridRow], omitted: [Omission]) {
        var rows = try rows()
        var omitted: [Omission] = []
        for r in struck.keys.sorted().prefix(Omission.struckShown) {
            let text = struck[r]!.map { TextNormalizer.collapseSpaces($0) }.joined(separator: " ")
            let blank = rows.first { $0.number == r }?.isBlank ?? true
            omitted.append(.struck(text, table: sheet, row: r, wholeRow: blank))
        }
        if struck.count > Omission.struckShown { omitted.append(.moreStruck) }
        let dropRows = filtered || hiddenRows.isEmpty ? [] : hiddenRows.intersection(rows.lazy.filter { !$0.isBlank }.map(\.number))
        if filtered, !hiddenRows.isEmpty {
            omitted.append(Omission(table: sheet, row: nil, message: "工作表“\(sheet)”设置了筛选，被筛选隐藏的 \(hiddenRows.count) 行也已读取"))
        }
        let width = rows.first?.cells.count ?? 0
        let dropColumns = hiddenColumns.filter { c in c < width && rows.contains { !$0.cells[c].isEmpty } }
        if !dropColumns.isEmpty {
            for c in dropColumns.sorted() {
                let header = rows.prefix(6).lazy.map { $0.cells[c] }.first { !$0.isEmpty }?.text ?? ""
                let label = header.isEmpty ? "" : "（“\(QuarterlyReport.short(header, 12))”）"
                omitted.append(Omission(table: sheet, row: nil, message: "工作表“\(sheet)”的第 \(SheetBuilder.columnName(c)) 列\(label)是隐藏的，未读取"))
            }
            rows = rows.map { GridRow(number: $0.number, cells: GridCell.removing(columns: dropColumns, from: $0.cells)) }
        }
        if !dropRows.isEmpty {
            let shown = dropRows.sorted().lazy.map { "第\($0)行" }.listedBriefly()
            omitted.append(Omission(table: sheet, row: nil, message: "工作表“\(sheet)”的\(shown)是隐藏的，未读取（常是已取消或作废的任务）；如果要导入，请在 Excel 中取消隐藏后重新导入", severity: .warning))
            rows = GridRow.removing(numbers: dropRows, from: rows)
        }
        return (rows, omitted)
    }

    /// Excel's letters for a 0-based column (0 → A, 27 → AB).
    static func columnName(_ c: Int) -> String {
        var n = c + 1, name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }

    /// A cell's text as lines, spaces collapsed (which also trims).
    static func lines(_ text: String) -> [String] {
        // Most cells are one line: no need to split by characters.
        guard text.utf8.contains(0x0A) else { return [TextNormalizer.collapseSpaces(text)] }
        return text.split(separator: "\n").map { TextNormalizer.collapseSpaces(String($0)) }
    }

    /// "AB12" → (row 12, column 27 zero-based).
    static func parseRef(_ ref: String) -> (Int, Int)? { parseRef(utf8: ref.utf8) }

    static func parseRef(_ ref: UnsafeBufferPointer<UInt8>) -> (Int, Int)? { parseRef(utf8: ref) }

    static func parseRef<Bytes: Sequence<UInt8>>(utf8 ref: Bytes) -> (Int, Int)? {
        var col = 0
        var rowNumber = 0
        var seenDigit = false
        for u in ref {
            switch u {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                guard !seenDigit else { return nil }
                col = col * 26 + Int(u - UInt8(ascii: "A")) + 1
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                guard !seenDigit else { return nil }
                col = col * 26 + Int(u - UInt8(ascii: "a")) + 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                seenDigit = true
                rowNumber = rowNumber * 10 + Int(u - UInt8(ascii: "0"))
                if rowNumber > XlsxReader.maxRowNumber { return nil }
            case UInt8(ascii: "$"): continue
            default: return nil
            }
            if col > 20_000 { return nil }
        }
        guard col > 0, rowNumber > 0 else { return nil }
        return (rowNumber, col - 1)
    }
}
