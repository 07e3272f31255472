import Foundation
import GRDB
import Testing
@testable import DubanCore

/// The guandu fixture imported into a fresh in-memory database, with helpers to poke rows in.
private struct Registry {
    let db: AppDatabase
    let planId: Int64
    static let office = Actor(name: "测试", source: "test:registry")

    init() throws {
        db = try AppDatabase.inMemory()
        let reading = try PlanImporter.read(path: Paths.guandu("plan.txt"))
        guard case .created(let id) = try db.importPlan(reading.draft, sha256: reading.sha256) else {
            throw StoreError.invalid("fixture not created")
        }
        planId = id
    }

    func id(_ name: String) throws -> Int64 {
        try #require(try db.writer.read { try AppDatabase.unitId(named: name, db: $0) }, "unit \(name)")
    }

    func taskId(_ seq: String) throws -> Int64 {
        try #require(try db.tasks(planId: planId).first { $0.seq == seq }?.id, "task \(seq)")
    }

    func unit(_ name: String) throws -> UnitInfo {
        try #require(try db.units().first { $0.name == name }, "unit \(name)")
    }

    func count(_ sql: String, _ arguments: StatementArguments = []) throws -> Int {
        try db.writer.read { try Int.fetchOne($0, sql: sql, arguments: arguments) ?? 0 }
    }

    func execute(_ sql: String, _ arguments: StatementArguments = []) throws {
        try db.writer.write { try $0.execute(sql: sql, arguments: arguments) }
    }

    func insertReport(task: Int64, unit: Int64) throws {
        try execute("""
            INSERT INTO report (taskId, unitId, kind, state, note, reportedBy, reportedAt, asOf)
            VALUES (?, ?, 'progress', 'inProgress', '已启动', '测试', ?, '2018-06-30')
            """, [task, unit, Date()])
    }

    func insertExtension(task: Int64, unit: Int64) throws {
        try execute("""
            INSERT INTO extension (taskId, unitId, requestedDue, reason, status, requestedBy, requestedAt)
            VALUES (?, ?, '2019-03-31', '需要上级批复', 'pending', '测试', ?)
            """, [task, unit, Date()])
    }

    /// Audited registry actions (the import itself is audited too and left out here).
    func actions() throws -> [String] { try db.auditTrail().map(\.action).filter { !$0.hasPrefix("plan.") } }
}

@Suite("Unit registry: rename, merge, suggestions, group members")
struct UnitRegistryTests {
    // MARK: - Rename

    @Test("rename keeps the id and links; the old name becomes an alias and still resolves")
    func rename() throws {
        let r = try Registry()
        let id = try r.id("区市场监管局")
        let before = try r.db.tasks(unit: "区市场监管局").map(\.seq)
        let previous = try r.db.renameUnit("区市场监管局", to: " 区市场监督管理局 ", by: Registry.office)
        #expect(previous == "区市场监管局")
        let unit = try r.unit("区市场监督管理局")
        #expect(unit.id == id)
        #expect(unit.aliases == ["区市场监管局"])
        #expect(try r.db.tasks(unit: "区市场监管局").map(\.seq) == before)
        // The written form on the tasks stays as the plan wrote it.
        let tasks = try r.db.tasks(unit: "区市场监督管理局")
        #expect(tasks.allSatisfy { $0.leadUnits.contains("区市场监管局") && !$0.leadUnits.contains("区市场监督管理局") })
        let audit = try #require(try r.db.auditTrail().first)
        #expect(audit.action == "unit.rename")
        #expect(audit.unitId == id)
        #expect(audit.actor == "测试" && audit.source == "test:registry")
        #expect(audit.detail.contains("区市场监督管理局"))
    }

    @Test("a later import of the old spelling links to the renamed unit")
    func renameThenImport() throws {
        let r = try Registry()
        let id = try r.id("区市场监管局")
        try r.db.renameUnit("区市场监管局", to: "区市场监督管理局", by: Registry.office)
        var reading = try PlanImporter.read(path: Paths.guandu("plan.txt"))
        reading.draft.title += "（2019）"
        guard case .created(let second) = try r.db.importPlan(reading.draft, sha256: "another") else {
            Issue.record("second plan not created"); return
        }
        #expect(try r.db.units().contains { $0.name == "区市场监管局" } == false)
        let linked = try r.count("""
            SELECT COUNT(*) FROM taskUnit JOIN task ON task.id = taskUnit.taskId
            WHERE task.planId = ? AND taskUnit.unitId = ? AND taskUnit.writtenName = '区市场监管局'
            """, [second, id])
        #expect(linked == 2)
    }

    @Test("renaming to one of the unit's own aliases swaps name and alias")
    func renameToOwnAlias() throws {
        let r = try Registry()
        try r.db.renameUnit("区环保局", to: "环保", by: Registry.office)
        #expect(try r.unit("环保").aliases == ["区环保局"])
    }

    @Test("rename refusals: empty, unchanged, another unit's name or alias, unknown unit")
    func renameRefusals() throws {
        let r = try Registry()
        let before = try r.db.units()
        #expect(throws: StoreError.invalid("新名称不能为空。")) {
            try r.db.renameUnit("区财政局", to: "  ", by: Registry.office)
        }
        #expect(throws: StoreError.invalid("“区财政局”的名称没有变化。")) {
            try r.db.renameUnit("区财政局", to: "区财政局", by: Registry.office)
        }
        #expect(throws: StoreError.invalid("“区政府办”已是另一个单位的名称；如果两者是同一个单位，请用合并而不是更名。")) {
            try r.db.renameUnit("区财政局", to: "区政府办", by: Registry.office)
        }
        #expect(throws: StoreError.invalid("“环保”已是单位“区环保局”的别名；如果两者是同一个单位，请用合并而不是更名。")) {
            try r.db.renameUnit("区财政局", to: "环保", by: Registry.office)
        }
        #expect(throws: StoreError.notFound("单位“区不存在局”")) {
            try r.db.renameUnit("区不存在局", to: "区新局", by: Registry.office)
        }
        #expect(try r.db.units() == before)
        #expect(try r.actions().isEmpty)
    }

    // MARK: - Merge

    @Test("merge moves links, reports, extensions, memberships and aliases; the source is gone")
    func merge() throws {
        let r = try Registry()
        let a = try r.id("区政府法制办"), b = try r.id("区法制办")
        let group = try r.id("区级各部门"), other = try r.id("区级有关部门")
        try r.insertReport(task: try r.taskId("78"), unit: b)
        try r.insertReport(task: try r.taskId("79"), unit: b)
        try r.insertExtension(task: try r.taskId("80"), unit: b)
        try r.execute("INSERT INTO unitAlias (unitId, alias) VALUES (?, '法制办')", [b])
        try r.execute("INSERT INTO groupMember (groupId, memberId) VALUES (?, ?), (?, ?), (?, ?)",
                      [group, a, group, b, other, b])
        // 82 already has the target as lead: the source's lead link there is a duplicate; its co
        // link on 83 is a different role and stays.
        try r.execute("INSERT INTO taskUnit (taskId, unitId, role, writtenName, position) VALUES (?, ?, 'lead', '区法制办', 5)",
                      [try r.taskId("82"), b])
        try r.execute("INSERT INTO taskUnit (taskId, unitId, role, writtenName, position) VALUES (?, ?, 'co', '区法制办', 5)",
                      [try r.taskId("83"), b])
        let linksBefore = try r.count("SELECT COUNT(*) FROM taskUnit")

        let s = try r.db.mergeUnits("区法制办", into: "区政府法制办", by: Registry.office)

        #expect(s.source == "区法制办" && s.target == "区政府法制办")
        #expect(s.tasks == 5)
        #expect(s.duplicateLinks == 1)
        #expect(s.reports == 2)
        #expect(s.extensions == 1)
        #expect(s.memberships == 1)
        #expect(s.aliases == 2)
        #expect(try r.count("SELECT COUNT(*) FROM unit WHERE id = ?", [b]) == 0)
        #expect(try r.count("SELECT COUNT(*) FROM taskUnit") == linksBefore - 1)
        #expect(try r.count("SELECT COUNT(*) FROM taskUnit WHERE unitId = ?", [a]) == 7 + 3 + 1)
        #expect(try r.count("SELECT COUNT(*) FROM report WHERE unitId = ?", [a]) == 2)
        #expect(try r.count("SELECT COUNT(*) FROM extension WHERE unitId = ?", [a]) == 1)
        #expect(try r.db.groupMembers("区级各部门") == ["区政府法制办"])
        #expect(try r.db.groupMembers("区级有关部门") == ["区政府法制办"])
        let unit = try r.unit("区政府法制办")
        #expect(Set(unit.aliases) == ["区法制办", "法制办"])
        #expect(unit.leadCount == 10 && unit.coCount == 1)

        let tasks = try r.db.tasks(unit: "区法制办")
        #expect(tasks.map(\.seq) == ["78", "79", "80", "82", "83", "84", "85", "86", "87", "88"])
        // Every link keeps the name as written; 82's duplicate is gone, 83 has both roles.
        #expect(tasks.first { $0.seq == "78" }?.leadUnits == ["区法制办"])
        #expect(tasks.first { $0.seq == "82" }?.leadUnits == ["区政府法制办"])
        #expect(tasks.first { $0.seq == "83" }?.coUnits == ["区法制办"])

        let audit = try #require(try r.db.auditTrail().first)
        #expect(audit.action == "unit.merge")
        #expect(audit.unitId == a)
        #expect(audit.detail.contains("\"source\": \"区法制办\"") || audit.detail.contains("\"source\":\"区法制办\""))
    }

    @Test("a merge that cannot finish changes nothing (one transaction)")
    func mergeIsAtomic() throws {
        let r = try Registry()
        let b = try r.id("区法制办")
        try r.insertReport(task: try r.taskId("78"), unit: b)
        // A table this merge does not know still points at the source: the delete fails at the end.
        try r.execute("CREATE TABLE probe (unitId INTEGER NOT NULL REFERENCES unit(id) ON DELETE RESTRICT)")
        try r.execute("INSERT INTO probe (unitId) VALUES (?)", [b])
        let units = try r.db.units(), tasks = try r.db.tasks()
        #expect(throws: StoreError.invalid("“区法制办”还被其他记录引用，暂时无法合并，数据未作改动。")) {
            try r.db.mergeUnits("区法制办", into: "区政府法制办", by: Registry.office)
        }
        #expect(try r.db.units() == units)
        #expect(try r.db.tasks() == tasks)
        #expect(try r.count("SELECT COUNT(*) FROM taskUnit WHERE unitId = ?", [b]) == 3)
        #expect(try r.count("SELECT COUNT(*) FROM report WHERE unitId = ?", [b]) == 1)
        #expect(try r.actions().isEmpty)
    }

    @Test("merging two groups moves the members without repeating one")
    func mergeGroups() throws {
        let r = try Registry()
        try r.db.setGroupMembers("区级各有关部门", add: ["区财政局", "区政府办"], remove: [], by: Registry.office)
        try r.db.setGroupMembers("区级有关部门", add: ["区财政局", "区民政局"], remove: [], by: Registry.office)
        let s = try r.db.mergeUnits("区级各有关部门", into: "区级有关部门", by: Registry.office)
        #expect(s.memberships == 1)
        #expect(s.tasks == 12)
        #expect(try r.db.groupMembers("区级有关部门") == ["区政府办", "区民政局", "区财政局"].sorted())
        #expect(try r.unit("区级有关部门").groupCount == 19)
    }

    @Test("merge refusals: into itself, into its own alias, department with group, unknown units")
    func mergeRefusals() throws {
        let r = try Registry()
        let before = try r.db.units()
        #expect(throws: StoreError.invalid("不能把单位“区财政局”合并到它自己。")) {
            try r.db.mergeUnits("区财政局", into: "区财政局", by: Registry.office)
        }
        #expect(throws: StoreError.invalid("“环保”已经是“区环保局”的别名，无需合并。")) {
            try r.db.mergeUnits("环保", into: "区环保局", by: Registry.office)
        }
        #expect(throws: StoreError.invalid("“区财政局”是具体部门，“区级各部门”是统称，两者不能合并。")) {
            try r.db.mergeUnits("区财政局", into: "区级各部门", by: Registry.office)
        }
        #expect(throws: StoreError.invalid("“区财政局”是具体部门，“区级各部门”是统称，两者不能合并。")) {
            try r.db.mergeUnits("区级各部门", into: "区财政局", by: Registry.office)
        }
        #expect(throws: StoreError.notFound("单位“区不存在局”")) {
            try r.db.mergeUnits("区不存在局", into: "区财政局", by: Registry.office)
        }
        #expect(throws: StoreError.notFound("单位“区不存在局”")) {
            try r.db.mergeUnits("区财政局", into: "区不存在局", by: Registry.office)
        }
        #expect(try r.db.units() == before)
        #expect(try r.actions().isEmpty)
    }

    // MARK: - Suggestions

    @Test("the fixture's two duplicate pairs are suggested, nothing else")
    func fixtureSuggestions() throws {
        let r = try Registry()
        let suggestions = try r.db.unitSuggestions()
        #expect(suggestions == [
            UnitSuggestion(a: "区市场监管", b: "区市场监管局", reason: "只差“局”字"),
            UnitSuggestion(a: "区法制办", b: "区政府法制办", reason: "去掉“政府”后相同"),
        ])
        #expect(!suggestions.contains { Set([$0.a, $0.b]) == ["区财政局", "区政府办"] })
    }

    @Test("merged, aliased or renamed pairs: no longer suggested, or found through the alias")
    func suggestionsAfterChanges() throws {
        let r = try Registry()
        try r.db.mergeUnits("区法制办", into: "区政府法制办", by: Registry.office)
        // An alias naming the other unit already joins the pair.
        try r.execute("INSERT INTO unitAlias (unitId, alias) VALUES (?, '区市场监管')", [try r.id("区市场监管局")])
        #expect(try r.db.unitSuggestions().isEmpty)
        try r.execute("DELETE FROM unitAlias WHERE alias = '区市场监管'")
        try r.db.renameUnit("区市场监管局", to: "区市场监督管理局", by: Registry.office)
        #expect(try r.db.unitSuggestions() == [
            UnitSuggestion(a: "区市场监管", b: "区市场监督管理局", reason: "只差“局”字（按别名“区市场监管局”）")
        ])
    }

    @Test("pairs that look alike", arguments: [
        ("区法制办", "区政府法制办", "去掉“政府”后相同"),
        ("区人民政府法制办", "区法制办", "去掉“人民”“政府”后相同"),
        ("区人民政府法制办", "区政府法制办", "去掉“人民”后相同"),
        ("区市场监管局", "区市场监管", "只差“局”字"),
        ("区政务服务", "区政务服务中心", "只差“中心”字"),
        ("区法制", "区政府法制办", "去掉“政府”后只差“办”字"),
        ("区 财政局", "区财政局", "只差空格或全角字符"),
    ])
    func alike(x: String, y: String, reason: String) {
        let s = AppDatabase.likelyDuplicate(x, y)
        #expect(s?.reason == reason)
        #expect(s?.b == ([x, y].max { $0.count < $1.count }))
    }

    @Test("pairs that are different units", arguments: [
        ("区财政局", "区政府办"),  // same level prefix, nothing else in common
        ("区委", "区委办"),  // the committee and its office
        ("区政府", "区政府办"),
        ("区政协", "区政协办"),
        ("区人大", "区人大办"),
        ("区财政局", "区政财局"),  // same characters, other order
        ("区民政局", "区政民局"),
        ("区教育局", "区体育局"),
        ("区财政局", "区财政局"),
    ])
    func different(x: String, y: String) {
        #expect(AppDatabase.likelyDuplicate(x, y) == nil)
    }

    @Test("an abbreviation matching exactly one full name is suggested; an ambiguous one is not")
    func abbreviations() {
        #expect(AppDatabase.suggestions(["卫计", "区卫生和计划生育局", "区财政局"]) == [
            UnitSuggestion(a: "卫计", b: "区卫生和计划生育局", reason: "可能是简称")
        ])
        #expect(AppDatabase.suggestions(["民政", "区民政局", "区民族宗教事务局政"]).isEmpty)
        #expect(AppDatabase.suggestions(["卫计", "区卫生和计划生育局"], aliases: ["区卫生和计划生育局": ["卫计"]]).isEmpty)
        // Of another level than the plan the abbreviation is written in: no suggestion (usability audit).
        #expect(AppDatabase.suggestions(["教育", "州教育局"], levels: ["教育": ["区"], "州教育局": ["州"]]).isEmpty)
        #expect(AppDatabase.suggestions(["教育", "区教育局", "州教育局"], levels: ["教育": ["区"]]) == [
            UnitSuggestion(a: "教育", b: "区教育局", reason: "可能是简称")
        ])
    }

    /// Every pair compared with every other, as `suggestions` did before it looked pairs up by
    /// key: the indexed version must give exactly this.
    static func suggestionsComparingEveryPair(_ names: [String], aliases: [String: Set<String>]) -> [UnitSuggestion] {
        func aliased(_ x: String, _ y: String) -> Bool { aliases[x]?.contains(y) == true || aliases[y]?.contains(x) == true }
        func spellings(_ name: String) -> [String] { [name] + (aliases[name] ?? []).sorted() }
        var out: [UnitSuggestion] = []
        for (i, x) in names.enumerated() {
            pairs: for y in names[(i + 1)...] where !aliased(x, y) {
                for sx in spellings(x) {
                    for sy in spellings(y) {
                        guard let found = AppDatabase.likelyDuplicate(sx, sy) else { continue }
                        let viaAlias = [found.a, found.b].filter { $0 != x && $0 != y }
                        let note = viaAlias.isEmpty ? "" : "（按别名“\(viaAlias.joined(separator: "”“"))”）"
                        let sourceIsX = found.a == sx
                        out.append(UnitSuggestion(a: sourceIsX ? x : y, b: sourceIsX ? y : x, reason: found.reason + note))
                        continue pairs
                    }
                }
            }
        }
        for short in names where AppDatabase.isAbbreviation(short) {
            let candidates = names.filter { $0 != short && !AppDatabase.isAbbreviation($0) && AppDatabase.matches(short, $0) }
            if candidates.count == 1, !aliased(short, candidates[0]),
               !out.contains(where: { Set([$0.a, $0.b]) == Set([short, candidates[0]]) }) {
                out.append(UnitSuggestion(a: short, b: candidates[0], reason: "可能是简称"))
            }
        }
        return out.sorted { ($0.a, $0.b) < ($1.a, $1.b) }
    }

    @Test("suggestions looked up by key are those of comparing every pair")
    func suggestionsByKeyMatchEveryPair() {
        let bodies = ["市场监管", "市场监督管理", "法制", "卫生和计划生育", "卫生健康", "政务服务", "财政", "教育", "体育",
                      "民政", "民族宗教事务", "环保", "环境保护", "发改", "城改", "委", "政协", "人大", "政府"]
        let suffixes = ["", "局", "办", "中心", "委", "办公室"]
        let shorts = ["卫计", "环保", "民宗", "教育", "文体旅游", "市监"]
        var rng = SplitMix(seed: 16)
        func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
        var suggested = 0
        for round in 0..<150 {
            var names = Set<String>()
            for _ in 0..<Int(rng.next() % 40) {
                if rng.next() % 6 == 0 { names.insert(pick(shorts)); continue }
                let optional = pick(["", "", "人民政府", "政府", "人民"])
                var name = pick(["区", "区", "市"]) + optional + pick(bodies) + pick(suffixes)
                if rng.next() % 10 == 0 { name = name.replacingOccurrences(of: "区", with: "区 ") }
                names.insert(name)
            }
            let list = names.sorted()
            var aliases: [String: Set<String>] = [:]
            for name in list where rng.next() % 4 == 0 {
                aliases[name, default: []].insert(pick(["区", "市"]) + pick(bodies) + pick(suffixes))
            }
            let expected = Self.suggestionsComparingEveryPair(list, aliases: aliases)
            #expect(AppDatabase.suggestions(list, aliases: aliases) == expected, "round \(round): \(list) \(aliases)")
            suggested += expected.count
        }
        #expect(suggested > 100)  // the generated registries do give suggestions to compare
    }

    // MARK: - Group members and visible tasks

    @Test("group members: add, list, remove, idempotent, audited")
    func members() throws {
        let r = try Registry()
        #expect(try r.db.groupMembers("区级各部门").isEmpty)
        let added = try r.db.setGroupMembers("区级各部门", add: ["区财政局", "区政府办", "区财政局", "环保"], remove: [],
                                             by: Registry.office)
        #expect(added == GroupMemberChange(added: ["区财政局", "区政府办", "区环保局"], removed: []))
        #expect(try r.db.groupMembers("区级各部门") == ["区财政局", "区政府办", "区环保局"].sorted())
        let again = try r.db.setGroupMembers("区级各部门", add: ["区财政局"], remove: ["区政府办", "区民政局"], by: Registry.office)
        #expect(again == GroupMemberChange(added: [], removed: ["区政府办"]))
        #expect(try r.db.groupMembers("区级各部门") == ["区环保局", "区财政局"].sorted())
        let unchanged = try r.db.setGroupMembers("区级各部门", add: ["区财政局"], remove: [], by: Registry.office)
        #expect(unchanged == GroupMemberChange(added: [], removed: []))
        #expect(try r.actions() == ["group.members", "group.members"])
        #expect(try r.db.auditTrail().filter { !$0.action.hasPrefix("plan.") }.allSatisfy { $0.unitId == (try? r.id("区级各部门")) })
    }

    @Test("group member refusals name the problem and change nothing")
    func memberRefusals() throws {
        let r = try Registry()
        #expect(throws: StoreError.notFound("单位“区甲局”、“区乙局”")) {
            try r.db.setGroupMembers("区级各部门", add: ["区财政局", "区甲局", "区乙局"], remove: [], by: Registry.office)
        }
        #expect(throws: StoreError.invalid("“各街道办事处”是统称，不能作为统称的成员；成员必须是具体部门。")) {
            try r.db.setGroupMembers("区级各部门", add: ["各街道办事处"], remove: [], by: Registry.office)
        }
        #expect(throws: StoreError.invalid("“区财政局”是具体部门，不是统称（如“区级各部门”），没有成员。")) {
            try r.db.setGroupMembers("区财政局", add: ["区政府办"], remove: [], by: Registry.office)
        }
        #expect(throws: StoreError.invalid("“区财政局”是具体部门，不是统称（如“区级各部门”），没有成员。")) {
            try r.db.groupMembers("区财政局")
        }
        #expect(throws: StoreError.invalid("“区财政局”不能同时添加和移除。")) {
            try r.db.setGroupMembers("区级各部门", add: ["区财政局"], remove: ["区财政局"], by: Registry.office)
        }
        #expect(throws: StoreError.notFound("单位“区级无此部门”")) {
            try r.db.groupMembers("区级无此部门")
        }
        #expect(try r.db.groupMembers("区级各部门").isEmpty)
        #expect(try r.actions().isEmpty)
    }

    @Test("a member sees its own tasks and its groups' tasks, in plan order, each once")
    func visibleTasks() throws {
        let r = try Registry()
        let own = try r.db.tasks(unit: "区财政局")
        #expect(try r.db.tasksVisible(toUnit: "区财政局") == own)
        let groupTasks = try r.db.tasks(unit: "区级各部门")
        let moreTasks = try r.db.tasks(unit: "区级各有关部门")
        #expect(groupTasks.count == 44)

        try r.db.setGroupMembers("区级各部门", add: ["区财政局"], remove: [], by: Registry.office)
        let visible = try r.db.tasksVisible(toUnit: "区财政局")
        #expect(Set(visible) == Set(own + groupTasks))
        #expect(visible.count == Set(own.map(\.id) + groupTasks.map(\.id)).count)
        #expect(visible.map(\.position) == visible.map(\.position).sorted())

        // 14 and 15 name both 区财政局 and 区级各有关部门: listed once.
        try r.db.setGroupMembers("区级各有关部门", add: ["区财政局"], remove: [], by: Registry.office)
        let both = try r.db.tasksVisible(toUnit: "区财政局", planId: r.planId)
        #expect(both.count == Set(own.map(\.id) + groupTasks.map(\.id) + moreTasks.map(\.id)).count)
        #expect(both.filter { $0.seq == "14" }.count == 1)
        #expect(both.map(\.position) == both.map(\.position).sorted())

        #expect(try r.db.tasksVisible(toUnit: "区财政局", planId: r.planId + 1).isEmpty)
        #expect(try r.db.tasksVisible(toUnit: "区政府办") == (try r.db.tasks(unit: "区政府办")))
        #expect(throws: StoreError.notFound("单位“区不存在局”")) { try r.db.tasksVisible(toUnit: "区不存在局") }
    }
}

/// `duban units …` through the real executable built in either scratch path.
@Suite("duban units CLI")
struct UnitRegistryCLITests {
    static var binary: String? {
        [".build-helper/debug/duban", ".build/debug/duban"]
            .map { Paths.packageRoot.appendingPathComponent($0).path }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func run(_ args: [String]) throws -> CLI.Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(binary, "build duban first"))
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["USER"] = "tester"
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLI.Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                          stderr: String(decoding: e, as: UTF8.self))
    }

    @Test("units merge, then units lists the merged unit with its alias")
    func mergeThenList() throws {
        let db = CLI.tempDB()
        defer { try? FileManager.default.removeItem(atPath: db) }
        #expect(try Self.run(["--db", db, "import", Paths.guandu("plan.txt")]).status == 0)

        let suggest = try Self.run(["--db", db, "units", "suggest"])
        #expect(suggest.status == 0)
        #expect(suggest.stdout.contains("duban units merge 区法制办 --into 区政府法制办"))

        let merged = try Self.run(["--db", db, "units", "merge", "区法制办", "--into", "区政府法制办"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout.contains("已将“区法制办”合并到“区政府法制办”：迁移 3 项任务、0 条报告"))

        let table = try Self.run(["--db", db, "units"])
        #expect(table.status == 0)
        let line = try #require(table.stdout.split(separator: "\n").first { $0.contains("\t区政府法制办\t") })
        #expect(line.contains("牵头 10") && line.contains("别名 区法制办"))
        #expect(!table.stdout.contains("\t区法制办\t"))

        let json = try Self.run(["--db", db, "units", "--format", "json"])
        let units = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let unit = try #require(units.first { $0["name"] as? String == "区政府法制办" })
        #expect(unit["aliases"] as? [String] == ["区法制办"])

        let audit = try AppDatabase.open(path: db).auditTrail()
        #expect(audit.first?.source == "cli:units merge")
        #expect(audit.first?.actor == "tester")

        let again = try Self.run(["--db", db, "units", "merge", "区法制办", "--into", "区政府法制办"])
        #expect(again.status == 1)
        #expect(again.stderr == "错误：“区法制办”已经是“区政府法制办”的别名，无需合并。\n")
    }

    @Test("members and rename from the command line; errors are plain, exit 1")
    func membersAndRename() throws {
        let db = CLI.tempDB()
        defer { try? FileManager.default.removeItem(atPath: db) }
        #expect(try Self.run(["--db", db, "import", Paths.guandu("plan.txt")]).status == 0)
        let added = try Self.run(["--db", db, "units", "members", "区级各部门", "--add", "区财政局", "--add", "区政府办",
                                  "--by", "张三"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("新增 2 个"))
        let listed = try Self.run(["units", "members", "区级各部门", "--db", db])
        #expect(listed.stdout.contains("  区财政局\n"))
        let unknown = try Self.run(["--db", db, "units", "members", "区级各部门", "--add", "区甲局"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("区甲局"))
        let renamed = try Self.run(["--db", db, "units", "rename", "区市场监管局", "区市场监督管理局"])
        #expect(renamed.status == 0)
        #expect(renamed.stdout.contains("已将“区市场监管局”更名为“区市场监督管理局”"))
        #expect(try AppDatabase.open(path: db).auditTrail().filter { !$0.action.hasPrefix("plan.") }.map(\.actor) == ["tester", "张三"])
    }
}
