import Foundation
import Testing
@testable import DubanCore

@Suite("XlsxReader")
struct XlsxReaderTests {
    typealias F = OOXMLFixtures

    @Test func sharedInlineNumbersAndMerges() throws {
        let rows = """
        <row r="1"><c r="A1" t="s"><v>0</v></c></row>
        <row r="3"><c r="A3"><v>1</v></c><c r="B3" t="inlineStr"><is><t>任务甲</t></is></c><c r="C3" t="s"><v>1</v></c><c r="D3"><v>2.5</v></c></row>
        <row r="4"><c r="A4"><v>2</v></c><c r="B4" t="str"><v>任务乙</v></c></row>
        """
        let data = try F.xlsx(sheets: [("计划", rows, ["A1:D1", "C3:C4"])], shared: ["标题", "区财政局牵头"])
        let g = try XlsxReader.read(data, source: "t.xlsx")
        let t = try #require(g.tables.first)
        #expect(t.name == "计划")
        #expect(t.rows.map(\.number) == [1, 3, 4])
        #expect(t.rows[0].cells.map(\.merge) == [.origin, .fromLeft, .fromLeft, .fromLeft])
        #expect(t.rows[1].cells.map(\.text) == ["1", "任务甲", "区财政局牵头", "2.5"])
        #expect(t.rows[2].cells[2].merge == .fromAbove)
        #expect(t.rows[2].cells[1].text == "任务乙")
    }

    @Test func dateCellsBecomeDates() throws {
        let styles = "<cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs>"
        let rows = "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>43373</v></c><c r=\"B1\" s=\"0\"><v>43373</v></c></row>"
        let g = try XlsxReader.read(try F.xlsx(sheets: [("S", rows, [])], styles: styles), source: "d.xlsx")
        #expect(g.tables[0].rows[0].cells.map(\.text) == ["2018年9月30日", "43373"])
        #expect(DeadlineParser.parse("2018年9月30日", year: 2018).due == Day(year: 2018, month: 9, day: 30))
    }

    @Test("percent-formatted numbers read as Excel shows them; plain numbers and a quoted % stay numbers")
    func percentCellsReadAsShown() throws {
        let styles = """
        <numFmts count="3"><numFmt numFmtId="165" formatCode="0.0%"/><numFmt numFmtId="166" formatCode="0&quot;%&quot;"/>\
        <numFmt numFmtId="167" formatCode="[Red]0%;-0%"/></numFmts>\
        <cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="10"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="167"/></cellXfs>
        """
        let rows = """
        <row r="1"><c r="A1" s="1"><v>1</v></c><c r="B1" s="1"><v>0.3</v></c><c r="C1" s="3"><v>0.125</v></c>\
        <c r="D1" s="2"><v>0.6</v></c><c r="E1" s="0"><v>1</v></c><c r="F1" s="4"><v>45</v></c><c r="G1" s="5"><v>0.05</v></c></row>
        """
        let g = try XlsxReader.read(try F.xlsx(sheets: [("S", rows, [])], styles: styles), source: "p.xlsx")
        #expect(g.tables[0].rows[0].cells.map(\.text) == ["100%", "30%", "12.5%", "60.00%", "1", "45", "5%"])
    }

    @Test("which custom number formats are percents, and their decimals",
          arguments: [("0%", 0), ("0.0%", 1), ("#,##0.00%", 2), ("[Red]0%", 0), ("0%;[Red]-0%", 0),
                      ("0\"%\"", nil), ("0\\%", nil), ("0_%", nil), ("0", nil), ("0.00", nil), ("\"%\"0;0%", nil)] as [(String, Int?)])
    func percentFormats(code: String, decimals: Int?) {
        #expect(XlsxReader.percentDecimals(formatCode: code) == decimals)
    }

    @Test func theSheetWithTheHeaderIsChosen() throws {
        let notes = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>说明</t></is></c></row>"
        let plan = """
        <row r="1"><c r="A1" t="inlineStr"><is><t>某区2020年重点工作分工方案</t></is></c></row>
        <row r="2"><c r="A2" t="inlineStr"><is><t>序号</t></is></c><c r="B2" t="inlineStr"><is><t>工作内容</t></is></c><c r="C2" t="inlineStr"><is><t>责任单位</t></is></c><c r="D2" t="inlineStr"><is><t>完成时间</t></is></c></row>
        <row r="3"><c r="A3"><v>1</v></c><c r="B3" t="inlineStr"><is><t>任务甲</t></is></c><c r="C3" t="inlineStr"><is><t>区财政局</t></is></c><c r="D3" t="inlineStr"><is><t>10月底前</t></is></c></row>
        """
        let g = try XlsxReader.read(try F.xlsx(sheets: [("说明", notes, []), ("任务", plan, [])]), source: "s.xlsx")
        let draft = try PlanInterpreter.interpret(g)
        #expect(draft.title == "某区2020年重点工作分工方案")
        #expect(draft.tasks.count == 1)
        #expect(draft.tasks[0].units.leads == ["区财政局"])
        #expect(draft.tasks[0].deadline.due == Day(year: 2020, month: 10, day: 31))
        #expect(draft.findings.contains { $0.location.table == "说明" })
    }

    @Test func cellReferencesParse() {
        #expect(SheetBuilder.parseRef("A1")! == (1, 0))
        #expect(SheetBuilder.parseRef("AB12")! == (12, 27))
        #expect(SheetBuilder.parseRef("$C$3")! == (3, 2))
        #expect(SheetBuilder.parseRef("1A") == nil)
    }

    @Test func tooManyColumnsIsRefused() throws {
        let rows = "<row r=\"1\"><c r=\"ZZZ1\"><v>1</v></c></row>"
        #expect(throws: ImportError.self) { _ = try XlsxReader.read(try F.xlsx(sheets: [("S", rows, [])]), source: "w.xlsx") }
    }
}
