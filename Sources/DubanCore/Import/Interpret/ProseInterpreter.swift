/// Reads plans that assign tasks in prose: numbered items whose text names a responsible unit
/// ("由A、B牵头落实", "(A牵头,B落实)", "(责任单位:A、B)", "牵头单位:A 配合单位:B 完成时间:C").
/// Items that name no unit are not tasks; they are listed as skipped.
enum ProseInterpreter {
    /// Interprets the paragraphs of a grid.
    /// - Throws: `ImportError.noTaskTable` when no item names a responsible unit;
    ///   `ImportError.noYear` when no year is found and none is given.
    static func interpret(_ grid: Grid, year override: Int?) throws -> PlanDraft {
        var cleaned: [(Int, ProseText.Line)] = []
        for (k, raw) in grid.lines.enumerated() where !ProseText.isChrome(raw) {
            let line = ProseText.clean(raw)
            if !line.text.isEmpty, !ProseText.isChrome(line.text) { cleaned.append((k + 1, line)) }
        }
        let furniture = ProseText.pageFurniture(cleaned.map(\.1.text))
        if !furniture.isEmpty { cleaned = cleaned.enumerated().filter { !furniture.contains($0.offset) }.map(\.element) }
        let (preamble, items) = Outline.items(cleaned)
        let found = items.map { ProseAssignment.find(in: $0.text) }
        // A document that assigns nothing is refused before anything else is asked of it.
        guard found.contains(where: { $0 != nil }) else { throw ImportError.noTaskTable(file: grid.source) }
        let meta = metadata(preamble: preamble, all: cleaned.map(\.1.text))
        let year = try Metadata.planYear(override, found: meta.year, file: grid.source)
        let plan = Plan(items: items, found: found)

        var tasks: [TaskDraft] = []
        var findings: [Finding] = []
        for (i, item) in items.enumerated() where !plan.headings.contains(i) {
            let loc = SourceLocation(file: grid.source, column: item.path, paragraph: item.line)
            guard let (assignment, from) = plan.assignment(of: i), !(assignment.weak && plan.isBackground(i)) else {
                if item.level > 1 {
                    let head = ProseAssignment.firstSentence(item.text)
                    findings.append(Finding(.info, loc, "已跳过：“\(head.count > 20 ? String(head.prefix(20)) + "…" : head)”没有写明责任单位，不是分工任务"))
                }
                continue
            }
            let units = UnitParser.parse(assignment.plainUnitText ?? assignment.unitText)
            guard !units.leads.isEmpty || !units.groups.isEmpty || !units.coUnits.isEmpty else { continue }
            if let from {
                findings.append(Finding(.info, loc, "序号 \(item.path)：没有写责任单位，沿用上级条目 \(items[from].path) 的“\(assignment.unitText)”"))
            }
            var deadline = Deadline.none
            var deadlineText = ""
            if let labelled = assignment.deadlineText {
                deadlineText = labelled
                deadline = DeadlineParser.parse(labelled, year: year)
                if deadline.kind == .unparsed {
                    findings.append(Finding(.warning, loc, "序号 \(item.path)：完成时限“\(labelled)”无法识别，已按原文保留"))
                }
                let phases = Set(DeadlineParser.completionDates(in: labelled, year: year)).sorted()
                if deadline.kind == .fixed, phases.count > 1 {
                    findings.append(Finding(.info, loc, "序号 \(item.path)：分阶段完成（\(phases.map(\.iso).joined(separator: "、"))），以最后一个时间为完成时限"))
                }
            } else {
                // A date in the running text is the task's, kept in its own words ("2019年8月底前").
                // A count or a period there ("在信息生成后3个工作日内予以公开", "每半年至少举办一次")
                // is how the work is done, not when the task is due: named, not taken.
                // A task whose steps are items below it ("1.动员部署。…（2020年3月底前）"): their dates
                // too, when every step names when it is done (a step "（2020年4月—10月）" runs, and
                // the task is not due with the first step).
                var steps = plan.steps(of: i).map { items[$0].text }
                if !steps.allSatisfy({ DeadlineParser.inText($0, year: year)?.deadline.kind == .fixed }) { steps = [] }
                let text = steps.isEmpty ? item.text : ([item.text] + steps).joined(separator: "\n")
                if let found = DeadlineParser.inText(text, year: year) {
                    if found.deadline.kind == .fixed {
                        deadline = found.deadline
                        deadlineText = found.phrase
                        if found.phases.count > 1 {
                            findings.append(Finding(.info, loc, "序号 \(item.path)：分阶段完成（\(found.phases.map(\.iso).joined(separator: "、"))），以最后一个时间为完成时限"))
                        }
                    } else {
                        findings.append(Finding(.info, loc, "序号 \(item.path)：正文写有“\(found.phrase)”，没有当作完成时限；如果是，请导入后补上"))
                    }
                }
            }
            var requirement = from == nil ? assignment.requirement : ProseAssignment.firstSentence(item.text)
            if requirement.isEmpty { requirement = String(item.text.prefix(40)) }
            if item.flags.repaired {
                findings.append(Finding(.warning, loc, "序号 \(item.path)：这段文字有乱码（GBK 字节错位），已自动修复，请核对原文"))
            } else if item.flags.garbled {
                findings.append(Finding(.warning, loc, "序号 \(item.path)：这段文字有乱码，无法自动修复，请对照原文更正"))
            }
            for note in units.notes { findings.append(Finding(.info, loc, "序号 \(item.path)：\(note)")) }
            for name in units.doubtful {
                findings.append(Finding(.warning, loc, "序号 \(item.path)：\(UnitAssignment.doubtfulMessage(name))"))
            }
            let (category, subcategory) = plan.categories(of: i)
            tasks.append(TaskDraft(seq: item.path, category: category, subcategory: subcategory, requirement: requirement,
                                   leadText: assignment.unitText, units: units, deadlineText: deadlineText, deadline: deadline,
                                   location: loc))
        }
        guard !tasks.isEmpty else { throw ImportError.noTaskTable(file: grid.source) }
        findings += Self.repeatedTasks(tasks, source: grid.source)
        if cleaned.contains(where: { $0.1.converted }) {
            findings.append(Finding(.info, SourceLocation(file: grid.source), "原文为繁体字，已转换为简体后识别"))
        }
        let title = meta.title ?? "\(meta.issuer ?? "")\(year)年分工事项"
        if override == nil, let span = meta.title.flatMap(Metadata.yearSpan) {
            findings.append(Finding(.warning, SourceLocation(file: grid.source),
                                    "方案跨\(span.lowerBound)—\(span.upperBound)年，已按\(year)年导入（“年底前”等时限按这一年计算）；要按其他年度导入，请用 --year 指定"))
        }
        if meta.title == nil {
            findings.append(Finding(.warning, SourceLocation(file: grid.source), "未找到方案标题，已暂用“\(title)”"))
        }
        return PlanDraft(title: title, year: year, issuer: meta.issuer, issued: meta.issued, source: grid.source,
                         format: grid.format == .text ? .prose : grid.format, tasks: tasks, findings: findings)
    }

    /// A task whose requirement is word for word an earlier one's: the plan's body and its
    /// attachment list the same work (often with other deadlines), and tracking both would count it
    /// twice. Both stay; the office decides which to delete.
    static func repeatedTasks(_ tasks: [TaskDraft], source: String) -> [Finding] {
        var first: [String: String] = [:]
        var out: [Finding] = []
        for task in tasks {
            let key = TextNormalizer.compact(task.requirement)
            guard key.count >= 4 else { continue }
            if let earlier = first[key] {
                out.append(Finding(.warning, task.location, "序号 \(task.seq)：与序号 \(earlier) 的具体要求相同（正文和附件可能重复列出了同一项工作），请核对后删去一处"))
            } else {
                first[key] = task.seq
            }
        }
        return out
    }

    /// The outline with what each item assigns, and what that means for its neighbours.
    struct Plan {
        let items: [Outline.Item]
        let found: [ProseAssignment?]
        /// Items whose assignment covers the items below them (一、…（牵头单位：A） over （一） （二）):
        /// headings, not tasks.
        let headings: Set<Int>

        init(items: [Outline.Item], found: [ProseAssignment?]) {
            self.items = items
            self.found = found
            var headings = Set<Int>()
            for (i, item) in items.enumerated() {
                // The nearest item above with an assignment is a heading when this one is a task too,
                // with its own assignment or with the heading's.
                if let above = item.parents.last(where: { found[$0] != nil }), found[i] != nil || Self.isTaskLike(item) {
                    headings.insert(above)
                }
            }
            self.headings = headings
        }

        /// An item below a heading that assigns units is a task of those units when it says what
        /// to do: a sentence, not a one-word label.
        static func isTaskLike(_ item: Outline.Item) -> Bool { ProseAssignment.firstSentence(item.text).count >= 6 }

        /// The item's own assignment, or the one it inherits from the heading above it (with its index).
        func assignment(of i: Int) -> (ProseAssignment, Int?)? {
            if let own = found[i] { return (own, nil) }
            guard Self.isTaskLike(items[i]), let above = items[i].parents.last(where: { found[$0] != nil }),
                  var inherited = found[above] else { return nil }
            inherited.requirement = ""
            // The item's own deadline (labelled, a sentence of its own, or a date in its text, which
            // `interpret` reads when this is nil), else the section's.
            let text = items[i].text
            if let own = ProseAssignment.labelledDeadline(text) ?? ProseAssignment.clauseDeadline(text) {
                inherited.deadlineText = own
            } else if DeadlineParser.inText(text, year: 2000)?.deadline.kind == .fixed {
                inherited.deadlineText = nil
            }
            // "（一）…（配合单位：区科技局）" under "二、…（区经信局牵头）": the item adds its co-units.
            let own = ProseAssignment.labelHits(items[i].text, kinds: [(1, ProseAssignment.coLabels)])
            if let hit = own.first {
                let text = items[i].text
                let end = ProseAssignment.valueEnd(text, from: hit.valueStart, to: text.endIndex)
                let co = ProseAssignment.trimPunctuation(String(text[hit.valueStart..<end]))
                if !co.isEmpty {
                    let lead = inherited.plainUnitText ?? inherited.unitText
                    inherited.plainUnitText = lead + "," + co + "配合"
                    inherited.unitText += "," + co + "配合"
                }
            }
            return (inherited, above)
        }

        /// Headings of the parts of a plan that say how the work is supported or how things stand,
        /// not what is to be done.
        static let backgroundHeadings = ["保障措施", "工作保障", "组织保障", "工作要求", "保障机制", "组织实施", "有关要求",
                                         "基本情况", "工作回顾", "指导思想", "总体要求", "工作目标", "主要成效", "存在问题",
                                         "工作职责", "职责分工", "明确工作责任"]

        /// Under 保障措施, 基本情况 and the like, "县扶贫办负责统筹协调。" or "2020年，…由区政府办牵头，
        /// 区级各部门配合，圆满完成了…" describes, it does not assign: only a bracketed or labelled
        /// assignment makes a task there. The item's own heading counts too.
        func isBackground(_ i: Int) -> Bool {
            (items[i].parents.prefix(1) + [i]).contains { k in
                let heading = TextNormalizer.compact(ProseAssignment.firstSentence(items[k].text))
                return Self.backgroundHeadings.contains { heading.hasSuffix($0) || heading.hasPrefix($0) }
            }
        }

        /// The items right below a task that are its steps: nested in it, no task of their own
        /// (a word or two before the full stop: 动员部署, 排查整治).
        func steps(of i: Int) -> [Int] {
            guard found[i] != nil else { return [] }
            var out: [Int] = []
            var j = i + 1
            while j < items.count, items[j].parents.contains(i) {
                if found[j] == nil && !Self.isTaskLike(items[j]) { out.append(j) }
                j += 1
            }
            return out
        }

        /// 工作任务 levels of a task: the headings of the items it is nested in (一、 then （一）).
        func categories(of i: Int) -> (String, String) {
            let names = items[i].parents.map { k in
                found[k].map { $0.requirement } ?? ProseAssignment.firstSentence(items[k].text)
            }
            return (names.first ?? "", names.count >= 2 ? names[1] : "")
        }
    }

    /// Title, year, issuer and date of a prose document.
    static func metadata(preamble: [String], all: [String]) -> Metadata {
        var meta = Metadata.find(before: [], after: all)
        // A cover notice names the plan it sends, so the plan imported later without its notice
        // has the same title (title and year decide revisions); its issuer yields to a 落款.
        let found = Metadata.proseTitle(in: preamble)
        meta.title = found?.title
        if meta.issuer == nil { meta.issuer = found?.issuer }
        meta.year = meta.title.flatMap(Metadata.yearIn) ?? Metadata.planYear(issuedIn: meta.issued)
        return meta
    }
}

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
    static func find(in text: String) -> ProseAssignment? {
        if var strong = labelled(text) ?? parenthetical(text) ?? colonLines(text) {
            strong.addHelpers(fromSentencesOf: text)
            if strong.deadlineText == nil { strong.deadlineText = labelledDeadline(text) ?? clauseDeadline(text) }
            return strong
        }
        guard var found = youClause(text) ?? sentence(text) else { return nil }
        if found.deadlineText == nil { found.deadlineText = labelledDeadline(text) ?? clauseDeadline(text) }
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
        if requirement.isEmpty { requirement = firstSentence(text) }
        // A list of standing duties under 保障措施 (成员单位职责) reads the same way: weak.
        return ProseAssignment(unitText: written.joined(separator: "、"), requirement: requirement, deadlineText: nil,
                               plainUnitText: plain, weak: true)
    }

    /// "市财政局负责资金拨付，各镇（街道）做好政策宣传。（牵头单位：市经信局）": units given work
    /// in the item's sentences, beside a labelled or bracketed lead, are its helpers.
    mutating func addHelpers(fromSentencesOf text: String) {
        let outside = Self.withoutAssignmentBrackets(text)
        let own = Set(UnitParser.parse(plainUnitText ?? unitText).leads)
        var helpers: [String] = []
        for sentence in outside.split(whereSeparator: { $0 == "。" || $0 == "\n" }) {
            let parts = Self.clauses(of: String(sentence))
            let roles = parts.compactMap(Self.roleClause)
            // Only a sentence made of role clauses (and a deadline) names helpers.
            guard !roles.isEmpty, roles.count + parts.filter(Self.isDeadlineClause).count == parts.count else { continue }
            for role in roles { helpers += (role.names + role.helpers).filter { !own.contains($0) && !helpers.contains($0) } }
        }
        guard !helpers.isEmpty, !unitText.contains(where: { _ in false }) else { return }
        let base = plainUnitText ?? unitText
        plainUnitText = base + "," + helpers.joined(separator: "、") + "配合"
    }

    /// "全年推进。", "长期坚持。": the one sentence of the item that is a deadline and nothing else,
    /// as written (nil when there is none, or several). A deadline inside a longer sentence is
    /// not taken: "在信息生成后3个工作日内予以公开" is a rule of the work, not the task's date.
    static func clauseDeadline(_ text: String) -> String? {
        // Brackets hold units or labels, not the words of a sentence's deadline ("（牵头单位：A）全年推进").
        let outside = withoutAssignmentBrackets(text)
        let sentences = outside.split(whereSeparator: { $0 == "。" || $0 == "\n" }).map { trimPunctuation(String($0)) }
        var found: [String] = []
        for (k, sentence) in sentences.enumerated() {
            let parts = clauses(of: sentence)
            if parts.count == 1 {
                // Not the item's title ("深化扫黑除恶常态化。区委政法委牵头…全年推进。").
                if k == 0 && sentences.count > 1 { continue }
                if isDeadlineClause(sentence) && !isRoleClause(sentence) { found.append(sentence) }
            } else if let last = parts.last, TextNormalizer.compact(last).count <= 6,
                      ["全年", "长期", "持续", "常态化", "常年"].contains(where: { TextNormalizer.compact(last).hasPrefix($0) }),
                      isDeadlineClause(last), !isRoleClause(last), DeadlineParser.parse(last, year: 2000).kind == .yearRound,
                      // "2018年6月底前建成网上大厅，长期坚持": the date the sentence names wins.
                      DeadlineParser.completionDates(in: sentence, year: 2000).isEmpty {
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

    /// The first sentence of the item, trimmed of punctuation.
    static func firstSentence(_ s: String) -> String {
        var head = Substring(s)
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
        var depth = 0
        var i = start
        while i < limit {
            let ch = text[i]
            if opening.contains(ch) {
                depth += 1
            } else if closing.contains(ch) {
                if depth == 0 { return i }
                depth -= 1
            } else if depth == 0, ch == "。" || ch == ";" {
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
            let limit = k + 1 < hits.count ? hits[k + 1].start : text.endIndex
            var end = valueEnd(text, from: hit.valueStart, to: limit)
            // "（责任单位：区委宣传部；区融媒体中心）": a name after the semicolon continues the list;
            // "（完成时限：2019年9月底前；2020年6月底前）": so does a second date.
            while end < limit, text[end] == ";" {
                let next = valueEnd(text, from: text.index(after: end), to: limit)
                let segment = String(text[text.index(after: end)..<next])
                let continues = hit.kind == 2 ? isDeadlineClause(segment) : unitNames(Substring(TextNormalizer.compact(segment))) != nil
                guard continues else { break }
                end = next
            }
            let value = trimPunctuation(String(text[hit.valueStart..<end]).replacingOccurrences(of: "\n", with: ""))
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

    /// "（完成时限：每季度）" anywhere in the item, for an assignment found without one.
    static func labelledDeadline(_ text: String) -> String? {
        guard let hit = labelHits(text, kinds: [(2, deadlineLabels)]).first else { return nil }
        var end = valueEnd(text, from: hit.valueStart, to: text.endIndex)
        while end < text.endIndex, text[end] == ";" {
            let next = valueEnd(text, from: text.index(after: end), to: text.endIndex)
            guard isDeadlineClause(String(text[text.index(after: end)..<next])) else { break }
            end = next
        }
        let value = trimPunctuation(String(text[hit.valueStart..<end]).replacingOccurrences(of: "\n", with: ""))
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
            var labelled = false
            for label in leadLabels + responsibleLabels + ["责任人"] where inner.hasPrefix(label + ":") {
                inner.removeFirst(label.count + 1)
                labelled = true
            }
            let (units, deadline) = splitDeadline(inner)
            let compact = TextNormalizer.compact(units)
            let verbs = ["牵头", "落实", "负责", "督促", "配合"]
            guard labelled || verbs.contains(where: { compact.hasSuffix($0) || compact.contains($0 + ",") }) else { continue }
            guard compact.count <= 120, !compact.contains("。") else { continue }
            var rest = text
            rest.removeSubrange(open...close)
            return ProseAssignment(unitText: units, requirement: firstSentence(rest), deadlineText: deadline)
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
        if c.hasPrefix("由") { c = c.dropFirst() }
        if let ending = roleEndings.first(where: { c.hasSuffix($0) }), let names = unitNames(c.dropLast(ending.count)) {
            return (names, !helperEndings.contains(ending), .ending, [])
        }
        if let joint = jointClause(c) { return (joint.leads, true, .leadWithWork, joint.helpers) }
        for (verbs, form) in [(["牵头负责", "牵头抓总", "牵头"], RoleForm.leadWithWork),
                              (["具体负责", "负责", "配合做好", "做好", "抓好", "落实", "予以", "给予"], RoleForm.dutyWithWork)] {
            for verb in verbs {
                guard let r = c.range(of: verb), c.distance(from: r.upperBound, to: c.endIndex) <= 40,
                      !c[r.upperBound...].hasPrefix("单位"), !c[r.upperBound...].hasPrefix("部门"),
                      let names = unitNames(c[..<r.lowerBound]), names.allSatisfy({ $0.count <= 15 }) else { continue }
                return (names, form == .leadWithWork || verb.hasSuffix("负责"), form, [])
            }
        }
        return nil
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
        for clause in clauses {
            guard let role = roleClause(clause) else { return nil }
            // "区发改局牵头抓总，区财政局负责资金保障": after a lead, a duty is a helper's; after a
            // 牵头, so is a 负责 ("A牵头，B、C按职责分工负责").
            let follows = !leads.isEmpty && (role.form == .dutyWithWork || (ledByQiantou && !clause.contains("牵头")))
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
        var end = start
        var depth = 0
        while end < text.endIndex {
            let ch = text[end]
            if opening.contains(ch) { depth += 1 } else if closing.contains(ch) { if depth == 0 { break }; depth -= 1 }
            if depth == 0, ch == "。" || ch == "\n" { break }
            end = text.index(after: end)
        }
        return end
    }

    /// Words of a leader's title: "由副区长陈敏牵头" names a person, not a unit.
    static let leaderWords = ["区长", "县长", "市长", "州长", "书记", "主任", "部长", "常委", "领导", "同志"]

    /// "…,由A、B牵头落实;" / "由A负责落实,B配合,上半年完成" — the clause must end in 牵头, 负责
    /// or 落实; the role and deadline clauses after it in the same sentence belong to it.
    static func youClause(_ text: String) -> ProseAssignment? {
        var from = text.startIndex
        while let r = text.range(of: "由", range: from..<text.endIndex) {
            from = r.upperBound
            var end = r.upperBound
            var length = 0
            while end < text.endIndex, !",;。:()\n".contains(text[end]), length < 80 {
                end = text.index(after: end)
                length += 1
            }
            let clause = String(text[r.upperBound..<end])
            guard ["落实", "牵头", "负责实施", "负责"].contains(where: { clause.hasSuffix($0) }) else { continue }
            guard clause.contains("牵头") || clause.contains("负责") || clause.hasSuffix("落实") else { continue }
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

    /// "区应急管理局负责,区委组织部配合。" / "区住建局负责落实。" / "各镇(街道)负责落实,区直各部门
    /// 配合,全年开展。" — a sentence of its own that is nothing but role clauses (and a deadline).
    static func sentence(_ text: String) -> ProseAssignment? {
        var start = text.startIndex
        while start < text.endIndex {
            if let run = responsibilityRun(text, from: start), run.units.count <= 120 {
                let atEnd = run.end == text.endIndex || "。\n".contains(text[run.end])
                let roles = clauses(of: run.units)
                // A duty alone ("区委宣传部负责政务舆情监测工作。") describes, it does not assign.
                let alone = roles.count == 1 && roleClause(roles[0])?.form == .dutyWithWork
                if atEnd, !alone, roles.contains(where: { roleClause($0)?.lead == true }),
                   clauses(of: String(text[start..<run.end])).count == roles.count + (run.deadline == nil ? 0 : 1) {
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
