import Foundation

/// Writes sheets as an Excel workbook (XLSX / SpreadsheetML), by hand: inline strings, real
/// numbers and dates, a bold filled header frozen under the title, an autofilter and column
/// widths, printable on A4 landscape one page wide. Text is never written as a formula.
public enum XlsxWriter {
    /// Widest and narrowest automatic column width, in Excel character units.
    static let maxAutoWidth = 60.0
    static let minAutoWidth = 6.0
    /// Longest sheet name Excel accepts (UTF-16 code units).
    static let maxSheetName = 31

    /// Indexes into `cellXfs` of styles.xml.
    enum Style: Int {
        case plain = 0, title, header, text, number, day, percent
    }

    /// The XLSX bytes of a workbook with one worksheet per sheet, in order. Sheet names are made
    /// valid and unique; an empty list writes one blank sheet (a workbook needs at least one).
    /// - Throws: an error when the ZIP container cannot be built.
    public static func workbook(_ sheets: [Sheet]) throws -> Data {
        try ZipWriter.archive(parts(sheets))
    }

    /// The package parts (path, bytes) in the order they are zipped.
    static func parts(_ sheets: [Sheet]) -> [(String, Data)] {
        let sheets = sheets.isEmpty ? [Sheet(name: "Sheet1", columns: [])] : sheets
        let names = sheetNames(sheets.map(\.name))
        var parts: [(String, Data)] = [
            ("[Content_Types].xml", Data(contentTypes(count: sheets.count).utf8)),
            ("_rels/.rels", Data(rootRels.utf8)),
            ("docProps/app.xml", Data(appProperties.utf8)),
            ("xl/workbook.xml", Data(workbookXML(sheets, names: names))),
            ("xl/_rels/workbook.xml.rels", Data(workbookRels(count: sheets.count).utf8)),
            ("xl/styles.xml", Data(stylesXML.utf8)),
        ]
        for (k, sheet) in sheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(k + 1).xml", Data(worksheetXML(sheet, selected: k == 0))))
        }
        return parts
    }

    // MARK: - Worksheet

    /// Where the title, header and body rows of a sheet go (1-based row numbers).
    struct Layout {
        let width: Int
        let titleRow: Int?
        let headerRow: Int?
        let firstBodyRow: Int
        let lastRow: Int

        init(_ sheet: Sheet) {
            let hasTitle = !(sheet.title ?? "").isEmpty
            width = max(sheet.width, hasTitle ? 1 : 0)
            titleRow = hasTitle ? 1 : nil
            headerRow = sheet.columns.isEmpty ? nil : (hasTitle ? 2 : 1)
            firstBodyRow = (headerRow ?? titleRow ?? 0) + 1
            lastRow = firstBodyRow + sheet.rows.count - 1
        }

        /// The header and body range, for the autofilter (nil without a header).
        var filterRange: (first: Int, last: Int)? { headerRow.map { ($0, max(lastRow, $0)) } }
    }

    /// The worksheet part of one sheet.
    static func worksheetXML(_ sheet: Sheet, selected: Bool) -> [UInt8] {
        let layout = Layout(sheet)
        let letters = (0..<max(layout.width, 1)).map { Array(columnName($0).utf8) }
        var x = XMLBuffer(capacity: 1024 + (sheet.rows.count + 2) * max(layout.width, 1) * 48)
        x.raw(xmlDeclaration)
        x.raw(#"<worksheet xmlns="\#(mainNS)" xmlns:r="\#(relNS)"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>"#)
        x.raw(#"<dimension ref="A1"#)
        if layout.width > 0 && layout.lastRow >= 1 {
            x.raw(":")
            x.bytes.append(contentsOf: letters[layout.width - 1])
            x.int(layout.lastRow)
        }
        x.raw(#""/><sheetViews><sheetView workbookViewId="0""#)
        if selected { x.raw(#" tabSelected="1""#) }
        if let header = layout.headerRow {
            // Frozen below the header: title and header stay visible while scrolling.
            x.raw(#"><pane ySplit=""#)
            x.int(header)
            x.raw(#"" topLeftCell="A"#)
            x.int(header + 1)
            x.raw(#"" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A"#)
            x.int(header + 1)
            x.raw(#"" sqref="A"#)
            x.int(header + 1)
            x.raw(#""/></sheetView></sheetViews>"#)
        } else {
            x.raw("/></sheetViews>")
        }
        let widths = columnWidths(sheet, width: layout.width)
        if !widths.isEmpty {
            x.raw("<cols>")
            for (k, w) in widths.enumerated() {
                x.raw(#"<col min=""#)
                x.int(k + 1)
                x.raw(#"" max=""#)
                x.int(k + 1)
                x.raw(#"" width=""#)
                x.raw(String(w))
                x.raw(#"" customWidth="1"/>"#)
            }
            x.raw("</cols>")
        }
        x.raw("<sheetData>")
        if let row = layout.titleRow, let title = sheet.title {
            x.rowStart(row)
            x.text(title, at: letters[0], row: row, style: .title)
            x.raw("</row>")
        }
        if let row = layout.headerRow {
            x.rowStart(row)
            for c in 0..<layout.width {
                let header = c < sheet.columns.count ? sheet.columns[c].header : ""
                x.text(header, at: letters[c], row: row, style: .header)
            }
            x.raw("</row>")
        }
        for (k, cells) in sheet.rows.enumerated() {
            let row = layout.firstBodyRow + k
            x.rowStart(row)
            for c in 0..<layout.width {
                x.cell(c < cells.count ? cells[c] : .empty, at: letters[c], row: row)
            }
            x.raw("</row>")
        }
        x.raw("</sheetData>")
        if let range = layout.filterRange, layout.width > 0 {
            x.raw(#"<autoFilter ref="A"#)
            x.int(range.first)
            x.raw(":")
            x.bytes.append(contentsOf: letters[layout.width - 1])
            x.int(range.last)
            x.raw(#""/>"#)
        }
        x.raw(#"<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>"#)
        x.raw(#"<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>"#)
        return x.bytes
    }

    /// Column widths: the given width, else from the longest text line (CJK counts double), capped.
    static func columnWidths(_ sheet: Sheet, width: Int) -> [Double] {
        guard width > 0 else { return [] }
        var longest = [Int](repeating: 0, count: width)
        for (c, column) in sheet.columns.enumerated() where column.width == nil {
            // Bold header text is a little wider than body text.
            longest[c] = displayWidth(column.header) + 1
        }
        for cells in sheet.rows {
            for (c, value) in cells.enumerated() {
                let w: Int
                switch value {
                case .text(let s): w = displayWidth(s)
                case .int(let n): w = String(n).utf8.count
                case .number(let d): w = CellValue.numberText(d).utf8.count
                case .percent: w = 6
                case .day: w = 10
                case .empty: w = 0
                }
                if w > longest[c] { longest[c] = w }
            }
        }
        return (0..<width).map { c in
            if c < sheet.columns.count, let fixed = sheet.columns[c].width, fixed.isFinite, fixed > 0 {
                return min(fixed, 255)
            }
            return min(maxAutoWidth, max(minAutoWidth, Double(longest[c] + 2)))
        }
    }

    /// Width of the longest line of `s` in Excel character units: East Asian wide characters count 2.
    static func displayWidth(_ s: String) -> Int {
        var s = s
        return s.withUTF8 { u in
            var longest = 0
            var line = 0
            var i = 0
            while i < u.count {
                let b = u[i]
                let length = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
                var value = UInt32(b)
                if length > 1 && i + length <= u.count {
                    value = UInt32(b) & (0xFF >> (length + 1))
                    for k in 1..<length { value = value << 6 | UInt32(u[i + k] & 0x3F) }
                }
                switch value {
                case 0x0A, 0x0D:
                    longest = max(longest, line)
                    line = 0
                case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
                     0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x20000...0x3FFFD:
                    line += 2
                default:
                    line += 1
                }
                i += length
            }
            return max(longest, line)
        }
    }

    /// Excel column name of a zero-based index: 0 → A, 25 → Z, 26 → AA.
    static func columnName(_ index: Int) -> String {
        var n = index + 1
        var out: [UInt8] = []
        while n > 0 {
            let r = (n - 1) % 26
            out.append(UInt8(ascii: "A") + UInt8(r))
            n = (n - 1) / 26
        }
        return String(decoding: out.reversed(), as: UTF8.self)
    }

    /// Excel serial of a day (1900 system, counting Excel's fictitious 1900-02-29, so
    /// 2018-09-30 is 43373); nil before 1900-01-01 or after 9999-12-31.
    static func serial(_ day: Day) -> Int? {
        let s = day.ordinal + 25569  // 25569 is 1970-01-01
        if s >= 61 { return s <= 2_958_465 ? s : nil }  // 61 is 1900-03-01
        return s - 1 >= 1 ? s - 1 : nil
    }

    // MARK: - Sheet names

    /// Valid, unique sheet names: at most 31 characters, none of []:*?/\ (replaced by _), no
    /// control characters or leading/trailing apostrophe, unique ignoring case, not "History".
    static func sheetNames(_ raw: [String]) -> [String] {
        var used = Set<String>()
        var out: [String] = []
        for (k, name) in raw.enumerated() {
            var base = sanitizedSheetName(name)
            if base.isEmpty { base = "Sheet\(k + 1)" }
            var candidate = base
            var n = 2
            while used.contains(candidate.lowercased()) || candidate.lowercased() == "history" {
                let suffix = " (\(n))"
                candidate = trimmedName(truncated(base, toUTF16: maxSheetName - suffix.utf16.count)) + suffix
                n += 1
            }
            used.insert(candidate.lowercased())
            out.append(candidate)
        }
        return out
    }

    static func sanitizedSheetName(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        for u in name.unicodeScalars {
            switch u.value {
            case 0x00...0x1F, 0x7F...0x9F, 0xFFFE, 0xFFFF: continue
            case 0x5B, 0x5D, 0x3A, 0x2A, 0x3F, 0x2F, 0x5C: scalars.append("_")  // [ ] : * ? / \
            default: scalars.append(u)
            }
        }
        return trimmedName(truncated(trimmedName(String(scalars)), toUTF16: maxSheetName))
    }

    private static func trimmedName(_ s: String) -> String {
        s.trimmingCharacters(in: CharacterSet.whitespaces.union(CharacterSet(charactersIn: "'")))
    }

    /// The longest prefix of whole characters that fits in `limit` UTF-16 code units.
    static func truncated(_ s: String, toUTF16 limit: Int) -> String {
        guard s.utf16.count > limit else { return s }
        var out = ""
        var count = 0
        for ch in s {
            let n = ch.utf16.count
            if count + n > limit { break }
            out.append(ch)
            count += n
        }
        return out
    }

    // MARK: - Package parts

    static let xmlDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelNS = "http://schemas.openxmlformats.org/package/2006/relationships"

    static func contentTypes(count: Int) -> String {
        var s = xmlDeclaration
        s += #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        s += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        s += #"<Default Extension="xml" ContentType="application/xml"/>"#
        s += #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        for k in 1...count {
            s += #"<Override PartName="/xl/worksheets/sheet\#(k).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }
        s += #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
        s += #"<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#
        return s + "</Types>"
    }

    static let rootRels = xmlDeclaration + #"<Relationships xmlns="\#(packageRelNS)">"#
        + #"<Relationship Id="rId1" Type="\#(relNS)/officeDocument" Target="xl/workbook.xml"/>"#
        + #"<Relationship Id="rId2" Type="\#(relNS)/extended-properties" Target="docProps/app.xml"/>"#
        + "</Relationships>"

    static let appProperties = xmlDeclaration
        + #"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">"#
        + "<Application>Duban</Application></Properties>"

    static func workbookRels(count: Int) -> String {
        var s = xmlDeclaration + #"<Relationships xmlns="\#(packageRelNS)">"#
        for k in 1...count {
            s += #"<Relationship Id="rId\#(k)" Type="\#(relNS)/worksheet" Target="worksheets/sheet\#(k).xml"/>"#
        }
        s += #"<Relationship Id="rId\#(count + 1)" Type="\#(relNS)/styles" Target="styles.xml"/>"#
        return s + "</Relationships>"
    }

    /// workbook.xml: the sheets, plus per sheet the hidden filter range and the print titles
    /// (title and header repeated on every printed page).
    static func workbookXML(_ sheets: [Sheet], names: [String]) -> [UInt8] {
        var x = XMLBuffer(capacity: 1024)
        x.raw(xmlDeclaration)
        x.raw(#"<workbook xmlns="\#(mainNS)" xmlns:r="\#(relNS)"><bookViews><workbookView activeTab="0"/></bookViews><sheets>"#)
        for (k, name) in names.enumerated() {
            x.raw(#"<sheet name=""#)
            x.escaped(name)
            x.raw(#"" sheetId="\#(k + 1)" r:id="rId\#(k + 1)"/>"#)
        }
        x.raw("</sheets>")
        var defined: [(name: String, sheet: Int, hidden: Bool, ref: String)] = []
        for (k, sheet) in sheets.enumerated() {
            let layout = Layout(sheet)
            guard let range = layout.filterRange, layout.width > 0 else { continue }
            let quoted = "'" + names[k].replacingOccurrences(of: "'", with: "''") + "'!"
            let last = columnName(layout.width - 1)
            defined.append(("_xlnm._FilterDatabase", k, true, quoted + "$A$\(range.first):$\(last)$\(range.last)"))
            defined.append(("_xlnm.Print_Titles", k, false, quoted + "$1:$\(range.first)"))
        }
        if !defined.isEmpty {
            x.raw("<definedNames>")
            for d in defined {
                x.raw(#"<definedName name="\#(d.name)" localSheetId="\#(d.sheet)""#)
                if d.hidden { x.raw(#" hidden="1""#) }
                x.raw(">")
                x.escaped(d.ref)
                x.raw("</definedName>")
            }
            x.raw("</definedNames>")
        }
        x.raw("</workbook>")
        return x.bytes
    }

    static let stylesXML: String = {
        let font = #"<sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/>"#
        let thin = #"style="thin"><color auto="1"/>"#
        let middle = #"<alignment vertical="center"/>"#
        return xmlDeclaration + #"<styleSheet xmlns="\#(mainNS)">"#
            + #"<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="0.0%"/></numFmts>"#
            + #"<fonts count="3"><font>\#(font)</font><font><b/>\#(font)</font>"#
            + #"<font><b/><sz val="14"/><name val="宋体"/><family val="3"/><charset val="134"/></font></fonts>"#
            + #"<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>"#
            + #"<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill></fills>"#
            + #"<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>"#
            + #"<border><left \#(thin)</left><right \#(thin)</right><top \#(thin)</top><bottom \#(thin)</bottom><diagonal/></border></borders>"#
            + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
            + #"<cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
            + #"<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">\#(middle)</xf>"#
            + #"<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1">"#
            + #"<alignment horizontal="center" vertical="center" wrapText="1"/></xf>"#
            + #"<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1">"#
            + #"<alignment vertical="center" wrapText="1"/></xf>"#
            + #"<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1">\#(middle)</xf>"#
            + #"<xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1">"#
            + #"<alignment horizontal="center" vertical="center"/></xf>"#
            + #"<xf numFmtId="165" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1">\#(middle)</xf>"#
            + #"</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#
    }()
}
