import Foundation
import GRDB

/// What an import did.
public enum ImportOutcome: Sendable, Equatable {
    /// A new plan was stored.
    case created(planId: Int64)
    /// The same bytes were imported before: nothing changed.
    case alreadyImported(planId: Int64?)
}

extension AppDatabase {
    // MARK: - Writes

    /// Stores a plan read from a file, in one transaction: plan, categories, tasks, units,
    /// links and the import record. Identical bytes imported again change nothing.
    /// - Throws: a database error; nothing is written then.
    public func importPlan(_ draft: PlanDraft, sha256: String, now: Date = Date()) throws -> ImportOutcome {
        try writer.write { db in
            if let previous = try ImportRecord.filter(Column("sha256") == sha256).fetchOne(db) {
                return .alreadyImported(planId: previous.planId)
            }
            var plan = Plan(id: nil, title: draft.title, year: draft.year, issuer: draft.issuer, issued: draft.issued?.iso,
                            sourceFile: draft.source, sha256: sha256, format: draft.format.rawValue, importedAt: now)
            try plan.insert(db)
            let planId = plan.id!
            try insertTasks(draft.tasks, planId: planId, db: db)
            var record = ImportRecord(id: nil, planId: planId, fileName: draft.source, format: draft.format.rawValue,
                                      sha256: sha256, importedAt: now, taskCount: draft.tasks.count,
                                      unitCount: draft.unitNames.count, findings: Self.encode(draft.findings),
                                      outcome: "created")
            try record.insert(db)
            return .created(planId: planId)
        }
    }

    func insertTasks(_ tasks: [TaskDraft], planId: Int64, db: Database) throws {
        var categories: [String: Int64] = [:]
        var subcategories: [String: Int64] = [:]
        var units = UnitCache()
        for (position, draft) in tasks.enumerated() {
            var categoryId: Int64?
            var subcategoryId: Int64?
            if !draft.category.isEmpty {
                if let id = categories[draft.category] { categoryId = id } else {
                    var c = CategoryRecord(planId: planId, name: draft.category, level: 1, position: categories.count)
                    try c.insert(db)
                    categories[draft.category] = c.id
                    categoryId = c.id
                }
            }
            if !draft.subcategory.isEmpty {
                let key = draft.category + "\u{1}" + draft.subcategory
                if let id = subcategories[key] { subcategoryId = id } else {
                    var c = CategoryRecord(planId: planId, parentId: categoryId, name: draft.subcategory, level: 2,
                                           position: subcategories.count)
                    try c.insert(db)
                    subcategories[key] = c.id
                    subcategoryId = c.id
                }
            }
            var task = TaskRecord(planId: planId, seq: draft.seq, position: position, categoryId: categoryId,
                                  subcategoryId: subcategoryId, requirement: draft.requirement, leadText: draft.leadText,
                                  deadlineText: draft.deadlineText, deadlineKind: draft.deadline.kind.rawValue,
                                  due: draft.deadline.due?.iso, period: draft.deadline.period?.rawValue,
                                  relativeDays: draft.deadline.days, sourceRow: draft.location.row)
            try task.insert(db)
            try link(taskId: task.id!, units: draft.units, cache: &units, db: db)
        }
    }

    func link(taskId: Int64, units: UnitAssignment, cache: inout UnitCache, db: Database) throws {
        var position = 0
        var linked = Set<String>()
        for (role, names) in [("lead", units.leads), ("co", units.coUnits), ("group", units.groups)] {
            for name in names {
                let unitId = try cache.id(for: name, kind: role == "group" ? "group" : "department", db: db)
                guard linked.insert("\(unitId)-\(role)").inserted else { continue }
                try TaskUnitRecord(taskId: taskId, unitId: unitId, role: role, writtenName: name, position: position)
                    .insert(db)
                position += 1
            }
        }
    }

    /// Resolves written unit names to registry ids (by name, then alias), creating units as needed.
    struct UnitCache {
        var ids: [String: Int64] = [:]

        mutating func id(for name: String, kind: String, db: Database) throws -> Int64 {
            if let id = ids[name] { return id }
            let id: Int64
            if let unit = try UnitRecord.filter(Column("name") == name).fetchOne(db) {
                id = unit.id!
            } else if let alias = try UnitAliasRecord.filter(Column("alias") == name).fetchOne(db) {
                id = alias.unitId
            } else {
                var unit = UnitRecord(id: nil, name: name, kind: kind)
                try unit.insert(db)
                id = unit.id!
            }
            ids[name] = id
            return id
        }
    }

    static func encode(_ findings: [Finding]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(findings)).flatMap { String(data: $0, encoding: .utf8) } ?? "[]"
    }
}
