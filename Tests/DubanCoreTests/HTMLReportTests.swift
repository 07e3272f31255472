import Foundation
import Testing
@testable import DubanCore

/// The HTML quarterly report and urging notices, built from the seed plan with a fixed history.
@Suite("HTMLReport")
struct HTMLReportTests {
    static let generatedAt = Date(timeIntervalSince1970: 1_538_352_000)  // 2018-10-01 08:00 in Shanghai
    static let xss = "<img src=x onerror=alert(1)>"
    static let xssEscaped = "&lt;img src=x onerror=alert(1)&gt;"

    let db: AppDatabase
    let office = Actor(name: "王主任", source: "test")
    let unitActor = Actor(name: "李科长", source: "test")

    init() throws {
        db = try AppDatabase.inMemory()
        let r = try PlanImporter.read(path: Paths.guandu("plan.txt"))
        _ = try db.importPlan(r.draft, sha256: r.sha256)
        try recordHistory()
    }

    /// A fixed third-quarter history: progress, notes, a done-and-closed task, a task on hold,
    /// an overdue task with several leads and a pending extension request.
    func recordHistory() throws {
        let now = Self.generatedAt
        func report(_ seq: String, _ unit: String, _ state: TaskState?, _ note: String, _ day: String,
                    percent: Int? = nil) throws {
            try db.report(taskId: try id(seq), unit: unit, state: state, note: note, percent: percent, asOf: self.day(day),
                          by: unitActor, now: now)
        }
        try report("74", "区长热线办", .inProgress, "已完成账号摸底<初稿>，“两微一端”整合 & 备案中", "2018-09-10", percent: 40)
        try report("44", "区政务服务局", .done, "已在政府网站公布", "2018-08-20")
        try report("44", "区委编办", .done, "", "2018-08-25")
        try report("8", "区委编办", .done, "权责清单已调整并公开", "2018-07-20")
        try db.close(taskId: try id("8"), asOf: day("2018-07-25"), by: office, now: now)
        try report("1", "区政府办", .ongoing, "已纳入常态化工作", "2018-09-15")
        try report("31", "区委宣传部", .ongoing, "9月召开新闻发布会1次", "2018-09-28")
        try report("66", "区科信局", nil, "每日读网已开展", "2018-08-01")
        try report("12", "区财政局", .onHold, "等待上级统一公开口径", "2018-08-10")
        try db.requestExtension(taskId: try id("74"), unit: "区长热线办", to: day("2018-10-31"), reason: "等待市级平台对接",
                                on: day("2018-09-20"), by: unitActor, now: now)
    }

    func id(_ seq: String) throws -> Int64 { try #require(try db.tasks(planId: 1).first { $0.seq == seq }).id }
    func day(_ s: String) -> Day { Day(iso: s)! }

    func report(_ quarter: String = "2018Q3", asOf: String = "2018-09-30") throws -> QuarterlyReport {
        try db.quarterlyReport(planId: 1, quarter: Quarter(quarter)!, asOf: day(asOf), generatedAt: Self.generatedAt)
    }

    func notice(_ unit: String, _ asOf: String) throws -> UrgingNotice? {
        UrgingNotice.build(unit: unit, planTitle: "官渡区2018年政务公开工作要点分工方案", issuer: "昆明市官渡区人民政府办公室",
                           asOf: day(asOf), rows: try db.statuses(planId: 1, asOf: day(asOf)))
    }

    /// The HTML of one report section, from its opening tag to its end.
    func section(_ html: String, _ id: String) throws -> String {
        let start = try #require(html.range(of: "<section id=\"r-\(id)\""))
        let end = try #require(html.range(of: "</section>", range: start.upperBound..<html.endIndex))
        return String(html[start.lowerBound..<end.upperBound])
    }

    /// Texts between `open` and `close`, in order.
    func texts(_ html: String, _ open: String, _ close: String) -> [String] {
        html.components(separatedBy: open).dropFirst().compactMap { $0.components(separatedBy: close).first }
    }

    // MARK: - Self-contained and printable

    @Test func documentIsSelfContained() throws {
        let html = HTMLReport.document(try report())
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh-CN\">"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        for banned in ["<script", "http://", "https://", "src=", "@import", "url(", "<link", "<img"] {
            #expect(!html.contains(banned), "found \(banned)")
        }
        #expect(html.contains("<svg"))
        #expect(html.contains("<thead>"))
        #expect(html.contains("@page wide { size: A4 landscape; }"))
        #expect(html.contains("@page { size: A4; margin: 15mm 12mm; }"))
        #expect(html.contains("thead { display: table-header-group; }"))
        #expect(html.contains("print-color-adjust: exact"))
        #expect(!html.contains("李科长") && !html.contains("王主任"))  // units are compared, never people
        #expect(HTMLReport.body(try report()).hasPrefix("<main class=\"report\">"))
    }

    @Test func sectionsInOrderWithHeaderFacts() throws {
        let html = HTMLReport.document(try report())
        let ids = texts(html, "<section id=\"r-", "\"")
        #expect(ids == ["cover", "totals", "units", "overdue", "categories", "silent", "waiting", "undated", "extensions"])
        let cover = try section(html, "cover")
        for fact in ["官渡区2018年政务公开工作要点分工方案", "2018年第三季度", "2018-09-30", "2018-10-01 08:00", "昆明市官渡区人民政府办公室"] {
            #expect(cover.contains(fact), "cover lacks \(fact)")
        }
        #expect(try section(html, "units").contains("class=\"wide\""))
        #expect(try section(html, "overdue").contains("class=\"wide\""))
        #expect(try section(html, "silent").contains("class=\"wide\""))
    }

    @Test func totalsShowFiguresAndRates() throws {
        let r = try report()
        let totals = try section(HTMLReport.body(r), "totals")
        let labels = texts(totals, "</b><span>", "</span>")
        #expect(labels == ["任务数", "已完成（含办结）", "推进中", "未开始", "暂缓", "逾期", "下季度到期", "完成率", "按时完成率"])
        #expect(totals.contains("<b>\(r.totals.tasks)</b><span>任务数</span>"))
        #expect(totals.contains("<b>\(CellValue.percentText(r.totals.completionRate!))</b><span>完成率</span>"))
        #expect(HTML.percent(0.2875) == "28.8%")
        #expect(HTML.percent(nil) == "—")
    }

    @Test func unitTableHasExactlyTheSheetColumns() throws {
        let r = try report()
        let units = try section(HTMLReport.body(r), "units")
        let head = try #require(texts(units, "<thead><tr>", "</tr></thead>").first)
        #expect(texts(head, "<th>", "</th>") == ["单位", "牵头任务数", "已完成", "推进中", "未开始", "暂缓", "逾期", "下季度到期",
                                               "完成率", "信号灯", "配合任务数"])
        #expect(texts(head, "<th>", "</th>") == ReportTables.unitHeaders)
        // A dot and the word, so the light reads on grey printers.
        #expect(units.contains("<td class=\"l\"><span class=\"dot red\" aria-hidden=\"true\"></span>红</td>"))
        // One bar per unit that leads tasks, with numbers as tooltips.
        let leading = r.units.filter { $0.counts.tasks > 0 }
        #expect(units.components(separatedBy: "<g><title>").count - 1 == leading.count)
        #expect(units.contains("<title>区长热线办 推进中：1项</title>"))
    }

    @Test func emptyListsSayNone() throws {
        let html = HTMLReport.body(try report("2018Q1", asOf: "2018-03-31"))
        let overdue = try section(html, "overdue")
        #expect(overdue.contains("<p class=\"none\">无</p>"))
        #expect(!overdue.contains("<table"))
        #expect(overdue.contains("class=\"empty\""))
        #expect(!overdue.contains("class=\"wide"))
    }

    // MARK: - Escaping

    @Test func userTextIsEscapedEverywhere() throws {
        try db.report(taskId: try id("44"), unit: "区发改局", state: .inProgress, note: Self.xss, asOf: day("2018-09-29"),
                      by: unitActor, now: Self.generatedAt)
        var r = try report()
        r.planTitle = "方案" + Self.xss
        r.issuer = Self.xss
        r.units[0].unit = Self.xss
        let html = HTMLReport.document(r)
        #expect(!html.contains(Self.xss))
        #expect(!html.contains("<img"))
        #expect(html.components(separatedBy: Self.xssEscaped).count - 1 >= 6)  // title, h1, issuer, table, chart, note
        #expect(HTML.escape("<a href='x'>\"&\"</a>") == "&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;")
        #expect(HTML.escape("区政府办") == "区政府办")
        let n = try #require(UrgingNotice.build(unit: "区长热线办", planTitle: Self.xss, issuer: Self.xss, asOf: day("2018-10-01"),
                                                rows: try db.statuses(planId: 1, asOf: day("2018-10-01"))))
        let notice = UrgingNotice.html(n)
        #expect(!notice.contains(Self.xss) && notice.contains(Self.xssEscaped))
    }

    @Test func generatedAtIsShownInChinaTime() {
        #expect(HTML.dateTime(Self.generatedAt) == "2018-10-01 08:00")
        #expect(HTML.dateTime(Date(timeIntervalSince1970: 1_538_351_999)) == "2018-10-01 07:59")
    }

    // MARK: - Deadline boundary

    @Test func dueAtQuarterEndIsOverdueOnlyTheNextDay() throws {
        let q3 = try section(HTMLReport.body(try report()), "overdue")
        #expect(!q3.contains("<tr><td class=\"s\">74</td>"))
        #expect(q3.contains("<tr><td class=\"s\">44</td>"))
        let q4 = try section(HTMLReport.body(try report("2018Q4", asOf: "2018-10-01")), "overdue")
        #expect(q4.contains("<tr><td class=\"s\">74</td>"))
    }

    // MARK: - Urging notices

    @Test func overdueUnitGetsANotice() throws {
        let n = try #require(try notice("区长热线办", "2018-10-01"))
        #expect(n.items.map(\.seq) == ["74"])
        #expect(n.items.first?.situation == "逾期1天")
        #expect(n.replyBy == day("2018-10-06"))
        let html = UrgingNotice.html(n)
        #expect(html.contains("<h1>催办通知</h1>"))
        #expect(html.contains("<p class=\"to\">区长热线办：</p>"))
        #expect(html.contains("根据《官渡区2018年政务公开工作要点分工方案》，截至2018年10月1日，贵单位牵头的下列工作任务已逾期或即将到期"))
        #expect(html.contains("并于2018年10月6日前将办理进展和完成时限书面报送昆明市官渡区人民政府办公室。"))
        #expect(html.contains("<td class=\"sit\">逾期1天</td>"))
        #expect(html.contains("特此通知。"))
        #expect(html.contains("@page { size: A4 portrait;"))
        for banned in ["<script", "http://", "https://", "src=", "url(", "李科长"] { #expect(!html.contains(banned)) }
    }

    @Test("the last task row of a notice is kept on one page with 特此通知 and the signature")
    func noticeLastRowStaysWithTheSignature() throws {
        let n = try #require(try notice("区政府办", "2019-01-10"))
        #expect(n.items.count > 2)
        let html = UrgingNotice.html(n)
        let main = try #require(html.components(separatedBy: "<main class=\"notice\">").last)
        let (body, close) = (try #require(main.components(separatedBy: "<div class=\"close\">").first),
                             try #require(main.components(separatedBy: "<div class=\"close\">").last))
        // n − 1 rows under the header above; the last row, without a header, inside the kept-together block.
        #expect(body.components(separatedBy: "<tr><td class=\"s\">").count - 1 == n.items.count - 1)
        #expect(close.components(separatedBy: "<tr><td class=\"s\">").count - 1 == 1)
        #expect(close.contains("<tr><td class=\"s\">\(n.items.last!.seq)</td>") && !close.contains("<thead>"))
        #expect(close.range(of: "</table>")!.lowerBound < close.range(of: "特此通知。")!.lowerBound)
        #expect(html.contains(".notice .close { break-inside: avoid; }"))
    }

    @Test func aMissingMonthlyReportIsNamedAsSuch() throws {
        // Task 31 (monthly) was reported for September only: on 5 November October's report is missing.
        let n = try #require(try notice("区委宣传部", "2018-11-05"))
        let item = try #require(n.items.first { $0.seq == "31" })
        #expect(item.situation == "2018年10月进展未报送")  // no count of days to 31 December
        let html = UrgingNotice.html(n)
        #expect(html.contains("贵单位牵头的下列工作任务已逾期、即将到期或未按期报送进展，请高度重视"))
        let overdueOnly = try #require(try notice("区长热线办", "2018-10-01"))
        #expect(UrgingNotice.html(overdueOnly).contains("贵单位牵头的下列工作任务已逾期或即将到期，请高度重视"))
    }

    @Test func soonDueAndDueTodayAreNamed() throws {
        #expect(try notice("区长热线办", "2018-09-25")?.items.first?.situation == "5天后到期")
        #expect(try notice("区长热线办", "2018-09-30")?.items.first?.situation == "今日到期")
        #expect(try notice("区长热线办", "2018-09-01") == nil)  // 29 days left: green
        let custom = UrgingNotice.build(unit: "区长热线办", planTitle: "方案", issuer: nil, asOf: day("2018-10-01"),
                                        rows: try db.statuses(planId: 1, asOf: day("2018-10-01")), replyBy: day("2018-10-10"))
        let html = UrgingNotice.html(try #require(custom))
        #expect(html.contains("并于2018年10月10日前将办理进展和完成时限书面报送办公室。"))
        #expect(html.contains("<p class=\"sign\">办公室</p>"))
    }

    @Test func unitWithNothingDueGetsNone() throws {
        #expect(try notice("区政府办", "2018-10-01") == nil)  // 24 tasks, all year-round: nothing due yet
        #expect(try notice("区委宣传部", "2018-10-01") == nil)  // monthly task 31 reported for September
        #expect(try notice("区财政局", "2018-10-01") == nil)  // on hold with a reason, year-round
        #expect(try notice("区委编办", "2018-10-01")?.items.map(\.seq) == ["37"])  // its part of 44 is done, 37 is not
    }

    @Test func overdueFirstByDaysThenSoonByDate() throws {
        let base = try #require(try db.statuses(planId: 1, asOf: day("2018-10-01")).first { $0.task.seq == "74" })
        func row(_ seq: String, _ light: Light, overdue: Int? = nil, left: Int? = nil, due: String) -> TaskWithStatus {
            var r = base
            r.task.seq = seq
            r.task.position = Int(seq)!
            r.status.light = light
            r.status.overdueDays = overdue
            r.status.daysLeft = left
            r.status.effectiveDue = day(due)
            return r
        }
        var finished = row("9", .red, overdue: 40, due: "2018-08-22")
        finished.status.unitStates[0].state = .done  // the unit's own part is finished: not urged
        let rows = [row("1", .yellow, left: 6, due: "2018-10-07"), row("2", .red, overdue: 1, due: "2018-09-30"),
                    row("3", .yellow, left: 2, due: "2018-10-03"), row("4", .red, overdue: 31, due: "2018-08-31"),
                    row("5", .green, left: 30, due: "2018-10-31"), finished]
        let n = try #require(UrgingNotice.build(unit: "区长热线办", planTitle: "方案", issuer: nil, asOf: day("2018-10-01"), rows: rows))
        #expect(n.items.map(\.seq) == ["4", "2", "3", "1"])
        #expect(n.items.map(\.situation) == ["逾期31天", "逾期1天", "2天后到期", "6天后到期"])
    }

    /// All notices from one pass are the notices the unit-by-unit method gave: every unit in
    /// the order it first appears in the statuses, each with exactly its `build` items.
    @Test(arguments: ["2018-06-30", "2018-10-01", "2018-12-31", "2019-01-01"])
    func allNoticesAtOnceAreEachUnitsNotice(asOf: String) throws {
        let rows = try db.statuses(planId: 1, asOf: day(asOf))
        var units: [String] = []
        for r in rows { for u in r.status.unitStates where !units.contains(u.unit) { units.append(u.unit) } }
        var expected: [UrgingNotice] = []
        for unit in units {
            // The unit-by-unit method, written out: the red and yellow tasks on which the unit's
            // first open part is, overdue first by days, then by due date, then plan order.
            var items: [(Int, UrgingNotice.Item)] = []
            for r in rows where r.status.light == .red || r.status.light == .yellow {
                guard let part = r.status.unitStates.first(where: { $0.unit == unit && !$0.state.isFinished }) else { continue }
                let s = r.status
                items.append((r.task.position, UrgingNotice.Item(
                    taskId: r.task.id, seq: r.task.seq, requirement: r.task.requirement, deadlineText: r.task.deadlineText,
                    due: s.effectiveDue, state: part.state, overdueDays: s.light == .red ? s.overdueDays : nil,
                    daysLeft: s.light == .red ? nil : s.daysLeft, missingPeriods: s.missingPeriods)))
            }
            guard !items.isEmpty else { continue }
            func key(_ e: (Int, UrgingNotice.Item)) -> (Int, Int, Int) {
                if let days = e.1.overdueDays { return (0, -days, e.0) }
                return (1, e.1.due?.ordinal ?? Int.max, e.0)
            }
            expected.append(UrgingNotice(unit: unit, planTitle: "方案", issuer: nil, asOf: day(asOf), replyBy: day(asOf).adding(days: 5),
                                         items: items.sorted { key($0) < key($1) }.map(\.1)))
        }
        let all = UrgingNotice.buildAll(planTitle: "方案", issuer: nil, asOf: day(asOf), rows: rows)
        #expect(all == expected)
        if asOf != "2018-06-30" { #expect(all.count > 3) }
        for n in all {
            #expect(UrgingNotice.build(unit: n.unit, planTitle: "方案", issuer: nil, asOf: day(asOf), rows: rows) == n)
            #expect(UrgingNotice.buildAll(planTitle: "方案", issuer: nil, asOf: day(asOf), rows: rows, only: n.unit) == [n])
        }
    }

    // MARK: - Golden files

    @Test func goldenReport() throws {
        try golden(HTMLReport.document(try report()), "report-2018Q3.html")
    }

    @Test func goldenNotice() throws {
        try golden(UrgingNotice.html(try #require(try notice("区长热线办", "2018-10-01"))), "notice-区长热线办-2018-10-01.html")
    }

    /// Compares with `Fixtures/golden/<name>` (read from the source tree); with
    /// DUBAN_UPDATE_GOLDEN=1 in the environment, (re)writes the file instead.
    func golden(_ actual: String, _ name: String) throws {
        let url = Paths.fixtures.appendingPathComponent("golden").appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["DUBAN_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        guard expected != actual else { return }
        let a = expected.components(separatedBy: "\n")
        let b = actual.components(separatedBy: "\n")
        let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        Issue.record("""
            \(name) differs from the golden file at line \(line + 1):
              golden: \(line < a.count ? a[line] : "<end of file>")
              actual: \(line < b.count ? b[line] : "<end of file>")
            If the change is intended, run the tests with DUBAN_UPDATE_GOLDEN=1 and review the diff.
            """)
    }
}
