import Foundation
@testable import DubanCore

/// Small hand-made DOCX/XLSX packages for reader tests.
enum OOXMLFixtures {
    static let w = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

    /// A DOCX whose body is `body` (w: elements).
    static func docx(_ body: String) throws -> Data {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document \(w)><w:body>\(body)</w:body></w:document>"
        return try ZipWriter.archive([
            ("[Content_Types].xml", Data("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>".utf8)),
            ("word/document.xml", Data(xml.utf8)),
        ])
    }

    /// A paragraph with text.
    static func p(_ text: String) -> String { "<w:p><w:r><w:t>\(text)</w:t></w:r></w:p>" }

    /// A cell with paragraphs and optional properties.
    static func tc(_ paragraphs: [String], props: String = "") -> String {
        "<w:tc>\(props.isEmpty ? "" : "<w:tcPr>\(props)</w:tcPr>")\(paragraphs.map(p).joined())</w:tc>"
    }

    static func tr(_ cells: [String], props: String = "") -> String {
        "<w:tr>\(props.isEmpty ? "" : "<w:trPr>\(props)</w:trPr>")\(cells.joined())</w:tr>"
    }

    static func tbl(_ rows: [String]) -> String { "<w:tbl><w:tblPr/>\(rows.joined())</w:tbl>" }

    /// An XLSX with sheets of (name, sheetData rows xml, merge refs), and shared strings.
    static func xlsx(sheets: [(String, String, [String])], shared: [String] = [], styles: String? = nil) throws -> Data {
        let ns = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
        var parts: [(String, Data)] = []
        let sheetList = sheets.enumerated().map { k, s in "<sheet name=\"\(s.0)\" sheetId=\"\(k + 1)\" r:id=\"rId\(k + 1)\"/>" }.joined()
        parts.append(("xl/workbook.xml", Data("<workbook \(ns)><sheets>\(sheetList)</sheets></workbook>".utf8)))
        let rels = sheets.indices.map { "<Relationship Id=\"rId\($0 + 1)\" Type=\"x\" Target=\"worksheets/sheet\($0 + 1).xml\"/>" }.joined()
        parts.append(("xl/_rels/workbook.xml.rels", Data("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(rels)</Relationships>".utf8)))
        for (k, s) in sheets.enumerated() {
            let merges = s.2.isEmpty ? "" : "<mergeCells>\(s.2.map { "<mergeCell ref=\"\($0)\"/>" }.joined())</mergeCells>"
            parts.append(("xl/worksheets/sheet\(k + 1).xml", Data("<worksheet \(ns)><sheetData>\(s.1)</sheetData>\(merges)</worksheet>".utf8)))
        }
        if !shared.isEmpty {
            let si = shared.map { "<si><t>\($0)</t></si>" }.joined()
            parts.append(("xl/sharedStrings.xml", Data("<sst \(ns)>\(si)</sst>".utf8)))
        }
        if let styles { parts.append(("xl/styles.xml", Data("<styleSheet \(ns)>\(styles)</styleSheet>".utf8))) }
        return try ZipWriter.archive(parts)
    }
}
