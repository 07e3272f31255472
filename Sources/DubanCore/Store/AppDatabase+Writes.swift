import Foundation
import GRDB
import GRDBSQLite

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
    /// - Parameter revisingUnlike: apply a revision even when it `looksLikeAnotherPlan` (else
    ///   that throws `StoreError.invalid` and nothing is written).
    public func importPlan(_ draft: PlanDraft, sha256: String, by actor: Actor = Actor(name: "office", source: "import"),
                           now: Date = Date(), revisingUnlike: Bool = false) throws -> ImportOutcome {
        try bulkWrite { db in try store(draft, sha256: sha256, by: actor, now: now, revisingUnlike: revisingUnlike, db: db) }
    }

    /// `importPlan`'s transaction body.
    func store(_ draft: PlanDraft, sha256: String, by actor: Actor, now: Date, revisingUnlike: Bool,
               db: Database) throws -> ImportOutcome {
        if let previous = try ImportRecord.filter(Column("sha256") == sha256).fetchOne(db) {
            return .alreadyImported(planId: previous.planId)
        }
        if let existing = try Self.samePlan(as: draft, db: db) {
            let diff = PlanDiff.compute(planId: existing, stored: try Self.tasks(planId: existing, db: db), draft: draft.tasks)
            if diff.looksLikeAnotherPlan && !revisingUnlike {
                throw StoreError.invalid(diff.anotherPlanMessage(title: draft.title, year: draft.year))
            }
            try apply(diff, draft: draft, sha256: sha256, now: now, db: db)
            try Self.audit(db, actor, "plan.revise", detail: [
                "plan": String(existing), "file": draft.source, "added": String(diff.added.count),
                "changed": String(diff.changed.count), "removed": String(diff.removed.count)], at: now)
            return .revised(diff)
        }
        let planId = try Self.insertPlan(draft, sha256: sha256, now: now, db: db)
        let resolutions = try Self.unitResolutions(for: draft, db: db)
        let unitIndex = try RebuiltIndex.dropLinksByUnit(forTasks: draft.tasks.count, db: db)
        try insertTasks(draft.tasks, planId: planId, resolutions: resolutions, db: db)
        try unitIndex?.restore(db)
        try Self.recordCreated(planId: planId, draft: draft, sha256: sha256, resolutions: resolutions, by: actor, now: now, db: db)
        return .created(planId: planId)
    }

    /// Inserts a new plan's row, with the given id or the next one; returns its id. Plain
    /// statements rather than records here and below: a record's first insert on a connection
    /// reads the table's schema, and the CLI opens a new connection per import.
    @discardableResult
    static func insertPlan(_ draft: PlanDraft, sha256: String, now: Date, id: Int64? = nil, db: Database) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO plan (id, title, year, issuer, issued, sourceFile, sha256, format, importedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [id, draft.title, draft.year, draft.issuer, draft.issued?.iso, draft.source, sha256,
                             draft.format.rawValue, StorageDate.text(now)])
        return db.lastInsertedRowID
    }

    /// The import record and the audit entry of a new plan.
    static func recordCreated(planId: Int64, draft: PlanDraft, sha256: String, resolutions: [UnitResolution], by actor: Actor,
                              now: Date, db: Database) throws {
        try insertImportRecord(planId: planId, draft: draft, sha256: sha256, now: now,
                               findings: draft.findings + findings(resolutions, draft), outcome: "created", db: db)
        try audit(db, actor, "plan.import", detail: [
            "plan": String(planId), "file": draft.source, "tasks": String(draft.tasks.count)], at: now)
    }

    /// The id AUTOINCREMENT would give the next row of `table` (one past the larger of the
    /// highest id ever used and the highest id now in the table).
    static func nextId(in table: String, db: Database) throws -> Int64 {
        try (Int64.fetchOne(db, sql: """
            SELECT MAX(x) FROM (SELECT seq AS x FROM sqlite_sequence WHERE name = ? UNION ALL SELECT MAX(id) FROM \(table))
            """, arguments: [table]) ?? 0) + 1
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
        let link = try RawInsert(db, sql: TaskWriter.linkSQL)
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
            task.relativeUnit = d.deadline.days == nil ? nil : d.deadline.countUnit.rawValue
            task.leader = d.leader
            task.sourceRow = d.location.row
            task.version += 1
            try task.update(db)
            try db.execute(sql: "DELETE FROM taskUnit WHERE taskId = ?", arguments: [change.taskId])
            try self.link(taskId: change.taskId, units: d.units, cache: &units, statement: link, db: db)
        }
        // Unchanged tasks may have moved.
        for move in diff.moved {
            try db.execute(sql: "UPDATE task SET position = ? WHERE id = ?", arguments: [move.position, move.taskId])
        }
        var writer = try TaskWriter(db)
        for d in diff.added {
            try insertTask(d, position: positions[d.location] ?? draft.tasks.count, planId: diff.planId,
                           categories: &cache, units: &units, writer: &writer, db: db)
        }
        try writer.flush()
        for r in diff.removed {
            try db.execute(sql: "UPDATE task SET archivedAt = ?, version = version + 1 WHERE id = ?", arguments: [StorageDate.text(now), r.id])
        }
        try db.execute(sql: "UPDATE plan SET sha256 = ?, sourceFile = ?, format = ?, importedAt = ?, issuer = COALESCE(?, issuer), issued = COALESCE(?, issued) WHERE id = ?",
                       arguments: [sha256, draft.source, draft.format.rawValue, StorageDate.text(now), draft.issuer, draft.issued?.iso, diff.planId])
        try Self.insertImportRecord(planId: diff.planId, draft: draft, sha256: sha256, now: now,
                                    findings: draft.findings + Self.findings(resolutions, draft),
                                    outcome: diff.isEmpty ? "unchanged" : "revised", db: db)
    }

    /// The import's record: file, digest, counts and the preview's findings.
    static func insertImportRecord(planId: Int64, draft: PlanDraft, sha256: String, now: Date, findings: [Finding],
                                   outcome: String, db: Database) throws {
        try db.execute(sql: """
            INSERT INTO importRecord (planId, fileName, format, sha256, importedAt, taskCount, unitCount, findings, outcome)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [planId, draft.source, draft.format.rawValue, sha256, StorageDate.text(now), draft.tasks.count,
                             draft.unitNames.count, encode(findings), outcome])
    }

    /// Finds or creates the category rows of one plan.
    struct CategoryCache {
        let planId: Int64
        var categories: [UTF8Key: Int64] = [:]
        var subcategories: [UTF8Key: Int64] = [:]
        /// The last subcategory looked up (rows of one subcategory follow each other).
        var last: (category: UTF8Key, name: UTF8Key, id: Int64?)?

        init(planId: Int64) { self.planId = planId }

        mutating func category(_ name: String, db: Database) throws -> Int64? {
            guard !name.isEmpty else { return nil }
            if let id = categories[UTF8Key(name)] { return id }
            let id = try Int64.fetchOne(db, sql: "SELECT id FROM category WHERE planId = ? AND level = 1 AND name = ?",
                                        arguments: [planId, name]) ?? {
                let position = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM category WHERE planId = ? AND level = 1", arguments: [planId]) ?? 0
                return try insert(parent: nil, name: name, level: 1, position: position, db: db)
            }()
            categories[UTF8Key(name)] = id
            return id
        }

        mutating func subcategory(_ category: String, _ name: String, parent: Int64?, db: Database) throws -> Int64? {
            guard !name.isEmpty else { return nil }
            if let last, last.category == UTF8Key(category), last.name == UTF8Key(name) { return last.id }
            let key = UTF8Key(category + "\u{1}" + name)
            if let id = subcategories[key] {
                last = (UTF8Key(category), UTF8Key(name), id)
                return id
            }
            let id = try Int64.fetchOne(db, sql: "SELECT id FROM category WHERE planId = ? AND level = 2 AND name = ? AND parentId IS ?",
                                        arguments: [planId, name, parent]) ?? {
                let position = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM category WHERE planId = ? AND level = 2", arguments: [planId]) ?? 0
                return try insert(parent: parent, name: name, level: 2, position: position, db: db)
            }()
            subcategories[key] = id
            last = (UTF8Key(category), UTF8Key(name), id)
            return id
        }

        private func insert(parent: Int64?, name: String, level: Int, position: Int, db: Database) throws -> Int64 {
            try db.cachedStatement(sql: "INSERT INTO category (planId, parentId, name, level, position) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [planId, parent, name, level, position])
            return db.lastInsertedRowID
        }
    }

    func insertTasks(_ tasks: [TaskDraft], planId: Int64, resolutions: [UnitResolution], db: Database) throws {
        var categories = CategoryCache(planId: planId)
        var units = UnitCache(resolutions: resolutions)
        var writer = try TaskWriter(db)
        for (position, draft) in tasks.enumerated() {
            try insertTask(draft, position: position, planId: planId, categories: &categories, units: &units,
                           writer: &writer, db: db)
        }
        try writer.flush()
    }

    /// The index of task–unit links by unit, taken down for a large import and built again at its
    /// end, in the same transaction. Its entries go in unit order, and an import's links come in
    /// task order: each one lands in the middle of the index and splits pages there. Updating
    /// it cost an import about twice as much as the links' own rows (93,000 links: ~170 ms of
    /// ~250 ms), while building it again sorts every link of the database once (~17 ms for
    /// 93,000): rebuilding is cheaper once an import adds more than about a tenth as many links
    /// as the database holds. It is rebuilt when an import has at least a fifth as many tasks
    /// as the database has links (a task has about two links), and updated in place otherwise.
    struct RebuiltIndex {
        static let linksByUnit = "taskUnit_on_unitId"
        /// The index's own CREATE statement, as the migrations wrote it.
        let sql: String

        /// Drops the links' unit index before an import of about `tasks` tasks, when rebuilding
        /// it is the cheaper way; nil when it stays.
        static func dropLinksByUnit(forTasks tasks: Int, db: Database) throws -> RebuiltIndex? {
            let links = try Int.fetchOne(db, sql: "SELECT MAX(rowid) FROM taskUnit") ?? 0  // ≥ their number
            guard tasks * 5 >= links,
                  let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?",
                                                arguments: [linksByUnit])
            else { return nil }
            try db.execute(sql: "DROP INDEX \(linksByUnit)")
            return RebuiltIndex(sql: sql)
        }

        /// Builds the index again.
        func restore(_ db: Database) throws {
            try db.execute(sql: sql)
        }
    }

    /// Writes an import's tasks and their task–unit links many rows per statement. A plan of
    /// 10,000 tasks needs about 30,000 rows; one INSERT per row spent as much on opening and
    /// closing the statement's cursors (table, indexes, foreign-key lookups) as on the rows, and
    /// GRDB's `execute(arguments:)` boxed every value on top of that.
    ///
    /// Task ids are given explicitly: the transaction is the only writer, and the ids are the
    /// ones AUTOINCREMENT would give one insert at a time (one past the larger of the highest id
    /// ever used, `sqlite_sequence`, and the highest id now in the table); SQLite keeps
    /// `sqlite_sequence` up to date for explicit ids. Rows are written in the order they were
    /// added (links keep their rowid order), in full batches and one last shorter one per table,
    /// so at most four statements are prepared. It runs in a `bulkWrite` (no foreign-key checks),
    /// so a batch of links may be written before the last batch of the tasks they name.
    struct TaskWriter {
        let db: Database
        private(set) var nextTaskId: Int64
        private var tasks = Bindings()
        private var links = Bindings()
        private var statements: [String: RawInsert] = [:]  // by columns and rows
        /// `Day.iso` of the due dates seen (a plan has a few dozen).
        private var isoDates: [Day: String] = [:]

        /// Rows per statement (16 and 5 parameters a row: well under SQLite's 32,766).
        static let rowsPerInsert = 64
        static let taskColumns = 16
        static let linkColumns = 5
        static let taskHead = """
            INSERT INTO task (id, planId, seq, position, categoryId, subcategoryId, requirement, leadText, deadlineText,
                              deadlineKind, due, period, relativeDays, relativeUnit, leader, sourceRow, archivedAt, version) VALUES
            """
        static let taskRow = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 1)"
        static let linkHead = "INSERT INTO taskUnit (taskId, unitId, role, writtenName, position) VALUES"
        static let linkRow = "(?, ?, ?, ?, ?)"
        /// The one-row link insert (links of a revised task).
        static let linkSQL = linkHead + " " + linkRow

        init(_ db: Database) throws {
            self.db = db
            nextTaskId = try AppDatabase.nextId(in: "task", db: db)
        }

        /// Queues a task row; returns the id it will have.
        mutating func addTask(planId: Int64, seq: String, position: Int, categoryId: Int64?, subcategoryId: Int64?,
                              requirement: String, leadText: String, deadlineText: String, deadlineKind: String,
                              due: Day?, period: String?, relativeDays: Int?, relativeUnit: String? = nil,
                              leader: String = "", sourceRow: Int?) throws -> Int64 {
            let id = nextTaskId
            nextTaskId += 1
            let dueText = due.map { iso($0) }
            tasks.append(id)
            tasks.append(planId)
            tasks.append(seq)
            tasks.append(position)
            tasks.append(categoryId)
            tasks.append(subcategoryId)
            tasks.append(requirement)
            tasks.append(leadText)
            tasks.append(deadlineText)
            tasks.append(deadlineKind)
            tasks.append(dueText)
            tasks.append(period)
            tasks.append(relativeDays)
            tasks.append(relativeUnit)
            tasks.append(leader)
            tasks.append(sourceRow)
            if tasks.count == Self.rowsPerInsert * Self.taskColumns { try flushTasks() }
            return id
        }

        /// `day.iso`, formatted once per distinct day.
        private mutating func iso(_ day: Day) -> String {
            if let known = isoDates[day] { return known }
            let text = day.iso
            isoDates[day] = text
            return text
        }

        /// Queues a task–unit link of a task added before.
        mutating func addLink(taskId: Int64, unitId: Int64, role: String, writtenName: String, position: Int) throws {
            links.append(taskId)
            links.append(unitId)
            links.append(role)
            links.append(writtenName)
            links.append(position)
            if links.count == Self.rowsPerInsert * Self.linkColumns { try flushLinks() }
        }

        /// Writes everything queued.
        mutating func flush() throws {
            try flushTasks()
            try flushLinks()
        }

        private mutating func flushTasks() throws {
            guard tasks.count > 0 else { return }
            try insert(Self.taskHead, row: Self.taskRow, columns: Self.taskColumns, values: tasks)
            tasks.removeAll()
        }

        private mutating func flushLinks() throws {
            guard links.count > 0 else { return }
            try insert(Self.linkHead, row: Self.linkRow, columns: Self.linkColumns, values: links)
            links.removeAll()
        }

        /// One INSERT of `values.count / columns` rows; its statement is prepared once per row count.
        private mutating func insert(_ head: String, row: String, columns: Int, values: Bindings) throws {
            let rows = values.count / columns
            let key = "\(columns) \(rows)"
            let statement = try statements[key]
                ?? RawInsert(db, sql: head + " " + Array(repeating: row, count: rows).joined(separator: ", "))
            statements[key] = statement
            try statement.run(values)
        }
    }

    /// The values of one run of a prepared statement, parameter 1 first: integers and NULLs as
    /// they are, texts as byte ranges of one buffer. A batch's texts are copied once, into the
    /// buffer, and bound without SQLite copying them again (`SQLITE_STATIC`: the buffer stays
    /// valid until the step is done).
    struct Bindings {
        enum Value {
            case null
            case integer(Int64)
            case text(start: Int, count: Int)
        }

        private(set) var values: [Value] = []
        private(set) var bytes: [UInt8] = []

        var count: Int { values.count }

        mutating func append(_ n: Int64) { values.append(.integer(n)) }
        mutating func append(_ n: Int64?) { values.append(n.map { .integer($0) } ?? .null) }
        mutating func append(_ n: Int) { values.append(.integer(Int64(n))) }
        mutating func append(_ n: Int?) { values.append(n.map { .integer(Int64($0)) } ?? .null) }

        mutating func append(_ s: String?) {
            guard var s else { return values.append(.null) }
            let start = bytes.count
            s.withUTF8 { bytes.append(contentsOf: $0) }
            values.append(.text(start: start, count: bytes.count - start))
        }

        mutating func removeAll() {
            values.removeAll(keepingCapacity: true)
            bytes.removeAll(keepingCapacity: true)
        }
    }

    /// A prepared INSERT of this transaction, bound with `sqlite3_bind_*` and run with one step.
    /// Only `RawInsert` uses its statement, so GRDB's memory of bound arguments never goes stale.
    struct RawInsert {
        let statement: Statement
        let db: Database

        init(_ db: Database, sql: String) throws {
            statement = try db.makeStatement(sql: sql)
            self.db = db
        }

        /// Binds `values` to parameters 1… and runs the statement.
        /// - Throws: `DatabaseError` with SQLite's code and message; the statement is reset and
        ///   its parameters cleared either way (no pointer into the texts outlives the step).
        func run(_ values: Bindings) throws {
            let handle = statement.sqliteStatement
            let code = values.bytes.withUnsafeBufferPointer { bytes -> Int32 in
                for (k, value) in values.values.enumerated() {
                    let index = Int32(k + 1)
                    switch value {
                    case .null: sqlite3_bind_null(handle, index)
                    case .integer(let n): sqlite3_bind_int64(handle, index, n)
                    case .text(_, 0):
                        // Text, not NULL: SQLite needs an address even for no bytes.
                        sqlite3_bind_text(handle, index, "", 0, SQLITE_TRANSIENT_)
                    case .text(let start, let count):
                        let text = UnsafeRawPointer(bytes.baseAddress! + start).assumingMemoryBound(to: CChar.self)
                        sqlite3_bind_text(handle, index, text, Int32(count), nil)  // nil: SQLITE_STATIC
                    }
                }
                let code = sqlite3_step(handle)
                sqlite3_reset(handle)
                sqlite3_clear_bindings(handle)
                return code
            }
            guard code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                    message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
            }
        }
    }

    func insertTask(_ draft: TaskDraft, position: Int, planId: Int64, categories: inout CategoryCache,
                    units: inout UnitCache, writer: inout TaskWriter, db: Database) throws {
        let taskId = try addTaskRow(draft, position: position, planId: planId, categories: &categories, writer: &writer, db: db)
        try addLinks(taskId: taskId, units: draft.units, cache: &units, writer: &writer, db: db)
    }

    /// Queues a task's row (and creates its categories); returns its id.
    func addTaskRow(_ draft: TaskDraft, position: Int, planId: Int64, categories: inout CategoryCache,
                    writer: inout TaskWriter, db: Database) throws -> Int64 {
        let categoryId = try categories.category(draft.category, db: db)
        let subcategoryId = try categories.subcategory(draft.category, draft.subcategory, parent: categoryId, db: db)
        return try writer.addTask(
            planId: planId, seq: draft.seq, position: position, categoryId: categoryId, subcategoryId: subcategoryId,
            requirement: draft.requirement, leadText: draft.leadText, deadlineText: draft.deadlineText,
            deadlineKind: draft.deadline.kind.rawValue, due: draft.deadline.due, period: draft.deadline.period?.rawValue,
            relativeDays: draft.deadline.days, relativeUnit: draft.deadline.days == nil ? nil : draft.deadline.countUnit.rawValue,
            leader: draft.leader, sourceRow: draft.location.row)
    }

    /// Queues the links of a task queued before.
    func addLinks(taskId: Int64, units: UnitAssignment, cache: inout UnitCache, writer: inout TaskWriter,
                  db: Database) throws {
        try forEachLink(units, cache: &cache, db: db) { unitId, role, name, position in
            try writer.addLink(taskId: taskId, unitId: unitId, role: role, writtenName: name, position: position)
        }
    }

    /// Links a task to its units at once; `statement` is a prepared `TaskWriter.linkSQL` when the
    /// caller links many tasks.
    func link(taskId: Int64, units: UnitAssignment, cache: inout UnitCache, statement: RawInsert? = nil,
              db: Database) throws {
        let statement = try statement ?? RawInsert(db, sql: TaskWriter.linkSQL)
        var row = Bindings()
        try forEachLink(units, cache: &cache, db: db) { unitId, role, name, position in
            row.removeAll()
            row.append(taskId)
            row.append(unitId)
            row.append(role)
            row.append(name)
            row.append(position)
            try statement.run(row)
        }
    }

    /// The task–unit links of one task's units, in order: leads, co-units, groups; a unit appears
    /// once per role, however often the cell names it.
    func forEachLink(_ units: UnitAssignment, cache: inout UnitCache, db: Database,
                     _ body: (_ unitId: Int64, _ role: String, _ name: String, _ position: Int) throws -> Void) throws {
        var position = 0
        cache.linked.removeAll(keepingCapacity: true)
        func visit(_ names: [String], role: String, roleCode: Int64, kind: String) throws {
            for name in names {
                let unitId = try cache.id(for: name, kind: kind, db: db)
                guard cache.linked.insert(unitId << 2 | roleCode).inserted else { continue }
                try body(unitId, role, name, position)
                position += 1
            }
        }
        try visit(units.leads, role: "lead", roleCode: 0, kind: "department")
        try visit(units.coUnits, role: "co", roleCode: 1, kind: "department")
        try visit(units.groups, role: "group", roleCode: 2, kind: "group")
    }

    /// The preview findings of unit resolutions, located at the first task naming each.
    public static func findings(_ resolutions: [UnitResolution], _ draft: PlanDraft) -> [Finding] {
        guard !resolutions.isEmpty else { return [] }
        // One pass over the distinct lists, in task order: where each written name is first named
        // (leads and co-units).
        var first: [UTF8Key: SourceLocation] = [:]
        var wanted = Set(resolutions.map { UTF8Key($0.written) })
        draft.forEachDistinctList(groups: false) { task, names in
            for name in names where wanted.remove(UTF8Key(name)) != nil { first[UTF8Key(name)] = draft.tasks[task].location }
        }
        return resolutions.map { r in
            let loc = first[UTF8Key(r.written)] ?? SourceLocation(file: draft.source)
            return Finding(r.resolved == nil ? .warning : .info, loc, r.finding)
        }
    }

    /// Resolves written unit names to registry ids (by name, then alias, then a unique
    /// abbreviation match, which is recorded as an alias), creating units as needed.
    struct UnitCache {
        var ids: [UTF8Key: Int64] = [:]
        var resolved: [String: String] = [:]
        /// `forEachLink`'s scratch set of the current task's (unit, role) pairs, kept to reuse its storage.
        var linked = Set<Int64>()

        init(resolutions: [UnitResolution] = []) {
            resolve(resolutions)
        }

        /// Takes the registry names abbreviations stand for (before any of them is looked up).
        mutating func resolve(_ resolutions: [UnitResolution]) {
            for r in resolutions { if let name = r.resolved { resolved[r.written] = name } }
        }

        mutating func id(for name: String, kind: String, db: Database) throws -> Int64 {
            if let id = ids[UTF8Key(name)] { return id }
            if let full = resolved[name] {
                let id = try id(for: full, kind: kind, db: db)
                if try Self.aliasedUnit(name, db: db) == nil {
                    try db.cachedStatement(sql: "INSERT INTO unitAlias (unitId, alias) VALUES (?, ?)").execute(arguments: [id, name])
                }
                ids[UTF8Key(name)] = id
                return id
            }
            let id: Int64
            if let unit = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM unit WHERE name = ?"), arguments: [name]) {
                id = unit
            } else if let unit = try Self.aliasedUnit(name, db: db) {
                id = unit
            } else {
                try db.cachedStatement(sql: "INSERT INTO unit (name, kind) VALUES (?, ?)").execute(arguments: [name, kind])
                id = db.lastInsertedRowID
            }
            ids[UTF8Key(name)] = id
            return id
        }

        /// The unit an alias stands for.
        private static func aliasedUnit(_ alias: String, db: Database) throws -> Int64? {
            try Int64.fetchOne(db.cachedStatement(sql: "SELECT unitId FROM unitAlias WHERE alias = ?"), arguments: [alias])
        }
    }

    static func encode(_ findings: [Finding]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(findings)).flatMap { String(data: $0, encoding: .utf8) } ?? "[]"
    }
}

/// SQLite's "copy the bytes now" destructor (the C macro is not imported into Swift).
private let SQLITE_TRANSIENT_ = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
