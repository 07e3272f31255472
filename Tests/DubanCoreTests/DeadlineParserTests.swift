import Foundation
import Testing
@testable import DubanCore

@Suite("DeadlineParser")
struct DeadlineParserTests {
    struct Case: Sendable, CustomStringConvertible {
        let text: String
        let kind: Deadline.Kind
        let due: String?
        var period: Deadline.Period? = nil
        var description: String { text.isEmpty ? "<blank>" : text }
    }

    static let cases: [Case] = [
        Case(text: "全年工作", kind: .yearRound, due: "2018-12-31"),
        // Excel's mmm-yy month exported to CSV: the plan's year or the next; another year stays unread.
        Case(text: "Jun-18", kind: .fixed, due: "2018-06-30"),
        Case(text: "Feb-2019", kind: .fixed, due: "2019-02-28"),
        Case(text: "dec/18", kind: .fixed, due: "2018-12-31"),
        Case(text: "Jun-23", kind: .unparsed, due: nil),
        Case(text: "Junk-18", kind: .unparsed, due: nil),
        // Second prose audit: a year alone is due at its end; 每年 / 按年度 are the whole year's work.
        Case(text: "2018年", kind: .fixed, due: "2018-12-31"),
        Case(text: "到2019年", kind: .fixed, due: "2019-12-31"),
        Case(text: "每年", kind: .yearRound, due: "2018-12-31"),
        Case(text: "按年度", kind: .yearRound, due: "2018-12-31"),
        // The event is itself due by a date written before it (left open from the first audit).
        Case(text: "2018年9月底前出台实施方案，出台后抓好落实", kind: .fixed, due: "2018-09-30"),
        Case(text: "9月底前出台方案，方案出台后1个月内完成培训", kind: .fixed, due: "2018-10-31"),
        Case(text: "6月30日前印发通知，印发后10个工作日内报送名单", kind: .fixed, due: "2018-07-13"),  // 30 June is a Saturday,
        Case(text: "全年", kind: .yearRound, due: "2018-12-31"),
        // Fourth (table) audit: a month and day without a year, as offices abbreviate them.
        Case(text: "6.30前", kind: .fixed, due: "2018-06-30"),
        Case(text: "6/30", kind: .fixed, due: "2018-06-30"),
        Case(text: "6.30、12.31前", kind: .fixed, due: "2018-12-31"),
        Case(text: "增长6.5%", kind: .unparsed, due: nil),
        Case(text: "2.31前", kind: .unparsed, due: nil),
        Case(text: "长期坚持", kind: .yearRound, due: "2018-12-31"),
        Case(text: "持续推进", kind: .yearRound, due: "2018-12-31"),
        Case(text: "10月底前", kind: .fixed, due: "2018-10-31"),
        Case(text: "10 月底前", kind: .fixed, due: "2018-10-31"),
        Case(text: "２月底前", kind: .fixed, due: "2018-02-28"),
        Case(text: "9月底前", kind: .fixed, due: "2018-09-30"),
        Case(text: "9月26日前", kind: .fixed, due: "2018-09-26"),
        Case(text: "年底前", kind: .fixed, due: "2018-12-31"),
        Case(text: "2019年3月底前", kind: .fixed, due: "2019-03-31"),
        Case(text: "2019年底前", kind: .fixed, due: "2019-12-31"),
        Case(text: "上半年", kind: .fixed, due: "2018-06-30"),
        Case(text: "第三季度末", kind: .fixed, due: "2018-09-30"),
        Case(text: "二季度末", kind: .fixed, due: "2018-06-30"),
        Case(text: "十一月底前", kind: .fixed, due: "2018-11-30"),
        Case(text: "按月度完成", kind: .recurring, due: "2018-12-31", period: .monthly),
        Case(text: "每月", kind: .recurring, due: "2018-12-31", period: .monthly),
        Case(text: "每季度", kind: .recurring, due: "2018-12-31", period: .quarterly),
        Case(text: "每半年", kind: .recurring, due: "2018-12-31", period: .halfYearly),
        Case(text: "待市级有关文件出台后", kind: .conditional, due: nil),
        Case(text: "待市级有关 文件出台后", kind: .conditional, due: nil),
        Case(text: "上级相关制度规定出台后", kind: .conditional, due: nil),
        Case(text: "5个工作日内", kind: .relative, due: nil),
        Case(text: "", kind: .none, due: nil),
        Case(text: "另行通知", kind: .unparsed, due: nil),
    ]

    @Test(arguments: cases)
    func parses(_ c: Case) {
        let d = DeadlineParser.parse(c.text, year: 2018)
        #expect(d.kind == c.kind)
        #expect(d.due?.iso == c.due)
        #expect(d.period == c.period)
    }

    @Test("a month.day is a date only where a date ends: not in 6.5% or 3.5亿元")
    func monthDotDayOnlyAsADate() {
        #expect(DeadlineParser.completionDates(in: "完成投资3.5亿元，增长6.5%", year: 2021).isEmpty)
        #expect(DeadlineParser.completionDates(in: "9.30前完成", year: 2021) == [Day(iso: "2021-09-30")!])
    }

    @Test func relativeKeepsDays() {
        #expect(DeadlineParser.parse("5个工作日内", year: 2018).days == 5)
    }

    @Test func phasedTakesTheLastDate() {
        let d = DeadlineParser.parse("第一批2017年12月底前完成；第二批2018年6月底前完成", year: 2017)
        #expect(d.due == Day(year: 2018, month: 6, day: 30))
    }

    @Test("a run of digits longer than any date is no date, not an overflow trap (found by libFuzzer)")
    func longDigitRuns() {
        let digits = String(repeating: "9", count: 40)
        #expect(DeadlineParser.parse("\(digits)年\(digits)月底前", year: 2018).due == nil)
        #expect(DeadlineParser.completionDates(in: "于\(digits)月\(digits)日前完成", year: 2018).isEmpty)
    }

    @Test func dayArithmeticRoundTrips() {
        let d = Day(year: 2018, month: 9, day: 30)!
        #expect(d.adding(days: 1) == Day(year: 2018, month: 10, day: 1))
        #expect(Day(ordinal: d.ordinal) == d)
        #expect(Day(year: 2018, month: 2, day: 29) == nil)
        #expect(Day.endOfMonth(year: 2020, month: 2).day == 29)
    }
}

@Suite("Day bounds")
struct DayBoundsTests {
    @Test("a date is of years 1–9999; a longer year is no date", arguments: [
        ("9223372036854775807-01-01", false), ("10000-01-01", false), ("0-01-01", false),
        ("9999-12-31", true), ("0001-01-01", true), ("2018-09-30", true),
    ])
    func years(text: String, isDay: Bool) {
        #expect((Day(iso: text) != nil) == isDay)
    }

    @Test func addingAnyNumberOfDaysStaysWithinTheYears() {
        let day = Day(iso: "2018-09-30")!
        #expect(day.adding(days: 1) == Day(iso: "2018-10-01"))
        #expect(day.adding(days: -272) == Day(iso: "2018-01-01"))
        #expect(day.adding(days: Int.max) == Day.last)
        #expect(day.adding(days: Int.min) == Day.first)
        #expect(Day.last.adding(days: 1) == Day.last)
        #expect(Day.first.adding(days: -1) == Day.first)
        #expect(Day.last.ordinal - Day.first.ordinal == 3_652_058)
    }

    @Test func workingDaysByWholeWeeksAreTheDayByDayCount() {
        func dayByDay(_ n: Int, _ from: Day) -> Day {
            var d = from, left = n
            while left > 0 {
                d = d.adding(days: 1)
                let weekday = ((d.ordinal % 7) + 7 + 4) % 7
                if weekday != 0 && weekday != 6 { left -= 1 }
            }
            return d
        }
        for start in 0..<7 {
            let from = Day(iso: "2018-09-03")!.adding(days: start)  // Monday … Sunday
            for n in 0...40 { #expect(TrackingRules.addingWorkingDays(n, to: from) == dayByDay(n, from), "\(from) + \(n)") }
        }
        // A number of working days no plan means: at once, and within the days that exist.
        #expect(TrackingRules.addingWorkingDays(999_999_999, to: Day(iso: "2018-09-03")!) == Day.last)
        #expect(TrackingRules.addingWorkingDays(Int.max, to: Day(iso: "2018-09-03")!) == Day.last)
    }

    @Test func quartersAreOfTheSameYears() {
        #expect(Quarter("0000Q1") == nil)
        #expect(Quarter("2018Q3")?.start == Day(iso: "2018-07-01"))
        let last = Quarter("9999Q4")!
        #expect(last.end == Day.last)
        #expect(last.next == last)
        #expect(Quarter("9999Q3")!.next == last)
    }

    @Test func aPlanYearOutsideTheRangeIsRefusedWithAMessage() throws {
        let text = try String(contentsOfFile: Paths.guandu("plan.txt"), encoding: .utf8)
        #expect(throws: ImportError.yearOutOfRange(file: "p.txt", year: 99_999)) {
            _ = try PlanImporter.read(data: Data(text.utf8), name: "p.txt", year: 99_999)
        }
        #expect(ImportError.yearOutOfRange(file: "p.txt", year: 99_999).description.contains("--year 2018"))
        // A year found only in a far-off issue date is not taken as the plan's year.
        let undated = "关于做好工作的通知\n1. 做好统计工作（责任单位：区统计局）\n99999999999年1月1日印发\n"
        #expect(throws: ImportError.noYear(file: "u.txt")) { _ = try PlanImporter.read(data: Data(undated.utf8), name: "u.txt") }
    }
}
