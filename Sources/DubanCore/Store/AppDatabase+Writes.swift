import Foundation
import GRDB

/// What an import did.
public enum ImportOutcome: Sendable {
    /// A new plan was stored.
    case created(planId: Int64)
    /// The same bytes were imported before: nothing changed.
    case alreadyImported(planId: Int64?)
    /// A revised version of a stored plan (same title and year): the diff was applied.
    case revised(PlanDiff)
}

extension AppDatabase {
    // MARK: - Writes

    /// Stores a plan read from a file, in one transaction: plan, categories, tasks, units,
    /// links and the import record. Identical bytes imported again change nothing.
    /// - Throws: a database error; nothing is written then.
    public func importPlan(_ draft: PlanDraft, sha256: String, by actor: Actor = Actor(name: "office", source: "import"),
                           now: Date = Date()) throws -> ImportOutcome {
        try write { db in
            if let previous = try ImportRecord.filter(Column("sha256") == sha256).fetchOne(db) {
                return .alreadyImported(planId: previous.planId)
            }
            if let existing = try Self.samePlan(as: draft, db: db) {
                let diff = PlanDiff.compute(planId: existing, stored: try Self.tasks(planId: existing, db: db), draft: draft.tasks)
                try apply(diff, draft: draft, sha256: sha256, now: now, db: db)
                try Self.audit(db, actor, "plan.revise", detail: [
                    "plan": String(existing), "file": draft.source, "added": String(diff.added.count),
                    "changed": String(diff.changed.count), "removed": String(diff.removed.count)], at: now)
                return .revised(diff)
            }
            var plan = Plan(id: nil, title: draft.title, year: draft.year, issuer: draft.issuer, issued: draft.issued?.iso,
                            sourceFile: draft.source, sha256: sha256, format: draft.format.rawValue, importedAt: now)
            try plan.insert(db)
            let planId = plan.id!
            let resolutions = try Self.unitResolutions(for: draft, db: db)
            try insertTasks(draft.tasks, planId: planId, resolutions: resolutions, db: db)
            var record = ImportRecord(id: nil, planId: planId, fileName: draft.source, format: draft.format.rawValue,
                                      sha256: sha256, importedAt: now, taskCount: draft.tasks.count,
                                      unitCount: draft.unitNames.count,
                                      findings: Self.encode(draft.findings + Self.findings(resolutions, draft)),
                                      outcome: "created")
            try record.insert(db)
            try Self.audit(db, actor, "plan.import", detail: [
                "plan": String(planId), "file": draft.source, "tasks": String(draft.tasks.count)], at: now)
            return .created(planId: planId)
        }
    }

    /// The diff a file would apply to the stored plan with the same title and year, if any (read only).
    public func revisionDiff(for draft: PlanDraft) throws -> PlanDiff? {
        try writer.read { db in
            guard let existing = try Self.samePlan(as: draft, db: db) else { return nil }
            return PlanDiff.compute(planId: existing, stored: try Self.tasks(planId: existing, db: db), draft: draft.tasks)
        }
    }

    static func samePlan(as draft: PlanDraft, db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT id FROM plan WHERE title = ? AND year = ? ORDER BY id DESC LIMIT 1",
                           arguments: [draft.title, draft.year])
    }

    /// Applies a revision: changed tasks keep their id (and everything attached), added tasks
    /// are inserted, removed tasks are archived — never deleted.
    func apply(_ diff: PlanDiff, draft: PlanDraft, sha256: String, now: Date, db: Database) throws {
        var cache = CategoryCache(planId: diff.planId)
        let resolutions = try Self.unitResolutions(for: draft, db: db)
        var units = UnitCache(resolutions: resolutions)
        let statements = try TaskStatements(db)
        let positions = Dictionary(draft.tasks.enumerated().map { ($0.element.location, $0.offset) }, uniquingKeysWith: { a, _ in a })
        for change in diff.changed {
            let d = change.after
            guard var task = try TaskRecord.fetchOne(db, key: change.taskId) else { continue }
            task.seq = d.seq
            task.position = positions[d.location] ?? task.position
            task.categoryId = try cache.category(d.category, db: db)
            task.subcategoryId = try cache.subcategory(d.category, d.subcategory, parent: task.categoryId, db: db)
            task.requirement = d.requirement
            task.leadText = d.leadText
            task.deadlineText = d.deadlineText
            task.deadlineKind = d.deadline.kind.rawValue
            task.due = d.deadline.due?.iso
            task.period = d.deadline.period?.rawValue
            task.relativeDays = d.deadline.days
            task.sourceRow = d.location.row
            task.version += 1
            try task.update(db)
            try db.execute(sql: "DELETE FROM taskUnit WHERE taskId = ?", arguments: [change.taskId])
            try link(taskId: change.taskId, units: d.units, cache: &units, statement: statements.link, db: db)
        }
        // Unchanged tasks may have moved.
        let matchedIds = Set(diff.changed.map(\.taskId))
        for stored in try Self.tasks(planId: diff.planId, db: db) where !matchedIds.contains(stored.id) {
            if let d = draft.tasks.first(where: { $0.requirement == stored.requirement && $0.seq == stored.seq }),
               let position = positions[d.location], position != stored.position {
                try db.execute(sql: "UPDATE task SET position = ? WHERE id = ?", arguments: [position, stored.id])
            }
        }
        for d in diff.added {
            try insertTask(d, position: positions[d.location] ?? draft.tasks.count, planId: diff.planId,
                           categories: &cache, units: &units, statements: statements, db: db)
        }
        for r in diff.removed {
            try db.execute(sql: "UPDATE task SET archivedAt = ?, version = version + 1 WHERE id = ?", arguments: [now, r.id])
        }
        try db.execute(sql: "UPDATE plan SET sha256 = ?, sourceFile = ?, format = ?, importedAt = ?, issuer = COALESCE(?, issuer), issued = COALESCE(?, issued) WHERE id = ?",
                       arguments: [sha256, draft.source, draft.format.rawValue, now, draft.issuer, draft.issued?.iso, diff.planId])
        var record = ImportRecord(id: nil, planId: diff.planId, fileName: draft.source, format: draft.format.rawValue,
                                  sha256: sha256, importedAt: now, taskCount: draft.tasks.count,
                                  unitCount: draft.unitNames.count,
                                  findings: Self.encode(draft.findings + Self.findings(resolutions, draft)),
                                  outcome: diff.isEmpty ? "unchanged" : "revised")
        try record.insert(db)
    }

    /// Finds or creates the category rows of one plan.
    struct CategoryCache {
        let planId: Int64
        var categories: [String: Int64] = [:]
        var subcategories: [String: Int64] = [:]

        init(planId: Int64) { self.planId = planId }

        mutating func category(_ name: String, db: Database) throws -> Int64? {
            guard !name.isEmpty else { return nil }
            if let id = categories[name] { return id }
            let id = try Int64.fetchOne(db, sql: "SELECT id FROM category WHERE planId = ? AND level = 1 AND name = ?",
                                        arguments: [planId, name]) ?? {
                let position = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM category WHERE planId = ? AND level = 1", arguments: [planId]) ?? 0
                var c = CategoryRecord(planId: planId, name: name, level: 1, position: position)
                try c.insert(db)
                return c.id!
            }()
            categories[name] = id
            return id
        }

        mutating func subcategory(_ category: String, _ name: String, parent: Int64?, db: Database) throws -> Int64? {
            guard !name.isEmpty else { return nil }
            let key = category + "\u{1}" + name
            if let id = subcategories[key] { return id }
            let id = try Int64.fetchOne(db, sql: "SELECT id FROM category WHERE planId = ? AND level = 2 AND name = ? AND parentId IS ?",
                                        arguments: [planId, name, parent]) ?? {
                let position = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM category WHERE planId = ? AND level = 2", arguments: [planId]) ?? 0
                var c = CategoryRecord(planId: planId, parentId: parent, name: name, level: 2, position: position)
                try c.insert(db)
                return c.id!
            }()
            subcategories[key] = id
            return id
        }
    }

    func insertTasks(_ tasks: [TaskDraft], planId: Int64, resolutions: [UnitResolution], db: Database) throws {
        var categories = CategoryCache(planId: planId)
        var units = UnitCache(resolutions: resolutions)
        let statements = try TaskStatements(db)
        for (position, draft) in tasks.enumerated() {
            try insertTask(draft, position: position, planId: planId, categories: &categories, units: &units,
                           statements: statements, db: db)
        }
    }

    /// The two inserts an import repeats for every task, prepared once per transaction: a plan of
    /// 10,000 tasks runs them about 30,000 times, and encoding a `Codable` record for each cost
    /// more than SQLite's own work.
    struct TaskStatements {
        let task: Statement
        let link: Statement

        init(_ db: Database) throws {
            task = try db.makeStatement(sql: """
                INSERT INTO task (planId, seq, position, categoryId, subcategoryId, requirement, leadText, deadlineText,
                                  deadlineKind, due, period, relativeDays, sourceRow, archivedAt, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 1)
                """)
            link = try db.makeStatement(sql: Self.linkSQL)
        }

        static let linkSQL = "INSERT INTO taskUnit (taskId, unitId, role, writtenName, position) VALUES (?, ?, ?, ?, ?)"
    }

    func insertTask(_ draft: TaskDraft, position: Int, planId: Int64, categories: inout CategoryCache,
                    units: inout UnitCache, statements: TaskStatements, db: Database) throws {
        let categoryId = try categories.category(draft.category, db: db)
        let subcategoryId = try categories.subcategory(draft.category, draft.subcategory, parent: categoryId, db: db)
        try statements.task.execute(arguments: [
            planId, draft.seq, position, categoryId, subcategoryId, draft.requirement, draft.leadText,
            draft.deadlineText, draft.deadline.kind.rawValue, draft.deadline.due?.iso, draft.deadline.period?.rawValue,
            draft.deadline.days, draft.location.row,
        ])
        try link(taskId: db.lastInsertedRowID, units: draft.units, cache: &units, statement: statements.link, db: db)
    }

    /// Links a task to its units; `statement` is `TaskStatements.link` when the caller links many tasks.
    func link(taskId: Int64, units: UnitAssignment, cache: inout UnitCache, statement: Statement? = nil,
              db: Database) throws {
        let statement = try statement ?? db.cachedStatement(sql: TaskStatements.linkSQL)
        /// A unit appears once per role, however often the cell names it.
        struct Linked: Hashable {
            var unitId: Int64
            var role: String
        }
        var position = 0
        var linked = Set<Linked>()
        for (role, names) in [("lead", units.leads), ("co", units.coUnits), ("group", units.groups)] {
            for name in names {
                let unitId = try cache.id(for: name, kind: role == "group" ? "group" : "department", db: db)
                guard linked.insert(Linked(unitId: unitId, role: role)).inserted else { continue }
                try statement.execute(arguments: [taskId, unitId, role, name, position])
                position += 1
            }
        }
    }

    /// The preview findings of unit resolutions, located at the first task naming each.
    public static func findings(_ resolutions: [UnitResolution], _ draft: PlanDraft) -> [Finding] {
        resolutions.map { r in
            let task = draft.tasks.first { ($0.units.leads + $0.units.coUnits).contains(r.written) }
            let loc = task?.location ?? SourceLocation(file: draft.source)
            return Finding(r.resolved == nil ? .warning : .info, loc, r.finding)
        }
    }

    /// Resolves written unit names to registry ids (by name, then alias, then a unique
    /// abbreviation match, which is recorded as an alias), creating units as needed.
    struct UnitCache {
        var ids: [String: Int64] = [:]
        var resolved: [String: String] = [:]

        init(resolutions: [UnitResolution] = []) {
            for r in resolutions { if let name = r.resolved { resolved[r.written] = name } }
        }

        mutating func id(for name: String, kind: String, db: Database) throws -> Int64 {
            if let id = ids[name] { return id }
            if let full = resolved[name] {
                let id = try id(for: full, kind: kind, db: db)
                if try UnitAliasRecord.filter(Column("alias") == name).fetchOne(db) == nil {
                    var alias = UnitAliasRecord(unitId: id, alias: name)
                    try alias.insert(db)
                }
                ids[name] = id
                return id
            }
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
