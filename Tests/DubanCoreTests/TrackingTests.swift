import Foundation
import Testing
@testable import DubanCore

/// Tracking on the seed plan: reports, rollups, office actions, extensions, triggers, warnings.
@Suite("Tracking")
struct TrackingTests {
    let db: AppDatabase
    let office = Actor(name: "王主任", source: "test")
    let unitActor = Actor(name: "李科长", source: "test")

    init() throws {
        db = try AppDatabase.inMemory()
        let r = try PlanImporter.read(path: Paths.guandu("plan.txt"))
        _ = try db.importPlan(r.draft, sha256: r.sha256)
    }

    @Test("the situation says why a light is red or yellow")
    func situationSaysWhy() throws {
        let march = try db.statuses(planId: 1, asOf: Day(iso: "2018-03-15")!)
        // A monthly task in March, yellow because February's report is missing: no days counted to 31 Dec.
        let monthly = try #require(march.first { $0.task.deadline.kind == .recurring && $0.status.light == .yellow })
        #expect(monthly.status.situation == "2018年2月进展未报送")
        // Green says nothing, except for a task that has no date to be late for.
        #expect(march.filter { $0.status.light == .green }.allSatisfy {
            $0.status.situation == ($0.status.awaitingTrigger ? "等待触发条件" : "")
        })
        let october = try db.statuses(planId: 1, asOf: Day(iso: "2018-10-01")!)
        let late = try #require(october.first { $0.task.seq == "74" })  // 9月底前, nothing reported
        #expect(late.status.light == .red)
        #expect(late.status.situation.hasPrefix("逾期1天"))
        let dueToday = try #require(try db.statuses(planId: 1, asOf: Day(iso: "2018-09-30")!).first { $0.task.seq == "74" })
        #expect(dueToday.status.situation == "今日到期")
        #expect(TaskStatus.situation(overdueDays: nil, daysLeft: 5, missing: []) == "5天后到期")
        let september = ReportingPeriod(start: Day(iso: "2018-09-01")!, end: Day(iso: "2018-09-30")!)
        #expect(TaskStatus.situation(overdueDays: nil, daysLeft: 84, missing: [september]) == "\(september)进展未报送")
        #expect(TaskStatus.situation(overdueDays: nil, daysLeft: 3, missing: [september]) == "3天后到期；\(september)进展未报送")
    }

    @Test("a plan year stored before years were checked (a typed 20188) does not stop the statuses")
    func planYearWithoutDays() throws {
        try db.writer.write { try $0.execute(sql: "UPDATE plan SET year = 20188 WHERE id = 1") }
        let rows = try db.statuses(planId: 1, asOf: Day(iso: "2018-09-30")!)
        #expect(rows.count == 93)
        #expect(try db.quarterlyReport(planId: 1, quarter: Quarter("2018Q3")!).quarter == Quarter("2018Q3"))
    }

    func id(_ seq: String) throws -> Int64 { try #require(try db.tasks(planId: 1).first { $0.seq == seq }).id }
    func status(_ seq: String, _ day: String) throws -> TaskStatus {
        let taskId = try id(seq)
        return try #require(try db.statuses(planId: 1, asOf: Day(iso: day)!).first { $0.task.id == taskId }).status
    }
    func day(_ s: String) -> Day { Day(iso: s)! }

    @Test func newTasksAreNotStartedAndGreen() throws {
        let s = try status("1", "2018-03-15")
        #expect(s.state == .notStarted)
        #expect(s.light == .green)  // 全年工作 is not overdue in March
        #expect(s.effectiveDue == day("2018-12-31"))
    }

    @Test func deadlineBoundary() throws {
        // Task 74: 9月底前.
        #expect(try status("74", "2018-09-30").light == .yellow)
        #expect(try status("74", "2018-09-30").overdueDays == nil)
        #expect(try status("74", "2018-10-01").light == .red)
        #expect(try status("74", "2018-10-01").overdueDays == 1)
        #expect(try status("74", "2018-09-22").light == .green)
        #expect(try status("74", "2018-09-23").light == .yellow)  // within 7 days
        #expect(try status("1", "2018-12-24").light == .yellow)   // year-round, last week of December
    }

    @Test func transitionsAndHistory() throws {
        let t = try id("74")
        try db.report(taskId: t, unit: "区长热线办", state: .inProgress, note: "清理中", percent: 40, asOf: day("2018-09-10"), by: unitActor)
        #expect(try status("74", "2018-09-10").state == .inProgress)
        #expect(try status("74", "2018-09-09").state == .notStarted)  // a report does not speak for earlier days
        try db.report(taskId: t, unit: "区长热线办", state: .done, note: "已报备", asOf: day("2018-09-25"), by: unitActor)
        #expect(try status("74", "2018-10-05").light == .blue)
        try db.returnReport(taskId: t, comment: "缺少备案回执", asOf: day("2018-09-26"), by: office)
        #expect(try status("74", "2018-09-26").state == .inProgress)
        #expect(try status("74", "2018-10-01").light == .red)
        try db.report(taskId: t, unit: "区长热线办", state: .done, note: "补充回执", evidence: "回执.pdf", asOf: day("2018-09-28"), by: unitActor)
        try db.close(taskId: t, asOf: day("2018-09-30"), by: office)
        #expect(try status("74", "2018-09-30").state == .closed)
        let h = try db.history(taskId: t)
        #expect(h.reports.map(\.kind) == [.progress, .progress, .returned, .progress, .closed])
        #expect(try db.auditTrail(taskId: t).count == 5)
    }

    @Test func refusedTransitions() throws {
        let t = try id("74")
        #expect(throws: TrackingError.self) { try db.close(taskId: t, asOf: day("2018-09-30"), by: office) }  // not done
        #expect(throws: TrackingError.notAssigned(unit: "区财政局", task: "74")) {
            try db.report(taskId: t, unit: "区财政局", state: .done, asOf: day("2018-09-30"), by: unitActor)
        }
        #expect(throws: TrackingError.self) {  // 暂缓 needs a reason
            try db.report(taskId: t, unit: "区长热线办", state: .onHold, asOf: day("2018-09-30"), by: unitActor)
        }
        #expect(throws: TrackingError.self) {  // units cannot close
            try db.report(taskId: t, unit: "区长热线办", state: .closed, asOf: day("2018-09-30"), by: unitActor)
        }
        #expect(throws: TrackingError.self) {  // 持续推进 is for year-round work
            try db.report(taskId: t, unit: "区长热线办", state: .ongoing, asOf: day("2018-09-30"), by: unitActor)
        }
        #expect(throws: TrackingError.self) {  // nothing done to return
            try db.returnReport(taskId: t, comment: "x", asOf: day("2018-09-30"), by: office)
        }
        #expect(throws: TrackingError.self) {
            try db.report(taskId: t, unit: "区长热线办", state: .inProgress, percent: 120, asOf: day("2018-09-30"), by: unitActor)
        }
        #expect(try db.history(taskId: t).reports.isEmpty)  // nothing half-written
    }

    @Test func coUnitsAddNotesButDoNotChangeState() throws {
        let t = try id("66")  // 区政府办牵头,区科信局具体负责落实
        #expect(throws: TrackingError.notReportingUnit(unit: "区科信局", task: "66")) {
            try db.report(taskId: t, unit: "区科信局", state: .done, asOf: day("2018-06-30"), by: unitActor)
        }
        try db.report(taskId: t, unit: "区科信局", state: nil, note: "每日读网已开展", asOf: day("2018-06-30"), by: unitActor)
        let s = try status("66", "2018-06-30")
        #expect(s.state == .notStarted)
        #expect(s.latestNote?.note == "每日读网已开展")
    }

    @Test func severalLeadsRollUp() throws {
        let t = try id("44")  // 区政务服务局、区委编办、区发改局分别牵头 — 8月底前
        try db.report(taskId: t, unit: "区政务服务局", state: .done, asOf: day("2018-08-20"), by: unitActor)
        try db.report(taskId: t, unit: "区委编办", state: .done, asOf: day("2018-08-25"), by: unitActor)
        var s = try status("44", "2018-09-01")
        #expect(s.state == .inProgress)
        #expect(s.light == .red)  // overdue: 区发改局 is not done
        #expect(s.unitStates.map(\.state) == [.done, .done, .notStarted])
        try db.report(taskId: t, unit: "区发改局", state: .done, asOf: day("2018-09-03"), by: unitActor)
        s = try status("44", "2018-09-05")
        #expect(s.state == .done)
        #expect(s.light == .blue)
        #expect(s.doneOn == day("2018-09-03"))
        #expect(TrackingRules.rollUp([.onHold, .done], closed: false) == .onHold)
        #expect(TrackingRules.rollUp([.ongoing, .inProgress], closed: false) == .inProgress)
    }

    @Test func extensionsChangeTheDueDateOnlyWhenApproved() throws {
        let t = try id("74")
        let e = try db.requestExtension(taskId: t, unit: "区长热线办", to: day("2018-10-31"), reason: "等待市级平台对接",
                                        on: day("2018-09-20"), by: unitActor)
        #expect(try status("74", "2018-10-01").light == .red)  // pending: still due 09-30
        #expect(throws: TrackingError.self) {  // one pending request at a time
            try db.requestExtension(taskId: t, unit: "区长热线办", to: day("2018-11-30"), reason: "x", on: day("2018-09-21"), by: unitActor)
        }
        try db.decideExtension(e, approve: true, on: day("2018-09-25"), by: office)
        #expect(try status("74", "2018-10-01").effectiveDue == day("2018-10-31"))
        #expect(try status("74", "2018-10-01").light == .green)
        #expect(try status("74", "2018-09-24").effectiveDue == day("2018-09-30"))  // before the approval
        #expect(throws: TrackingError.self) { try db.decideExtension(e, approve: false, note: "x", on: day("2018-09-26"), by: office) }
        // Too late: after the (new) due date.
        #expect(throws: TrackingError.self) {
            try db.requestExtension(taskId: t, unit: "区长热线办", to: day("2018-12-31"), reason: "x", on: day("2018-11-01"), by: unitActor)
        }
        // A rejection needs a reason and leaves the date alone.
        let e2 = try db.requestExtension(taskId: t, unit: "区长热线办", to: day("2018-12-31"), reason: "人手不足",
                                         on: day("2018-10-10"), by: unitActor)
        #expect(throws: TrackingError.self) { try db.decideExtension(e2, approve: false, on: day("2018-10-11"), by: office) }
        try db.decideExtension(e2, approve: false, note: "请按期完成", on: day("2018-10-11"), by: office)
        #expect(try status("74", "2018-10-20").effectiveDue == day("2018-10-31"))
        #expect(try db.extensions().map(\.status) == [.approved, .rejected])
    }

    @Test func conditionalTasksWaitForTheirTrigger() throws {
        let t = try id("10")  // 待市级有关文件出台后
        var s = try status("10", "2018-11-15")
        #expect(s.awaitingTrigger)
        #expect(s.effectiveDue == nil)
        #expect(s.light == .green)
        try db.trigger(taskId: t, on: day("2018-09-10"), by: office)
        s = try status("10", "2018-11-15")
        #expect(!s.awaitingTrigger)
        #expect(s.effectiveDue == day("2018-12-31"))  // no N days in the text: year end
        #expect(try status("10", "2018-09-01").awaitingTrigger)  // not yet triggered then
        #expect(throws: TrackingError.self) { try db.trigger(taskId: try id("74"), on: day("2018-09-10"), by: office) }
        let relative = Deadline(kind: .conditional, days: 30)
        #expect(TrackingRules.baseDue(relative, planYear: 2018, trigger: day("2018-09-10"), asOf: day("2018-12-01")) == day("2018-10-10"))
        let working = Deadline(kind: .relative, days: 5)
        #expect(TrackingRules.baseDue(working, planYear: 2018, trigger: day("2018-09-14"), asOf: day("2018-12-01")) == day("2018-09-21"))
    }

    @Test func recurringTasksMissAReportWhenAPeriodEndsWithoutOne() throws {
        let t = try id("31")  // 按月度完成, leads 区委宣传部 (inherited)
        #expect(try status("31", "2018-06-01").missingPeriods.map(\.description) == ["2018年5月"])
        #expect(try status("31", "2018-06-01").light == .yellow)
        try db.report(taskId: t, unit: "区委宣传部", state: .ongoing, note: "5月筹备发布会1次", asOf: day("2018-05-31"), by: unitActor)
        #expect(try status("31", "2018-06-01").missingPeriods.isEmpty)
        #expect(try status("31", "2018-06-01").light == .green)
        #expect(try status("31", "2018-06-01").state == .ongoing)
        #expect(try status("31", "2018-07-01").missingPeriods.map(\.description) == ["2018年6月"])
    }

    @Test func staleVersionIsAConflictAndWritesNothing() throws {
        let t = try db.task(try id("74"))
        try db.report(taskId: t.id, unit: "区长热线办", state: .inProgress, asOf: day("2018-09-01"), by: unitActor, expectedVersion: t.version)
        #expect(throws: TrackingError.conflict(task: "74", current: t.version + 1, submitted: t.version)) {
            try db.report(taskId: t.id, unit: "区长热线办", state: .done, asOf: day("2018-09-02"), by: unitActor, expectedVersion: t.version)
        }
        #expect(try db.history(taskId: t.id).reports.count == 1)
    }

    @Test func editsAreAudited() throws {
        let t = try id("58")
        #expect(throws: TrackingError.self) { try db.editTask(taskId: t, deadlineText: "10月底前", reason: " ", by: office) }
        try db.editTask(taskId: t, deadlineText: "10月底前", unitText: "区科信局牵头,区政府办配合", reason: "区长办公会调整", by: office)
        let task = try db.task(t)
        #expect(task.deadline.due == day("2018-10-31"))
        #expect(task.leadUnits == ["区科信局"])
        #expect(task.coUnits == ["区政府办"])
        let audit = try #require(try db.auditTrail(taskId: t).first)
        #expect(audit.action == "task.edit")
        #expect(audit.detail.contains("9月底前"))
        #expect(audit.actor == "王主任")
    }

    @Test("one task's status and a unit's statuses equal those read with the whole plan")
    func oneTaskAndUnitStatusesMatchThePlan() throws {
        let t74 = try id("74"), t44 = try id("44")
        try db.report(taskId: t44, unit: "区发改局", state: .done, note: "已完成", asOf: day("2018-09-03"), by: unitActor)
        try db.report(taskId: t74, unit: "区长热线办", state: .inProgress, note: "推进中", asOf: day("2018-08-01"), by: unitActor)
        let e = try db.requestExtension(taskId: t74, unit: "区长热线办", to: day("2018-10-31"), reason: "等待市级平台对接",
                                        on: day("2018-09-20"), by: unitActor)
        try db.decideExtension(e, approve: true, on: day("2018-09-25"), by: office)
        try db.setGroupMembers("区级各部门", add: ["区长热线办"], remove: [], by: office)
        for d in ["2018-03-15", "2018-09-30", "2018-10-01", "2018-12-31"] {
            let all = try db.statuses(planId: 1, asOf: day(d))
            #expect(all.count == 93)
            for row in all { #expect(try db.status(taskId: row.task.id, asOf: day(d)) == row, "task \(row.task.seq) on \(d)") }
            for unit in ["区长热线办", "区政府办", "区发改局"] {
                let mine = try db.statuses(unit: unit, asOf: day(d))
                let visible = try db.writer.read { try AppDatabase.visibleTaskIds(unit: unit, db: $0) }
                #expect(!mine.isEmpty)
                #expect(mine == all.filter { visible.contains($0.task.id) }, "\(unit) on \(d)")
            }
        }
        #expect(try db.status(taskId: 999_999, asOf: day("2018-09-30")) == nil)
    }
}
