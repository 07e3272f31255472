import Foundation
import Testing
@testable import DubanCore

/// A PDF's table as `pdftotext -layout` writes it: cells at their column's place, wrapped cells
/// going on over the next lines. The plans were written with python-docx, printed to PDF by
/// LibreOffice 7.4 and turned into text by pdftotext 22.12 (`-layout`); each text must read as
/// its Word original does.
@Suite("Tables in PDF text laid out by position")
struct LayoutTextTests {
    static let dir = Paths.fixtures.appendingPathComponent("layouts")

    func read(_ name: String) throws -> PlanDraft {
        try PlanImporter.read(path: Self.dir.appendingPathComponent(name).path).draft
    }

    /// The file is refused as holding no task table, with the advice to import the original.
    func expectRefusedWithAdvice(_ file: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(sourceLocation: sourceLocation) {
            try read(file)
        } throws: { error in
            "\(error)".contains("没有找到任务表") && "\(error)".contains("请改用发文单位的 Word/Excel 原件导入")
        }
    }

    /// What a task is, as the office sees it.
    func reading(_ d: PlanDraft) -> [[String]] {
        d.tasks.map { t in
            [t.seq, t.category, t.subcategory, t.requirement, t.units.leads.joined(separator: "、"),
             t.units.coUnits.joined(separator: "、"), t.units.groups.joined(separator: "、"),
             t.deadline.due?.iso ?? t.deadlineText]
        }
    }

    @Test("the PDF's text reads as the Word file: wrapped cells joined, cells top-aligned or centred, rows split by a page break", arguments: [
        ("x38-pdf-table.docx", "x38-pdf-table-top.txt"), ("x38-pdf-table.docx", "x38-pdf-table-centred.txt"),
        ("x39-pdf-long-table.docx", "x39-pdf-long-table-top.txt"), ("x39-pdf-long-table.docx", "x39-pdf-long-table-centred.txt"),
        ("x40-pdf-category-table.docx", "x40-pdf-category-table.txt"), ("x41-pdf-narrow-table.docx", "x41-pdf-narrow-table.txt"),
    ])
    func readsAsTheWordFile(docx: String, text: String) throws {
        let word = try read(docx), pdf = try read(text)
        #expect(word.tasks.count >= 5)
        #expect(reading(pdf) == reading(word))
        #expect(pdf.title == word.title)
        // A centred row that a page break splits is read right, but named for checking.
        let warnings = pdf.findings.filter { $0.severity == .warning }.map(\.message)
        #expect(warnings.allSatisfy { $0.contains("序号为 31 的任务") } && (warnings.isEmpty || text.contains("centred")))
    }

    @Test("a PDF is read from its words' places on the page (pdftotext -bbox-layout): as the Word file, with no drift", arguments: [
        ("x38-pdf-table.docx", "x38-pdf-table-top.pdf"), ("x38-pdf-table.docx", "x38-pdf-table-centred.pdf"),
        ("x39-pdf-long-table.docx", "x39-pdf-long-table-centred.pdf"), ("x40-pdf-category-table.docx", "x40-pdf-category-table.pdf"),
        ("x41-pdf-narrow-table.docx", "x41-pdf-narrow-table.pdf"),
    ])
    func pdfReadsAsTheWordFile(docx: String, pdf: String) throws {
        let word = try read(docx), fromPDF = try read(pdf)
        #expect(fromPDF.format == .pdf)
        #expect(reading(fromPDF) == reading(word))
        #expect(fromPDF.title == word.title && fromPDF.issuer == word.issuer && fromPDF.issued == word.issued)
    }

    /// Not yet read right from a PDF: a centred table's row split by a page break (the rows that
    /// show it are named), and a 类别 column merged over the rows of a centred table (most rows
    /// doubtful: the table is left out, and a PDF with no other table is refused with advice).
    @Test("a centred PDF table's doubtful rows are flagged; a table doubtful in most rows is refused")
    func centredPDFFlagged() throws {
        let split = try read("x42-pdf-centred-header.pdf")
        let rows = try #require(split.findings.first { $0.message.contains("是按文字在 PDF 页面上的位置读出的") })
        #expect(rows.severity == .warning && rows.message.contains("序号为 14、16 的任务"))
        expectRefusedWithAdvice("x42-pdf-centred-header-category.pdf")
    }

    @Test("word boxes with places that are no numbers, or far off the page, are left out")
    func hostileWordBoxes() throws {
        let words = ["nan", "1e308", "-inf", "56.8"].map { x in
            "<word xMin=\"\(x)\" yMin=\"100\" xMax=\"70\" yMax=\"114\">区发改局</word>"
        }.joined()
        let pages = PDFReader.parse(Data("<doc><page width=\"612\" height=\"792\">\(words)</page></doc>".utf8))
        #expect(pages.map(\.count) == [1])
        #expect(throws: ImportError.self) { _ = try PDFReader.grid(wordsXHTML: Data("<page ><word xMin=\"nan\">x</word>".utf8), source: "x.pdf") }
    }

    /// Not read yet: the seed table (../shared/fixtures/guandu-2018/plan.docx) printed to PDF by
    /// LibreOffice — cells centred, leads and deadlines merged over several rows, the 完成时限
    /// column one character wide. It is refused, not misread, with what to do.
    @Test("the seed table printed to PDF is refused with the advice to import the Word original")
    func seedTablePDF() throws {
        expectRefusedWithAdvice("x44-guandu-seed-printed.pdf")
    }

    @Test("a PDF without text (a scan) is refused with what to do")
    func scannedPDF() throws {
        #expect {
            try read("x43-pdf-scan-no-text.pdf")
        } throws: { error in
            "\(error)".contains("这个 PDF 中没有可以读取的文字（是扫描的图片）")
        }
    }

    /// Not yet read right: a centred table whose narrow header cells wrap (序 above the other
    /// headings, 号 below). pdftotext then places the cells of a line by up to eight characters
    /// off their column; the reading is not trusted, and the preview says so for the rows that show it.
    @Test("a centred table whose header wraps is flagged for checking, row by row", arguments: [
        "x42-pdf-centred-header.txt", "x42-pdf-centred-header-category.txt",
    ])
    func centredHeaderFlagged(file: String) throws {
        let d = try read(file)
        let flag = try #require(d.findings.first { $0.message.contains("是按文字在行中的位置读出的") })
        #expect(flag.severity == .warning && flag.message.contains("请对照原件逐行核对"))
    }

    @Test("a line's text is split where two or more spaces stand; one space stays inside it")
    func fragments() {
        let (f, pageBreak) = LayoutText.parse("\u{0C}1    扩大有效投   全年实施 120 个，   区发改局")
        #expect(pageBreak)
        #expect(f.map(\.text) == ["1", "扩大有效投", "全年实施 120 个，", "区发改局"])
        #expect(f.map(\.start) == [0, 5, 13, 27])
    }

    @Test("one space between two cells: split at the next column's edge, or after a text that fills its column")
    func oneSpaceBetweenCells() {
        let joined = LayoutText.Fragment(start: 0, end: 9, text: "40 巩固拓展脱")
        #expect(LayoutText.split(joined, at: [0, 4, 17]).map(\.text) == ["40", "巩固拓展脱"])
        let inText = LayoutText.Fragment(start: 17, end: 30, text: "完成投资 150 亿元")
        #expect(LayoutText.split(inText, at: [0, 4, 17, 36]).map(\.text) == ["完成投资 150 亿元"])
        #expect(LayoutText.gaps(LayoutText.Fragment(start: 0, end: 9, text: "压缩至 1 个 局")) == [7])
    }

    @Test("page numbers are dropped; a number alone is a row's number")
    func pageNumbers() {
        for line in ["— 3 —", "-3-", "第 3 页", "3/12"] {
            #expect(LayoutText.isPageNumber(LayoutText.parse("                 \(line)").fragments), "\(line)")
        }
        #expect(!LayoutText.isPageNumber(LayoutText.parse("         20").fragments))
    }

    @Test("pdftotext's spaces between Chinese and Latin text go; spaces between Latin words stay")
    func layoutSpaces() {
        #expect(TextNormalizer.withoutSpacesBesideChinese("完成投资 150 亿元以上，PM2.5 平均") == "完成投资150亿元以上，PM2.5平均")
        #expect(TextNormalizer.withoutSpacesBesideChinese("GDP growth 6% 以上") == "GDP growth 6%以上")
    }

    @Test("a unit cell's short lines are paragraphs (one unit each); full lines wrap")
    func paragraphsInUnitCells() throws {
        let text = """
        序号   工作任务         牵头单位      配合单位        完成时限
        1    推进老旧小区改造，完成    区住建局      区财政局        2023 年 12 月
             改造 30 个。                 区人社局        底前
        2    建设智慧停车平台，新增    区交通运输    区公安分局、区  2023 年 10 月
             泊位 500 个。        局            城管局          底前
        """
        let d = try PlanImporter.read(data: Data(text.utf8), name: "plan.txt", year: 2023).draft
        #expect(reading(d) == [
            ["1", "", "", "推进老旧小区改造，完成改造30个。", "区住建局", "区财政局、区人社局", "", "2023-12-31"],
            ["2", "", "", "建设智慧停车平台，新增泊位500个。", "区交通运输局", "区公安分局、区城管局", "", "2023-10-31"],
        ])
    }
}
