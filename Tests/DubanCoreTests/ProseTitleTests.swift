import Foundation
import Testing
@testable import DubanCore

/// The title, year and issuer of prose plans: a cover notice (关于印发…的通知) names the plan it
/// sends, titles end in more words than 方案 and 要点, and a PDF copy may split the title in two.
@Suite("Prose titles")
struct ProseTitleTests {
    /// Two assigned items, enough for a prose plan.
    static let items = """
    一、重点任务
    （一）推进重大建设项目信息公开。（牵头单位：区发改局；配合单位：区住建局；完成时限：2019年6月底前）
    （二）推进公共资源配置信息公开。（牵头单位：区公共资源交易中心；完成时限：全年）
    """

    static func read(_ text: String, year: Int? = nil) throws -> PlanDraft {
        try PlanImporter.read(data: Data(text.utf8), name: "p.txt", year: year).draft
    }

    /// The cover notice and the plan's own title line: the plan is the one the notice sends.
    @Test func coverNoticeAndInnerTitle() throws {
        let draft = try Self.read("""
        西湖区人民政府办公室关于印发西湖区2019年政务公开工作要点的通知
        各镇人民政府、街道办事处，区直各部门：
        现将《西湖区2019年政务公开工作要点》印发给你们，请结合实际认真贯彻落实。
        西湖区人民政府办公室
        2019年3月15日
        西湖区2019年政务公开工作要点
        \(Self.items)
        """)
        #expect(draft.title == "西湖区2019年政务公开工作要点")
        #expect(draft.year == 2019)
        #expect(draft.issuer == "西湖区人民政府办公室")
        #expect(!draft.findings.contains { $0.message.contains("未找到方案标题") })
    }

    /// Without the inner title line the notice still names the plan, and issues it when no
    /// 落款 says who did.
    @Test(arguments: [
        "西湖区人民政府办公室关于印发西湖区2019年政务公开工作要点的通知",
        "西湖区人民政府办公室关于印发《西湖区2019年政务公开工作要点》的通知",
        "西湖区人民政府办公室关于印发<西湖区2019年政务公开工作要点>的通知",
        "西湖区人民政府办公室关于转发《西湖区2019年政务公开工作要点》的通知",
    ])
    func noticeAlone(_ notice: String) throws {
        let draft = try Self.read("\(notice)\n各镇人民政府、街道办事处，区直各部门：\n\(Self.items)")
        #expect(draft.title == "西湖区2019年政务公开工作要点")
        #expect(draft.year == 2019)
        #expect(draft.issuer == "西湖区人民政府办公室")
    }

    /// A notice forwarding another body's plan (关于转发《…》的通知) with its 分工 below: the plan is
    /// the one forwarded, the issuer the body that forwards it.
    @Test func forwardingNotice() throws {
        let draft = try Self.read("""
        临海区人民政府办公室关于转发《台州市2021年政务公开工作要点》的通知
        各街道办事处，区政府各部门：
        现将《台州市2021年政务公开工作要点》转发给你们，并提出以下分工意见，请认真贯彻落实。
        \(Self.items)
        临海区人民政府办公室
        2021年4月2日
        """)
        #expect(draft.title == "台州市2021年政务公开工作要点")
        #expect(draft.year == 2021)
        #expect(draft.issuer == "临海区人民政府办公室")
    }

    /// A joint 落款: two bodies, one a line or both on one line apart by spaces, are two issuers
    /// joined with 、, not one name glued together; a single issuer stays as it is.
    @Test(arguments: [
        ("中共某区委办公室\n某区人民政府办公室\n2021年4月2日", "中共某区委办公室、某区人民政府办公室"),
        ("中共某区委办公室  某区人民政府办公室\n2021年4月2日", "中共某区委办公室、某区人民政府办公室"),
        ("中共某区委办公室　某区人民政府办公室　2021年4月2日", "中共某区委办公室、某区人民政府办公室"),
        ("中共某区委办公室 某区人民政府办公室 2021年4月2日印发", "中共某区委办公室、某区人民政府办公室"),
        ("某区人民政府办公室\n2021年4月2日", "某区人民政府办公室"),
        ("某区人民 政府办公室\n2021年4月2日", "某区人民政府办公室"),
    ])
    func jointSignature(_ signature: String, _ issuer: String) throws {
        let draft = try Self.read("某区2021年政务公开工作要点\n\(Self.items)\n\(signature)")
        #expect(draft.issuer == issuer)
        #expect(draft.issued == Day(iso: "2021-04-02"))
    }

    /// A 落款 names the issuer over the notice.
    /// Second audit: a notice's title cut before the plan's year, and a sidebar link above the title.
    @Test func noticeCutBeforeTheYearAndSidebarLinks() throws {
        let cut = try Self.read("""
        奉化区人民政府办公室关于印发奉化区
        2021年乡村振兴重点工作任务的通知
        \(Self.items)
        """)
        #expect(cut.title == "奉化区2021年乡村振兴重点工作任务")
        let sidebar = try Self.read("""
        关于区卫健局负责同志职务调整的通知
        江北区2021年卫生健康工作要点
        \(Self.items)
        """)
        #expect(sidebar.title == "江北区2021年卫生健康工作要点")
    }

    @Test func signatureWinsOverNotice() throws {
        let draft = try Self.read("""
        西湖区政府办关于印发西湖区2019年政务公开工作要点的通知
        \(Self.items)
        西湖区人民政府办公室
        2019年3月15日
        """)
        #expect(draft.title == "西湖区2019年政务公开工作要点")
        #expect(draft.issuer == "西湖区人民政府办公室")
    }

    /// The plan imported with its cover notice and later without it is one plan: the second
    /// import is a revision.
    @Test func planWithoutItsNoticeIsTheSamePlan() throws {
        let db = try AppDatabase.inMemory()
        let full = try Self.read("""
        西湖区人民政府办公室关于印发西湖区2019年政务公开工作要点的通知
        各镇人民政府、街道办事处，区直各部门：
        西湖区2019年政务公开工作要点
        \(Self.items)
        """)
        let revised = try Self.read("西湖区2019年政务公开工作要点\n" + Self.items.replacingOccurrences(of: "6月底前", with: "9月底前"))
        guard case .created = try db.importPlan(full, sha256: "a") else { Issue.record("not created"); return }
        guard case .revised(let diff) = try db.importPlan(revised, sha256: "b") else {
            Issue.record("the plan without its notice was not read as a revision"); return
        }
        #expect(diff.changed.count == 1)
    }

    /// Titles that end in the words of task lists, not in 方案 or 要点.
    @Test(arguments: [
        "桐庐县2020年乡村振兴重点工作任务",
        "临安区2019年重点工作任务分解",
        "德清县2019年政务公开重点工作",
        "安吉县2019年重点工作责任分解",
        "长兴县2019年“三改一拆”工作任务分解",
        "淳安县2019年扶贫开发工作任务清单",
        "秀洲区2019年消费帮扶工作责任分工",
    ])
    func taskListTitles(_ title: String) throws {
        let draft = try Self.read("\(title)\n\(Self.items)")
        #expect(draft.title == title)
        #expect(!draft.findings.contains { $0.message.contains("未找到方案标题") })
    }

    /// A notice title split over two lines of a PDF copy is joined; a header line above a whole
    /// title is not.
    @Test func splitNoticeTitle() throws {
        let draft = try Self.read("""
        滨江区人民政府办公室文件
        区政办发〔2019〕12号
        滨江区人民政府办公室关于印发滨江区2019年
        数字政府建设工作要点的通知
        各街道办事处，区政府各部门、各直属单位：
        经区政府同意，现将《滨江区2019年数字政府建设工作要点》
        印发给你们，请认真组织实施。
        \(Self.items)
        """)
        #expect(draft.title == "滨江区2019年数字政府建设工作要点")
        #expect(draft.year == 2019)
    }

    @Test func splitPlanTitle() throws {
        let draft = try Self.read("滨江区2019年数字政府\n建设工作要点\n\(Self.items)")
        #expect(draft.title == "滨江区2019年数字政府建设工作要点")
    }

    @Test func headerLineIsNotJoined() throws {
        let draft = try Self.read("滨江区人民政府办公室文件\n滨江区2019年数字政府建设工作要点\n\(Self.items)")
        #expect(draft.title == "滨江区2019年数字政府建设工作要点")
    }

    /// A notice that sends no plan (关于切实做好…的通知) is the title as written, and a 关于印发
    /// quoted inside a sentence is no notice of this document.
    @Test func otherNotices() throws {
        let draft = try Self.read("楚雄州人民政府办公室关于切实做好政府信息公开工作的通知\n\(Self.items)", year: 2019)
        #expect(draft.title == "楚雄州人民政府办公室关于切实做好政府信息公开工作的通知")
        let quoted = try Self.read("""
        嘉峪关市文广新局2017年政务公开工作实施方案
        为深入贯彻落实《嘉峪关市人民政府办公室关于印发<嘉峪关市2017年政务公开工作要点>的通知》精神，制定本方案。
        \(Self.items)
        """)
        #expect(quoted.title == "嘉峪关市文广新局2017年政务公开工作实施方案")
    }

    /// The shared seeds and the sample plans keep their titles.
    @Test(arguments: [
        ("000", "楚雄州人民政府办公室关于切实做好政府信息公开工作的通知"),
        ("001", "官渡区2018年政务公开工作要点分工方案"),
        ("002", "嘉峪关市文广新局2017年政务公开工作实施方案"),
        ("003", "南充市人民政府办公室2014年分工事项"),
    ])
    func seedTitle(_ n: String, _ title: String) throws {
        let url = try ProseTests.seed(n)
        let draft = try PlanImporter.read(data: try Data(contentsOf: url), name: url.lastPathComponent).draft
        #expect(draft.title == title)
    }

    /// A table plan sent with a notice: the title inside 《》 loses its brackets.
    @Test func tablePlanUnderANotice() throws {
        let html = """
        <html><body><p>西湖区人民政府办公室关于印发《西湖区2019年政务公开重点工作任务分解》的通知</p><table>
        <tr><td>序号</td><td>具体要求</td><td>牵头单位</td><td>完成时限</td></tr>
        <tr><td>1</td><td>推进重大建设项目信息公开</td><td>区发改局</td><td>2019年6月底前</td></tr></table></body></html>
        """
        let draft = try PlanImporter.read(data: Data(html.utf8), name: "t.html").draft
        #expect(draft.title == "西湖区2019年政务公开重点工作任务分解")
        #expect(draft.issuer == "西湖区人民政府办公室")
        let titled = try PlanImporter.read(data: Data(html.replacingOccurrences(
            of: "<table>", with: "<p>西湖区2019年政务公开重点工作任务分解</p><table>").utf8), name: "t.html").draft
        #expect(titled.title == "西湖区2019年政务公开重点工作任务分解")
    }
}
