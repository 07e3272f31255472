import Foundation
import GRDB
import Testing
@testable import DubanCore

/// Deadline texts the 2026 import audit found misread (t1-deadlines, t16-deadlines2), and the
/// neighbouring texts that must keep their reading.
@Suite("Deadline reading")
struct DeadlineReadingTests {
    /// A cell read for plan year 2018 gives the case's kind and due day.
    func check(_ c: Case, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let d = DeadlineParser.parse(c.text, year: 2018)
        #expect(d.kind == c.kind, sourceLocation: sourceLocation)
        #expect(d.due?.iso == c.due, sourceLocation: sourceLocation)
    }

    struct Case: Sendable, CustomStringConvertible {
        let text: String
        let kind: Deadline.Kind
        let due: String?
        var period: Deadline.Period? = nil
        var description: String { text }
    }

    static func day(_ s: String) -> Day { Day(iso: s)! }

    @Test("a named date is not hidden by year-round or recurring words in the same cell", arguments: [
        Case(text: "9月底前完成，并长期坚持", kind: .fixed, due: "2018-09-30"),
        Case(text: "常态化推进，9月底前完成专项清理", kind: .fixed, due: "2018-09-30"),
        // Still reported on every quarter, but due at the date it names.
        Case(text: "6月底前建立机制，每季度报送进展", kind: .recurring, due: "2018-06-30", period: .quarterly),
    ])
    func namedDateWins(_ c: Case) {
        let d = DeadlineParser.parse(c.text, year: 2018)
        #expect(d.kind == c.kind)
        #expect(d.due?.iso == c.due)
        #expect(d.period == c.period)
    }

    @Test("texts that read right before keep their reading", arguments: [
        Case(text: "全年工作", kind: .yearRound, due: "2018-12-31"),
        Case(text: "长期坚持", kind: .yearRound, due: "2018-12-31"),
        Case(text: "常态化", kind: .yearRound, due: "2018-12-31"),
        Case(text: "每季度", kind: .recurring, due: "2018-12-31", period: .quarterly),
        Case(text: "按月度完成", kind: .recurring, due: "2018-12-31", period: .monthly),
        Case(text: "自2018年10月起每月报送", kind: .recurring, due: "2018-12-31", period: .monthly),
        Case(text: "9月启动，12月底前完成", kind: .fixed, due: "2018-12-31"),
        Case(text: "6月、12月", kind: .fixed, due: "2018-12-31"),
        Case(text: "2018年6月底前（阶段性），2018年12月底前（全面完成）", kind: .fixed, due: "2018-12-31"),
        Case(text: "2018年3月已完成", kind: .fixed, due: "2018-03-31"),
        Case(text: "7月1日起实施", kind: .fixed, due: "2018-07-01"),
        Case(text: "2019年1月底前", kind: .fixed, due: "2019-01-31"),
        // "2018年" alone was kept as text until the second prose audit; it is now the year's end
        // (DeadlineParserTests). 年中 stays text.
        Case(text: "年中", kind: .unparsed, due: nil),
        Case(text: "待市级有关文件出台后", kind: .conditional, due: nil),
    ])
    func unchanged(_ c: Case) {
        let d = DeadlineParser.parse(c.text, year: 2018)
        #expect(d.kind == c.kind)
        #expect(d.due?.iso == c.due)
        #expect(d.period == c.period)
    }

    @Test("a quarter or half year named with 完成/前/底/末 is the end of it; 每/按 keep it recurring", arguments: [
        Case(text: "第三季度完成", kind: .fixed, due: "2018-09-30"),
        Case(text: "三季度完成", kind: .fixed, due: "2018-09-30"),
        Case(text: "第二季度前", kind: .fixed, due: "2018-06-30"),
        Case(text: "第三季度末前", kind: .fixed, due: "2018-09-30"),
        Case(text: "上半年度完成", kind: .fixed, due: "2018-06-30"),
        Case(text: "下半年度完成", kind: .fixed, due: "2018-12-31"),
        Case(text: "第一季度末前完成，并长期坚持", kind: .fixed, due: "2018-03-31"),
        Case(text: "第二季度完成，全年持续推进", kind: .fixed, due: "2018-06-30"),
        Case(text: "每季度", kind: .recurring, due: "2018-12-31", period: .quarterly),
        Case(text: "按季度", kind: .recurring, due: "2018-12-31", period: .quarterly),
        Case(text: "按季度完成", kind: .recurring, due: "2018-12-31", period: .quarterly),
        Case(text: "每季度末报送", kind: .recurring, due: "2018-12-31", period: .quarterly),
        Case(text: "季度完成", kind: .recurring, due: "2018-12-31", period: .quarterly),
        Case(text: "每半年", kind: .recurring, due: "2018-12-31", period: .halfYearly),
        Case(text: "半年度报送", kind: .recurring, due: "2018-12-31", period: .halfYearly),
        Case(text: "按月度完成", kind: .recurring, due: "2018-12-31", period: .monthly),
    ])
    func namedQuarters(_ c: Case) {
        let d = DeadlineParser.parse(c.text, year: 2018)
        #expect(d.kind == c.kind)
        #expect(d.due?.iso == c.due)
        #expect(d.period == c.period)
    }

    @Test("years, months and days written in Chinese numerals", arguments: [
        Case(text: "二〇一九年三月底前", kind: .fixed, due: "2019-03-31"),
        Case(text: "二零一九年三月底前", kind: .fixed, due: "2019-03-31"),
        Case(text: "二〇一八年十二月底前", kind: .fixed, due: "2018-12-31"),
        Case(text: "二〇一九年底前", kind: .fixed, due: "2019-12-31"),
        Case(text: "二〇一八年六月三十日前", kind: .fixed, due: "2018-06-30"),
        Case(text: "三月底前", kind: .fixed, due: "2018-03-31"),
        Case(text: "十二月底前", kind: .fixed, due: "2018-12-31"),
        Case(text: "六月三十日", kind: .fixed, due: "2018-06-30"),
        Case(text: "十月三十一日前完成", kind: .fixed, due: "2018-10-31"),
        Case(text: "两年内", kind: .fixed, due: "2019-12-31"),
        Case(text: "二季度末", kind: .fixed, due: "2018-06-30"),
    ])
    func chineseNumerals(_ c: Case) {
        check(c)
    }

    @Test("the completion date wins over a later date for reporting or starting", arguments: [
        Case(text: "12月底前（次年1月报送总结）", kind: .fixed, due: "2018-12-31"),
        Case(text: "11月底前完成，12月报送总结", kind: .fixed, due: "2018-11-30"),
        Case(text: "10月底前完成，次年1月启动第二阶段", kind: .fixed, due: "2018-10-31"),
        // Still the last date when none is marked as the completion.
        Case(text: "9月启动，12月底前完成", kind: .fixed, due: "2018-12-31"),
        Case(text: "6月、12月", kind: .fixed, due: "2018-12-31"),
        Case(text: "2018年6月底前（阶段性），2018年12月底前（全面完成）", kind: .fixed, due: "2018-12-31"),
        Case(text: "9月底前制定方案，12月完成验收", kind: .fixed, due: "2018-12-31"),
    ])
    func completionBeforeReporting(_ c: Case) {
        check(c)
    }

    @Test("a quarter named with 完成 is due at its end, exactly at the boundary")
    func namedQuarterBoundary() throws {
        let db = try AppDatabase.inMemory()
        let r = try PlanImporter.read(data: Data(Self.plan(["第三季度完成", "二〇一九年三月底前"]).utf8), name: "p.csv")
        _ = try db.importPlan(r.draft, sha256: r.sha256)
        let ids = Dictionary(try db.tasks(planId: 1).map { ($0.deadlineText, $0.id) }, uniquingKeysWith: { a, _ in a })
        let q = ids["第三季度完成"]
        #expect(try status(db, q, "2018-09-30").light == .yellow)
        #expect(try status(db, q, "2018-09-30").daysLeft == 0)
        #expect(try status(db, q, "2018-10-01").light == .red)
        #expect(try status(db, q, "2018-10-01").overdueDays == 1)
        #expect(try status(db, q, "2018-10-01").missingPeriods.isEmpty)
        let y = ids["二〇一九年三月底前"]
        #expect(try status(db, y, "2019-03-31").overdueDays == nil)
        #expect(try status(db, y, "2019-04-01").overdueDays == 1)
    }

    @Test("次年, 明年, 下一年度 name the year after the plan year", arguments: [
        Case(text: "次年1月底前", kind: .fixed, due: "2019-01-31"),
        Case(text: "明年3月底前", kind: .fixed, due: "2019-03-31"),
        Case(text: "下一年度6月底前", kind: .fixed, due: "2019-06-30"),
        Case(text: "次年底前", kind: .fixed, due: "2019-12-31"),
        Case(text: "次年一季度", kind: .fixed, due: "2019-03-31"),
    ])
    func nextYear(_ c: Case) {
        check(c)
    }

    @Test("numeric dates written as text", arguments: [
        Case(text: "2018-06-30", kind: .fixed, due: "2018-06-30"),
        Case(text: "2018.6.30前", kind: .fixed, due: "2018-06-30"),
        Case(text: "2018/12/31", kind: .fixed, due: "2018-12-31"),
        Case(text: "2018年6月30日前", kind: .fixed, due: "2018-06-30"),
        Case(text: "２０１８－０６－３０", kind: .fixed, due: "2018-06-30"),
        Case(text: "2019.1.15前完成", kind: .fixed, due: "2019-01-15"),
    ])
    func numericDates(_ c: Case) {
        check(c)
    }

    @Test("an impossible numeric date is kept as text, with the import's finding", arguments: [
        "2018-02-30", "2018.13.1", "2018/6/31前", "2018-00-10",
    ])
    func impossibleNumericDates(_ text: String) throws {
        #expect(DeadlineParser.parse(text, year: 2018).kind == .unparsed)
        let r = try PlanImporter.read(data: Data(Self.plan([text]).utf8), name: "p.csv")
        #expect(r.draft.tasks.first?.deadline.kind == .unparsed)
        #expect(r.draft.findings.contains { $0.message.contains(text) })
    }

    @Test("两年内 counts the plan year as the first of the two")
    func withinYears() {
        #expect(DeadlineParser.parse("两年内", year: 2018) == Deadline(kind: .fixed, due: Self.day("2019-12-31")))
        #expect(DeadlineParser.parse("三年内完成", year: 2018).due == Self.day("2020-12-31"))
        #expect(DeadlineParser.parse("年内", year: 2018).due == Self.day("2018-12-31"))
    }

    // MARK: - Counted days

    @Test("a count of days says which days it counts", arguments: [
        ("文件出台后10个工作日内", Deadline.Kind.conditional, 10, Deadline.TimeUnit.workingDay),
        ("待省市部署后30日内", .relative, 30, .day),
        ("文件出台后1个月内", .conditional, 1, .month),
        ("5个工作日内", .relative, 5, .workingDay),
        ("15天内", .relative, 15, .day),
        ("收到交办件后3个工作日内", .relative, 3, .workingDay),
        ("两个月内", .relative, 2, .month),
    ])
    func countUnits(text: String, kind: Deadline.Kind, days: Int, unit: Deadline.TimeUnit) {
        let d = DeadlineParser.parse(text, year: 2018)
        #expect(d.kind == kind)
        #expect(d.days == days)
        #expect(d.timeUnit == unit)
    }

    @Test("the due day after a trigger counts the days the text names", arguments: [
        ("文件出台后10个工作日内", "2018-09-17"),
        ("待省市部署后30日内", "2018-10-03"),
        ("文件出台后1个月内", "2018-10-03"),
        ("5个工作日内", "2018-09-10"),
        ("待市级有关文件出台后", "2018-12-31"),
    ])
    func dueAfterTrigger(text: String, due: String) {
        let d = DeadlineParser.parse(text, year: 2018)
        #expect(TrackingRules.baseDue(d, planYear: 2018, trigger: Self.day("2018-09-03"), asOf: Self.day("2018-12-01"))
                == Self.day(due))
    }

    @Test func monthsEndAtTheLastDayOfAShorterMonth() {
        let d = Deadline(kind: .conditional, days: 1, timeUnit: .month)
        #expect(TrackingRules.baseDue(d, planYear: 2018, trigger: Self.day("2018-01-31"), asOf: Self.day("2018-12-01"))
                == Self.day("2018-02-28"))
        #expect(TrackingRules.baseDue(Deadline(kind: .relative, days: 12, timeUnit: .month), planYear: 2018,
                                      trigger: Self.day("2018-11-30"), asOf: Self.day("2018-12-01")) == Self.day("2019-11-30"))
    }

    @Test("a deadline without a stored unit counts as before: calendar days after an event, working days otherwise")
    func legacyUnits() {
        #expect(TrackingRules.baseDue(Deadline(kind: .conditional, days: 30), planYear: 2018, trigger: Self.day("2018-09-10"),
                                      asOf: Self.day("2018-12-01")) == Self.day("2018-10-10"))
        #expect(TrackingRules.baseDue(Deadline(kind: .relative, days: 5), planYear: 2018, trigger: Self.day("2018-09-14"),
                                      asOf: Self.day("2018-12-01")) == Self.day("2018-09-21"))
    }

    // MARK: - Statuses at the boundary, through the store

    /// A CSV plan of 2018 with one task per deadline text.
    static func plan(_ deadlines: [String]) -> String {
        var lines = ["官渡区2018年测试工作分工方案,,,,", "序号,工作任务,具体要求,牵头单位,完成时限"]
        for (i, d) in deadlines.enumerated() {
            lines.append("\(i + 1),测试类别,测试任务\(i + 1)号的具体要求内容,区测试\(i + 1)局牵头,\(d)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static let texts = ["6月底前建立机制，每季度报送进展", "文件出台后10个工作日内", "待省市部署后30日内",
                        "文件出台后1个月内", "9月底前完成，并长期坚持", "次年1月底前", "2018.6.30前"]

    func imported() throws -> (AppDatabase, [String: Int64]) {
        let db = try AppDatabase.inMemory()
        let r = try PlanImporter.read(data: Data(Self.plan(Self.texts).utf8), name: "p.csv")
        _ = try db.importPlan(r.draft, sha256: r.sha256)
        let ids = Dictionary(try db.tasks(planId: 1).map { ($0.deadlineText, $0.id) }, uniquingKeysWith: { a, _ in a })
        #expect(ids.count == Self.texts.count)
        return (db, ids)
    }

    func status(_ db: AppDatabase, _ id: Int64?, _ day: String) throws -> TaskStatus {
        let id = try #require(id)
        return try #require(try db.statuses(planId: 1, asOf: Self.day(day)).first { $0.task.id == id }).status
    }

    @Test("a named date beside 每季度 turns red the day after it, and quarters are still checked")
    func recurringWithANamedDate() throws {
        let (db, ids) = try imported()
        let id = ids["6月底前建立机制，每季度报送进展"]
        #expect(try status(db, id, "2018-06-30").light == .yellow)
        #expect(try status(db, id, "2018-06-30").daysLeft == 0)
        #expect(try status(db, id, "2018-07-01").light == .red)
        #expect(try status(db, id, "2018-07-01").overdueDays == 1)
        #expect(try status(db, id, "2018-07-01").missingPeriods.map(\.description) == ["2018年第2季度"])
        #expect(try status(db, id, "2018-09-30").light == .red)  // not done: still red after the due day
    }

    @Test("after a trigger the stored unit decides the due day, exactly at the boundary")
    func triggeredDueDays() throws {
        let (db, ids) = try imported()
        let office = Actor(name: "王主任", source: "test")
        for text in ["文件出台后10个工作日内", "待省市部署后30日内", "文件出台后1个月内"] {
            try db.trigger(taskId: try #require(ids[text]), on: Self.day("2018-09-03"), by: office)
        }
        let expected = ["文件出台后10个工作日内": "2018-09-17", "待省市部署后30日内": "2018-10-03", "文件出台后1个月内": "2018-10-03"]
        for (text, due) in expected {
            let last = try status(db, ids[text], due)
            #expect(last.effectiveDue == Self.day(due), "\(text)")
            #expect(last.light == .yellow && last.overdueDays == nil, "\(text)")
            let after = try status(db, ids[text], Self.day(due).adding(days: 1).iso)
            #expect(after.light == .red && after.overdueDays == 1, "\(text)")
        }
        // The stored reading is the parsed one, unit included.
        let tasks = try db.tasks(planId: 1)
        for t in tasks { #expect(t.deadline == DeadlineParser.parse(t.deadlineText, year: 2018), "\(t.deadlineText)") }
    }

    @Test("editing a deadline stores its unit")
    func editStoresTheUnit() throws {
        let (db, ids) = try imported()
        let id = try #require(ids["次年1月底前"])
        try db.editTask(taskId: id, deadlineText: "收到通知后15日内", reason: "调整", by: Actor(name: "王主任", source: "test"))
        #expect(try db.task(id).deadline == Deadline(kind: .relative, days: 15, timeUnit: .day))
    }

    @Test("tasks stored before counts had units keep their meaning")
    func databasesFromBeforeTheUnitColumn() throws {
        let queue = try DatabaseQueue(configuration: AppDatabase.makeConfiguration())
        try AppDatabase.migrator.migrate(queue, upTo: "v5-unused-category-indexes")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO plan (id, title, year, sourceFile, sha256, format, importedAt)
                    VALUES (1, '官渡区2018年测试工作分工方案', 2018, 'p.txt', 'x', 'text', '2018-08-17 00:00:00.000');
                INSERT INTO task (id, planId, seq, position, requirement, leadText, deadlineText, deadlineKind, relativeDays)
                    VALUES (1, 1, '1', 0, '甲', '区测试1局', '待省市部署后30日内', 'relative', 30),
                           (2, 1, '2', 1, '乙', '区测试2局', '文件出台后10个工作日内', 'conditional', 10),
                           (3, 1, '3', 2, '丙', '区测试3局', '全年工作', 'yearRound', NULL);
                UPDATE task SET due = '2018-12-31' WHERE id = 3;
                """)
        }
        let db = try AppDatabase(queue)
        let tasks = try db.tasks(planId: 1)
        #expect(tasks.map(\.deadline) == [
            Deadline(kind: .relative, days: 30, timeUnit: .workingDay),
            Deadline(kind: .conditional, days: 10, timeUnit: .day),
            Deadline(kind: .yearRound, due: Self.day("2018-12-31")),
        ])
        let office = Actor(name: "王主任", source: "test")
        try db.trigger(taskId: 1, on: Self.day("2018-09-03"), by: office)
        try db.trigger(taskId: 2, on: Self.day("2018-09-03"), by: office)
        let statuses = try db.statuses(planId: 1, asOf: Self.day("2018-09-20"))
        #expect(statuses.map(\.status.effectiveDue) == [Self.day("2018-10-15"), Self.day("2018-09-13"), Self.day("2018-12-31")])
    }

    @Test("a span of years runs to the end of the last one", arguments: [
        ("2018-2019年", "2019-12-31"), ("2018年至2019年", "2019-12-31"), ("2018—2020年", "2020-12-31"),
        ("2018～2019年底前完成", "2019-12-31"), ("2018年到2019年", "2019-12-31"),
    ])
    func yearSpans(text: String, due: String) {
        let d = DeadlineParser.parse(text, year: 2018)
        #expect(d.kind == .fixed)
        #expect(d.due == Day(iso: due))
    }

    @Test("not a span: the same year, a year back, or more than ten years", arguments: ["2019-2018年", "2018-2030年", "2018-2018年", "12345-2019年"])
    func notYearSpans(text: String) {
        #expect(DeadlineParser.parse(text, year: 2018).kind == .unparsed)
    }
}
