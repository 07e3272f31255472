import Foundation
import GRDB

extension AppDatabase {
    /// The quarterly report of a plan at `asOf` (default: the quarter's last day).
    ///
    /// Every task is counted, but only the listed ones (overdue, waiting, silent: a small share)
    /// are printed, so the plan is read lean (`ReportTasks`: no texts, no per-task dictionaries),
    /// the statuses are folded from one report stream and counted one by one, and the texts and
    /// latest notes are read afterwards for the listed tasks only.
    /// - Throws: `StoreError.notFound` for an unknown plan.
    public func quarterlyReport(planId: Int64, quarter: Quarter, asOf: Day? = nil, generatedAt: Date = Date(),
                                soonDays: Int = TrackingRules.defaultSoonDays) throws -> QuarterlyReport {
        try writer.read { db in
            // Three columns by position: building the `Plan` request alone cost 1–2 % of a 10k-task report.
            guard let plan = try Row.fetchOne(db, sql: "SELECT title, issuer, year FROM plan WHERE id = ?", arguments: [planId])
                .map({ (title: $0[0] as String, issuer: $0[1] as String?, year: $0[2] as Int) })
            else { throw StoreError.notFound("方案 \(planId) ") }
            let day = asOf ?? quarter.end
            let window = quarter.start...max(quarter.start, min(quarter.end, day))
            let tasks = try ReportTasks(planId: planId, db: db)
            let extensions = try Self.extensions(taskIds: nil, db: db).values.flatMap { $0 }
                .filter { tasks.index[$0.taskId] != nil }.sorted { $0.id < $1.id }
            var byTask: [Int64: [ExtensionEntry]] = [:]
            for e in extensions { byTask[e.taskId, default: []].append(e) }
            let triggers = try Self.triggers(taskIds: nil, db: db)
            let (summaries, reported) = try Self.summaries(of: tasks, planYear: plan.year, asOf: day, reportedIn: window, db: db)

            var tally = QuarterlyReport.Tally(quarter: quarter, asOf: day)
            // Listed tasks: index, status and lists, in plan order; their lines are made below.
            var listed: [(index: Int, status: TaskStatus, lists: (overdue: Bool, waiting: Bool, silent: Bool, undated: Bool))] = []
            for i in tasks.ids.indices {
                let id = tasks.ids[i]
                let input = TrackingRules.Input(
                    deadline: tasks.deadlines[i], planYear: plan.year, reportingUnits: Array(tasks.reportingUnits(i)),
                    reports: [], extensions: byTask.isEmpty ? [] : byTask[id] ?? [],
                    trigger: triggers.isEmpty ? nil : triggers[id])
                let status = TrackingRules.status(input, summary: summaries[i], latestNote: nil, asOf: day, soonDays: soonDays)
                tally.add(category: tasks.categories[i], leader: tasks.leaders[i], status: status, coUnits: tasks.coUnits(i))
                let lists = QuarterlyReport.lists(status, reported: reported[i])
                if lists.overdue || lists.waiting || lists.silent || lists.undated { listed.append((i, status, lists)) }
            }

            let texts = try ReportTasks.texts(of: listed.map { tasks.ids[$0.index] }, asOf: day, db: db)
            var overdue: [QuarterlyReport.TaskLine] = []
            var waiting: [QuarterlyReport.TaskLine] = []
            var silent: [QuarterlyReport.TaskLine] = []
            var undated: [QuarterlyReport.TaskLine] = []
            for (k, l) in listed.enumerated() {
                let t = texts[k]
                let s = l.status
                let line = QuarterlyReport.TaskLine(
                    taskId: tasks.ids[l.index], seq: t.seq, requirement: t.requirement,
                    units: t.leadUnits.isEmpty ? t.groups : t.leadUnits, due: s.effectiveDue, deadlineText: t.deadlineText,
                    state: s.state, overdueDays: s.overdueDays, latestNote: t.latestNote?.note, latestNoteDay: t.latestNote?.asOf,
                    leader: tasks.leaders[l.index])
                if l.lists.overdue { overdue.append(line) }
                if l.lists.waiting { waiting.append(line) }
                if l.lists.silent { silent.append(line) }
                if l.lists.undated { undated.append(line) }
            }
            let open = QuarterlyReport.openExtensions(extensions, asOf: day)
            let counts = tally.finished()
            return QuarterlyReport(
                planTitle: plan.title, issuer: plan.issuer, quarter: quarter, asOf: day, generatedAt: generatedAt,
                totals: counts.totals, units: counts.units, categories: counts.categories, leaders: counts.leaders,
                overdue: QuarterlyReport.sortedOverdue(overdue), noReportThisQuarter: silent, awaitingTrigger: waiting, undated: undated,
                openExtensions: open, seqs: try ReportTasks.seqs(of: open.map(\.taskId), db: db))
        }
    }

    /// Each task's folded history up to `asOf` (`TrackingRules.Summary`), and whether it has a
    /// progress report or note dated in `window`: one pass over the covering index `report_stream`.
    static func summaries(of tasks: ReportTasks, planYear: Int, asOf: Day, reportedIn window: ClosedRange<Day>,
                          db: Database) throws -> (summaries: [TrackingRules.Summary], reported: [Bool]) {
        var summaries = tasks.deadlines.map { deadline in
            TrackingRules.Summary(checked: TrackingRules.checkedPeriod(deadline, planYear: planYear, asOf: asOf))
        }
        var reported = [Bool](repeating: false, count: tasks.ids.count)
        guard !tasks.ids.isEmpty else { return (summaries, reported) }
        // `asOf` is stored as YYYY-MM-DD (see `insertReport`), so text order is day order.
        let statement = try db.makeStatement(sql: """
            SELECT taskId, unitId, kind, state, percent, asOf FROM report
            WHERE taskId IN (SELECT id FROM task WHERE planId = ?) AND asOf <= ? ORDER BY taskId, asOf, id
            """)
        let cursor = try Row.fetchCursor(statement, arguments: [tasks.planId, asOf.iso])
        let columns = RawColumns(statement.sqliteStatement)
        var current: (id: Int64, index: Int?) = (-1, nil)
        while try cursor.next() != nil {
            let taskId = columns.int64(0)
            if taskId != current.id { current = (taskId, tasks.index[taskId]) }
            guard let i = current.index else { continue }
            let kind = columns.reportKind(2)
            let day = columns.day(5)
            // A note changes no state (`Summary.add` passes over it): its other columns are not read.
            if kind != .note {
                summaries[i].add(unitId: columns.optionalInt64(1), kind: kind, state: columns.taskState(3),
                                 percent: columns.optionalInt64(4).map { Int($0) }, asOf: day)
            }
            if kind == .progress || kind == .note, window.contains(day) { reported[i] = true }
        }
        return (summaries, reported)
    }
}

/// Task id → position in a list of tasks: an array when the ids are dense (as a plan's are),
/// else a dictionary.
struct TaskIndex {
    private let base: Int64
    private let dense: [Int32]
    private let sparse: [Int64: Int]

    init(_ ids: [Int64]) {
        guard let low = ids.min(), let high = ids.max(), high - low < Int64(max(ids.count, 1)) * 4 + 1024 else {
            base = 0
            dense = []
            sparse = Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            return
        }
        var dense = [Int32](repeating: -1, count: Int(high - low) + 1)
        for (i, id) in ids.enumerated() where dense[Int(id - low)] < 0 { dense[Int(id - low)] = Int32(i) }
        base = low
        self.dense = dense
        sparse = [:]
    }

    subscript(id: Int64) -> Int? {
        if dense.isEmpty { return sparse[id] }
        let k = id &- base
        guard k >= 0 && k < Int64(dense.count) else { return nil }
        let i = dense[Int(k)]
        return i < 0 ? nil : Int(i)
    }
}

/// A plan's tasks as the quarterly report counts them, in plan order (position, then id): ids,
/// category names, deadlines, reporting units and co-units in flat arrays. The texts only listed
/// tasks print are read separately (`texts(of:asOf:db:)`).
struct ReportTasks {
    let planId: Int64
    var ids: [Int64] = []
    var categories: [String] = []
    /// 责任领导 of task i, "" when none.
    var leaders: [String] = []
    var deadlines: [Deadline] = []
    var index = TaskIndex([])
    /// Reporting units of task i (`TaskRoles.reporting`, id and registry name) are
    /// `reporting[reportingStart[i]..<reportingStart[i + 1]]`.
    var reportingStart: [Int] = [0]
    var reporting: [(Int64, String)] = []
    /// Written names of the co-units (配合) of task i, in link order, likewise.
    var coStart: [Int] = [0]
    var coNames: [String] = []

    func reportingUnits(_ i: Int) -> ArraySlice<(Int64, String)> { reporting[reportingStart[i]..<reportingStart[i + 1]] }
    func coUnits(_ i: Int) -> ArraySlice<String> { coNames[coStart[i]..<coStart[i + 1]] }

    init(planId: Int64, db: Database) throws {
        self.planId = planId
        var categoryNames: [Int64: String] = [:]
        let categoryCursor = try Row.fetchCursor(db.cachedStatement(sql: "SELECT id, name FROM category"))
        while let row = try categoryCursor.next() { categoryNames[row[0]] = row[1] as String }

        // Rows in id order, then put in position order (ties keep id order), as `tasks(planId:)` does.
        var rows: [(id: Int64, position: Int64, category: String, leader: String, deadline: Deadline)] = []
        var lastLeader = ""  // rows of one leader follow each other: one String for them
        let statement = try db.makeStatement(sql: """
            SELECT id, position, categoryId, deadlineKind, due, period, relativeDays, relativeUnit, leader
            FROM task WHERE archivedAt IS NULL AND planId = ? ORDER BY planId, id
            """)
        let cursor = try Row.fetchCursor(statement, arguments: [planId])
        let columns = RawColumns(statement.sqliteStatement)
        while try cursor.next() != nil {
            // The words are short: small strings, made without allocating.
            let kind = Deadline.Kind(rawValue: columns.withText(3) { String(decoding: $0, as: UTF8.self) }) ?? .unparsed
            let due = columns.isNull(4) ? nil : columns.withText(4) { u in
                Day(isoBytes: u) ?? Day(iso: String(decoding: u, as: UTF8.self))
            }
            let period = columns.isNull(5) ? nil
                : Deadline.Period(rawValue: columns.withText(5) { String(decoding: $0, as: UTF8.self) })
            let timeUnit = columns.isNull(7) ? nil
                : Deadline.TimeUnit(rawValue: columns.withText(7) { String(decoding: $0, as: UTF8.self) })
            let category = columns.optionalInt64(2).flatMap { categoryNames[$0] } ?? ""
            let leader = columns.withText(8) { u in
                u.isEmpty ? "" : lastLeader.utf8.elementsEqual(u) ? lastLeader : String(decoding: u, as: UTF8.self)
            }
            lastLeader = leader
            rows.append((columns.int64(0), columns.int64(1), category, leader,
                         Deadline(kind: kind, due: due, period: period, days: columns.optionalInt64(6).map { Int($0) },
                                  timeUnit: timeUnit)))
        }
        rows.sort { ($0.position, $0.id) < ($1.position, $1.id) }
        ids = rows.map(\.id)
        categories = rows.map(\.category)
        leaders = rows.map(\.leader)
        deadlines = rows.map(\.deadline)
        index = TaskIndex(ids)
        try loadUnits(db: db)
    }

    /// Reads the task–unit links once, in storage order, and keeps per task its reporting units
    /// (leads; else the registered members of its groups; else the groups, as `roles` decides)
    /// and its co-units' written names, each in link position order.
    private mutating func loadUnits(db: Database) throws {
        let members = try AppDatabase.groupMembers(db: db)
        let names = try AppDatabase.unitNames(db: db)
        struct Link {
            var task: Int
            var position: Int64
            var unit: Int64
            var role: UnitRole
            var co: Int  // index into `written`, co-units only
        }
        var links: [Link] = []
        var written: [String] = []
        let statement = try db.makeStatement(sql: "SELECT taskId, unitId, role, position, writtenName FROM taskUnit")
        let cursor = try Row.fetchCursor(statement)
        let columns = RawColumns(statement.sqliteStatement)
        while let row = try cursor.next() {
            guard let i = index[columns.int64(0)] else { continue }
            let role = columns.unitRole(2)
            var co = -1
            if role == .co {
                co = written.count
                written.append(row[4])
            }
            links.append(Link(task: i, position: columns.int64(3), unit: columns.int64(1), role: role, co: co))
        }
        // Bucket the links by task (storage order kept), then order each task's few links by
        // position; the insertion sort is stable, like the sort `roles` uses.
        var start = [Int](repeating: 0, count: ids.count + 1)
        for l in links { start[l.task + 1] += 1 }
        for i in ids.indices { start[i + 1] += start[i] }
        var next = start
        var ordered = links
        for l in links {
            ordered[next[l.task]] = l
            next[l.task] += 1
        }
        reporting.reserveCapacity(ids.count)
        for i in ids.indices {
            var k = start[i] + 1
            while k < start[i + 1] {
                let l = ordered[k]
                var j = k - 1
                while j >= start[i] && ordered[j].position > l.position {
                    ordered[j + 1] = ordered[j]
                    j -= 1
                }
                ordered[j + 1] = l
                k += 1
            }
            let own = ordered[start[i]..<start[i + 1]]
            let before = reporting.count
            for l in own where l.role == .lead { reporting.append((l.unit, names[l.unit] ?? "#\(l.unit)")) }
            if reporting.count == before {
                for g in own where g.role == .group {
                    let m = members[g.unit] ?? []
                    for id in m.isEmpty ? [g.unit] : m { reporting.append((id, names[id] ?? "#\(id)")) }
                }
            }
            reportingStart.append(reporting.count)
            for l in own where l.role == .co { coNames.append(written[l.co]) }
            coStart.append(coNames.count)
        }
    }

    /// What a listed task prints: seq, requirement, deadline text, the written lead and group
    /// names (link position order) and its latest note up to `asOf`. In the order of `ids`.
    static func texts(of ids: [Int64], asOf: Day, db: Database) throws -> [ListedText] {
        var out = [ListedText](repeating: ListedText(), count: ids.count)
        guard !ids.isEmpty else { return out }
        let index = TaskIndex(ids)
        let list = "(\(ids.map(String.init).joined(separator: ",")))"
        let cursor = try Row.fetchCursor(db, sql: "SELECT id, seq, requirement, deadlineText FROM task WHERE id IN \(list)")
        while let row = try cursor.next() {
            guard let k = index[row[0]] else { continue }
            out[k].seq = row[1]
            out[k].requirement = row[2]
            out[k].deadlineText = row[3]
        }
        let statement = try db.makeStatement(sql: """
            SELECT taskId, role, writtenName, position FROM taskUnit WHERE taskId IN \(list) ORDER BY taskId, rowid
            """)
        let links = try AppDatabase.writtenLinks(statement, count: ids.count) { index[$0] }
        for k in ids.indices {
            for link in links[k] {
                switch link.role {
                case .lead: out[k].leadUnits.append(link.name)
                case .group: out[k].groups.append(link.name)
                case .co, .other: break
                }
            }
        }
        for (taskId, note) in try AppDatabase.latestNotes(taskFilter: list, asOf: asOf, db: db) {
            if let k = index[taskId] { out[k].latestNote = note }
        }
        return out
    }

    /// Task id → seq of the given tasks.
    static func seqs(of ids: [Int64], db: Database) throws -> [Int64: String] {
        guard !ids.isEmpty else { return [:] }
        var out: [Int64: String] = [:]
        let cursor = try Row.fetchCursor(db, sql: "SELECT id, seq FROM task WHERE id IN (\(ids.map(String.init).joined(separator: ",")))")
        while let row = try cursor.next() { out[row[0]] = row[1] as String }
        return out
    }
}

/// The texts of a listed task (see `ReportTasks.texts`).
struct ListedText {
    var seq = ""
    var requirement = ""
    var deadlineText = ""
    var leadUnits: [String] = []
    var groups: [String] = []
    var latestNote: ReportEntry?
}
