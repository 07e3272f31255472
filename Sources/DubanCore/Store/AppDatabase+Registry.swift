import Foundation
import GRDB

/// Two registered units that are probably the same department (单位管理: 疑似重复).
public struct UnitSuggestion: Sendable, Hashable {
    /// The shorter or less complete spelling: the likely merge source.
    public var a: String
    /// The fuller spelling: the likely merge target.
    public var b: String
    /// Why they look alike, in Chinese ("去掉“政府”后相同", "只差“局”字").
    public var reason: String

    public init(a: String, b: String, reason: String) {
        self.a = a
        self.b = b
        self.reason = reason
    }
}

/// What a merge moved from the source unit to the target unit.
public struct UnitMergeSummary: Sendable, Hashable {
    /// The merged (deleted) unit's name.
    public var source: String
    /// The unit that remains.
    public var target: String
    /// Tasks the source was linked to (any role).
    public var tasks: Int
    /// Links dropped because the target already had the same task and role.
    public var duplicateLinks: Int
    public var reports: Int
    public var extensions: Int
    /// Group memberships (or, for a group, members) moved.
    public var memberships: Int
    /// Aliases now pointing at the target, the source's own name included.
    public var aliases: Int
}

/// Members added to and removed from a group by one call.
public struct GroupMemberChange: Sendable, Hashable {
    public var added: [String]
    public var removed: [String]
}

extension AppDatabase {
    // MARK: - Writes

    /// Renames a unit: it keeps its id and links; the old name becomes an alias, so later
    /// imports of the old spelling still match it. Returns the name it had.
    /// - Throws: `StoreError.notFound` for an unknown unit; `StoreError.invalid` when the new
    ///   name is empty, unchanged, or already names another unit.
    @discardableResult
    public func renameUnit(_ name: String, to newName: String, by actor: Actor) throws -> String {
        try write { db in
            let id = try Self.requireUnit(name, db: db)
            let oldName = try Self.unitName(id, db: db)
            let newName = TextNormalizer.compact(newName)
            guard !newName.isEmpty else { throw StoreError.invalid("新名称不能为空。") }
            guard newName != oldName else { throw StoreError.invalid("“\(oldName)”的名称没有变化。") }
            if let other = try Self.unitId(named: newName, db: db), other != id {
                let otherName = try Self.unitName(other, db: db)
                let what = otherName == newName ? "已是另一个单位的名称" : "已是单位“\(otherName)”的别名"
                throw StoreError.invalid("“\(newName)”\(what)；如果两者是同一个单位，请用合并而不是更名。")
            }
            // The new name may be one of the unit's own aliases: it stops being an alias.
            try db.execute(sql: "DELETE FROM unitAlias WHERE unitId = ? AND alias = ?", arguments: [id, newName])
            try db.execute(sql: "UPDATE unit SET name = ? WHERE id = ?", arguments: [newName, id])
            try Self.addAlias(oldName, to: id, db: db)
            try Self.audit(db, actor, "unit.rename", unitId: id, detail: ["from": oldName, "to": newName])
            return oldName
        }
    }

    /// Merges a unit into another (区法制办 → 区政府法制办), in one transaction: task links,
    /// reports, extension requests and group memberships move to the target (a link the target
    /// already has for the same task and role is dropped; every link keeps its written name);
    /// the source's name and aliases become the target's aliases; the source is deleted.
    /// - Throws: `StoreError.notFound` for an unknown unit; `StoreError.invalid` for a merge of a
    ///   unit into itself or of a department with a group designation.
    @discardableResult
    public func mergeUnits(_ source: String, into target: String, by actor: Actor) throws -> UnitMergeSummary {
        try write { db in
            let sourceId = try Self.requireUnit(source, db: db)
            let targetId = try Self.requireUnit(target, db: db)
            let sourceName = try Self.unitName(sourceId, db: db)
            let targetName = try Self.unitName(targetId, db: db)
            guard sourceId != targetId else {
                if sourceName != TextNormalizer.trim(source) {
                    throw StoreError.invalid("“\(source)”已经是“\(sourceName)”的别名，无需合并。")
                }
                throw StoreError.invalid("不能把单位“\(sourceName)”合并到它自己。")
            }
            let sourceKind = try Self.unitKind(sourceId, db: db)
            let targetKind = try Self.unitKind(targetId, db: db)
            guard sourceKind == targetKind else {
                let (department, group) = sourceKind == "group" ? (targetName, sourceName) : (sourceName, targetName)
                throw StoreError.invalid("“\(department)”是具体部门，“\(group)”是统称，两者不能合并。")
            }

            var summary = UnitMergeSummary(source: sourceName, target: targetName, tasks: 0, duplicateLinks: 0,
                                           reports: 0, extensions: 0, memberships: 0, aliases: 0)
            summary.tasks = try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT taskId) FROM taskUnit WHERE unitId = ?",
                                             arguments: [sourceId]) ?? 0
            try db.execute(sql: """
                DELETE FROM taskUnit WHERE unitId = ? AND EXISTS (
                  SELECT 1 FROM taskUnit mine
                  WHERE mine.unitId = ? AND mine.taskId = taskUnit.taskId AND mine.role = taskUnit.role)
                """, arguments: [sourceId, targetId])
            summary.duplicateLinks = db.changesCount
            try db.execute(sql: "UPDATE taskUnit SET unitId = ? WHERE unitId = ?", arguments: [targetId, sourceId])
            try db.execute(sql: "UPDATE report SET unitId = ? WHERE unitId = ?", arguments: [targetId, sourceId])
            summary.reports = db.changesCount
            try db.execute(sql: "UPDATE extension SET unitId = ? WHERE unitId = ?", arguments: [targetId, sourceId])
            summary.extensions = db.changesCount

            // Memberships the target already has are not repeated; the leftovers go with the source.
            try db.execute(sql: "UPDATE OR IGNORE groupMember SET memberId = ? WHERE memberId = ?",
                           arguments: [targetId, sourceId])
            summary.memberships = db.changesCount
            try db.execute(sql: "UPDATE OR IGNORE groupMember SET groupId = ? WHERE groupId = ?",
                           arguments: [targetId, sourceId])
            summary.memberships += db.changesCount
            try db.execute(sql: "DELETE FROM groupMember WHERE memberId = ? OR groupId = ?", arguments: [sourceId, sourceId])

            try db.execute(sql: "UPDATE unitAlias SET unitId = ? WHERE unitId = ?", arguments: [targetId, sourceId])
            summary.aliases = db.changesCount
            do {
                try db.execute(sql: "DELETE FROM unit WHERE id = ?", arguments: [sourceId])
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                // A table this merge does not know yet still points at the source: change nothing.
                throw StoreError.invalid("“\(sourceName)”还被其他记录引用，暂时无法合并，数据未作改动。")
            }
            if try Self.addAlias(sourceName, to: targetId, db: db) { summary.aliases += 1 }

            try Self.audit(db, actor, "unit.merge", unitId: targetId, detail: [
                "source": sourceName, "sourceId": String(sourceId), "target": targetName,
                "tasks": String(summary.tasks), "duplicateLinks": String(summary.duplicateLinks),
                "reports": String(summary.reports), "extensions": String(summary.extensions),
                "memberships": String(summary.memberships), "aliases": String(summary.aliases),
            ])
            return summary
        }
    }

    /// Adds departments to and removes them from a group designation (区级各部门 → its members).
    /// Adding a member twice or removing a non-member changes nothing.
    /// - Throws: `StoreError.notFound` naming every unknown unit; `StoreError.invalid` when the
    ///   group is a department, a member is a group, or a unit is both added and removed.
    @discardableResult
    public func setGroupMembers(_ group: String, add: [String], remove: [String], by actor: Actor) throws -> GroupMemberChange {
        try write { db in
            let groupId = try Self.requireGroup(group, db: db)
            let groupName = try Self.unitName(groupId, db: db)
            let toAdd = try Self.requireMembers(add, db: db)
            let toRemove = try Self.requireMembers(remove, db: db)
            let both = toAdd.filter { a in toRemove.contains { $0.id == a.id } }
            guard both.isEmpty else {
                throw StoreError.invalid("“\(both.map(\.name).joined(separator: "”、“"))”不能同时添加和移除。")
            }
            var change = GroupMemberChange(added: [], removed: [])
            for member in toAdd {
                try db.execute(sql: "INSERT OR IGNORE INTO groupMember (groupId, memberId) VALUES (?, ?)",
                               arguments: [groupId, member.id])
                if db.changesCount > 0 { change.added.append(member.name) }
            }
            for member in toRemove {
                try db.execute(sql: "DELETE FROM groupMember WHERE groupId = ? AND memberId = ?", arguments: [groupId, member.id])
                if db.changesCount > 0 { change.removed.append(member.name) }
            }
            if !change.added.isEmpty || !change.removed.isEmpty {
                try Self.audit(db, actor, "group.members", unitId: groupId, detail: [
                    "group": groupName, "added": change.added.joined(separator: "、"),
                    "removed": change.removed.joined(separator: "、"),
                ])
            }
            return change
        }
    }

    // MARK: - Reads

    /// The departments registered as members of a group designation, by name.
    /// - Throws: `StoreError.notFound` for an unknown unit; `StoreError.invalid` for a department.
    public func groupMembers(_ group: String) throws -> [String] {
        try writer.read { db in
            let groupId = try Self.requireGroup(group, db: db)
            return try String.fetchAll(db, sql: """
                SELECT unit.name FROM groupMember JOIN unit ON unit.id = groupMember.memberId
                WHERE groupMember.groupId = ? ORDER BY unit.name
                """, arguments: [groupId])
        }
    }

    /// The tasks a unit has to act on: its own (any role) plus those of every group it is a
    /// member of, in plan and position order, each once.
    /// - Throws: `StoreError.notFound` for an unknown unit.
    public func tasksVisible(toUnit name: String, planId: Int64? = nil) throws -> [TaskInfo] {
        try writer.read { db in
            let visible = try Self.visibleTaskIds(unit: name, db: db)
            return try Self.tasks(planId: planId, db: db).filter { visible.contains($0.id) }
        }
    }

    /// Department units that are probably the same: equal once 政府/人民 are left out, one the
    /// other plus a unit suffix (区市场监管 / 区市场监管局), or an abbreviation that matches
    /// exactly one full name. Pairs already joined by an alias are not suggested.
    public func unitSuggestions() throws -> [UnitSuggestion] {
        try writer.read { db in
            let names = try String.fetchAll(db, sql: "SELECT name FROM unit WHERE kind = 'department' ORDER BY name")
            var aliases: [String: Set<String>] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT unit.name, unitAlias.alias FROM unitAlias JOIN unit ON unit.id = unitAlias.unitId
                """) {
                aliases[row["name"], default: []].insert(row["alias"])
            }
            return Self.suggestions(names, aliases: aliases, levels: try Self.planLevels(db))
        }
    }

    /// For each department unit, the levels (区, 州, 市 …) of the plans it is named in: a plan's
    /// level is the one most of its units' names start with. 教育 in a 区 plan is then no
    /// abbreviation of 州教育局 from a 州 plan in the same database.
    static func planLevels(_ db: Database) throws -> [String: Set<Character>] {
        var namesByPlan: [Int64: [String]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT DISTINCT task.planId, unit.name FROM taskUnit
            JOIN task ON task.id = taskUnit.taskId JOIN unit ON unit.id = taskUnit.unitId
            WHERE unit.kind = 'department'
            """) {
            namesByPlan[row["planId"], default: []].append(row["name"])
        }
        var levels: [String: Set<Character>] = [:]
        for names in namesByPlan.values {
            var counts: [Character: Int] = [:]
            for name in names {
                if let first = name.first, UnitParser.levelPrefixes.contains(first) { counts[first, default: 0] += 1 }
            }
            guard let level = counts.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key else { continue }
            for name in names { levels[name, default: []].insert(level) }
        }
        return levels
    }

    // MARK: - Helpers

    /// The suggestions for a list of department names (pure; see `unitSuggestions()`). A unit's
    /// aliases count as its spellings too: after 区市场监管局 was renamed 区市场监督管理局,
    /// 区市场监管 still pairs with it through the alias.
    ///
    /// Only names that can pair are compared: `likelyDuplicate` needs two spellings with equal
    /// keys, or keys that differ by a unit suffix, so each name is checked against the names a
    /// key lookup finds rather than against all of them (a registry of 500 units took 0.6 s
    /// comparing every pair, on every view of the units page).
    static func suggestions(_ names: [String], aliases: [String: Set<String>] = [:],
                            levels: [String: Set<Character>] = [:]) -> [UnitSuggestion] {
        func aliased(_ x: String, _ y: String) -> Bool {
            aliases[x]?.contains(y) == true || aliases[y]?.contains(x) == true
        }
        let spellings = names.map { [$0] + (aliases[$0] ?? []).sorted() }
        let keys = spellings.map { $0.map { matchingKey($0).key } }
        var byKey: [String: [Int]] = [:]
        for (i, nameKeys) in keys.enumerated() {
            for key in Set(nameKeys) { byKey[key, default: []].append(i) }
        }
        /// The later names with a spelling whose key equals one of name i's, or is one of them
        /// plus or minus a unit suffix, in list order.
        func partners(of i: Int) -> [Int] {
            var found = Set<Int>()
            for key in Set(keys[i]) {
                found.formUnion(byKey[key] ?? [])
                for suffix in UnitParser.unitSuffixes {
                    found.formUnion(byKey[key + suffix] ?? [])
                    if key.hasSuffix(suffix) { found.formUnion(byKey[String(key.dropLast(suffix.count))] ?? []) }
                }
            }
            return found.filter { $0 > i }.sorted()
        }
        var out: [UnitSuggestion] = []
        var paired = Set<[String]>()
        for (i, x) in names.enumerated() {
            pairs: for j in partners(of: i) where !aliased(x, names[j]) {
                let y = names[j]
                for sx in spellings[i] {
                    for sy in spellings[j] {
                        guard let found = likelyDuplicate(sx, sy) else { continue }
                        let viaAlias = [found.a, found.b].filter { $0 != x && $0 != y }
                        let note = viaAlias.isEmpty ? "" : "（按别名“\(viaAlias.joined(separator: "”“"))”）"
                        let sourceIsX = found.a == sx
                        out.append(UnitSuggestion(a: sourceIsX ? x : y, b: sourceIsX ? y : x, reason: found.reason + note))
                        paired.insert([x, y].sorted())
                        continue pairs
                    }
                }
            }
        }
        // 卫计 ~ 区卫生和计划生育局: the import's own abbreviation rule, when it names one unit only,
        // of the level of the plans the abbreviation is written in (when known).
        let abbreviated = names.map(isAbbreviation)
        for (i, short) in names.enumerated() where abbreviated[i] {
            let own = levels[short] ?? []
            let candidates = names.indices.filter {
                names[$0] != short && !abbreviated[$0] && matches(short, names[$0])
                    && (own.isEmpty || names[$0].first.map(own.contains) == true)
            }
            if candidates.count == 1, case let long = names[candidates[0]], !aliased(short, long),
               !paired.contains([short, long].sorted()) {
                out.append(UnitSuggestion(a: short, b: long, reason: "可能是简称"))
                paired.insert([short, long].sorted())
            }
        }
        return out.sorted { ($0.a, $0.b) < ($1.a, $1.b) }
    }

    /// Words official names carry or drop at will (区人民政府法制办 = 区政府法制办 = 区法制办).
    static let optionalWords = ["人民", "政府"]
    /// Names of bodies whose "…办" is a different unit (区政协 ≠ 区政协办).
    static let bodiesWithOwnOffice = ["政府", "政协", "人大"]

    /// The pair ordered (shorter spelling first) with the reason, when two names look like one unit.
    static func likelyDuplicate(_ x: String, _ y: String) -> UnitSuggestion? {
        guard x != y else { return nil }
        let kx = matchingKey(x), ky = matchingKey(y)
        // Equal keys: the spelling that left out more words is the shorter one.
        if kx.key == ky.key {
            let (a, b) = (x.count, x) <= (y.count, y) ? (x, y) : (y, x)
            let words = wordsDiffering(kx.removed, ky.removed)
            let reason = words.isEmpty ? "只差空格或全角字符" : "去掉\(quoted(words))后相同"
            return UnitSuggestion(a: a, b: b, reason: reason)
        }
        let (short, long) = kx.key.count < ky.key.count ? ((x, kx), (y, ky)) : ((y, ky), (x, kx))
        guard long.1.key.hasPrefix(short.1.key) else { return nil }
        let suffix = String(long.1.key.dropFirst(short.1.key.count))
        guard UnitParser.unitSuffixes.contains(suffix),
              // 区委 / 区委办, 区政协 / 区政协办: a name that is a unit by itself is not the short form.
              !UnitParser.unitSuffixes.contains(where: { short.1.key.hasSuffix($0) }),
              !bodiesWithOwnOffice.contains(where: { TextNormalizer.compact(short.0).hasSuffix($0) }),
              bodyLength(short.1.key) >= 2
        else { return nil }
        let words = wordsDiffering(short.1.removed, long.1.removed)
        let reason = (words.isEmpty ? "" : "去掉\(quoted(words))后") + "只差“\(suffix)”字"
        return UnitSuggestion(a: short.0, b: long.0, reason: reason)
    }

    /// A name without spaces, full-width forms and the optional words, with the words removed.
    static func matchingKey(_ name: String) -> (key: String, removed: [String]) {
        var key = TextNormalizer.compact(name)
        var removed: [String] = []
        for word in optionalWords where key.contains(word) {
            key = key.replacingOccurrences(of: word, with: "")
            removed.append(word)
        }
        return (key, removed)
    }

    /// The optional words one spelling has and the other lacks (both, when they drop the same).
    static func wordsDiffering(_ a: [String], _ b: [String]) -> [String] {
        let diff = Set(a).symmetricDifference(b)
        return optionalWords.filter { diff.isEmpty ? a.contains($0) || b.contains($0) : diff.contains($0) }
    }

    static func quoted(_ words: [String]) -> String { words.map { "“\($0)”" }.joined() }

    /// Characters after the level prefix (区市场监管 → 4).
    static func bodyLength(_ key: String) -> Int {
        guard let first = key.first, UnitParser.levelPrefixes.contains(first) else { return key.count }
        return key.count - 1
    }

    /// Adds an alias unless that text already names a unit or an alias; true when added.
    @discardableResult
    static func addAlias(_ alias: String, to id: Int64, db: Database) throws -> Bool {
        guard try unitId(named: alias, db: db) == nil else { return false }
        var record = UnitAliasRecord(unitId: id, alias: alias)
        try record.insert(db)
        return true
    }

    static func unitKind(_ id: Int64, db: Database) throws -> String {
        try String.fetchOne(db, sql: "SELECT kind FROM unit WHERE id = ?", arguments: [id]) ?? "department"
    }

    /// A group designation's id.
    /// - Throws: `StoreError.notFound`, or `StoreError.invalid` when the unit is a department.
    static func requireGroup(_ name: String, db: Database) throws -> Int64 {
        let id = try requireUnit(name, db: db)
        guard try unitKind(id, db: db) == "group" else {
            throw StoreError.invalid("“\(try unitName(id, db: db))”是具体部门，不是统称（如“区级各部门”），没有成员。")
        }
        return id
    }

    /// Resolves member names (deduplicated, in order), naming every unknown one at once.
    /// - Throws: `StoreError.notFound` listing unknown names; `StoreError.invalid` for a group.
    static func requireMembers(_ names: [String], db: Database) throws -> [(id: Int64, name: String)] {
        var out: [(id: Int64, name: String)] = []
        var unknown: [String] = []
        for raw in names {
            let name = TextNormalizer.trim(raw)
            guard !name.isEmpty else { continue }
            guard let id = try unitId(named: name, db: db) else {
                if !unknown.contains(name) { unknown.append(name) }
                continue
            }
            let registered = try unitName(id, db: db)
            if try unitKind(id, db: db) == "group" {
                throw StoreError.invalid("“\(registered)”是统称，不能作为统称的成员；成员必须是具体部门。")
            }
            if !out.contains(where: { $0.id == id }) { out.append((id, registered)) }
        }
        guard unknown.isEmpty else { throw StoreError.notFound("单位“\(unknown.joined(separator: "”、“"))”") }
        return out
    }

    /// Whether a task exists and, for a unit (nil: the office or leadership, who see every task),
    /// whether the unit sees it: asked on every task request, so indexed, prepared-once queries.
    /// - Throws: `StoreError.notFound` for an unknown unit name.
    public func access(taskId: Int64, unit name: String?) throws -> TaskAccess {
        try writer.read { db in try Self.access(taskId: taskId, unitId: name.map { try Self.requireUnit($0, db: db) }, db: db) }
    }

    /// `access(taskId:unit:)` inside the caller's transaction, for a unit id (nil: sees every task).
    static func access(taskId: Int64, unitId: Int64?, db: Database) throws -> TaskAccess {
        if let unitId {
            let visible = try Bool.fetchOne(db.cachedStatement(sql: """
                SELECT EXISTS (SELECT 1 FROM taskUnit WHERE taskId = ?1 AND unitId = ?2)
                    OR EXISTS (SELECT 1 FROM taskUnit tu JOIN groupMember gm ON gm.groupId = tu.unitId
                               WHERE tu.taskId = ?1 AND gm.memberId = ?2)
                """), arguments: [taskId, unitId]) ?? false
            if visible { return .visible }
        }
        let exists = try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM task WHERE id = ?)"),
                                       arguments: [taskId]) ?? false
        return !exists ? .missing : unitId == nil ? .visible : .hidden
    }
}

/// What `access(taskId:unit:)` found.
public enum TaskAccess: Sendable {
    case visible, hidden, missing
}
