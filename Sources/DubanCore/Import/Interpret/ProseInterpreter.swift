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
        let (preamble, items) = Outline.items(cleaned)
        // A document that assigns nothing is refused before anything else is asked of it.
        guard items.contains(where: { ProseAssignment.find(in: $0.text) != nil }) else {
            throw ImportError.noTaskTable(file: grid.source)
        }
        let meta = metadata(preamble: preamble, all: cleaned.map(\.1.text))
        let year = try Metadata.planYear(override, found: meta.year, file: grid.source)

        var tasks: [TaskDraft] = []
        var findings: [Finding] = []
        for item in items {
            let loc = SourceLocation(file: grid.source, column: item.path, paragraph: item.line)
            guard let assignment = ProseAssignment.find(in: item.text) else {
                if item.level > 1 {
                    let head = ProseAssignment.firstSentence(item.text)
                    findings.append(Finding(.info, loc, "已跳过：“\(head.count > 20 ? String(head.prefix(20)) + "…" : head)”没有写明责任单位，不是分工任务"))
                }
                continue
            }
            let units = UnitParser.parse(assignment.unitText)
            guard !units.leads.isEmpty || !units.groups.isEmpty || !units.coUnits.isEmpty else { continue }
            var deadline = Deadline.none
            var deadlineText = ""
            if let labelled = assignment.deadlineText {
                deadlineText = labelled
                deadline = DeadlineParser.parse(labelled, year: year)
            } else {
                let phases = DeadlineParser.completionDates(in: item.text, year: year)
                if let last = phases.max() {
                    deadline = Deadline(kind: .fixed, due: last)
                    deadlineText = last.iso
                    if phases.count > 1 {
                        findings.append(Finding(.info, loc, "序号 \(item.path)：分阶段完成（\(phases.map(\.iso).joined(separator: "、"))），以最后一个时间为完成时限"))
                    }
                }
            }
            var requirement = assignment.requirement
            if requirement.isEmpty { requirement = String(item.text.prefix(40)) }
            if item.flags.repaired {
                findings.append(Finding(.warning, loc, "序号 \(item.path)：这段文字有乱码（GBK 字节错位），已自动修复，请核对原文"))
            } else if item.flags.garbled {
                findings.append(Finding(.warning, loc, "序号 \(item.path)：这段文字有乱码，无法自动修复，请对照原文更正"))
            }
            for note in units.notes { findings.append(Finding(.info, loc, "序号 \(item.path)：\(note)")) }
            tasks.append(TaskDraft(seq: item.path, requirement: requirement, leadText: assignment.unitText,
                                   units: units, deadlineText: deadlineText, deadline: deadline, location: loc))
        }
        guard !tasks.isEmpty else { throw ImportError.noTaskTable(file: grid.source) }
        if cleaned.contains(where: { $0.1.converted }) {
            findings.append(Finding(.info, SourceLocation(file: grid.source), "原文为繁体字，已转换为简体后识别"))
        }
        let title = meta.title ?? "\(meta.issuer ?? "")\(year)年分工事项"
        if meta.title == nil {
            findings.append(Finding(.warning, SourceLocation(file: grid.source), "未找到方案标题，已暂用“\(title)”"))
        }
        return PlanDraft(title: title, year: year, issuer: meta.issuer, issued: meta.issued, source: grid.source,
                         format: grid.format == .text ? .prose : grid.format, tasks: tasks, findings: findings)
    }

    /// Title, year, issuer and date of a prose document.
    static func metadata(preamble: [String], all: [String]) -> Metadata {
        var meta = Metadata.find(before: [], after: all)
        let titleWords = ["方案", "通知", "要点", "意见", "计划", "安排"]
        meta.title = preamble.first { line in
            let c = TextNormalizer.compact(line)
            return c.count <= 60 && !c.hasSuffix(":") && titleWords.contains { c.hasSuffix($0) }
        }
        meta.year = meta.title.flatMap(Metadata.yearIn) ?? Metadata.planYear(issuedIn: meta.issued)
        return meta
    }
}

/// Where an item assigns responsibility: the unit text, the requirement without it, and a
/// labelled deadline if any.
struct ProseAssignment {
    var unitText: String
    var requirement: String
    var deadlineText: String?

    static let leadLabels = ["牵头单位", "牵头部门", "主办单位", "主责单位"]
    /// 责任单位 lead when nothing names a 牵头单位; beside one they are co-units.
    static let responsibleLabels = ["责任单位", "责任部门", "责任科室", "责任处室"]
    static let coLabels = ["配合单位", "配合部门", "协办单位", "参与单位"]
    static let deadlineLabels = ["完成时间", "完成时限", "时间节点", "时限要求", "完成期限"]

    static func find(in text: String) -> ProseAssignment? {
        labelled(text) ?? parenthetical(text) ?? youClause(text)
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

    /// "牵头单位:A 配合单位(部门):B 完成时间:C" — labels may be glued together or on separate lines.
    static func labelled(_ text: String) -> ProseAssignment? {
        struct Hit { var start: String.Index; var valueStart: String.Index; var kind: Int }
        var hits: [Hit] = []
        for (kind, labels) in [(0, leadLabels), (1, coLabels), (2, deadlineLabels), (3, responsibleLabels)] {
            for label in labels {
                var from = text.startIndex
                while let r = text.range(of: label, range: from..<text.endIndex) {
                    var after = r.upperBound
                    // Optional "(部门)" / "(单位)" after the label.
                    if after < text.endIndex, text[after] == "(", let close = text[after...].firstIndex(of: ")"),
                       text.distance(from: after, to: close) <= 5 {
                        after = text.index(after: close)
                    }
                    if after < text.endIndex, text[after] == ":" {
                        hits.append(Hit(start: r.lowerBound, valueStart: text.index(after: after), kind: kind))
                    }
                    from = r.upperBound
                }
            }
        }
        guard hits.contains(where: { $0.kind == 0 || $0.kind == 3 }) else { return nil }
        hits.sort { $0.start < $1.start }
        var lead = "", co = "", responsible = "", deadline: String?
        for (k, hit) in hits.enumerated() {
            var end = k + 1 < hits.count ? hits[k + 1].start : text.endIndex
            if let stop = text[hit.valueStart..<end].firstIndex(where: { "。;)".contains($0) }) { end = stop }
            let value = trimPunctuation(String(text[hit.valueStart..<end]).replacingOccurrences(of: "\n", with: ""))
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
        if before.hasSuffix("(") { before.removeLast() }
        return ProseAssignment(unitText: unitText, requirement: firstSentence(before), deadlineText: deadline)
    }

    /// "(A牵头落实)", "(A牵头,B、C分别落实)", "(A督促落实)", "(责任科室:A、B)".
    static func parenthetical(_ text: String) -> ProseAssignment? {
        var searchEnd = text.endIndex
        while let open = text[..<searchEnd].lastIndex(of: "(") {
            defer { searchEnd = open }
            guard let close = text[open...].firstIndex(of: ")") else { continue }
            var inner = String(text[text.index(after: open)..<close])
            var labelled = false
            for label in leadLabels + responsibleLabels + ["责任人"] where inner.hasPrefix(label + ":") {
                inner.removeFirst(label.count + 1)
                labelled = true
            }
            let compact = TextNormalizer.compact(inner)
            let verbs = ["牵头", "落实", "负责", "督促", "配合"]
            guard labelled || verbs.contains(where: { compact.hasSuffix($0) || compact.contains($0 + ",") }) else { continue }
            guard compact.count <= 120, !compact.contains("。") else { continue }
            var rest = text
            rest.removeSubrange(open...close)
            return ProseAssignment(unitText: inner, requirement: firstSentence(rest), deadlineText: nil)
        }
        return nil
    }

    /// "…,由A、B牵头落实;" / "由A负责落实" — the clause must end in 牵头 or 落实.
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
            guard clause.hasSuffix("落实") || clause.hasSuffix("牵头") || clause.hasSuffix("负责实施") else { continue }
            guard clause.contains("牵头") || clause.contains("负责") || clause.hasSuffix("落实") else { continue }
            // The requirement is what precedes "由…" ("推进行政审批信息公开,由州委编办牵头落实").
            var requirement = firstSentence(String(text[..<r.lowerBound]))
            if requirement.isEmpty { requirement = firstSentence(String(text[end...])) }
            return ProseAssignment(unitText: clause, requirement: requirement, deadlineText: nil)
        }
        return nil
    }
}
