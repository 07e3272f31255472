import Foundation
import GRDB

/// An import that stores a plan's tasks on another thread while the interpreter is still
/// reading the rest of the file: storing a large plan takes about as long as reading and
/// interpreting it, and a machine has two cores. It is the same transaction as `importPlan`'s and
/// leaves the same rows: all or nothing, committed by `finish`, rolled back by `cancel`.
///
/// Tasks are stored as they come only for a plan of a year the database holds no plan of (no
/// revision is possible then, since a revision has the same title and year). Otherwise the
/// import waits for the whole draft and does exactly what `importPlan` does. A task naming an
/// abbreviated unit (教育, 环保) is linked at the end, when the plan's full names are known
/// (`unitResolutions`); so are the plan row and the import record.
///
/// Use: give it to `PlanImporter.read(…, sink:)` as the sink, then call `finish` with the
/// reading, or `cancel` when reading failed.
public final class StreamedImport: TaskSink, @unchecked Sendable {
    private let channel: Channel
    private let outcome: Background<ImportOutcome>

    /// Starts the storing thread; `database` is called on it (it may wait for the database to open).
    /// - Parameter revisingUnlike: as for `importPlan`.
    public init(into database: @escaping @Sendable () throws -> AppDatabase,
                by actor: Actor = Actor(name: "office", source: "import"), now: Date = Date(), revisingUnlike: Bool = false) {
        let channel = Channel()
        self.channel = channel
        outcome = Background {
            try database().importStreamed(from: channel, by: actor, now: now, revisingUnlike: revisingUnlike)
        }
    }

    public func begin(year: Int, rows: Int) { channel.send { $0.year = year; $0.rows = rows } }

    public func accept(_ tasks: [TaskDraft]) {
        // Decided here, on the interpreting thread: storing is the slower of the two.
        let waits = tasks.map { task in
            task.units.leads.contains(where: isAbbreviation) || task.units.coUnits.contains(where: isAbbreviation)
                || task.units.groups.contains(where: isAbbreviation)
        }
        channel.send { $0.chunks.append(Chunk(tasks: tasks, waits: waits)) }
    }

    /// Whether a unit name is an abbreviation, each distinct name decided once (interpreting thread only).
    private var abbreviations: [UTF8Key: Bool] = [:]

    private func isAbbreviation(_ name: String) -> Bool {
        if let known = abbreviations[UTF8Key(name)] { return known }
        let answer = AppDatabase.isAbbreviation(name)
        abbreviations[UTF8Key(name)] = answer
        return answer
    }

    /// Tasks given together, and for each whether its links wait for the plan's full unit names.
    struct Chunk {
        var tasks: [TaskDraft]
        var waits: [Bool]
    }

    /// Stores the rest of the plan and commits.
    /// - Throws: a database error (nothing is written then), or what opening the database threw.
    public func finish(_ reading: PlanImporter.Reading) throws -> ImportOutcome {
        channel.send { $0.end = .finished(reading.draft, sha256: reading.sha256) }
        return try outcome.value()
    }

    /// Rolls back whatever was stored and waits until the transaction is over.
    public func cancel() {
        channel.send { $0.end = .cancelled }
        _ = try? outcome.value()
    }

    /// What the interpreting thread has said so far, guarded by a condition the storing thread waits on.
    final class Channel: @unchecked Sendable {
        enum End {
            case finished(PlanDraft, sha256: String)
            case cancelled
        }

        struct State {
            var year: Int?
            var rows = 0
            var chunks: [StreamedImport.Chunk] = []
            var end: End?
        }

        /// Thrown on the storing thread when the import was cancelled: the transaction rolls back.
        struct Cancelled: Error {}

        private let condition = NSCondition()
        private var state = State()

        func send(_ change: (inout State) -> Void) {
            condition.lock()
            change(&state)
            condition.signal()
            condition.unlock()
        }

        /// Waits until `pick` returns a value for the state, taking it out.
        private func wait<T>(_ pick: (inout State) throws -> T?) throws -> T {
            condition.lock()
            defer { condition.unlock() }
            while true {
                if case .cancelled = state.end { throw Cancelled() }
                if let value = try pick(&state) { return value }
                condition.wait()
            }
        }

        /// How an import starts: the year (and the table's row count) before any task, or the
        /// whole draft at once (prose plans give no tasks on the way).
        enum Start {
            case begun(year: Int, rows: Int)
            case finished(PlanDraft, sha256: String)
        }

        /// The year, or else the whole draft: whichever comes first.
        func start() throws -> Start {
            try wait { state in
                if let year = state.year { return .begun(year: year, rows: state.rows) }
                if case .finished(let draft, let sha256) = state.end { return .finished(draft, sha256: sha256) }
                return nil
            }
        }

        /// The tasks given since the last call, in order; nil once all were taken and the draft is complete.
        func next() throws -> [StreamedImport.Chunk]? {
            try wait { state -> [StreamedImport.Chunk]?? in
                if !state.chunks.isEmpty {
                    defer { state.chunks.removeAll() }
                    return .some(state.chunks)
                }
                if case .finished = state.end { return .some(nil) }
                return nil
            }
        }

        /// The complete draft and its digest (tasks not taken yet are dropped: the draft has them).
        func draft() throws -> (PlanDraft, String) {
            try wait { state in
                state.chunks.removeAll()
                if case .finished(let draft, let sha256) = state.end { return (draft, sha256) }
                return nil
            }
        }
    }
}

extension AppDatabase {
    /// The same bytes were imported before (found at the end of a streamed import, which then rolls back).
    private struct KnownBytes: Error {
        var planId: Int64?
    }

    /// The storing thread of a `StreamedImport`.
    func importStreamed(from channel: StreamedImport.Channel, by actor: Actor, now: Date,
                        revisingUnlike: Bool) throws -> ImportOutcome {
        // The write transaction starts once the year is known, not while the file is being read.
        let year: Int, rows: Int
        switch try channel.start() {
        case .finished(let draft, let sha256):
            return try importPlan(draft, sha256: sha256, by: actor, now: now, revisingUnlike: revisingUnlike)
        case .begun(let y, let r):
            (year, rows) = (y, r)
        }
        do {
            return try bulkWrite { db in
                if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM plan WHERE year = ?)", arguments: [year]) == true {
                    // Perhaps a revision: that needs the whole draft, and `importPlan`'s own steps.
                    let (draft, sha256) = try channel.draft()
                    return try store(draft, sha256: sha256, by: actor, now: now, revisingUnlike: revisingUnlike, db: db)
                }
                return try storeStreamed(year: year, rows: rows, from: channel, by: actor, now: now, db: db)
            }
        } catch let known as KnownBytes {
            return .alreadyImported(planId: known.planId)
        }
    }

    /// Stores a new plan's tasks as they come, then the rest once the draft is complete.
    private func storeStreamed(year: Int, rows: Int, from channel: StreamedImport.Channel, by actor: Actor, now: Date,
                               db: Database) throws -> ImportOutcome {
        // The plan row is written last, with the id AUTOINCREMENT would give it now (the
        // transaction is the only writer); its tasks and categories point at it before it exists,
        // which `bulkWrite` allows.
        let planId = try Self.nextId(in: "plan", db: db)
        let unitIndex = try RebuiltIndex.dropLinksByUnit(forTasks: rows, db: db)
        var categories = CategoryCache(planId: planId)
        var units = UnitCache()
        var writer = try TaskWriter(db)
        var later: [(taskId: Int64, units: UnitAssignment)] = []
        var position = 0
        while let chunks = try channel.next() {
            for chunk in chunks {
                for (task, waits) in zip(chunk.tasks, chunk.waits) {
                    let taskId = try addTaskRow(task, position: position, planId: planId, categories: &categories,
                                                writer: &writer, db: db)
                    position += 1
                    if waits {
                        later.append((taskId, task.units))
                    } else {
                        try addLinks(taskId: taskId, units: task.units, cache: &units, writer: &writer, db: db)
                    }
                }
            }
        }
        let (draft, sha256) = try channel.draft()
        guard draft.year == year, draft.tasks.count == position else {
            throw StoreError.invalid("导入没有完成：读到的任务与写入的任务不一致，没有保存任何内容。请重新导入；如果再次出现，请把文件发给我们。")
        }
        if let previous = try ImportRecord.filter(Column("sha256") == sha256).fetchOne(db) {
            throw KnownBytes(planId: previous.planId)
        }
        let resolutions = try Self.unitResolutions(for: draft, db: db)
        units.resolve(resolutions)
        for (taskId, assignment) in later {
            try addLinks(taskId: taskId, units: assignment, cache: &units, writer: &writer, db: db)
        }
        try writer.flush()
        try unitIndex?.restore(db)
        try Self.insertPlan(draft, sha256: sha256, now: now, id: planId, db: db)
        try Self.recordCreated(planId: planId, draft: draft, sha256: sha256, resolutions: resolutions, by: actor, now: now, db: db)
        return .created(planId: planId)
    }
}
