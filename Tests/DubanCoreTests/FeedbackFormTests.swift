import Foundation
import Testing
@testable import DubanCore

@Suite("Feedback forms")
struct FeedbackFormTests {
    let db: AppDatabase
    let actor = Actor(name: "办公室", source: "test")
    let day = Day(iso: "2018-09-30")!

    init() throws {
        db = try AppDatabase.inMemory()
        let r = try PlanImporter.read(path: Paths.guandu("plan.txt"))
        _ = try db.importPlan(r.draft, sha256: r.sha256)
    }

    /// Exports 区科信局's form, lets `fill` change its rows, writes it as XLSX or CSV and reads it back.
    func roundTrip(_ format: String, fill: (inout [[CellValue]]) -> Void) throws -> FeedbackForm.Submission {
        let (unit, tasks) = try db.formTasks(unit: "区科信局", asOf: day)
        var sheet = FeedbackForm.sheet(unit: unit, planTitle: "官渡区2018年政务公开工作要点分工方案", tasks: tasks, asOf: day)
        fill(&sheet.rows)
        let data = format == "xlsx" ? try XlsxWriter.workbook([sheet]) : CSVWriter.data(sheet)
        return try FeedbackForm.read(data: data, name: "form.\(format)", asOf: Day(iso: "2000-01-01")!)
    }

    func row(_ rows: [[CellValue]], seq: String) -> Int { rows.firstIndex { $0[1] == .text(seq) }! }

    @Test("a filled form round-trips and applies every row", arguments: ["xlsx", "csv"])
    func roundTripApplies(format: String) throws {
        let form = try roundTrip(format) { rows in
            let a = row(rows, seq: "56"), b = row(rows, seq: "63")
            rows[a][7] = .text("推进中"); rows[a][8] = .text("已开展常态化抽查"); rows[a][9] = .text("60%")
            rows[b][7] = .text("已完成"); rows[b][8] = .text("IPv6改造完成"); rows[b][12] = .text("验收报告.pdf")
            let c = row(rows, seq: "60")
            rows[c][8] = .text("改版方案已报批"); rows[c][10] = .text("2018-11-30"); rows[c][11] = .text("等待市级平台")
        }
        #expect(form.unit == "区科信局")
        #expect(form.asOf == day)  // taken from the form, not the fallback
        #expect(form.rows.count == 3)
        let (reports, extensions, superseded) = try db.applyFeedback(form, by: actor)
        #expect(reports == 3)
        #expect(extensions == 1)
        #expect(superseded.isEmpty)
        let statuses = try db.statuses(planId: 1, asOf: day)
        func state(_ seq: String) -> TaskState? { statuses.first { $0.task.seq == seq }?.status.state }
        #expect(state("56") == .inProgress)
        #expect(state("63") == .done)
        #expect(statuses.first { $0.task.seq == "56" }?.status.unitStates.first?.percent == 60)
        #expect(try db.extensions(pendingOnly: true).map(\.requestedDue) == [Day(iso: "2018-11-30")!])
    }

    @Test("one bad row: nothing applied, every problem listed by row")
    func badRowAppliesNothing() throws {
        let otherUnitsTask = try #require(try db.tasks(planId: 1).first { $0.seq == "74" }).id  // 区长热线办
        let form = try roundTrip("xlsx") { rows in
            let a = row(rows, seq: "56")
            rows[a][7] = .text("推进中"); rows[a][8] = .text("正常推进")
            var foreign = rows[a]
            foreign[0] = .int(Int(otherUnitsTask)); foreign[1] = .text("74")
            rows.append(foreign)
            var unknown = rows[a]
            unknown[0] = .int(99999)
            rows.append(unknown)
        }
        let before = try db.history(taskId: 56).reports.count
        do {
            _ = try db.applyFeedback(form, by: actor)
            Issue.record("expected the form to be refused")
        } catch let FormError.problems(_, problems) {
            #expect(problems.count == 2)
            #expect(problems.contains { $0.message.contains("没有分配给“区科信局”") })
            #expect(problems.contains { $0.message.contains("99999") })
        }
        #expect(try db.history(taskId: 56).reports.count == before)
    }

    @Test("a percent that is no number from 0 to 100 is a problem of its row, not a crash",
          arguments: ["1e30", "99999999999999999999", "-1e300", "nan", "inf", "-inf", "101", "abc", "0.5%", "1.5"])
    func percentOutOfRange(text: String) throws {
        do {
            _ = try roundTrip("csv") { rows in
                let a = row(rows, seq: "56")
                rows[a][7] = .text("推进中"); rows[a][9] = .text(text)
            }
            #expect(text == "0.5%" || text == "1.5", "\(text) was accepted")  // 0.5% rounds to 1, 1.5 to 2
        } catch let FormError.problems(_, problems) {
            // (The CSV writer keeps a leading "-" from reading as a formula: "'-inf" comes back.)
            #expect(problems.count == 1)
            #expect(problems.first.map { $0.message.hasPrefix("完成百分比“") && $0.message.hasSuffix("\(text)”应为 0 到 100 的数字") } == true)
        }
    }

    @Test("the fuzzer's seed forms (filled by hand, the XLSX saved by openpyxl) read as forms", arguments: ["filled.csv", "filled.xlsx"])
    func seedForms(name: String) throws {
        let data = try Data(contentsOf: Paths.fixtures.appendingPathComponent("forms/\(name)"))
        let form = try FeedbackForm.read(data: data, name: name, asOf: day)
        #expect(form.unit == "区科信局")
        #expect(form.rows.count == 3)
        #expect(form.rows.first?.percent == 60)
    }

    /// filled-percent.xlsx: 区科信局's form saved by openpyxl with 完成百分比 written as numbers in
    /// percent formats (Excel shows 100%, 30%, 12.5%, 60.00%), a plain 1 and a 45 with the quoted
    /// format 0"%" (Excel shows 45%, the number is 45).
    @Test("percent-formatted 完成百分比 cells read as the percent Excel shows")
    func percentFormattedCells() throws {
        let data = try Data(contentsOf: Paths.fixtures.appendingPathComponent("forms/filled-percent.xlsx"))
        let form = try FeedbackForm.read(data: data, name: "filled-percent.xlsx", asOf: day)
        var percents: [Int64: Int] = [:]
        for row in form.rows { percents[row.taskId] = row.percent }
        #expect(percents == [56: 100, 57: 30, 58: 13, 59: 1, 62: 45, 65: 60])
    }

    @Test("all forms at once are each unit's form")
    func openFormsAreEachUnitsForm() throws {
        _ = try db.applyFeedback(try roundTrip("csv") { rows in
            rows[row(rows, seq: "63")][7] = .text("已完成"); rows[row(rows, seq: "56")][7] = .text("推进中")
        }, by: actor)
        let all = try db.openForms(asOf: day)
        let units = try db.unitsWithOpenTasks(asOf: day)
        #expect(all.map(\.unit) == units)
        #expect(all.count > 10)
        for (unit, tasks) in all {
            let one = try db.formTasks(unit: unit, asOf: day)
            #expect(one.unit == unit)
            #expect(tasks.map(\.task.id) == one.tasks.map(\.task.id), "\(unit)")
            #expect(tasks.map(\.status) == one.tasks.map(\.status), "\(unit)")
        }
        #expect(!all.contains { $0.unit == "区科信局" && $0.tasks.contains { $0.task.seq == "63" } })  // done: not on the form
    }

    @Test("a form older than the unit's own later report is kept in the history and said so")
    func olderFormIsSaidSo() throws {
        let task63 = try #require(try db.tasks(planId: 1).first { $0.seq == "63" }).id
        _ = try db.report(taskId: task63, unit: "区科信局", state: .done, note: "网上已报：完成", asOf: Day(iso: "2018-10-02")!, by: actor)
        let form = try roundTrip("csv") { rows in
            rows[row(rows, seq: "63")][7] = .text("推进中"); rows[row(rows, seq: "56")][7] = .text("推进中")
        }
        let (reports, _, superseded) = try db.applyFeedback(form, by: actor)
        #expect(reports == 2)
        let formRow63 = try #require(form.rows.first { $0.taskId == task63 }).number
        #expect(superseded == [formRow63])
        // The later online report still decides the state; the form's row is in the history.
        let status = try #require(try db.statuses(planId: 1, asOf: Day(iso: "2018-10-05")!).first { $0.task.id == task63 })
        #expect(status.status.state == .done)
        #expect(try db.history(taskId: task63).reports.contains { $0.state == .inProgress && $0.asOf == day })
        let text = FeedbackForm.summary(form, reports: reports, extensions: 0, superseded: superseded)
        #expect(text.contains("其中第\(formRow63)行的报送早于该单位在系统里已有的报送"))
    }

    @Test("the 反馈表 page's counts are each unit's open tasks")
    func openTaskCountsCountEachUnitsOpenTasks() throws {
        _ = try db.applyFeedback(try roundTrip("csv") { rows in
            rows[row(rows, seq: "63")][7] = .text("已完成"); rows[row(rows, seq: "56")][7] = .text("推进中")
        }, by: actor)
        let counts = try db.openTaskCounts(asOf: day)
        let open = try db.statuses(asOf: day).filter { !$0.status.state.isFinished }
        #expect(counts.map(\.unit) == (try db.unitsWithOpenTasks(asOf: day)))
        for (unit, n) in counts {
            #expect(n == open.filter { $0.status.unitStates.contains { $0.unit == unit && !$0.state.isFinished } }.count, "\(unit)")
            #expect(n > 0)
        }
        #expect(counts.count > 10)
        #expect(try AppDatabase.inMemory().openTaskCounts(asOf: day).isEmpty)
    }

    @Test("structural problems are reported before anything is applied")
    func structuralProblems() throws {
        #expect(throws: FormError.self) {
            _ = try roundTrip("csv") { rows in
                rows[0][7] = .text("差不多了")       // unknown state
                rows[1][9] = .text("150")            // percent out of range
                rows[2][10] = .text("下个月")         // not a date
            }
        }
        do {
            _ = try roundTrip("csv") { rows in rows[0][7] = .text("差不多了"); rows[1][10] = .text("2018-11-30") }
        } catch let FormError.problems(_, problems) {
            #expect(problems.map(\.row).count == 2)  // bad state; extension without reason
        }
        let plain = try PlanImporter.grid(data: Data("a,b\n1,2\n".utf8), name: "x.csv")
        #expect(throws: FormError.notAForm(file: "x.csv")) { _ = try FeedbackForm.read(plain, asOf: day) }
    }
}
