/// Role clauses of prose plans: the words that say who leads and who helps ("区教育局牵头",
/// "各镇(街道)配合", "区财政局负责资金保障", "A会同B…"), the unit names before them, and the
/// clauses that say when.
extension ProseAssignment {
    /// The words a clause of a responsibility sentence ends with, longest first.
    static let roleEndings = ["分别牵头落实", "负责具体实施", "牵头组织实施", "牵头负责", "牵头抓总", "牵头落实", "负责落实", "配合落实",
                              "具体负责", "具体实施", "分别牵头", "分别负责", "共同负责", "负责实施", "组织实施", "配合办理", "督促落实",
                              "抓好落实", "抓落实", "具体承办", "承办", "统筹", "组织", "牵头", "负责", "配合", "参与", "协助", "协办",
                              "落实", "办理"].sorted { $0.count > $1.count }
    /// Endings that make the units helpers, not leads.
    static let helperEndings: Set<String> = ["负责具体实施", "配合落实", "具体实施", "配合办理", "抓好落实", "抓落实", "具体承办", "承办",
                                             "配合", "参与", "协助", "协办"]

    /// How a role clause says what the units do.
    enum RoleForm {
        /// The role ends the clause: "区教育局牵头", "各镇(街道)配合".
        case ending
        /// 牵头 followed by the work: "区城管局牵头负责城区垃圾分类工作".
        case leadWithWork
        /// 负责 / 做好 / 落实 / 抓好 followed by the work: "区财政局负责资金保障", "区财政局做好资金
        ///保障". A lead as the first of several clauses, a helper after a lead; alone, it is no
        /// assignment ("区委宣传部负责政务舆情监测工作" describes a duty).
        case dutyWithWork
    }

    /// Words between the names and the role, longest first.
    static let roleManners = ["按照职责分工", "根据职责分工", "按照职能分工", "按照各自职责", "按职责分工", "按照职责", "根据职责",
                              "按职责", "分别", "共同", "具体"].sorted { $0.count > $1.count }

    /// "区应急管理局、区经信局分别牵头", "各镇(街道)配合", "由区人社局牵头落实": unit names, then a role.
    static func isRoleClause(_ clause: String) -> Bool { roleClause(clause) != nil }

    /// The unit names of a role clause, whether they lead, and how the role is written; nil when
    /// the clause is no role clause.
    static func roleClause(_ clause: String) -> (names: [String], lead: Bool, form: RoleForm, helpers: [String])? {
        var c = Substring(TextNormalizer.compact(clause))
        for lead in ["现调整为", "调整为", "改由", "现由", "由"] where c.hasPrefix(lead) { c = c.dropFirst(lead.count); break }
        if let ending = roleEndings.first(where: { c.hasSuffix($0) }), let names = unitNames(c.dropLast(ending.count)) {
            return (names, !helperEndings.contains(ending), .ending, [])
        }
        if let joint = jointClause(c) { return (joint.leads, true, .leadWithWork, joint.helpers) }
        for (verbs, form) in [(["牵头负责", "牵头抓总", "牵头"], RoleForm.leadWithWork),
                              (["具体负责", "负责", "配合做好", "做好", "抓好", "落实", "予以", "给予"], RoleForm.dutyWithWork)] {
            for verb in verbs {
                guard let r = c.range(of: verb), c.distance(from: r.upperBound, to: c.endIndex) <= 40,
                      !c[r.upperBound...].hasPrefix("单位"), !c[r.upperBound...].hasPrefix("部门"),
                      let names = unitNames(withoutYao(c[..<r.lowerBound])), names.allSatisfy({ $0.count <= 15 }) else { continue }
                return (names, form == .leadWithWork || verb.hasSuffix("负责"), form, [])
            }
        }
        return nil
    }

    /// "区财政局要做好资金保障": the 要 between a unit's name and its work. Only after a name
    /// that ends as one: "各部门主要负责同志要带头解读" names people (主要 is no 要).
    static func withoutYao(_ names: Substring) -> Substring {
        guard names.hasSuffix("要"), UnitParser.endsAsUnitName(names.dropLast()) else { return names }
        return names.dropLast()
    }

    /// "市应急管理局会同市自然资源和规划局、市林业局开展排查整治" (会同, 联合): the first units lead,
    /// the others help; "各镇(街道)在市应急管理局指导下开展…": the units that do it lead, the one
    /// that guides helps.
    static func jointClause(_ c: Substring) -> (leads: [String], helpers: [String])? {
        for verb in ["会同", "联合"] {
            guard let r = c.range(of: verb), let leads = unitNames(c[..<r.lowerBound]),
                  let helpers = namesBeforeWork(c[r.upperBound...]) else { continue }
            return (leads, helpers)
        }
        if let at = c.range(of: "在"), let guide = c.range(of: "指导下"), at.upperBound < guide.lowerBound,
           let leads = unitNames(c[..<at.lowerBound]), let helpers = unitNames(c[at.upperBound..<guide.lowerBound]) {
            return (leads, helpers)
        }
        return nil
    }

    /// The units named as guiding in "在X指导下" ("区司法局在市司法局指导下开展…" → 市司法局).
    static func guides(in text: String) -> [String] {
        let c = TextNormalizer.compact(text)
        var out: [String] = []
        var from = c.startIndex
        while let guide = c.range(of: "指导下", range: from..<c.endIndex) {
            from = guide.upperBound
            // The nearest 在 before it, within a name's length.
            guard let at = c.range(of: "在", options: .backwards, range: c.startIndex..<guide.lowerBound),
                  c.distance(from: at.upperBound, to: guide.lowerBound) <= 60,
                  let names = unitNames(c[at.upperBound..<guide.lowerBound]) else { continue }
            out += names
        }
        return out
    }

    /// How high a unit's level is, from its name's first character: 省 above 市 (州, 盟) above 区
    /// (县, 旗) above 镇 (乡); nil for a name without a level (各镇(街道), 国网…供电公司).
    static func levelRank(_ name: String) -> Int? {
        switch name.first {
        case "省": 3
        case "市", "州", "盟": 2
        case "区", "县", "旗": 1
        case "镇", "乡": 0
        default: nil
        }
    }

    /// "市自然资源和规划局、市林业局开展排查整治" → the names before the work (the last name ends
    /// where a unit name can end and the work begins).
    static func namesBeforeWork(_ text: Substring) -> [String]? {
        var pieces = text.split(separator: "、").map { Substring($0) }
        guard let last = pieces.popLast(), pieces.count < 12 else { return nil }
        // The longest name within 15 characters: 县政府办 of "县政府办在文件印发后…", not 县政府.
        var cut: Substring.Index?
        var i = last.index(last.startIndex, offsetBy: 2, limitedBy: last.endIndex)
        while let k = i, k < last.endIndex, last.distance(from: last.startIndex, to: k) <= 15 {
            if UnitParser.endsAsUnitName(last[..<k]), last.distance(from: k, to: last.endIndex) >= 2 { cut = k }
            i = last.index(after: k)
        }
        guard let cut, let names = unitNames(Substring((pieces + [last[..<cut]]).joined(separator: "、"))) else { return nil }
        return names
    }

    /// "区教育局、区财政局等部门按照职责分工" → 区教育局, 区财政局: nil unless every name is a unit or a group.
    static func unitNames(_ text: Substring) -> [String]? {
        var names = text
        // "州发改委、州财政局按照职责分工牵头落实": how they share it, between the names and the role.
        if let manner = roleManners.first(where: { names.hasSuffix($0) }) { names = names.dropLast(manner.count) }
        if let deng = names.range(of: "等", options: .backwards), names.distance(from: deng.upperBound, to: names.endIndex) <= 6 {
            names = names[..<deng.lowerBound]
        }
        let pieces = names.split(separator: "、").map { String($0) }
        guard !pieces.isEmpty, pieces.count <= 12 else { return nil }
        for piece in pieces {
            // A name starts with its level (区…, 县…), 各 or 中共, or is short (民政处, 资讯科):
            // 发展社区社会 of "发展社区社会组织" ends like a name but is none.
            guard let first = piece.first, UnitParser.levelPrefixes.contains(first) || piece.hasPrefix("各") || piece.hasPrefix("中共")
                    || UnitParser.isGroup(piece) || piece.count <= 5 || piece.hasSuffix("公司") else { return nil }
            guard (2...25).contains(piece.count), !piece.contains(where: { "的由要对在将把是,".contains($0) }),
                  UnitParser.endsAsUnitName(Substring(piece)) || UnitParser.isGroup(piece) else { return nil }
        }
        return pieces
    }

    /// Role clauses as the unit reader reads them best: "A、B牵头,C、D配合" (nil unless every
    /// clause is a role clause).
    static func plainRoles(_ clauses: [String]) -> String? {
        var leads: [String] = [], helpers: [String] = []
        var ledByQiantou = false
        var ledByDuty = false
        for clause in clauses {
            guard let role = roleClause(clause) else { return nil }
            // "区发改局牵头抓总，区财政局负责资金保障": after a lead, a duty is a helper's; after a
            // 牵头, so is a 负责 ("A牵头，B、C按职责分工负责"). Duties after a duty are shared
            // ("各街道负责辖区防汛工作，区水利局负责水利工程安全"): each leads its part.
            let follows = !leads.isEmpty && !(ledByDuty && role.form == .dutyWithWork)
                && (role.form == .dutyWithWork || (ledByQiantou && !clause.contains("牵头")))
            // (A 由 clause names the one who leads: "由区公安分局负责建设，区财政局负责资金保障".)
            if leads.isEmpty && role.lead && role.form == .dutyWithWork && !TextNormalizer.compact(clause).hasPrefix("由") {
                ledByDuty = true
            }
            if role.lead && !follows { leads += role.names } else { helpers += role.names }
            if role.lead && !follows && clause.contains("牵头") { ledByQiantou = true }
            helpers += role.helpers
        }
        if leads.isEmpty { return helpers.joined(separator: "、") + "配合" }
        return leads.joined(separator: "、") + "牵头" + (helpers.isEmpty ? "" : "," + helpers.joined(separator: "、") + "配合")
    }

    /// "汛期前完成": a short clause that says when, in words Duban cannot date (kept as written
    /// and flagged).
    static func looksLikeWhen(_ clause: String) -> Bool {
        let c = TextNormalizer.compact(clause)
        return (3...10).contains(c.count) && (c.hasSuffix("前完成") || c.hasSuffix("前") || c.hasSuffix("常态化开展")) && !isRoleClause(c)
    }

    /// "上半年完成", "2019年11月底前完成", "每季度报送一次": a clause that is a deadline and names no unit.
    static func isDeadlineClause(_ clause: String) -> Bool {
        let c = TextNormalizer.compact(clause)
        guard !c.isEmpty, c.count <= 30 else { return false }
        let kind = DeadlineParser.parse(c, year: 2000).kind
        return kind != .unparsed && kind != .none
    }
}
