import Foundation
import Testing
@testable import DubanCore

/// The quarterly report's own lean read of a plan (`ReportTasks`, `TaskIndex`) and the text
/// measures without grapheme breaking: each must agree with the general path it stands in for.
@Suite("Report load")
struct ReportLoadTests {
    static let days = ["2018-07-01", "2018-09-10", "2018-09-30", "2018-10-01", "2018-11-01", "2018-12-31"]

    @Test("the report lists exactly the tasks the general statuses mark", arguments: days)
    func listsAgreeWithStatuses(_ iso: String) throws {
        let db = try ReportFixture.database()
        let day = Day(iso: iso)!
        let report = try db.quarterlyReport(planId: 1, quarter: Quarter(containing: day), asOf: day,
                                            generatedAt: ReportFixture.generatedAt)
        let rows = try db.statuses(planId: 1, asOf: day)
        #expect(report.totals.tasks == rows.count)
        #expect(report.totals.finished == rows.filter { $0.status.state.isFinished }.count)
        #expect(Set(report.overdue.map(\.taskId)) == Set(rows.filter { $0.status.light == .red }.map(\.task.id)))
        #expect(report.awaitingTrigger.map(\.taskId) == rows.filter(\.status.awaitingTrigger).map(\.task.id))
        let byId = Dictionary(uniqueKeysWithValues: rows.map { ($0.task.id, $0) })
        for line in report.overdue + report.noReportThisQuarter + report.awaitingTrigger {
            let row = try #require(byId[line.taskId])
            #expect(line.seq == row.task.seq)
            #expect(line.requirement == row.task.requirement)
            #expect(line.units == (row.task.leadUnits.isEmpty ? row.task.groups : row.task.leadUnits))
            #expect(line.state == row.status.state)
            #expect(line.due == row.status.effectiveDue)
            #expect(line.latestNote == row.status.latestNote?.note)
            #expect(line.latestNoteDay == row.status.latestNote?.asOf)
        }
        // Per unit: the lead parts the statuses give, counted by name.
        var leads: [String: Int] = [:]
        for r in rows { for u in r.status.unitStates { leads[u.unit, default: 0] += 1 } }
        for u in report.units where u.counts.tasks > 0 { #expect(leads[u.unit] == u.counts.tasks) }
        #expect(Set(report.seqs.keys) == Set(report.openExtensions.map(\.taskId)))
    }

    @Test func taskIndexDenseAndSparse() {
        let dense = TaskIndex([5, 3, 4, 10])
        #expect(dense[5] == 0 && dense[3] == 1 && dense[4] == 2 && dense[10] == 3)
        #expect(dense[6] == nil && dense[2] == nil && dense[11] == nil && dense[-1] == nil)
        let sparse = TaskIndex([1, 1_000_000_000, 7])
        #expect(sparse[1] == 0 && sparse[1_000_000_000] == 1 && sparse[7] == 2)
        #expect(sparse[2] == nil)
        #expect(TaskIndex([])[1] == nil)
    }

    /// Texts around the 6- and 40-character limits, with and without combining marks, emoji, flags and CRLF.
    static let texts: [String] = {
        let y40 = String(repeating: "要", count: 40)
        let y39 = String(repeating: "要", count: 39)
        let x40 = String(repeating: "x", count: 40)
        let family = "👨‍👩‍👧‍👦"
        var out: [String] = ["", "abc", "区政府办", "六个字的单位", "七个字的单位名", "が", "\r\n\r\n\r\n\r\n\r\n\r\n\r\n"]
        out.append("a\u{301}b\u{301}c\u{301}d\u{301}e\u{301}f\u{301}")
        out.append("a\u{301}b\u{301}c\u{301}d\u{301}e\u{301}f\u{301}g")
        out.append(String(repeating: family, count: 6))
        out.append(y40)
        out.append(y40 + "要")
        out.append(y40 + "e\u{301}")
        out.append(y39 + "e\u{301}x")
        out.append(x40 + "\u{301}")
        out.append(x40 + "x\u{301}")
        out.append(String(repeating: "x", count: 39) + "🇨🇳🇨🇳")
        out.append("按照市级要求，建立市场准入负面清单信息公开机制，及时公开（A、B）相关信息；做好解读回应工作。")
        return out
    }()

    @Test("short and isShort agree with counting characters", arguments: texts)
    func textMeasures(_ s: String) {
        #expect(QuarterlyReport.short(s) == (s.count <= 40 ? s : String(s.prefix(40)) + "…"))
        #expect(QuarterlyReport.short(s, 5) == (s.count <= 5 ? s : String(s.prefix(5)) + "…"))
        #expect(HTML.isShort(s) == (s.count <= 6))
    }
}
