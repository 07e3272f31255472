import Foundation
import Testing
@testable import DubanCore

/// Deadlines read from an item's running text (`DeadlineParser.inText`) when it has no
/// 完成时限 label, and the labelled "2019年内" forms found by the same prose audit.
@Suite("Deadline in text")
struct DeadlineInTextTests {
    /// A running text and how it should read in plan year 2019.
    struct Case: Sendable, CustomStringConvertible {
        let text: String
        let kind: Deadline.Kind
        let phrase: String
        var due: String? = nil
        var phases: [String] = []
        var period: Deadline.Period? = nil
        var days: Int? = nil
        var unit: Deadline.TimeUnit? = nil
        var description: String { text }
    }

    static let found: [Case] = [
        // The prose audit's sentences.
        Case(text: "（四）任务四。上半年完成选址，下半年建成运营。", kind: .fixed, phrase: "上半年、下半年",
             due: "2019-12-31", phases: ["2019-06-30", "2019-12-31"]),
        Case(text: "（五）任务五。各单位在收到通知后10个工作日内报送。", kind: .relative, phrase: "收到通知后10个工作日内",
             days: 10, unit: .workingDay),
        Case(text: "每月开展一次安全检查", kind: .recurring, phrase: "每月", due: "2019-12-31", period: .monthly),
        Case(text: "每季度开展一次专项检查", kind: .recurring, phrase: "每季度", due: "2019-12-31", period: .quarterly),
        Case(text: "1.开展消防安全隐患整治。由区消防救援大队牵头落实，各镇（街道）配合，每季度开展一次专项检查。",
             kind: .recurring, phrase: "每季度", due: "2019-12-31", period: .quarterly),
        Case(text: "（一）推进学前教育普及。新建幼儿园3所，2019年8月底前投入使用。", kind: .fixed, phrase: "2019年8月底前",
             due: "2019-08-31", phases: ["2019-08-31"]),
        Case(text: "2019年上半年完成义务教育学校标准化建设评估，年底前完成省级督导评估申报。", kind: .fixed,
             phrase: "2019年上半年、年底前", due: "2019-12-31", phases: ["2019-06-30", "2019-12-31"]),
        // A completion date wins over words of a period.
        Case(text: "2019年6月底前完成，每季度报送进展", kind: .fixed, phrase: "2019年6月底前", due: "2019-06-30",
             phases: ["2019-06-30"]),
        Case(text: "每月开展一次校园安全检查，10月底前完成校舍安全排查。", kind: .fixed, phrase: "10月底前",
             due: "2019-10-31", phases: ["2019-10-31"]),
        // Other completion words.
        Case(text: "年内完成城中村改造2个。", kind: .fixed, phrase: "年内", due: "2019-12-31", phases: ["2019-12-31"]),
        Case(text: "2019年内建成投用。", kind: .fixed, phrase: "2019年内", due: "2019-12-31", phases: ["2019-12-31"]),
        Case(text: "第三季度完成验收。", kind: .fixed, phrase: "第三季度", due: "2019-09-30", phases: ["2019-09-30"]),
        Case(text: "于9月26日前报送。", kind: .fixed, phrase: "9月26日前", due: "2019-09-26", phases: ["2019-09-26"]),
        Case(text: "6月底前完成试点，12月底前全面推开，次年3月底前完成验收。", kind: .fixed,
             phrase: "6月底前、12月底前、次年3月底前", due: "2020-03-31",
             phases: ["2019-06-30", "2019-12-31", "2020-03-31"]),
        // The same date twice is one phase.
        Case(text: "6月底前完成选址，6月底前完成设计。", kind: .fixed, phrase: "6月底前", due: "2019-06-30",
             phases: ["2019-06-30"]),
        // A count after a trigger reads as DeadlineParser.parse reads the phrase.
        Case(text: "本方案印发后30日内完成整改。", kind: .conditional, phrase: "本方案印发后30日内", days: 30, unit: .day),
        Case(text: "各乡镇收到交办单后15日内完成整改。", kind: .relative, phrase: "收到交办单后15日内", days: 15, unit: .day),
        Case(text: "自收到通知之日起5个工作日内报送。", kind: .relative, phrase: "收到通知之日起5个工作日内", days: 5,
             unit: .workingDay),
    ]

    @Test(arguments: found)
    func reads(_ c: Case) throws {
        let found = try #require(DeadlineParser.inText(c.text, year: 2019))
        #expect(found.deadline.kind == c.kind)
        #expect(found.phrase == c.phrase)
        #expect(found.deadline.due?.iso == c.due)
        #expect(found.phases.map(\.iso) == c.phases)
        #expect(found.deadline.period == c.period)
        #expect(found.deadline.days == c.days)
        #expect(found.deadline.timeUnit == c.unit)
    }

    /// The phrase is stored as the task's deadline text and read again by `parse` when the text
    /// is edited: it must read the same.
    @Test(arguments: found)
    func phraseReadsTheSame(_ c: Case) throws {
        let found = try #require(DeadlineParser.inText(c.text, year: 2019))
        #expect(DeadlineParser.parse(found.phrase, year: 2019) == found.deadline)
    }

    static let none: [String] = [
        "2018年以来，全区累计建成养老服务中心12家。",
        "近年来，我区高度重视法治政府建设。",
        "每年开展一次评估。",
        "2013年11月召开全市政务公开工作会议。",
        "9月启动试点工作。",
        "上半年启动试点。",
        "企业开办时间压缩至3个工作日内。",
        "2018年下半年建成运营。",
        "近两年内，全区新建公园5个。",
        // How often, not by when (seed 002, 二4).
        "部门主要负责同志年内对政策解读工作至少进行一次专题研究。",
        "加强教师队伍建设。招聘新教师200名。",
        "",
    ]

    @Test(arguments: none)
    func readsNothing(_ text: String) {
        #expect(DeadlineParser.inText(text, year: 2019) == nil)
    }

    /// Labelled 完成时限 cells that name the whole year.
    @Test(arguments: ["2019年内", "年内", "本年度内", "2019年度内", "年内完成", "2019年内完成"])
    func withinTheYearIsItsLastDay(_ text: String) {
        let d = DeadlineParser.parse(text, year: 2019)
        #expect(d.kind == .fixed)
        #expect(d.due?.iso == "2019-12-31")
    }

    @Test func aYearNamedIsThatYear() {
        #expect(DeadlineParser.parse("2020年内", year: 2019).due?.iso == "2020-12-31")
        #expect(DeadlineParser.parse("2019年度工作要点", year: 2019).kind == .unparsed)
    }
}
