/// Where an item assigns responsibility: the unit text, the requirement without it, and a
/// deadline the assignment names if any.
struct ProseAssignment {
    var unitText: String
    var requirement: String
    var deadlineText: String?
    /// What the unit reader is given when it differs from `unitText` (kept as written):
    /// role clauses restated as "A牵头,B配合".
    var plainUnitText: String?
    /// Found in running text (a sentence of roles, or a 由 clause) rather than in brackets or
    /// labels: such text also describes how things are, in a plan's background or safeguards.
    var weak = false

    static let leadLabels = ["牵头单位", "牵头部门", "主办单位", "主责单位"]
    /// 责任单位 lead when nothing names a 牵头单位; beside one they are co-units.
    static let responsibleLabels = ["责任单位", "责任部门", "责任科室", "责任处室", "负责单位", "负责部门", "责任主体"]
    static let coLabels = ["配合单位", "配合部门", "协办单位", "参与单位"]
    static let deadlineLabels = ["完成时间", "完成时限", "时间节点", "时限要求", "完成期限"]

    /// Labels first ("牵头单位：…"), then a bracketed clause ("（A牵头，B配合）"), a 由 clause
    /// ("由A牵头落实，B配合"), and a sentence of its own ("A负责，B配合。"). A deadline the
    /// clause does not name may be labelled elsewhere in the item ("（完成时限：每季度）").
    static func find(in text: String, year: Int) -> ProseAssignment? {
        if var strong = labelled(text) ?? parenthetical(text) ?? colonLines(text) {
            strong.addHelpers(fromSentencesOf: text)
            if strong.deadlineText == nil { strong.deadlineText = labelledDeadline(text) ?? clauseDeadline(text, year: year) }
            return strong
        }
        // "区商务局负责（原由区市场监管局负责）": who did it before is left out.
        var current = text
        for (open, close) in bracketGroups(text) where supersededMarkers.contains(where: { text[text.index(after: open)...].hasPrefix($0) }) {
            current.removeSubrange(open...close)
        }
        if var you = youClause(current) {
            // "由区发改局牵头落实。区财政局做好资金保障。": units given work in a sentence of their own help.
            you.addHelpers(fromSentencesOf: current)
            if you.deadlineText == nil { you.deadlineText = labelledDeadline(text) ?? clauseDeadline(text, year: year) }
            return you
        }
        guard var found = sentence(current) else { return nil }
        if found.deadlineText == nil { found.deadlineText = labelledDeadline(text) ?? clauseDeadline(text, year: year) }
        return found
    }

    /// "市市场监管局：负责推进企业开办…" / "市税务局：负责推进发票申领…": lines that start with the
    /// units and a colon, then their part. Units whose part is to lead (负责, 牵头) lead, the
    /// others (配合, 做好…) help.
    static func colonLines(_ text: String) -> ProseAssignment? {
        var leads: [String] = [], helpers: [String] = []
        var written: [String] = []
        var first: String.Index?
        var lineStart = text.startIndex
        while lineStart < text.endIndex {
            let lineEnd = text[lineStart...].firstIndex(of: "\n") ?? text.endIndex
            let line = text[lineStart..<lineEnd]
            if let colon = line.firstIndex(of: ":"), let names = unitNames(line[..<colon]) {
                let part = TextNormalizer.compact(String(line[line.index(after: colon)...]))
                if ["负责", "牵头"].contains(where: { part.hasPrefix($0) }) {
                    leads += names
                    // "区商务局：负责农贸市场改造，区市场监管局配合。"
                    for clause in clauses(of: String(part.prefix { $0 != "。" })).dropFirst() {
                        if let role = roleClause(clause) { helpers += role.names + role.helpers }
                    }
                } else if ["配合", "协助", "参与", "做好", "协同"].contains(where: { part.hasPrefix($0) }) {
                    helpers += names
                } else {
                    lineStart = lineEnd < text.endIndex ? text.index(after: lineEnd) : lineEnd
                    continue
                }
                written.append(String(line[..<colon]))
                if first == nil { first = lineStart }
            }
            lineStart = lineEnd < text.endIndex ? text.index(after: lineEnd) : lineEnd
        }
        guard !leads.isEmpty, let first else { return nil }
        let plain = leads.joined(separator: "、") + "牵头" + (helpers.isEmpty ? "" : "," + helpers.joined(separator: "、") + "配合")
        var requirement = firstSentence(String(text[..<first]))
        if requirement.isEmpty {
            // "（二）区商务局：负责农贸市场改造…": the work after the colon.
            let line = firstSentence(text)
            requirement = line.firstIndex(of: ":").map { trimPunctuation(String(line[line.index(after: $0)...])) } ?? line
        }
        // A list of standing duties under 保障措施 (成员单位职责) reads the same way: weak.
        return ProseAssignment(unitText: written.joined(separator: "、"), requirement: requirement, deadlineText: nil,
                               plainUnitText: plain, weak: true)
    }

    /// "市财政局负责资金拨付，各镇（街道）做好政策宣传。（牵头单位：市经信局）": units given work
    /// in the item's sentences, beside a labelled or bracketed lead, are its helpers.
    mutating func addHelpers(fromSentencesOf text: String) {
        let outside = Self.withoutAssignmentBrackets(text)
        let assigned = UnitParser.parse(plainUnitText ?? unitText)
        let own = Set(assigned.leads + assigned.coUnits + assigned.groups)
        var helpers: [String] = []
        for sentence in outside.split(whereSeparator: { $0 == "。" || $0 == "\n" }) {
            let parts = Self.clauses(of: String(sentence))
            let roles = parts.compactMap(Self.roleClause)
            // Only a sentence made of role clauses (and a deadline) names helpers.
            guard !roles.isEmpty, roles.count + parts.filter(Self.isDeadlineClause).count == parts.count else { continue }
            for role in roles { helpers += (role.names + role.helpers).filter { !own.contains($0) && !helpers.contains($0) } }
        }
        guard !helpers.isEmpty else { return }
        let base = plainUnitText ?? unitText
        plainUnitText = base + "," + helpers.joined(separator: "、") + "配合"
    }

    /// "全年推进。", "长期坚持。": the one sentence of the item that is a deadline and nothing else,
    /// as written (nil when there is none, or several). A deadline inside a longer sentence is
    /// not taken: "在信息生成后3个工作日内予以公开" is a rule of the work, not the task's date.
    static func clauseDeadline(_ text: String, year: Int) -> String? {
        // Brackets hold units or labels, not the words of a sentence's deadline ("（牵头单位：A）全年推进").
        let outside = withoutAssignmentBrackets(text)
        let sentences = outside.split(whereSeparator: { $0 == "。" || $0 == "\n" }).map { trimPunctuation(String($0)) }
        var found: [String] = []
        for (k, sentence) in sentences.enumerated() {
            // "去年6月底前已完成急救站点布局。" is what was done, not when the task is due.
            if pastMarkers.contains(where: { sentence.contains($0) }) { continue }
            let parts = clauses(of: sentence)
            if parts.count == 1 {
                // Not the item's title ("深化扫黑除恶常态化。区委政法委牵头…全年推进。").
                if k == 0 && sentences.count > 1 { continue }
                if isDeadlineClause(sentence) && !isRoleClause(sentence) { found.append(sentence) }
            } else if let last = parts.last, TextNormalizer.compact(last).count <= 6,
                      ["全年", "长期", "持续", "常态化", "常年"].contains(where: { TextNormalizer.compact(last).hasPrefix($0) }),
                      isDeadlineClause(last), !isRoleClause(last), DeadlineParser.parse(last, year: 2000).kind == .yearRound,
                      // "2018年6月底前建成网上大厅，长期坚持": the date the sentence names wins.
                      DeadlineParser.completionDates(in: sentence, year: year).isEmpty {
                // "开展扫黑除恶专项斗争，全年推进。": the way a sentence ends (dates there are read
                // with their phases from the whole text; a count or a period there is how the work
                // is done: "…，在信息生成后3个工作日内予以公开").
                found.append(last)
            }
        }
        guard found.count == 1 else { return nil }
        // "各单位在收到通知后10个工作日内报送…情况" is stored as "收到通知后10个工作日内" when that reads the same.
        if let phrase = DeadlineParser.inText(found[0], year: 2000)?.phrase, !phrase.contains("、"),
           DeadlineParser.parse(phrase, year: 2000) == DeadlineParser.parse(found[0], year: 2000) {
            return phrase
        }
        return found[0]
    }

    /// The clauses of a text that speak of what is to come: not what was done ("2020年已完成改造30个",
    /// "2019年6月底前完成了首批试点", "去年6月底前已完成…"), not a date given up ("原定2020年底前
    /// 完成，因疫情顺延"), not a year before the plan's. Dates in the rest are the task's.
    static func forwardLooking(_ text: String, year: Int) -> String {
        var kept: [String] = []
        for sentence in text.split(whereSeparator: { $0 == "。" || $0 == "\n" || $0 == ";" }) {
            for clause in sentence.split(separator: ",") {
                let c = String(clause)
                if pastMarkers.contains(where: { c.contains($0) }) { continue }
                if let y = Metadata.yearIn(c), y < year { continue }
                kept.append(c)
            }
        }
        return kept.joined(separator: "。")
    }

    /// Words of a clause about the past or a plan given up.
    static let pastMarkers = ["已完成", "完成了", "已经", "原定", "原计划", "去年", "上年", "以来", "已于", "已建成", "已实现"]

    /// The first sentence of the item, trimmed of punctuation.
    static func firstSentence(_ s: String) -> String {
        // "1." alone on its line (a PDF copy): the sentence starts on the next line.
        var head = Substring(TextNormalizer.trim(s))
        if let stop = head.firstIndex(where: { $0 == "。" || $0 == "\n" }) { head = head[..<stop] }
        return trimPunctuation(String(head))
    }

    static func trimPunctuation(_ s: String) -> String {
        var t = TextNormalizer.trim(s)
        while let last = t.last, ",;:。、 ".contains(last) { t.removeLast() }
        return t
    }

    static let opening: Set<Character> = ["(", "【", "["]
    static let closing: Set<Character> = [")", "】", "]"]

    /// Where a label's value ends: at 。 or ; outside brackets, or at a bracket that closes one
    /// opened before the value ("（牵头单位：区综合执法局（区城管办）；…）" keeps 区城管办 in the name).
    static func valueEnd(_ text: String, from start: String.Index, to limit: String.Index) -> String.Index {
        endOutsideBrackets(text, from: start, to: limit, stops: ["。", ";"])
    }

    /// The first of `stops` outside brackets from `start`, or a closing bracket that closes one
    /// opened before `start`, or `limit`.
    static func endOutsideBrackets(_ text: String, from start: String.Index, to limit: String.Index,
                                   stops: Set<Character>) -> String.Index {
        var depth = 0
        var i = start
        while i < limit {
            let ch = text[i]
            if opening.contains(ch) {
                depth += 1
            } else if closing.contains(ch) {
                if depth == 0 { return i }
                depth -= 1
            } else if depth == 0, stops.contains(ch) {
                return i
            }
            i = text.index(after: i)
        }
        return limit
    }

    /// "牵头单位:A 配合单位(部门):B 完成时间:C" — labels may be glued together or on separate lines.
    static func labelled(_ text: String) -> ProseAssignment? {
        let hits = labelHits(text, kinds: [(0, leadLabels), (1, coLabels), (2, deadlineLabels), (3, responsibleLabels)])
        guard hits.contains(where: { $0.kind == 0 || $0.kind == 3 }) else { return nil }
        var lead = "", co = "", responsible = "", deadline: String?
        for (k, hit) in hits.enumerated() {
            let value = labelValue(text, hit, to: k + 1 < hits.count ? hits[k + 1].start : text.endIndex)
                .replacingOccurrences(of: ";", with: "、")
            switch hit.kind {
            case 0: lead += (lead.isEmpty ? "" : "、") + value
            case 1: co += (co.isEmpty ? "" : "、") + value
            case 3: responsible += (responsible.isEmpty ? "" : "、") + value
            default: deadline = value
            }
        }
        if lead.isEmpty {
            lead = responsible
        } else if !responsible.isEmpty {
            co = responsible + (co.isEmpty ? "" : "、") + co
        }
        var unitText = lead
        if !co.isEmpty { unitText = lead + "牵头," + co + "配合" }
        var before = String(text[..<hits[0].start])
        while let last = before.last, opening.contains(last) || last == " " { before.removeLast() }
        return ProseAssignment(unitText: unitText, requirement: firstSentence(before), deadlineText: deadline)
    }

    /// A label found in the text: where it starts, where its value starts, and its kind.
    struct LabelHit { var start: String.Index; var valueStart: String.Index; var kind: Int }

    /// Every "label:" of the given kinds, in text order (a label inside a longer one, 责任单位 in
    /// 主要责任单位, is found once).
    static func labelHits(_ text: String, kinds: [(Int, [String])]) -> [LabelHit] {
        var hits: [LabelHit] = []
        for (kind, labels) in kinds {
            for label in labels {
                var from = text.startIndex
                while let r = text.range(of: label, range: from..<text.endIndex) {
                    var after = r.upperBound
                    // Optional "(部门)" / "(单位)" after the label.
                    if after < text.endIndex, text[after] == "(", let close = text[after...].firstIndex(of: ")"),
                       text.distance(from: after, to: close) <= 5 {
                        after = text.index(after: close)
                    }
                    if after < text.endIndex, text[after] == ":", !hits.contains(where: { $0.valueStart == text.index(after: after) }) {
                        hits.append(LabelHit(start: r.lowerBound, valueStart: text.index(after: after), kind: kind))
                    }
                    from = r.upperBound
                }
            }
        }
        return hits.sorted { $0.start < $1.start }
    }

    /// A label's value, up to `limit` (the next label): it ends at 。, ; or a closing bracket
    /// (`valueEnd`), but a name after the semicolon continues a list of units ("（责任单位：区委
    /// 宣传部；区融媒体中心）") and a date continues a deadline ("（完成时限：2019年9月底前；2020年6月
    /// 底前）"). Line breaks are dropped.
    static func labelValue(_ text: String, _ hit: LabelHit, to limit: String.Index) -> String {
        var end = valueEnd(text, from: hit.valueStart, to: limit)
        while end < limit, text[end] == ";" {
            let next = valueEnd(text, from: text.index(after: end), to: limit)
            let segment = String(text[text.index(after: end)..<next])
            let continues = hit.kind == 2 ? isDeadlineClause(segment) : unitNames(Substring(TextNormalizer.compact(segment))) != nil
            guard continues else { break }
            end = next
        }
        return trimPunctuation(String(text[hit.valueStart..<end]).replacingOccurrences(of: "\n", with: ""))
    }

    /// Labels of the leader in charge ("（责任领导：王建国；责任单位：区发改局）", "区领导：陈志强。").
    static let leaderLabels = ["责任领导", "分管领导", "牵头领导", "责任区领导", "联系领导", "包抓领导", "区领导", "县领导", "市领导"]

    /// The 责任领导 an item names with a label, as written; nil without one.
    static func labelledLeader(_ text: String) -> String? {
        let hits = labelHits(text, kinds: [(3, leaderLabels)])
        // "责任区领导:" also holds "区领导:": the longer label, which starts first, is the one.
        guard let hit = hits.first else { return nil }
        let value = labelValue(text, hit, to: text.endIndex)
        return value.isEmpty ? nil : value
    }

    /// "（完成时限：每季度）" anywhere in the item, for an assignment found without one.
    static func labelledDeadline(_ text: String) -> String? {
        guard let hit = labelHits(text, kinds: [(2, deadlineLabels)]).first else { return nil }
        let value = labelValue(text, hit, to: text.endIndex)
        return value.isEmpty ? nil : value
    }

    /// The text without its brackets of labels or roles ("（牵头单位：A）", "（A牵头，B配合）");
    /// brackets inside names (各镇（街道）) stay.
    static func withoutAssignmentBrackets(_ text: String) -> String {
        var out = text
        for (open, close) in bracketGroups(text) {  // last first: the indices before stay valid
            let inner = text[text.index(after: open)..<close]
            if inner.contains(":") || ["牵头", "负责", "配合", "落实", "完成"].contains(where: { inner.contains($0) }) {
                out.removeSubrange(open...close)
            }
        }
        return out
    }

    /// The bracketed parts of a text at the outermost level, last first: (open, close) index pairs.
    static func bracketGroups(_ text: String) -> [(String.Index, String.Index)] {
        var groups: [(String.Index, String.Index)] = []
        var depth = 0
        var open = text.startIndex
        var i = text.startIndex
        while i < text.endIndex {
            let ch = text[i]
            if opening.contains(ch) {
                if depth == 0 { open = i }
                depth += 1
            } else if closing.contains(ch), depth > 0 {
                depth -= 1
                if depth == 0 { groups.append((open, i)) }
            }
            i = text.index(after: i)
        }
        return groups.reversed()
    }

    /// "(A牵头落实)", "(A牵头,B、C分别落实)", "(A督促落实)", "(责任科室:A、B)", "(A牵头,B配合;6月底前)".
    static func parenthetical(_ text: String) -> ProseAssignment? {
        for (open, close) in bracketGroups(text) {
            var inner = String(text[text.index(after: open)..<close]).replacingOccurrences(of: "\n", with: "")
            // "（原由区市场监管局负责）": who did it before is no assignment.
            if supersededMarkers.contains(where: { inner.hasPrefix($0) }) { continue }
            var labelled = false
            for label in leadLabels + responsibleLabels + ["责任人"] where inner.hasPrefix(label + ":") {
                inner.removeFirst(label.count + 1)
                labelled = true
            }
            // "一、深化数字政府建设（2020年以来，区大数据中心牵头推进）": since when a unit has led
            // the work, under a section's heading, says who leads it; the since-clause is no deadline.
            var since = false
            if let first = clauses(of: inner).first, TextNormalizer.compact(first).hasSuffix("以来"),
               let comma = inner.firstIndex(where: { $0 == "," || $0 == ";" }) {
                inner = String(inner[inner.index(after: comma)...])
                since = true
            }
            let (units, deadline) = splitDeadline(inner)
            let compact = TextNormalizer.compact(units)
            let roles = clauses(of: units)
            let verbs = ["牵头", "落实", "负责", "督促", "配合"]
            // "区大数据中心牵头推进": 牵头 and the work, every clause a role. (Not 负责 and the work:
            // "（区委、区政府负责领导）" is how things are run, no assignment.)
            let ledWork = roles.allSatisfy(isRoleClause) && roles.contains { roleClause($0)?.form == .leadWithWork }
            guard labelled || verbs.contains(where: { compact.hasSuffix($0) || compact.contains($0 + ",") }) || ledWork
            else { continue }
            guard !since || roles.allSatisfy(isRoleClause) else { continue }
            guard compact.count <= 120, !compact.contains("。") else { continue }
            var rest = text
            rest.removeSubrange(open...close)
            // "（由区发改局牵头落实，区财政局做好资金保障）": the unit reader takes no work after a
            // name, so roles with work are restated ("区发改局牵头,区财政局配合").
            let plain = roles.contains { roleClause($0).map { $0.form != .ending } ?? false } ? plainRoles(roles) : nil
            return ProseAssignment(unitText: units, requirement: firstSentence(rest), deadlineText: deadline, plainUnitText: plain)
        }
        return nil
    }

    /// "区发改局牵头,区直有关部门配合;2019年6月底前" → the units, and the deadline clause apart.
    static func splitDeadline(_ inner: String) -> (units: String, deadline: String?) {
        let clauses = clauses(of: inner)
        guard clauses.count > 1, let k = clauses.lastIndex(where: isDeadlineClause), !isRoleClause(clauses[k]) else {
            return (inner, nil)
        }
        var deadline = clauses[k]
        // "（A牵头,B配合;完成时限:全年）": the label is no part of the deadline's words.
        if let label = deadlineLabels.first(where: { deadline.hasPrefix($0 + ":") }) { deadline.removeFirst(label.count + 1) }
        return (clauses.enumerated().filter { $0.offset != k }.map(\.element).joined(separator: ","), deadline)
    }

    /// The clauses of a sentence: split at , ; and 、-free commas outside brackets.
    static func clauses(of s: String) -> [String] {
        var out: [String] = []
        var current = ""
        var depth = 0
        for ch in s {
            if opening.contains(ch) { depth += 1 } else if closing.contains(ch) { depth = max(0, depth - 1) }
            if depth == 0, ch == "," || ch == ";" {
                out.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        out.append(current)
        return out.map(trimPunctuation).filter { !$0.isEmpty }
    }

    /// A run of role clauses that ends its sentence, starting at the sentence's start or after a
    /// leading clause that is none ("区委、区政府高度重视，区公安分局负责，区委政法委配合。",
    /// "此项工作原由区商务局负责，现调整为区经信局牵头，区民政局配合。").
    static func roleRunToTheEnd(_ text: String, sentence start: String.Index)
        -> (start: String.Index, units: String, deadline: String?, end: String.Index)? {
        let end = sentenceEnd(text, from: start)
        var from = start
        while from < end {
            if let run = responsibilityRun(text, from: from), run.end == end {
                return (from, run.units, run.deadline, run.end)
            }
            // The next clause of the sentence, unless this one names a role it does not give a unit
            // ("县行政服务中心主任负责，…": a person leads, and the rest is no assignment of its own).
            let clause = TextNormalizer.compact(String(text[from..<end].prefix { $0 != "," && $0 != ";" }))
            if roleEndings.contains(where: { clause.hasSuffix($0) }), !supersededMarkers.contains(where: { clause.contains($0) }) {
                return nil
            }
            let i = endOutsideBrackets(text, from: from, to: end, stops: [",", ";"])
            guard i < end else { return nil }
            from = text.index(after: i)
        }
        return nil
    }

    /// Role and deadline clauses from `start` on, up to the end of the sentence: the unit text
    /// they make, the deadline clause if any, and where they stop. Nil unless the first is a role clause.
    static func responsibilityRun(_ text: String, from start: String.Index) -> (units: String, deadline: String?, end: String.Index)? {
        let end = sentenceEnd(text, from: start)
        var roles: [String] = []
        var deadline: String?
        for clause in clauses(of: String(text[start..<end])) {
            if isRoleClause(clause) {
                guard deadline == nil else { break }
                roles.append(clause)
            } else if !roles.isEmpty, deadline == nil, isDeadlineClause(clause) || looksLikeWhen(clause) {
                deadline = clause
            } else {
                break
            }
        }
        guard !roles.isEmpty else { return nil }
        return (roles.joined(separator: ","), deadline, end)
    }

    /// Where the sentence that `start` is in ends: at 。 or a line break outside brackets, or at a
    /// bracket closing one opened before `start`.
    static func sentenceEnd(_ text: String, from start: String.Index) -> String.Index {
        endOutsideBrackets(text, from: start, to: text.endIndex, stops: ["。", "\n"])
    }

    /// Words before a 由 or a bracket that say who did it before: "此项工作原由区商务局负责，现调整为…".
    static let supersededMarkers = ["原由", "原来由", "不再由", "原"]

    /// Words of a leader's title: "由副区长陈敏牵头" names a person, not a unit.
    static let leaderWords = ["区长", "县长", "市长", "州长", "书记", "主任", "部长", "常委", "领导", "同志"]

    /// "…,由A、B牵头落实;" / "由A负责落实,B配合,上半年完成" — the clause must end in 牵头, 负责
    /// or 落实; the role and deadline clauses after it in the same sentence belong to it.
    static func youClause(_ text: String) -> ProseAssignment? {
        var from = text.startIndex
        while let r = text.range(of: "由", range: from..<text.endIndex) {
            from = r.upperBound
            if supersededMarkers.contains(where: { text[..<r.upperBound].hasSuffix($0) }) { continue }
            var end = r.upperBound
            var length = 0
            while end < text.endIndex, !",;。:()\n".contains(text[end]), length < 80 {
                end = text.index(after: end)
                length += 1
            }
            let clause = String(text[r.upperBound..<end])
            guard ["落实", "牵头", "负责实施", "负责"].contains(where: { clause.hasSuffix($0) }) else { continue }
            // "由副区长陈敏牵头，区卫生健康局具体负责，…": a leader is no unit; the units follow.
            let led = leaderWords.contains { clause.contains($0) } && !isRoleClause(clause)
            var unitText = led ? "" : clause
            var deadline: String?
            var stop = end
            if end < text.endIndex, text[end] == "," || text[end] == ";" {
                let rest = text.index(after: end)
                let sentenceEnd = sentenceEnd(text, from: rest)
                for next in clauses(of: String(text[rest..<sentenceEnd])) {
                    if isRoleClause(next) {
                        unitText += (unitText.isEmpty ? "" : ",") + next
                    } else if deadline == nil, isDeadlineClause(next) {
                        deadline = next
                    } else {
                        break
                    }
                }
                if unitText != clause || deadline != nil { stop = sentenceEnd }
            }
            if unitText.isEmpty { continue }
            // The requirement is what precedes "由…" ("推进行政审批信息公开,由州委编办牵头落实").
            var requirement = firstSentence(String(text[..<r.lowerBound]))
            if requirement.isEmpty { requirement = firstSentence(String(text[stop...])) }
            return ProseAssignment(unitText: unitText, requirement: requirement, deadlineText: deadline,
                                   plainUnitText: unitText == clause ? nil : plainRoles(clauses(of: unitText)), weak: true)
        }
        return nil
    }

    /// "区司法局负责，每月5日前报送上月进展，档案保存期限不少于3年。": clauses after the roles (and
    /// their deadline) that say more of the work assign nothing and take nothing away, when a
    /// clause of the roles is a bare lead ("区司法局负责": names and the role, no work after it).
    /// The sentence stays unread, as before, when a clause there names units given work ("区科技局、
    /// 区文广旅体局协同推进": they would be lost), another deadline (which one counts is not clear),
    /// or what was done ("区司法局具体承办了2020年执法检查").
    static func describesTheWork(_ trailing: ArraySlice<String>, after roles: [String]) -> Bool {
        roles.contains { roleClause($0).map { $0.lead && $0.form == .ending } ?? false }
            && !trailing.contains { clause in
                isRoleClause(clause) || namesBeforeWork(Substring(TextNormalizer.compact(clause))) != nil
                    || isDeadlineClause(clause) || looksLikeWhen(clause)
            }
            && !(roles + trailing).contains { clause in pastMarkers.contains { clause.contains($0) } }
    }

    /// "区应急管理局负责,区委组织部配合。" / "区住建局负责落实。" / "各镇(街道)负责落实,区直各部门
    /// 配合,全年开展。" — a sentence of its own that is nothing but role clauses (and a deadline).
    static func sentence(_ text: String) -> ProseAssignment? {
        var start = text.startIndex
        while start < text.endIndex {
            if let run = roleRunToTheEnd(text, sentence: start), run.units.count <= 120 {
                let atEnd = run.end == text.endIndex || "。\n".contains(text[run.end])
                let roles = clauses(of: run.units)
                // A duty alone ("区委宣传部负责政务舆情监测工作。") describes, it does not assign.
                let alone = roles.count == 1 && roleClause(roles[0])?.form == .dutyWithWork
                let all = clauses(of: String(text[run.start..<run.end]))
                let trailing = all.dropFirst(roles.count + (run.deadline == nil ? 0 : 1))
                if atEnd, !alone, roles.contains(where: { roleClause($0)?.lead == true }),
                   trailing.isEmpty || Self.describesTheWork(trailing, after: roles) {
                    var requirement = firstSentence(String(text[..<start]))
                    if requirement.isEmpty { requirement = firstSentence(String(text[run.end...])) }
                    return ProseAssignment(unitText: run.units, requirement: requirement, deadlineText: run.deadline,
                                           plainUnitText: plainRoles(roles), weak: true)
                }
            }
            // The next sentence.
            guard let stop = text[start...].firstIndex(where: { $0 == "。" || $0 == "\n" }) else { break }
            start = text.index(after: stop)
        }
        return nil
    }
}
