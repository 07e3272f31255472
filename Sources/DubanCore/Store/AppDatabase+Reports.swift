import Foundation
import GRDB

extension AppDatabase {
    /// The quarterly report of a plan at `asOf` (default: the quarter's last day).
    /// - Throws: `StoreError.notFound` for an unknown plan.
    public func quarterlyReport(planId: Int64, quarter: Quarter, asOf: Day? = nil, generatedAt: Date = Date(),
                                soonDays: Int = TrackingRules.defaultSoonDays) throws -> QuarterlyReport {
        try writer.read { db in
            guard let plan = try Plan.fetchOne(db, key: planId) else { throw StoreError.notFound("方案 \(planId) ") }
            let day = asOf ?? quarter.end
            let tasks = try Self.tasks(planId: planId, db: db)
            let rows = try Self.statuses(tasks, asOf: day, soonDays: soonDays, db: db)
            var reportDays: [Int64: [Day]] = [:]
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT report.taskId, report.asOf FROM report JOIN task ON task.id = report.taskId
                WHERE task.planId = ? AND report.kind IN ('progress', 'note') AND report.asOf BETWEEN ? AND ?
                """, arguments: [planId, quarter.start.iso, min(quarter.end, day).iso])
            while let row = try cursor.next() {
                let text: String = row[1]
                if let d = Day(iso: text) { reportDays[row[0], default: []].append(d) }
            }
            let extensions = try Self.extensions(taskIds: nil, db: db).values.flatMap { $0 }
                .filter { e in tasks.contains { $0.id == e.taskId } }.sorted { $0.id < $1.id }
            let coUnits = Dictionary(tasks.map { ($0.id, $0.coUnits) }, uniquingKeysWith: { a, _ in a })
            return QuarterlyReport.build(planTitle: plan.title, issuer: plan.issuer, quarter: quarter, asOf: day,
                                         generatedAt: generatedAt, rows: rows, coUnits: coUnits, extensions: extensions,
                                         reportDays: reportDays)
        }
    }
}
