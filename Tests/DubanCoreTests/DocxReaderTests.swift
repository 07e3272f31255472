import Foundation
import Testing
@testable import DubanCore

@Suite("DocxReader")
struct DocxReaderTests {
    typealias F = OOXMLFixtures

    func read(_ body: String) throws -> Grid { try DocxReader.read(try F.docx(body), source: "t.docx") }

    @Test func vMergeAndGridSpanAreExpanded() throws {
        let body = F.tbl([
            F.tr([F.tc(["A"], props: "<w:gridSpan w:val=\"2\"/>"), F.tc(["B"], props: "<w:vMerge w:val=\"restart\"/>")]),
            F.tr([F.tc(["C"]), F.tc(["D"]), F.tc([], props: "<w:vMerge/>")]),
        ])
        let t = try #require(try read(body).tables.first)
        #expect(t.rows[0].cells.map(\.text) == ["A", "", "B"])
        #expect(t.rows[0].cells[1].merge == .fromLeft)
        #expect(t.rows[1].cells[2].merge == .fromAbove)
        #expect(t.aligned && t.mergesKnown)
    }

    @Test func gridBeforeAndAfterPadTheRow() throws {
        let body = F.tbl([
            F.tr([F.tc(["A"]), F.tc(["B"]), F.tc(["C"])]),
            F.tr([F.tc(["X"])], props: "<w:gridBefore w:val=\"1\"/><w:gridAfter w:val=\"1\"/>"),
        ])
        let t = try #require(try read(body).tables.first)
        #expect(t.rows[1].cells.map(\.text) == ["", "X", ""])
    }

    @Test func paragraphsAndBreaksAreSeparateLines() throws {
        let cell = "<w:tc><w:p><w:r><w:t>区发改局</w:t></w:r></w:p><w:p><w:r><w:t>区城改局</w:t><w:br/><w:t>区财政局</w:t></w:r></w:p></w:tc>"
        let t = try #require(try read(F.tbl([F.tr([cell])])).tables.first)
        #expect(t.rows[0].cells[0].lines == ["区发改局", "区城改局", "区财政局"])
    }

    @Test func runsProofErrBookmarksAndFieldsJoinAsPlainText() throws {
        let p = """
        <w:p><w:r><w:t>区政</w:t></w:r><w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="0" w:name="x"/>\
        <w:r><w:t>府办</w:t></w:r><w:bookmarkEnd w:id="0"/><w:proofErr w:type="spellEnd"/>\
        <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>\
        <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>牵头</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
        """
        let g = try read(p)
        #expect(g.lines == ["区政府办牵头"])
    }

    @Test func trackedChangesReadInsertionsIgnoreDeletions() throws {
        let p = "<w:p><w:r><w:t>区</w:t></w:r><w:del w:id=\"1\"><w:r><w:delText>财政局</w:delText></w:r></w:del><w:ins w:id=\"2\"><w:r><w:t>审计局</w:t></w:r></w:ins></w:p>"
        #expect(try read(p).lines == ["区审计局"])
    }

    @Test func contentControlsAroundParagraphsAndCellsAreTransparent() throws {
        let body = "<w:sdt><w:sdtContent>\(F.p("标题"))</w:sdtContent></w:sdt>"
            + F.tbl([F.tr(["<w:sdt><w:sdtContent>\(F.tc(["甲"]))</w:sdtContent></w:sdt>", F.tc(["乙"])])])
        let g = try read(body)
        #expect(g.lines == ["标题"])
        #expect(g.tables[0].rows[0].cells.map(\.text) == ["甲", "乙"])
    }

    @Test func nestedTableTextBelongsToTheOuterCell() throws {
        let inner = F.tbl([F.tr([F.tc(["内1"]), F.tc(["内2"])])])
        let body = F.tbl([F.tr(["<w:tc>\(F.p("外"))\(inner)</w:tc>", F.tc(["右"])])])
        let g = try read(body)
        #expect(g.tables.count == 1)
        #expect(g.tables[0].rows[0].cells[0].lines == ["外", "内1", "内2"])
        #expect(g.tables[0].rows[0].cells[1].text == "右")
    }

    @Test func severalTablesAndTheTextBetween() throws {
        let body = F.p("前言") + F.tbl([F.tr([F.tc(["a"])])]) + F.p("中间") + F.tbl([F.tr([F.tc(["b"])])])
        let g = try read(body)
        #expect(g.tables.count == 2)
        #expect(g.tables[0].linesBefore == 1)
        #expect(g.tables[1].linesBefore == 2)
        #expect(g.lines == ["前言", "中间"])
    }

    @Test func headerRepeatedByHandAndTableContinuedWithoutHeader() throws {
        let header = F.tr([F.tc(["序号"]), F.tc(["具体要求"]), F.tc(["牵头单位"]), F.tc(["完成时限"])], props: "<w:tblHeader/>")
        let body = F.p("某区2019年工作要点分工方案")
            + F.tbl([header, F.tr([F.tc(["1"]), F.tc(["任务甲"]), F.tc(["区财政局牵头"]), F.tc(["6月底前"])]), header,
                     F.tr([F.tc(["2"]), F.tc(["任务乙"]), F.tc(["区审计局牵头"]), F.tc(["全年工作"])])])
            + F.tbl([F.tr([F.tc(["3"]), F.tc(["任务丙"]), F.tc(["区教育局牵头"]), F.tc(["9月底前"])])])
        let draft = try PlanInterpreter.interpret(try read(body))
        #expect(draft.tasks.map(\.seq) == ["1", "2", "3"])
        #expect(draft.tasks[2].units.leads == ["区教育局"])
        #expect(draft.tasks[0].deadline.due == Day(year: 2019, month: 6, day: 30))
        #expect(draft.year == 2019)
    }

    @Test func otherTablesAreReportedAsSkipped() throws {
        let body = F.p("某区2019年工作要点分工方案") + F.tbl([F.tr([F.tc(["联系人"]), F.tc(["电话"])])])
            + F.tbl([F.tr([F.tc(["序号"]), F.tc(["具体要求"]), F.tc(["牵头单位"]), F.tc(["完成时限"])]),
                     F.tr([F.tc(["1"]), F.tc(["任务甲"]), F.tc(["区财政局牵头"]), F.tc(["6月底前"])])])
        let draft = try PlanInterpreter.interpret(try read(body))
        #expect(draft.tasks.count == 1)
        #expect(draft.findings.contains { $0.location.table == "表1" && $0.message.contains("已跳过") })
    }

    @Test func refusesDTDsAndDamagedPackages() throws {
        let xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><w:document \(F.w)><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
        let data = try ZipWriter.archive([("word/document.xml", Data(xxe.utf8))])
        #expect(throws: ImportError.self) { _ = try DocxReader.read(data, source: "x.docx") }
        #expect(throws: ImportError.self) { _ = try DocxReader.read(Data("PK\u{3}\u{4}garbage".utf8), source: "y.docx") }
    }

    @Test func guanduDocxMatchesTheTextReading() throws {
        let grid = try DocxReader.read(try Data(contentsOf: URL(fileURLWithPath: Paths.guandu("plan.docx"))), source: "plan.docx")
        let draft = try PlanInterpreter.interpret(grid)
        #expect(draft.tasks.count == 93)
        #expect(draft.issuer == "昆明市官渡区人民政府办公室")
    }
}
