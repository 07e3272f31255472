import Foundation
import Testing
@testable import DubanCore

/// Prose layouts from the third import audit (realistic district and county plans, 2026-11-23):
/// responsibility written as a plain sentence, brackets inside unit names, PDF page furniture,
/// units given once for a whole section, 1) numbering, attachments, categories.
@Suite("Prose audit")
struct ProseAuditTests {
    func read(_ text: String, year: Int? = 2019) throws -> PlanDraft {
        try PlanImporter.read(data: Data(text.utf8), name: "plan.txt", year: year).draft
    }

    func task(_ d: PlanDraft, _ seq: String) throws -> TaskDraft {
        try #require(d.tasks.first { $0.seq == seq }, "no task \(seq) in \(d.tasks.map(\.seq))")
    }

    @Test("a PDF's 红头 (…文件) at the top of a page, after the page number, is dropped even where it appears once")
    func letterheadAsRunningHeader() throws {
        let d = try read("""
            某市2023年重点任务分工方案
            一、推动经济平稳健康发展
            1.推进产业园区提质增效，新增亩均税收超30万元企业50家，全面完成
            第 2 页 共 6 页
            某市人民政府办公室文件
            低效工业用地整治5000亩。（牵头单位：市经信局；完成时限：2023年11月底前）
            """, year: 2023)
        #expect(d.tasks.count == 1 && !d.tasks[0].requirement.contains("文件"))
        #expect(d.tasks[0].requirement.hasSuffix("全面完成低效工业用地整治5000亩"))
    }

    @Test("a number alone on its line (a PDF copy): the requirement is the next line's sentence, not the labels")
    func numberAloneOnItsLine() throws {
        let d = try read("""
            某市2022年重点工作任务分工
            一、稳定经济增长
            1.
            全市地区生产总值增长6%左右。
            牵头单位：市发展改革委
            配合单位：市统计局
            完成时限：2022年12月底前
            """, year: 2022)
        #expect(d.tasks.map(\.requirement) == ["全市地区生产总值增长6%左右"])
        #expect(d.tasks[0].units.leads == ["市发展改革委"] && d.tasks[0].units.coUnits == ["市统计局"])
    }

    @Test("责任领导 labelled in an item is the task's leader, not a unit")
    func leaderLabels() throws {
        let d = try read("""
            某区2019年重点工作任务分解
            一、经济发展
            1.确保地区生产总值增长7.5%以上。（责任领导：王建国；责任单位：区发改局；完成时限：全年）
            2.完成固定资产投资200亿元。（责任领导：李明、张华；牵头单位：区发改局；配合单位：区统计局；完成时限：12月底前）
            3.新增规上工业企业30家。区领导：陈志强。牵头单位：区经信局。完成时限：年底前。
            4.推进数字经济。（牵头单位：区大数据中心；完成时限：年底前）
            """)
        #expect(d.tasks.map(\.leader) == ["王建国", "李明、张华", "陈志强", ""])
        #expect(d.tasks[1].units.leads == ["区发改局"] && d.tasks[1].units.coUnits == ["区统计局"])
        #expect(!d.tasks.flatMap { $0.units.leads + $0.units.coUnits }.contains { $0.contains("王建国") || $0.contains("李明") })
    }

    @Test("responsibility written as a sentence of its own, outside brackets")
    func plainSentences() throws {
        let d = try read("""
            某区2019年工作任务分工方案
            一、任务
            (一)任务乙。区应急管理局负责，区委组织部配合。
            (二)任务丁。区应急管理局、区经信局分别牵头，区公安分局配合，2019年11月底前完成。
            (三)任务己。区公安分局牵头，区交通运输局、区城管局参与。
            (四)任务癸。区住建局负责落实。
            (五)开展安全生产大检查。各镇（街道）负责落实，区直各部门按职责分工配合，全年开展。
            (六)推进垃圾分类。区城管局、区农业农村局分别牵头负责城区和农村垃圾分类工作。全年推进。
            (七)落实河长制。各镇（街道）负责，区治水办督促落实。长期坚持。
            (八)推进污水零直排。区治水办负责，各镇（街道）具体实施。
            """)
        #expect(d.tasks.map(\.seq) == ["一(一)", "一(二)", "一(三)", "一(四)", "一(五)", "一(六)", "一(七)", "一(八)"])
        let a = try task(d, "一(一)")
        #expect(a.units.leads == ["区应急管理局"] && a.units.coUnits == ["区委组织部"] && a.requirement == "任务乙")
        let b = try task(d, "一(二)")
        #expect(b.units.leads == ["区应急管理局", "区经信局"] && b.units.coUnits == ["区公安分局"])
        #expect(b.deadline.due == Day(iso: "2019-11-30") && b.deadlineText == "2019年11月底前完成")
        #expect(try task(d, "一(三)").units.coUnits == ["区交通运输局", "区城管局"])
        #expect(try task(d, "一(四)").units.leads == ["区住建局"])
        let e = try task(d, "一(五)")
        #expect(e.units.groups == ["各镇(街道)", "区直各部门"] && e.deadline.kind == .yearRound)
        let f = try task(d, "一(六)")
        #expect(f.units.leads == ["区城管局", "区农业农村局"] && f.deadline.kind == .yearRound && f.deadlineText == "全年推进")
        let g = try task(d, "一(七)")
        #expect(g.units.leads == ["区治水办"] && g.units.groups == ["各镇(街道)"] && g.deadline.kind == .yearRound)
        #expect(try task(d, "一(八)").units.groups == ["各镇(街道)"])
    }

    @Test("由A牵头落实 takes the role and deadline clauses after it, and a deadline labelled elsewhere")
    func youClauseContinues() throws {
        let d = try read("""
            某区2019年工作要点
            一、任务
            (一)任务一。由区人社局牵头落实，区民政局配合。
            (二)任务二。由区人社局牵头落实。（完成时限：每季度）
            (三)开展消防隐患整治。由区消防救援大队牵头落实，各镇（街道）配合，上半年完成。
            """)
        #expect(try task(d, "一(一)").units.coUnits == ["区民政局"])
        #expect(try task(d, "一(二)").deadline.period == .quarterly)
        let c = try task(d, "一(三)")
        #expect(c.units.leads == ["区消防救援大队"] && c.units.groups == ["各镇(街道)"] && c.deadline.due == Day(iso: "2019-06-30"))
    }

    @Test("brackets inside a unit name do not end the clause")
    func nestedBrackets() throws {
        let d = try read("""
            某区2019年城管工作要点
            一、任务
            (一)推进垃圾分类。（责任单位：各镇（街道）、区直各部门）
            (二)推进智慧城管建设。（牵头单位：区综合执法局（区城管办）；配合单位：区大数据局）
            (三)任务未。（区发改局牵头，区直有关部门配合；2019年6月底前）
            """)
        #expect(try task(d, "一(一)").units.groups == ["各镇(街道)", "区直各部门"])
        let b = try task(d, "一(二)")
        #expect(b.units.leads == ["区综合执法局(区城管办)"] && b.units.coUnits == ["区大数据局"])
        let c = try task(d, "一(三)")
        #expect(c.leadText == "区发改局牵头,区直有关部门配合" && c.deadline.due == Day(iso: "2019-06-30"))
    }

    @Test("text copied from a PDF: page numbers and running headers are dropped, cut lines joined")
    func pdfCopy() throws {
        let d = try read("""
            滨江区人民政府办公室文件
            滨江区2019年数字政府建设工作要点
            一、主要任务
            （一）建设城市大脑滨江平台。围绕交通、城管、环保等场景，建
            设城市大脑滨江平台，实现数据实时汇聚。（责任单位：区数据资
            - 2 -
            滨江区人民政府办公室文件
            源局牵头，区城管局配合；完成时
            间：2019年12月底前）
            （二）提升纳税便利度。推广电子税务局，实现主要涉税事项网上办理。牵
            头单位：区税务局；完成时间：全年。
            （三）推进“跨省通办”。与长三角地区城市开展政务服务“跨省通办”合作。（牵头单位：区行政审批服务局；
            完成时限：2019年
            南湖区人民政府办公室　　　　　　第 2 页 共 3 页
            9月底前）
            """)
        let a = try task(d, "一(一)")
        #expect(a.units.leads == ["区数据资源局"] && a.units.coUnits == ["区城管局"] && a.deadline.due == Day(iso: "2019-12-31"))
        let b = try task(d, "一(二)")
        #expect(b.units.leads == ["区税务局"] && b.deadline.kind == .yearRound)
        let c = try task(d, "一(三)")
        #expect(c.deadlineText == "2019年9月底前" && c.deadline.due == Day(iso: "2019-09-30"))
        #expect(ProseText.isPageNumberLine("-2-") && ProseText.isPageNumberLine("第2页共3页") && ProseText.isPageNumberLine("2/3"))
        #expect(!ProseText.isPageNumberLine("第二批") && !ProseText.isPageNumberLine("-") && !ProseText.isPageNumberLine("2019年第2页面"))
    }

    @Test("units given once for a section are the tasks of its items; the section is no task")
    func sectionLevelUnits() throws {
        let d = try read("""
            某市2019年改革要点
            一、深化投资项目审批改革（牵头单位：市发改局；配合单位：市审管办）
            （一）全面推行企业投资项目“标准地”制度，新出让工业用地按“标准地”供地。
            （二）推进投资项目审批“一窗服务”。完成时限：2019年6月底前。
            """)
        #expect(d.tasks.map(\.seq) == ["一(一)", "一(二)"])
        let b = try task(d, "一(二)")
        #expect(b.units.leads == ["市发改局"] && b.units.coUnits == ["市审管办"] && b.deadline.due == Day(iso: "2019-06-30"))
        #expect(b.category == "深化投资项目审批改革" && b.requirement == "推进投资项目审批“一窗服务”")
        #expect(d.findings.contains { $0.message.contains("沿用上级条目 一") })
    }

    @Test("1) numbering is a level of its own; categories come from the headings above a task")
    func numberingAndCategories() throws {
        let d = try read("""
            某区2019年社区工作要点
            一、健全社区治理体系
            (一)推进社区减负增效
            1.清理社区工作事项。（责任单位：区民政局；完成时限：9月底前）
            二．加强社区服务
            1)建设社区综合服务设施。(责任单位:区民政局;完成时限:2019年10月底前)
            2)发展社区社会组织。(责任单位:区民政局;完成时限:全年)
            """)
        #expect(d.tasks.map(\.seq) == ["一(一)1", "二1)", "二2)"])
        let a = try task(d, "一(一)1")
        #expect(a.category == "健全社区治理体系" && a.subcategory == "推进社区减负增效")
        #expect(try task(d, "二1)").deadline.due == Day(iso: "2019-10-31"))
        #expect(try task(d, "二2)").category == "加强社区服务")
    }

    @Test("an attachment's list starts its numbering again; the 落款 is not part of the last item")
    func attachmentRestarts() throws {
        let d = try read("""
            义乌市2019年政务公开工作要点
            一、重点任务
            （一）推进政策解读。（责任单位：市政府办）
            二、保障措施
            （一）强化监督考核。将政务公开工作纳入年度考核。
            义乌市人民政府办公室
            2019年4月1日
            附件
            义乌市2019年政务公开重点任务清单
            1.推进重大建设项目信息公开。（牵头单位：市发改局；完成时限：2019年6月底前）
            2.推进财政预决算公开。（责任单位：市财政局；完成时限：全年）
            """)
        #expect(d.tasks.map(\.seq) == ["一(一)", "1", "2"])
        #expect(!d.tasks.contains { $0.requirement.contains("人民政府办公室") })
    }

    @Test("names separated by spaces stay apart; a name that cannot be a unit is a warning")
    func spacedNamesAndDoubtfulNames() throws {
        let d = try read("""
            某区2019年商贸工作要点
            一、任务
            （一）发展社区商业。（责任单位：区商务局 区民政局 各街道办事处；完成时限：上半年）
            （二）规范农贸市场。（责任单位：区商务局-2-区市场监管局）
            （三）做好宣传报道。（责任单位：区委宣传部；区融媒体中心；完成时限：全年）
            """)
        let c = try task(d, "一(三)")
        #expect(c.units.leads == ["区委宣传部", "区融媒体中心"] && c.deadline.kind == .yearRound)
        let a = try task(d, "一(一)")
        #expect(a.units.leads == ["区商务局", "区民政局"] && a.units.groups == ["各街道办事处"])
        #expect(d.findings.contains { $0.severity == .warning && $0.message.contains("不像单位名称") && $0.message.hasPrefix("序号 一(二)") })
        #expect(ProseText.removeSpacesBetweenCJK("嘉峪关 市文广新局") == "嘉峪关市文广新局")
    }

    @Test("a date in the running text is kept in its own words; a count or a period there is named, not taken")
    func deadlinesInTheText() throws {
        let d = try read("""
            某区2019年民政工作要点
            一、任务
            （一）建设养老服务中心。上半年完成选址，下半年建成运营。（责任单位：区民政局）
            （二）新建幼儿园3所，2019年8月底前投入使用。（责任单位：区教育局）
            （三）落实主动公开。对确定为主动公开的，在信息生成后3个工作日内予以公开。（责任单位：区民政局）
            （四）报送困难群众名单。各单位在收到通知后10个工作日内报送。（责任单位：区民政局）
            """)
        let a = try task(d, "一(一)")
        #expect(a.deadline.due == Day(iso: "2019-12-31") && a.deadlineText == "上半年、下半年")
        #expect(d.findings.contains { $0.message.contains("分阶段完成（2019-06-30、2019-12-31）") })
        #expect(try task(d, "一(二)").deadlineText == "2019年8月底前")
        #expect(try task(d, "一(三)").deadline.kind == .none)
        #expect(d.findings.contains { $0.message.hasPrefix("序号 一(三)：正文写有“信息生成后3个工作日内”") })
        // A sentence that is nothing but when: the task's deadline.
        let report = try task(d, "一(四)")
        #expect(report.deadline.kind == .relative && report.deadline.days == 10 && report.deadline.countUnit == .workingDay)
        #expect(report.deadlineText == "收到通知后10个工作日内")
    }

    @Test("second audit: duties after a lead are helpers; a duty alone, a leader, background and links after the signature are no tasks")
    func secondAuditRoles() throws {
        let d = try read("""
            某区2021年教育工作要点
            一、基本情况
            （一）工作回顾。2020年，全区教育工作由区政府办牵头，区级各部门配合，圆满完成了年度目标任务。
            二、主要任务
            （一）扩大学前教育资源。区发改局牵头抓总，区财政局负责资金保障，各镇（街道）抓好落实。2021年8月底前完成。
            （二）推进全民健康信息化。由副区长陈敏牵头，区卫生健康局具体负责，区大数据中心配合，2021年12月底前完成。
            （三）明确工作责任。区委宣传部、区网信办负责政务舆情监测工作。
            三、工作要求
            各牵头单位要于每月5日前将进展情况报区教育局。
            某区人民政府办公室
            2021年3月1日
            1.区卫健局负责做好春节期间医疗保障工作（2021年1月底前）
            """)
        #expect(d.tasks.map(\.seq) == ["二(一)", "二(二)"])
        let a = try task(d, "二(一)")
        #expect(a.units.leads == ["区发改局"] && a.units.coUnits == ["区财政局"] && a.units.groups == ["各镇(街道)"])
        let b = try task(d, "二(二)")
        #expect(b.units.leads == ["区卫生健康局"] && b.units.coUnits == ["区大数据中心"])
        let afterLead = try read("""
            某区2021年平安建设要点
            一、任务
            （一）深化扫黑除恶。区委政法委牵头，区公安分局、区检察院按职责分工负责。全年推进。
            """)
        let c = try task(afterLead, "一(一)")
        #expect(c.units.leads == ["区委政法委"] && c.units.coUnits == ["区公安分局", "区检察院"])
    }

    @Test("a running header that is the plan's title keeps its first line as the title")
    func titleRepeatedAsRunningHeader() throws {
        let d = try read("""
            — 1 —
            钱塘区2022年营商环境优化提升行动方案
            一、重点任务
            1.优化开办企业。（牵头单位：区市场监管局；完成时间：2022年6月底前）
            — 2 —
            钱塘区2022年营商环境优化提升行动方案
            2.提升纳税便利度。（牵头单位：区税务局；完成时间：全年）
            """, year: 2022)
        #expect(d.title == "钱塘区2022年营商环境优化提升行动方案")
        #expect(d.tasks.map(\.seq) == ["一1", "一2"])
    }

    @Test("second audit: deadlines after a semicolon, at a sentence's end, with their label, and a plan of several years")
    func secondAuditDeadlines() throws {
        let d = try read("""
            北仑区2021—2023年乡村振兴重点任务分工
            一、任务
            （一）推进不动产登记。（责任单位：区自然资源和规划分局；完成时限：2021年9月底前；2022年6月底前）
            （二）深化扫黑除恶常态化。开展专项斗争，全年推进。区委政法委牵头，区公安分局配合。
            （三）推行执法公示。（市级各行政执法部门按职责分工负责；完成时限：全年）
            （四）推进互联网+政务服务。2021年6月底前建成网上大厅，长期坚持。（区政务服务局牵头，区科信局配合）
            """, year: nil)
        #expect(try task(d, "一(四)").deadline.due == Day(iso: "2021-06-30"))
        #expect(d.title == "北仑区2021—2023年乡村振兴重点任务分工" && d.year == 2021)
        #expect(d.findings.contains { $0.severity == .warning && $0.message.hasPrefix("方案跨2021—2023年，已按2021年导入") })
        let a = try task(d, "一(一)")
        #expect(a.deadline.due == Day(iso: "2022-06-30"))
        #expect(d.findings.contains { $0.message == "序号 一(一)：分阶段完成（2021-09-30、2022-06-30），以最后一个时间为完成时限" })
        #expect(try task(d, "一(二)").deadline.kind == .yearRound)
        #expect(try task(d, "一(三)").deadlineText == "全年")
    }

    @Test("a web page's ordered lists are numbered as the browser shows them, nested lists one level down")
    func htmlOrderedLists() throws {
        let html = """
            <html><head><meta charset="utf-8"></head><body><h1>象山县2021年政务公开工作要点</h1>
            <h2>一、加强政策发布解读</h2><ol>
            <li>做好政策解读。（责任单位：县政府办；完成时限：全年）</li>
            <li>做好政务舆情回应。县委宣传部（县网信办）牵头，县政府办配合。长期坚持。</li></ol>
            <h2>二、推进基层政务公开</h2><ol>
            <li>推进村务公开。<ol><li>规范村务公开栏。（责任单位：县民政局；完成时限：9月底前）</li>
            <li>推进“阳光村务”平台建设。（责任单位：县农业农村局；完成时限：11月底前）</li></ol></li></ol>
            <ul><li>相关链接</li></ul></body></html>
            """
        let d = try PlanImporter.read(data: Data(html.utf8), name: "plan.html").draft
        #expect(d.tasks.map(\.seq) == ["一1", "一2", "二1(1)", "二1(2)"])
        #expect(try task(d, "一2").units.leads == ["县委宣传部(县网信办)"])
        #expect(try task(d, "二1(2)").subcategory == "推进村务公开")
    }

    @Test("an item under a section's units adds its own co-units; a task listed again in the attachment is flagged")
    func sectionCoUnitsAndRepeatedTasks() throws {
        let d = try read("""
            镇海区2021年数字化改革工作要点
            一、推进数字经济发展（区经信局牵头）
            （一）培育数字经济核心产业企业10家。（配合单位：区科技局；区财政局）
            （二）推进决策公开。（责任单位：区政府办；完成时限：全年）
            附件
            1.推进决策公开。（牵头单位：区政府办；配合单位：区司法局；完成时限：2021年3月底前）
            """)
        let a = try task(d, "一(一)")
        #expect(a.units.leads == ["区经信局"] && a.units.coUnits == ["区科技局", "区财政局"])
        #expect(d.findings.contains { $0.severity == .warning && $0.message.hasPrefix("序号 1：与序号 一(二) 的具体要求相同") })
    }

    @Test("会同 / 联合 / 在…指导下 / 统筹 / 组织 sentences assign; a deadline in words Duban cannot date is kept and flagged")
    func jointVerbs() throws {
        let d = try read("""
            慈溪市2021年应急管理重点工作
            一、重点工作
            （一）开展森林火灾隐患排查。市应急管理局会同市自然资源和规划局、市林业局开展排查整治，2021年4月底前完成。
            （二）开展城市内涝治理。市住建局联合市水利局、市综合行政执法局推进排涝设施建设，汛期前完成。
            （三）加强应急救援队伍建设。市委编办统筹，市应急管理局具体承办，市财政局予以经费支持。2021年9月底前完成。
            （四）推进基层应急能力建设。各镇（街道）在市应急管理局指导下开展应急消防管理站建设。全年推进。
            （五）开展安全生产宣传月活动。市安委办组织，各成员单位参与。6月底前完成。
            """, year: 2021)
        let a = try task(d, "一(一)")
        #expect(a.units.leads == ["市应急管理局"] && a.units.coUnits == ["市自然资源和规划局", "市林业局"])
        let b = try task(d, "一(二)")
        #expect(b.units.coUnits == ["市水利局", "市综合行政执法局"] && b.deadline.kind == .unparsed && b.deadlineText == "汛期前完成")
        #expect(d.findings.contains { $0.severity == .warning && $0.message.contains("汛期前完成”无法识别") })
        let c = try task(d, "一(三)")
        #expect(c.units.leads == ["市委编办"] && c.units.coUnits == ["市应急管理局", "市财政局"])
        let e = try task(d, "一(四)")
        #expect(e.units.groups == ["各镇(街道)"] && e.units.coUnits == ["市应急管理局"])
        #expect(try task(d, "一(五)").units.leads == ["市安委办"])
    }

    @Test("units given work in the item's sentences beside a labelled lead are its helpers; 社会组织 is no unit")
    func sentenceUnitsBesideALabel() throws {
        let d = try read("""
            某市2020年惠企工作要点
            一、任务
            （一）加强融资支持。市财政局负责安排风险补偿资金，市金融办负责协调银行机构。（牵头单位：市金融办）全年推进。
            （二）推进涉企政策兑现。（牵头单位：市经信局）市财政局负责资金拨付，各镇（街道）做好政策宣传。2020年9月底前完成。
            （三）发展社区社会组织。(责任单位:市民政局;完成时限:全年)
            """)
        let a = try task(d, "一(一)")
        #expect(a.units.leads == ["市金融办"] && a.units.coUnits == ["市财政局"] && a.deadlineText == "全年推进")
        let b = try task(d, "一(二)")
        #expect(b.units.leads == ["市经信局"] && b.units.coUnits == ["市财政局"] && b.units.groups == ["各镇(街道)"])
        #expect(try task(d, "一(三)").units.coUnits.isEmpty)
    }

    @Test("lines that start with the units and a colon assign; the same under 保障措施 are standing duties")
    func colonLines() throws {
        let d = try read("""
            余姚市2021年营商环境指标提升工作方案
            一、指标提升任务
            （一）开办企业。
            市市场监管局：负责推进企业开办“一件事”改革，2021年6月底前实现0.5个工作日办结。
            市税务局：负责推进发票申领“零见面”，2021年6月底前完成。
            （二）获得电力。
            国网余姚市供电公司：负责压减接电时间，全年推进。
            市发改局：做好协调工作。
            二、保障措施
            （一）明确成员单位职责。
            1.区发改局：负责统筹协调营商环境评价工作。
            """, year: 2021)
        #expect(d.tasks.map(\.seq) == ["一(一)", "一(二)"])
        let a = try task(d, "一(一)")
        #expect(a.units.leads == ["市市场监管局", "市税务局"] && a.deadline.due == Day(iso: "2021-06-30") && a.requirement == "开办企业")
        let b = try task(d, "一(二)")
        #expect(b.units.leads == ["国网余姚市供电公司"] && b.units.coUnits == ["市发改局"] && b.deadline.kind == .yearRound)
    }

    @Test("steps below a task give its phases when each says when it is done; items under a section read their own deadline")
    func stepsAndOwnDeadlines() throws {
        let d = try read("""
            某区2020年应急管理工作要点
            一、主要任务
            （一）开展危化品专项整治（牵头单位：区应急管理局）。
            1.动员部署。召开动员部署会（2020年3月底前完成）。
            2.排查整治。建立问题隐患清单（2020年10月底前完成）。
            （二）开展消防整治（牵头单位：区应急管理局）。
            1.动员部署。召开动员部署会（2020年3月底前完成）。
            2.排查整治。全面排查（2020年4月—10月）。
            （三）开展消防安全专项整治。区消防救援大队牵头，各镇（街道）负责属地排查整治。
            1.开展消防宣传“进社区”活动，全年开展。
            """, year: 2020)
        let a = try task(d, "一(一)")
        #expect(a.deadline.due == Day(iso: "2020-10-31"))
        #expect(d.findings.contains { $0.message.hasPrefix("序号 一(一)：分阶段完成（2020-03-31、2020-10-31）") })
        #expect(try task(d, "一(二)").deadline.kind == .none)  // a step that runs: not due with the first step
        #expect(try task(d, "一(三)1").deadline.kind == .yearRound)
    }

    @Test("third audit: past dates, past years' results, superseded units, duty lists and shared duties")
    func thirdAudit() throws {
        let d = try read("""
            某区2021年民生工作要点
            一、2020年工作情况
            （一）垃圾分类。区城管局负责，各街道配合。2020年11月底前完成。
            二、部门职责
            （一）区文明办：负责创建工作的统筹协调和日常督查。
            三、重点任务
            （一）推进老旧小区改造。2020年已完成改造30个，2019年6月底前完成了首批试点。今年计划改造40个。区住建局负责，区财政局配合。
            （二）建设养老服务中心。区民政局负责。该项目原定2020年底前完成，因疫情顺延。去年6月底前已完成选址。
            （三）发展社区养老服务综合体。此项工作原由区商务局负责，现调整为区经信局牵头，区民政局配合。2021年10月底前。
            （四）建设农贸市场。区商务局负责（原由区市场监管局负责）。
            （五）加强社会治安防控。区委、区政府高度重视，区公安分局负责，区委政法委配合。全年。
            （六）压实防汛责任。各街道负责辖区防汛工作，区水利局负责水利工程安全。
            （七）推进“雪亮工程”。由区公安分局负责建设，区财政局负责资金保障。
            四、任务分工
            （一）区商务局：负责农贸市场改造，区市场监管局配合。
            """, year: 2021)
        #expect(d.tasks.map(\.seq) == ["三(一)", "三(二)", "三(三)", "三(四)", "三(五)", "三(六)", "三(七)", "四(一)"])
        #expect(try task(d, "三(一)").deadline.kind == .none)
        #expect(try task(d, "三(二)").deadline.kind == .none)
        let c = try task(d, "三(三)")
        #expect(c.units.leads == ["区经信局"] && c.units.coUnits == ["区民政局"])
        #expect(try task(d, "三(四)").units.leads == ["区商务局"])
        let e = try task(d, "三(五)")
        #expect(e.units.leads == ["区公安分局"] && e.units.coUnits == ["区委政法委"])
        let f = try task(d, "三(六)")
        #expect(f.units.leads == ["区水利局"] && f.units.groups == ["各街道"] && f.units.coUnits.isEmpty)
        let g = try task(d, "三(七)")
        #expect(g.units.leads == ["区公安分局"] && g.units.coUnits == ["区财政局"])
        let h = try task(d, "四(一)")
        #expect(h.units.leads == ["区商务局"] && h.units.coUnits == ["区市场监管局"] && h.requirement.hasPrefix("负责农贸市场改造"))
    }

    @Test("a labelled deadline that is no date is flagged")
    func unreadableDeadlineIsFlagged() throws {
        let d = try read("""
            某县2019年工作要点
            一、任务
            （一）组织联合检查。（责任单位：县综合执法局；完成时限：根据工作需要适时开展）
            """)
        #expect(try task(d, "一(一)").deadline.kind == .unparsed)
        #expect(d.findings.contains { $0.severity == .warning && $0.message.contains("根据工作需要适时开展”无法识别") })
    }

    @Test("sentences that only look like assignments stay background")
    func notAssignments() throws {
        let d = try read("""
            某区2019年工作要点
            一、任务
            （一）推进政策解读。（责任单位：区政府办）
            （二）建立审核制度。政府信息公开的内容由党政办牵头会同社会事务办进行审核。
            （三）加强组织领导。各部门要高度重视，切实负责。
            （四）落实主动公开。对确定为主动公开的，在信息生成后3个工作日内予以公开。（区政府办督促落实）
            """)
        #expect(d.tasks.map(\.seq) == ["一(一)", "一(四)"])
        // Under 保障措施 a sentence of roles describes the organisation; a bracket still assigns.
        let safeguards = try read("""
            某县2019年扶贫工作要点
            一、重点任务
            （一）推进产业扶贫。县农业农村局负责，各乡镇配合。
            二、保障措施
            （一）加强组织领导。县扶贫开发领导小组办公室负责统筹协调。
            （二）强化资金保障。（县财政局负责）
            """)
        #expect(safeguards.tasks.map(\.seq) == ["一(一)", "二(二)"])
        #expect(try task(d, "一(四)").deadline.kind == .none)  // a rule of the work, not the task's date
    }

    @Test("a clause after the roles and their deadline that says more of the work keeps the assignment")
    func trailingClauseAfterRoles() throws {
        let d = try read("""
            某区2021年法治政府建设工作要点
            一、重点任务
            （一）报送工作进展。区司法局负责，每月5日前报送上月进展，档案保存期限不少于3年。
            （二）报送统计报表。区统计局负责，每月5日前报送上月进展。
            （三）开展法治宣传。区司法局负责，每月5日前报送进展，区普法办负责宣传。
            （四）推进“双减”工作。区教育局统筹，区科技局协同推进。
            （五）推进统计执法。区统计局统筹，区司法局具体承办了2020年执法检查。
            """, year: 2021)
        let a = try task(d, "一(一)")
        let b = try task(d, "一(二)")
        #expect(a.units.leads == ["区司法局"] && a.requirement == "报送工作进展")
        // The 每月 part reads as it does in a sentence without the trailing clause.
        #expect(a.deadlineText == b.deadlineText && a.deadline == b.deadline && a.deadline.period == .monthly)
        // Units given work after the roles (they would be lost), or what was done: not read, as before.
        #expect(d.tasks.map(\.seq) == ["一(一)", "一(二)"])
    }

    @Test("a unit given work after a 由 clause helps: 要做好, in the next sentence, inside the brackets")
    func youClauseThenDuty() throws {
        let d = try read("""
            某区2021年重大项目工作要点
            一、重点任务
            （一）推进重大项目建设。由区发改局牵头落实，区财政局做好资金保障。
            （二）推进重大项目前期。由区发改局牵头落实，区财政局要做好资金保障。
            （三）推进重大项目审批。由区发改局牵头落实。区财政局做好资金保障。
            （四）推进重大项目验收（由区发改局牵头落实，区财政局做好资金保障）。
            （五）推进政策解读。各部门主要负责同志要带头解读，区政府办负责统筹。
            """, year: 2021)
        for seq in ["一(一)", "一(二)", "一(三)", "一(四)"] {
            let t = try task(d, seq)
            #expect(t.units.leads == ["区发改局"] && t.units.coUnits == ["区财政局"], "\(seq): \(t.units.leads) \(t.units.coUnits)")
        }
        // 主要 of 主要负责同志 is no 要 after a unit's name: people, not units.
        #expect(!d.tasks.contains { $0.seq == "一(五)" })
    }

    @Test("a body above the plan's level that guides (在市司法局指导下) is no co-unit of a 区 plan")
    func guideFromAbove() throws {
        let d = try read("""
            某区2021年社会治理工作要点
            一、重点任务
            （一）加强矛盾纠纷化解。区司法局在市司法局指导下牵头开展人民调解规范化建设。全年。
            （二）推进平安创建。区委政法委牵头，区公安分局配合。全年。
            （三）推进基层应急能力建设。各街道在区应急管理局指导下开展应急消防管理站建设。全年推进。
            """, year: 2021)
        let a = try task(d, "一(一)")
        #expect(a.units.leads == ["区司法局"] && a.units.coUnits.isEmpty)
        // A guide at the plan's own level helps (as 市应急管理局 does in a 市 plan, see jointVerbs).
        #expect(try task(d, "一(三)").units.coUnits == ["区应急管理局"])
    }

    @Test("（2020年以来，A牵头推进） under a section's heading gives the section's units")
    func sinceClauseUnderAHeading() throws {
        let d = try read("""
            某区2021年数字化改革工作要点
            一、推进数据共享
            （2020年以来，区大数据中心牵头推进）
            （一）建设数据共享平台。2021年6月底前完成。
            （二）推进公共数据开放。全年推进。
            二、基本情况（区委、区政府负责领导）
            （一）全区已建成应用场景20个。
            """, year: 2021)
        #expect(d.tasks.map(\.seq) == ["一(一)", "一(二)"])
        let a = try task(d, "一(一)")
        #expect(a.units.leads == ["区大数据中心"] && a.category == "推进数据共享" && a.deadline.due == Day(iso: "2021-06-30"))
        #expect(try task(d, "一(二)").deadline.kind == .yearRound)  // not 2020: the since-clause is no deadline
    }
}
