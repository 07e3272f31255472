/// The units a 牵头单位 cell or a 责任单位 clause names, by role.
public struct UnitAssignment: Hashable, Sendable {
    /// 牵头单位 — named units that lead (or, with no 牵头, the named units that 分别落实/负责落实).
    public var leads: [String] = []
    /// 配合单位 — named units after the lead clause.
    public var coUnits: [String] = []
    /// Collective designations (区级各部门, 各街道办事处 …).
    public var groups: [String] = []
    /// What the parser completed ("卫生和计划生育局" read as "区卫生和计划生育局"), for the preview.
    public var notes: [String] = []

    public init(leads: [String] = [], coUnits: [String] = [], groups: [String] = []) {
        self.leads = leads
        self.coUnits = coUnits
        self.groups = groups
    }

    public var isEmpty: Bool { leads.isEmpty && coUnits.isEmpty && groups.isEmpty }
}

/// Splits lead-unit text into leads, co-units and groups.
public enum UnitParser {
    /// Words that end the unit names of a clause ("区财政局牵头" → 区财政局).
    static let verbMarkers = ["按照职责", "按职责", "根据职责", "分别", "具体负责", "负责", "牵头", "落实",
                              "督促", "配合", "协助", "参与", "共同", "组织实施", "承办"]
    /// Words after 等 that stand for "and similar units" without naming a group.
    static let bareKinds: Set<String> = ["部门", "单位", "科室", "机关", "相关部门", "有关部门", "有关单位", "相关单位"]

    /// Parses a lead-unit cell. Lines (paragraphs) of the cell are separate units unless the
    /// line before ends a clause.
    public static func parse(_ text: String) -> UnitAssignment {
        let clauses = splitClauses(text)
        var result = UnitAssignment()
        let leadClause = clauses.firstIndex { $0.contains(literal: "牵头") }
        for (k, clause) in clauses.enumerated() {
            let (written, groups) = names(in: clause)
            let units = completePrefixes(written, notes: &result.notes)
            appendUnique(&result.groups, groups)
            if let leadClause {
                if k == leadClause { appendUnique(&result.leads, units) }
                else if k < leadClause {
                    // Units listed before a later 牵头 clause without their own verb are leads too.
                    appendUnique(&result.leads, units)
                } else { appendUnique(&result.coUnits, units) }
            } else {
                appendUnique(&result.leads, units)
            }
        }
        return result
    }

    static func appendUnique(_ list: inout [String], _ items: [String]) {
        for item in items where !list.contains(item) { list.append(item) }
    }

    /// Splits at , ， ; ； and at line breaks that follow a verb.
    static func splitClauses(_ text: String) -> [String] {
        let lines = text.split(whereSeparator: \.isNewline).map { TextNormalizer.compact(String($0)) }.filter { !$0.isEmpty }
        var joined = ""
        for line in lines {
            if !joined.isEmpty {
                let endsClause = verbMarkers.contains { joined.hasSuffix($0) } || joined.hasSuffix("、") == false && joined.last.map { ",;:".contains($0) } == true
                joined += endsClause ? "," : "、"
            }
            joined += line
        }
        return joined.split(whereSeparator: { ",;".contains($0) || $0 == "，" || $0 == "；" })
            .map(String.init).filter { !$0.isEmpty }
    }

    /// The unit names and group designations of one clause.
    static func names(in clause: String) -> (units: [String], groups: [String]) {
        var head = Substring(clause)
        // Cut at the first verb marker: what precedes it are names.
        var cut = head.endIndex
        for marker in verbMarkers {
            if let r = head.range(ofLiteral: marker), r.lowerBound < cut { cut = r.lowerBound }
        }
        head = head[..<cut]
        var units: [String] = []
        var groups: [String] = []
        // "A、B、C等区级有关部门" → A, B, C are units; 区级有关部门 is a group.
        var listPart = head
        if let deng = head.range(ofLiteral: "等", backwards: true) {
            let tail = String(head[deng.upperBound...])
            if !tail.isEmpty && !tail.contains(literal: "、") {
                listPart = head[..<deng.lowerBound]
                if !bareKinds.contains(tail) {
                    groups.append(tail)
                }
            }
        }
        for raw in listPart.split(separator: "、") {
            let name = trimName(String(raw))
            guard !name.isEmpty else { continue }
            if isGroup(name) { groups.append(name) } else { units.append(name) }
        }
        return (units, groups)
    }

    static func trimName(_ s: String) -> String {
        var name = s
        for prefix in ["由", "请", "和"] where name.hasPrefix(prefix) { name.removeFirst(prefix.count) }
        while let last = name.last, "、等和及()（）:：".contains(last) { name.removeLast() }
        return name
    }

    /// Level prefixes of unit names (区委宣传部, 市政府办, 州财政局 …).
    static let levelPrefixes: Set<Character> = ["区", "市", "州", "县", "省", "镇", "乡", "旗", "盟"]
    static let unitSuffixes = ["局", "委", "办", "部", "厅", "中心", "院", "处", "室", "会", "站", "所", "队", "署", "馆"]

    /// "区社会事业局、卫生和计划生育局" → the second is 区卫生和计划生育局: a list that names the
    /// level on its first unit only.
    static func completePrefixes(_ units: [String], notes: inout [String]) -> [String] {
        guard let first = units.first?.first, levelPrefixes.contains(first), units.count > 1 else { return units }
        return units.enumerated().map { k, name in
            guard k > 0, let head = name.first, !levelPrefixes.contains(head), name.count >= 3,
                  unitSuffixes.contains(where: { name.hasSuffix($0) }) else { return name }
            let completed = String(first) + name
            notes.append("“\(name)”按同列第一个单位的级别补全为“\(completed)”")
            return completed
        }
    }

    /// Collective designations: 各… / 区级各… / 局属各单位 / …有关部门 / …相关部门 / 局属单位.
    public static func isGroup(_ name: String) -> Bool {
        if name.contains(literal: "各") { return true }
        for w in ["有关部门", "相关部门", "有关单位", "相关单位", "有关科室", "相关科室", "属单位", "所属", "直属单位"]
        where name.hasSuffix(w) { return true }
        return false
    }
}
