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
            let (rows, reported) = try Self.statuses(tasks, asOf: day, soonDays: soonDays,
                                                     reportedIn: quarter.start...max(quarter.start, min(quarter.end, day)), db: db)
            let taskIds = Set(tasks.map(\.id))
            let extensions = try Self.extensions(taskIds: nil, db: db).values.flatMap { $0 }
                .filter { taskIds.contains($0.taskId) }.sorted { $0.id < $1.id }
            let coUnits = Dictionary(tasks.map { ($0.id, $0.coUnits) }, uniquingKeysWith: { a, _ in a })
            return QuarterlyReport.build(planTitle: plan.title, issuer: plan.issuer, quarter: quarter, asOf: day,
                                         generatedAt: generatedAt, rows: rows, coUnits: coUnits, extensions: extensions,
                                         reported: reported)
        }
    }
}
