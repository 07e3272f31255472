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
        let meta = metadata(preamble: preamble, all: cleaned.map(\.1.spaced))
        // The year tells past dates from the task's; a document without one is refused below,
        // after one that assigns nothing (which is refused before anything else is asked of it).
        // No year in the document: one the file name or the page's 发布日期 gives, said so.
        let fallback = override == nil && meta.year == nil ? Metadata.fallbackYear(grid) : nil
        let knownYear = try? Metadata.planYear(override, found: meta.year ?? fallback?.year, file: grid.source)
        let found = items.map { ProseAssignment.find(in: $0.text, year: knownYear ?? 2000) }
        guard found.contains(where: { $0 != nil }) else { throw ImportError.noTaskTable(file: grid.source) }
        let year = try Metadata.planYear(override, found: meta.year ?? fallback?.year, file: grid.source)
        let plan = Plan(items: items, found: found, year: year)

        let level = planLevel(found)
        var tasks: [TaskDraft] = []
        var findings: [Finding] = fallback.map { [$0.finding] } ?? []
        for (i, item) in items.enumerated() where !plan.headings.contains(i) {
            let loc = SourceLocation(file: grid.source, column: item.path, paragraph: item.line)
            guard let (assignment, from) = plan.assignment(of: i), !(assignment.weak && plan.isBackground(i)) else {
                if item.level > 1 {
                    let head = ProseAssignment.firstSentence(item.text)
                    findings.append(Finding(.info, loc, "已跳过：“\(head.count > 20 ? String(head.prefix(20)) + "…" : head)”没有写明责任单位，不是分工任务"))
                }
                continue
            }
            var units = UnitParser.parse(assignment.plainUnitText ?? assignment.unitText)
            // "区司法局在市司法局指导下开展…" in a 区 plan: the 市 body guides from above; the plan
            // does not give it work. (In a 市 plan, "各镇在市应急管理局指导下…" it helps.)
            if let level {
                let above = Set(ProseAssignment.guides(in: item.text).filter { ProseAssignment.levelRank($0).map { $0 > level } ?? false })
                units.coUnits.removeAll { above.contains($0) }
            }
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
                let text = ProseAssignment.forwardLooking(steps.isEmpty ? item.text : ([item.text] + steps).joined(separator: "\n"),
                                                          year: year)
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
                                   leader: ProseAssignment.labelledLeader(item.text) ?? "", location: loc))
        }
        guard !tasks.isEmpty else { throw ImportError.noTaskTable(file: grid.source) }
        findings += Self.repeatedTasks(tasks, source: grid.source)
        if cleaned.contains(where: { $0.1.converted }) {
            findings.append(Finding(.info, SourceLocation(file: grid.source), "原文为繁体字，已转换为简体后识别"))
        }
        let title = meta.title ?? "\(meta.issuer ?? "")\(year)年分工事项"
        if let span = Metadata.spanFinding(title: meta.title, year: year, override: override, source: grid.source) {
            findings.append(span)
        }
        if meta.title == nil {
            findings.append(Finding(.warning, SourceLocation(file: grid.source), "未找到方案标题，已暂用“\(title)”"))
        }
        return PlanDraft(title: title, year: year, issuer: meta.issuer, issued: meta.issued, source: grid.source,
                         format: grid.format == .text ? .prose : grid.format, tasks: tasks, findings: findings)
    }

    /// The level of the plan's own units: the one most of its lead units are named with (区 of
    /// 区司法局, 市 of 市应急管理局); nil when the leads name no level.
    static func planLevel(_ found: [ProseAssignment?]) -> Int? {
        var counts: [Int: Int] = [:]
        for assignment in found.compactMap({ $0 }) {
            for lead in UnitParser.parse(assignment.plainUnitText ?? assignment.unitText).leads {
                if let rank = ProseAssignment.levelRank(lead) { counts[rank, default: 0] += 1 }
            }
        }
        return counts.max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key
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
        let year: Int
        /// Items whose assignment covers the items below them (一、…（牵头单位：A） over （一） （二）):
        /// headings, not tasks.
        let headings: Set<Int>

        init(items: [Outline.Item], found: [ProseAssignment?], year: Int) {
            self.items = items
            self.found = found
            self.year = year
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
            if let own = ProseAssignment.labelledDeadline(text) ?? ProseAssignment.clauseDeadline(text, year: year) {
                inherited.deadlineText = own
            } else if DeadlineParser.inText(text, year: year)?.deadline.kind == .fixed {
                inherited.deadlineText = nil
            }
            // "（一）…（配合单位：区科技局）" under "二、…（区经信局牵头）": the item adds its co-units.
            if let hit = ProseAssignment.labelHits(text, kinds: [(1, ProseAssignment.coLabels)]).first {
                let co = ProseAssignment.labelValue(text, hit, to: text.endIndex).replacingOccurrences(of: ";", with: "、")
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

        /// Words of a heading over what was done or who does what all year: 2020年工作情况,
        /// 工作完成情况, 上年度工作总结, 部门职责, 成员单位职责.
        static let backgroundWords = ["工作情况", "完成情况", "工作总结", "回顾", "职责", "背景"]

        /// Under 保障措施, 基本情况 and the like, "县扶贫办负责统筹协调。" or "2020年，…由区政府办牵头，
        /// 区级各部门配合，圆满完成了…" describes, it does not assign: only a bracketed or labelled
        /// assignment makes a task there. The item's own heading counts too.
        func isBackground(_ i: Int) -> Bool {
            (items[i].parents.prefix(1) + [i]).contains { k in
                // The heading only: "二、部门职责", not "…由州发改委按照职责分工牵头落实".
                let heading = TextNormalizer.compact(String(items[k].text.prefix { !"。,;(\n".contains($0) }))
                return Self.backgroundHeadings.contains { heading.hasSuffix($0) || heading.hasPrefix($0) }
                    || Self.backgroundWords.contains { heading.contains($0) }
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
        // (Without the spaces a PDF's text puts beside Chinese: 文广新局 2017 年 is 文广新局2017年.)
        meta.title = found.map { TextNormalizer.withoutSpacesBesideChinese($0.title) }
        if meta.issuer == nil { meta.issuer = found?.issuer }
        meta.year = meta.title.flatMap(Metadata.yearIn) ?? Metadata.planYear(issuedIn: meta.issued)
        return meta
    }
}
