/// The units a 牵头单位 cell or a 责任单位 clause names, by role.
public struct UnitAssignment: Hashable, Sendable {
    /// 牵头单位 — named units that lead (or, with no 牵头, the named units that 分别落实/负责落实).
    public var leads: [String] = []
    /// 配合单位 — named units after the lead clause, or in a 配合/协助/参与 clause.
    public var coUnits: [String] = []
    /// Collective designations (区级各部门, 各街道办事处 …).
    public var groups: [String] = []
    /// What the parser completed ("卫生和计划生育局" read as "区卫生和计划生育局"), for the preview.
    public var notes: [String] = []
    /// Names that cannot be unit names (a page number, a phone number, a cut-off bracket): the
    /// readers turn each into a warning.
    public var doubtful: [String] = []

    public init(leads: [String] = [], coUnits: [String] = [], groups: [String] = []) {
        self.leads = leads
        self.coUnits = coUnits
        self.groups = groups
    }

    public var isEmpty: Bool { leads.isEmpty && coUnits.isEmpty && groups.isEmpty }

    /// The warning for a doubtful name, in the preview's words.
    public static func doubtfulMessage(_ name: String) -> String {
        "“\(name)”不像单位名称（可能混入了页码、页眉或联系方式），请核对原文"
    }
}

/// Splits lead-unit text into leads, co-units and groups.
///
/// A cell is cut into clauses (at , ; and a 、 or line break after a role: "A(牵头)、B", "A牵头、B配合");
/// each clause gets a role from its label (牵头单位:A) or its verb (A牵头, B配合) and its names
/// are what precedes the first verb. Leads are the 牵头 clauses and the unmarked clauses before
/// them; 配合/协助/参与 clauses and unmarked clauses after a 牵头 clause are co-units.
public enum UnitParser {
    /// Words that end the unit names of a clause ("区财政局牵头" → 区财政局).
    static let verbMarkers = ["按照职责", "按职责", "根据职责", "分别", "具体负责", "负责", "牵头", "主责", "落实",
                              "督促", "配合", "协助", "参与", "协同", "协办", "共同", "组织实施", "承办"]
    /// Verbs that make a clause's units leads.
    static let leadVerbs = ["牵头", "主责"]
    /// Verbs that make a clause's units co-units (配合单位), whether or not a clause says 牵头.
    static let coVerbs = ["配合", "协助", "参与", "协同", "协办"]
    /// "牵头单位:A" — labels that give the role of the names after them, longest first.
    static let labels: [(word: String, role: Role)] = [
        ("牵头单位", .lead), ("牵头部门", .lead), ("主责单位", .lead), ("主办单位", .lead), ("牵头", .lead),
        ("配合单位", .co), ("配合部门", .co), ("协办单位", .co), ("协助单位", .co), ("参与单位", .co), ("配合", .co),
        ("协助", .co), ("参与", .co), ("协办", .co),
        ("责任单位", .responsible), ("责任部门", .responsible), ("责任科室", .responsible), ("责任处室", .responsible),
    ]
    /// Words of a completion time ("12月底前完成", "年底前"): such a clause names no unit.
    static let deadlineWords = ["月底", "年底", "日前", "月前", "季度", "上半年", "下半年", "前完成"]
    /// Words after 等 that stand for "and similar units" without naming a group.
    static let bareKinds: Set<String> = ["部门", "单位", "科室", "机关", "相关部门", "有关部门", "有关单位", "相关单位"]

    /// What a clause says about the units it names.
    enum Role {
        /// 牵头 / 主责 / 牵头单位:
        case lead
        /// 配合 / 协助 / 参与 / 配合单位: / after 会同
        case co
        /// 责任单位: — leads, unless another clause names the 牵头单位 (a role written after the
        /// names, "责任单位:A(牵头)", wins over the label).
        case responsible
        /// No role word (负责, 落实 or none): leads before a 牵头 clause or without one, co-units after.
        case plain
    }

    /// One clause: the text its names are read from, and its role.
    struct Clause {
        var text: String
        var role: Role
    }

    /// Parses a lead-unit cell. Lines (paragraphs) of the cell are separate units unless the
    /// line before ends a clause.
    /// Cells that say there is no unit: "无", "/", "—", "暂无".
    static let noUnit: Set<String> = ["无", "/", "-", "—", "——", "－", "暂无", "没有", "无配合单位", "不涉及"]

    public static func parse(_ text: String) -> UnitAssignment {
        if noUnit.contains(TextNormalizer.compact(text)) { return UnitAssignment() }
        var clauses: [Clause] = []
        for piece in splitClauses(text) where !isDeadline(piece) {
            let named = withoutContact(piece)
            if !named.isEmpty { clauses += roles(of: named) }
        }
        let firstLead = clauses.firstIndex { $0.role == .lead }
        var result = UnitAssignment()
        for (k, clause) in clauses.enumerated() {
            let (written, groups) = names(in: clause.text, notes: &result.notes)
            let units = completePrefixes(written, notes: &result.notes)
            appendUnique(&result.groups, groups)
            for name in units + groups where isUnlikelyName(name) { appendUnique(&result.doubtful, [name]) }
            let leads: Bool
            switch clause.role {
            case .lead: leads = true
            case .co: leads = false
            case .responsible: leads = firstLead == nil
            // Units listed before a later 牵头 clause without their own verb are leads too.
            case .plain: leads = firstLead.map { k < $0 } ?? true
            }
            if leads { appendUnique(&result.leads, units) } else { appendUnique(&result.coUnits, units) }
        }
        return result
    }

    static func appendUnique(_ list: inout [String], _ items: [String]) {
        for item in items where !list.contains(item) { list.append(item) }
    }

    // MARK: - Clauses

    /// Splits at , ; (either width), at a 、 after a role ("A(牵头)、B") and at line breaks after a
    /// role, after punctuation or before a label.
    static func splitClauses(_ text: String) -> [String] {
        var joined = ""
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = compactLine(raw)
            guard !line.isEmpty else { continue }
            // "牵头单位:" then the names on the next line: one clause.
            if let last = joined.last, last != ":" {
                let endsClause = ",;".contains(last) || endsWithRole(joined) || startsWithLabel(line)
                joined += endsClause ? "," : "、"
            }
            joined += line
        }
        var clauses: [String] = []
        var current = ""
        for ch in joined {
            if ch == "," || ch == ";" || (ch == "、" && endsWithRole(current)) {
                if !current.isEmpty { clauses.append(current) }
                current = ""
            } else {
                current.append(ch)
            }
        }
        if !current.isEmpty { clauses.append(current) }
        return clauses
    }

    /// A line without whitespace, half-width except for brackets (names keep them as written);
    /// a space between two unit names becomes 、.
    static func compactLine(_ line: Substring) -> String {
        let words = TextNormalizer.collapseSpaces(String(line)).split(separator: " ")
        // "牵头单位 区教育局 配合单位 区财政局": labels followed by a space instead of a colon, when
        // the line starts with one (not "区教育局 牵头单位", a role after the name).
        let spacedLabels = words.count > 1 && isSpacedLabel(words[0])
        var text = ""
        for (k, word) in words.enumerated() {
            if spacedLabels, k + 1 < words.count, isSpacedLabel(word) {
                if k > 0 { text += "," }
                text += word + ":"
                continue
            }
            if k > 0, text.last == ":" || text.last == "：" {}
            else if k > 0, startsWithLabel(word) { text += "," }
            else if k > 0, separatesNames(words[k - 1], word) { text += "、" }
            text += word
        }
        guard text.contains(literal: "（") || text.contains(literal: "）") else { return TextNormalizer.compact(text) }
        var out = ""
        var piece = ""
        for ch in text {
            if ch == "（" || ch == "）" {
                out += TextNormalizer.compact(piece)
                out.append(ch)
                piece = ""
            } else {
                piece.append(ch)
            }
        }
        return out + TextNormalizer.compact(piece)
    }

    /// "区教育局 区财政局" (web pages list names so) — but not "区委 宣传部", a name a converter split.
    static func separatesNames(_ left: Substring, _ right: Substring) -> Bool {
        guard left.count >= 3, hasUnitSuffix(left), let first = right.first else { return false }
        return levelPrefixes.contains(first) || first == "各"
    }

    /// A label word of four characters or more (牵头单位, 配合部门, 责任单位 — not 牵头 or 配合,
    /// which also follow names as verbs) written alone.
    static func isSpacedLabel(_ word: Substring) -> Bool {
        word.count >= 4 && labels.contains { $0.word == word }
    }

    /// True when the text ends in a role: "A牵头", "A(牵头)", "A（牵头单位）", "A负责".
    static func endsWithRole(_ text: String) -> Bool {
        var end = Substring(text)
        while let last = end.last, ")）".contains(last) { end.removeLast() }
        if end.hasSuffix("单位") { end.removeLast(2) }
        return verbMarkers.contains { end.hasSuffix($0) }
    }

    static func startsWithLabel<S: StringProtocol>(_ line: S) -> Bool {
        labels.contains { line.hasPrefix($0.word + ":") || line.hasPrefix($0.word + "：") }
    }

    /// Labels of contact details ("联系人:赵敏", "电话:0573-…") that plans write beside the unit.
    static let contactLabels = ["联系人", "联系电话", "联系方式", "电话", "手机", "邮箱", "电子邮箱", "传真", "座机"]

    /// The clause up to its first contact label: "区商务局(联系人:赵敏" → "区商务局(", whose
    /// unclosed bracket `trimName` drops; a clause that starts with one names no unit ("").
    static func withoutContact(_ clause: String) -> String {
        // Clauses come compacted (half-width colons); most have none, and this runs on every table row.
        guard clause.utf8.contains(UInt8(ascii: ":")) else { return clause }
        var cut = clause.endIndex
        for label in contactLabels {
            if let r = clause.range(ofLiteral: label + ":"), r.lowerBound < cut { cut = r.lowerBound }
        }
        return String(clause[..<cut])
    }

    /// "12月底前完成", "2018年底前": a completion time, not a unit. A clause that starts with a
    /// unit ("区级各部门按季度报送") is still read for its names.
    static func isDeadline(_ clause: String) -> Bool {
        guard let first = clause.first, !levelPrefixes.contains(first), first != "各" else { return false }
        if deadlineWords.contains(where: { clause.contains(literal: $0) }) { return true }
        return clause.hasSuffix("完成") && ["年", "月", "日"].contains { clause.contains(literal: $0) }
    }

    /// The clause's role from its label or verb; "A会同B" is two clauses, B working with A.
    static func roles(of clause: String) -> [Clause] {
        if let label = labels.first(where: { clause.hasPrefix($0.word + ":") }) {
            let text = String(clause.dropFirst(label.word.count + 1))
            // "责任单位:区教育局(牵头)": the role written after the names wins over 责任单位.
            if label.role == .responsible, case let written = role(of: text), written != .plain {
                return [Clause(text: text, role: written)]
            }
            return [Clause(text: text, role: label.role)]
        }
        // "区住建局、区城管局等部门配合区规划局": the units before 配合 work with the unit after it,
        // which leads. Only when what follows names units alone (not "配合做好…").
        if role(of: clause) == .co, let verb = coVerbs.lazy.compactMap({ clause.range(ofLiteral: $0) }).first {
            let after = String(clause[verb.upperBound...])
            let named = names(in: after)
            if !named.units.isEmpty, named.groups.isEmpty, named.units.allSatisfy({ hasUnitSuffix(Substring($0)) }),
               role(of: after) == .plain {
                return [Clause(text: String(clause[..<verb.lowerBound]), role: .co), Clause(text: after, role: .lead)]
            }
        }
        if let with = clause.range(ofLiteral: "会同") {
            let before = String(clause[..<with.lowerBound])
            let after = Clause(text: String(clause[with.upperBound...]), role: .co)
            return before.isEmpty ? [after] : [Clause(text: before, role: role(of: before)), after]
        }
        return [Clause(text: clause, role: role(of: clause))]
    }

    static func role(of clause: String) -> Role {
        if leadVerbs.contains(where: { clause.contains(literal: $0) }) { return .lead }
        if coVerbs.contains(where: { clause.contains(literal: $0) }) { return .co }
        return .plain
    }

    // MARK: - Names

    /// The unit names and group designations of one clause.
    static func names(in clause: String) -> (units: [String], groups: [String]) {
        var notes: [String] = []
        return names(in: clause, notes: &notes)
    }

    /// `names(in:)`, saying in `notes` what it left out of a name (a person's name in brackets,
    /// a trailing 等).
    static func names(in clause: String, notes: inout [String]) -> (units: [String], groups: [String]) {
        var head = Substring(clause)
        // Cut at the first verb marker: what precedes it are names.
        var cut = head.endIndex
        for marker in verbMarkers {
            var from = head.startIndex
            // "各决策承办单位": 承办 naming the units is part of their name (not so 牵头单位, a role).
            while let r = head[from...].range(ofLiteral: marker) {
                let rest = head[r.upperBound...]
                if marker == "承办", rest.hasPrefix("单位") || rest.hasPrefix("部门") {
                    from = r.upperBound
                    continue
                }
                if r.lowerBound < cut { cut = r.lowerBound }
                break
            }
        }
        head = head[..<cut]
        var units: [String] = []
        var groups: [String] = []
        // "A、B、C等区级有关部门" → A, B, C are units; 区级有关部门 is a group.
        var listPart = head
        if let deng = head.range(ofLiteral: "等", backwards: true) {
            let tail = String(head[deng.upperBound...])
            // One unit and 等 ("区工信局等", "区发改局等部门") says there are others it does not name;
            // after a list (教育、环保…等部门) 等 only closes it.
            let single = !head[..<deng.lowerBound].contains(literal: "、")
            if !tail.isEmpty && !tail.contains(literal: "、") {
                listPart = head[..<deng.lowerBound]
                if !bareKinds.contains(tail) {
                    groups.append(tail)
                } else if single {
                    notes.append("“\(head)”：“等\(tail)”没有写明是哪些单位，只记下了写明的单位")
                }
            } else if tail.isEmpty, single, deng.lowerBound > head.startIndex {
                notes.append("“\(head)”：“等”表示还有其他单位，只记下了写明的单位")
            }
        }
        for raw in splitOutsideBrackets(listPart) {
            for piece in splitJoined(raw).flatMap(splitSlashed) {
                var name = trimName(String(piece))
                if let (unit, person) = withoutPerson(name) {
                    notes.append("“\(name)”括号里的“\(person)”像是联系人姓名，已从单位名称中去掉")
                    name = unit
                }
                guard !name.isEmpty else { continue }
                if isGroup(name) { groups.append(name) } else { units.append(name) }
            }
        }
        return (units, groups)
    }

    /// A list split at each 、 outside brackets: "各县（市、区）人民政府、市直各部门" is two names.
    static func splitOutsideBrackets(_ s: Substring) -> [Substring] {
        guard s.contains(literal: "、") else { return [s] }
        var parts: [Substring] = []
        var depth = 0
        var start = s.startIndex
        for i in s.indices {
            switch s[i] {
            case "(", "（": depth += 1
            case ")", "）": depth = max(0, depth - 1)
            case "、" where depth == 0:
                parts.append(s[start..<i])
                start = s.index(after: i)
            default: break
            }
        }
        parts.append(s[start...])
        return parts.filter { !$0.isEmpty }
    }

    /// "区教育局/区住建局" → two units: a slash between two whole unit names.
    static func splitSlashed(_ s: Substring) -> [Substring] {
        guard s.contains(where: { $0 == "/" || $0 == "／" }) else { return [s] }
        let parts = s.split(whereSeparator: { $0 == "/" || $0 == "／" })
        return parts.count >= 2 && parts.allSatisfy({ endsAsUnitName($0) }) ? parts : [s]
    }

    /// Common surnames: the first character of a person's name in brackets after a unit.
    static let surnames: Set<Character> = Set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")

    /// "区教育局（张伟）" → (区教育局, 张伟): a bracket at the end holding two or three characters
    /// that start with a common surname and are no unit (区政府办（区信息中心） keeps its bracket).
    static func withoutPerson(_ name: String) -> (unit: String, person: String)? {
        guard let last = name.last, last == "）" || last == ")",
              let open = name.lastIndex(where: { $0 == "（" || $0 == "(" }) else { return nil }
        let inner = name[name.index(after: open)..<name.index(before: name.endIndex)]
        let unit = String(name[..<open])
        guard (2...3).contains(inner.count), let first = inner.first, surnames.contains(first),
              inner.allSatisfy({ $0.unicodeScalars.first.map { (0x4E00...0x9FFF).contains($0.value) } ?? false }),
              !hasUnitSuffix(inner), !["牵头", "配合", "协办", "主办", "筹"].contains(where: { inner.contains(literal: $0) }),
              endsAsUnitName(Substring(unit)) else { return nil }
        return (unit, String(inner))
    }

    /// Words that join two unit names ("区财政局和区审计局", "区教育局及区属各学校"; 以及 too).
    static let joiners: Set<Character> = ["和", "及", "与", "同"]
    /// Endings of a name before a joiner, besides `unitSuffixes`.
    static let joinedNameEndings = ["政府", "街道", "公司", "集团", "支行", "分行", "学校", "医院"]

    /// "区财政局和区审计局" → 区财政局, 区审计局: a joiner outside brackets splits where the text
    /// before it ends as a unit name does and the text after it starts with a level (区/市/县 …)
    /// or 各, or is a whole unit name up to the next joiner ("区财政局和审计局"). Names that
    /// contain a joiner stay whole: 区政务和数据局, 卫生和计划生育局.
    static func splitJoined(_ s: Substring) -> [Substring] {
        guard s.contains(where: { joiners.contains($0) }) else { return [s] }
        var parts: [Substring] = []
        var start = s.startIndex
        var depth = 0
        var i = s.startIndex
        while i < s.endIndex {
            let ch = s[i]
            let next = s.index(after: i)
            if ch == "(" || ch == "（" {
                depth += 1
            } else if ch == ")" || ch == "）" {
                depth -= 1
            } else if depth == 0, joiners.contains(ch), next < s.endIndex,
                      levelPrefixes.contains(s[next]) || s[next] == "各" || isWholeUnitName(s[next...]) {
                var left = s[start..<i]
                if ch == "及", left.hasSuffix("以") { left = left.dropLast() }
                if endsAsUnitName(left) {
                    parts.append(left)
                    start = next
                }
            }
            i = next
        }
        parts.append(s[start...])
        return parts
    }

    /// "审计局" of "区财政局和审计局": the text up to the next joiner is a unit name without its
    /// level (which `completePrefixes` then gives it), not the end of a longer name such as
    /// 计划生育局 of 卫生和计划生育局 (whose left side does not end as a unit name).
    static func isWholeUnitName(_ rest: Substring) -> Bool {
        let name = rest.prefix { !joiners.contains($0) }
        return name.count >= 3 && hasUnitSuffix(name) && !name.contains(where: { "()（）".contains($0) })
    }

    /// "区财政局", "区政府", "区政府办（区信息中心）": text that ends as a unit name does.
    static func endsAsUnitName(_ s: Substring) -> Bool {
        guard s.count >= 2, let last = s.last else { return false }
        if last == ")" || last == "）" { return bracketBalance(String(s)) == 0 }
        return hasUnitSuffix(s) || joinedNameEndings.contains { s.hasSuffix($0) }
    }

    /// Strips what surrounds a name: 由/请/和 before it; 等, 和, colons, an unbalanced bracket
    /// ("区人社局（" of "区人社局（按职责分工）") and 为/作为 ("区教育局为牵头单位") after it.
    static func trimName(_ s: String) -> String {
        var name = s
        for prefix in ["由", "请", "和"] where name.hasPrefix(prefix) { name.removeFirst(prefix.count) }
        name = trimStrayBrackets(name)
        while let last = name.last, "、等和及()（）:：为".contains(last) {
            // "区政府办（区信息中心）": a closing bracket that closes one in the name is part of it.
            if ")）".contains(last), bracketBalance(name) >= 0 { break }
            name.removeLast()
            if last == "为", name.hasSuffix("作") { name.removeLast() }
        }
        return name
    }

    /// Brackets that never belong to a unit name, closing bracket → opening bracket.
    static let strayBrackets: [Character: Character] = ["】": "【", "]": "[", "〕": "〔", "」": "「", "』": "『", "》": "《"]

    /// "区统计局】", "【区统计局": a bracket of a heading or a PDF layout stuck to a name, whose
    /// partner is not in the name, is dropped.
    static func trimStrayBrackets(_ s: String) -> String {
        var name = Substring(s)
        while let last = name.last, let open = strayBrackets[last], !name.contains(open) { name.removeLast() }
        while let first = name.first, let close = strayBrackets.first(where: { $0.value == first })?.key,
              !name.contains(close) { name.removeFirst() }
        return String(name)
    }

    /// The longest name a unit is written with: 区市场监督管理局（区食品药品监督管理局） is 20.
    static let longestName = 25

    /// True when a name read from the text cannot be a unit: it holds a phone number or another
    /// run of 3+ digits (service lines such as 12345 and 110 excepted), a page number, a dash or a
    /// colon, an unclosed bracket, or is longer than any unit's name — a page header, a page
    /// number or contact details have run into it.
    static func isUnlikelyName(_ name: String) -> Bool {
        if name.count > longestName || bracketBalance(name) != 0 { return true }
        if name.contains(where: { "-－—–:：".contains($0) }) { return true }
        let chars = Array(name)
        // "第2页共3页", "第二页": a page number (Chinese numerals count here, not in digit runs:
        // 十三五 is a name's word).
        if zip(chars, chars.dropFirst()).contains(where: { $0.isWholeNumber && $1 == "页" }) { return true }
        var k = 0
        while k < chars.count {
            guard isDigit(chars[k]) else { k += 1; continue }
            var end = k
            while end < chars.count, isDigit(chars[end]) { end += 1 }
            if end - k >= 3, !isServiceNumber(String(chars[k..<end])) { return true }
            k = end
        }
        return false
    }

    /// 0-9 in either width.
    static func isDigit(_ ch: Character) -> Bool {
        ("0"..."9").contains(ch) || ("０"..."９").contains(ch)
    }

    /// 12345, 12315 (five digits from 12) and 110, 119, 120, 122: numbers units are named after.
    static func isServiceNumber(_ digits: String) -> Bool {
        (digits.count == 5 && digits.hasPrefix("12")) || ["110", "119", "120", "122"].contains(digits)
    }

    /// Opening minus closing brackets.
    static func bracketBalance(_ s: String) -> Int {
        s.reduce(0) { n, ch in "(（".contains(ch) ? n + 1 : ")）".contains(ch) ? n - 1 : n }
    }

    /// Level prefixes of unit names (区委宣传部, 市政府办, 州财政局 …).
    static let levelPrefixes: Set<Character> = ["区", "市", "州", "县", "省", "镇", "乡", "旗", "盟"]
    static let unitSuffixes = ["局", "委", "办", "部", "厅", "中心", "院", "处", "室", "会", "站", "所", "队", "署", "馆"]

    static func hasUnitSuffix(_ name: Substring) -> Bool { unitSuffixes.contains { name.hasSuffix($0) } }

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
