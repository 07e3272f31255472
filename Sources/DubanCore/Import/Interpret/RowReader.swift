import Foundation

/// Turns the data rows of a task table into tasks: column meaning, inheritance of blank
/// (merged) cells, deadline and unit meaning, and a finding for everything it had to guess.
struct RowReader {
    let grid: Grid
    let table: GridTable
    let header: [PlanField?]
    let year: Int
    /// The source tables the rows come from, by the index of their first row (see `PlanInterpreter.TableChoice`).
    let parts: [(start: Int, name: String)]
    private(set) var findings: [Finding] = []
    /// Text of the rows after the last task (落款, 印发 lines inside the table): read as metadata, not as findings.
    private(set) var trailingText: [String] = []
    /// A plan repeats a few dozen lead-unit and deadline texts over thousands of rows: each
    /// distinct text is interpreted once.
    private var unitMemo: [UTF8Key: (units: UnitAssignment, text: String)] = [:]
    private var deadlineMemo: [UTF8Key: (deadline: Deadline, text: String)] = [:]
    /// The last lead, deadline, category and subcategory cell read and what it gave: rows of a
    /// merged cell carry the same lines, so the next row usually needs no lookup at all.
    private var lastLead: (lines: [String], units: UnitAssignment, text: String)?
    private var lastDeadline: (lines: [String], deadline: Deadline, text: String)?
    private var lastCategory: (lines: [String], text: String)?
    private var lastSubcategory: (lines: [String], text: String)?
    private var lastLeader: (lines: [String], text: String)?

    /// Column → field for aligned tables (a 工作任务 header spanning two columns is category +
    /// subcategory; with section rows, see `read`, the category column holds the subcategory).
    private(set) var columns: [PlanField?]
    /// For text tables: how many text levels (category, subcategory, requirement) rows can give.
    let textLevels: [PlanField]

    /// The period each 进度安排 column stands for (一季度 …), by column.
    let scheduleLabels: [Int: String]

    /// The section a joined part's own title names ("…分工方案（一、推动经济高质量发展）" over a
    /// sheet), by the part's start: the category of its rows, as a section row would be.
    let partHeadings: [Int: String]

    init(grid: Grid, table: GridTable, header: [PlanField?], year: Int, parts: [(start: Int, name: String)] = [],
         scheduleLabels: [Int: String] = [:], partHeadings: [Int: String] = [:]) {
        self.scheduleLabels = scheduleLabels
        self.partHeadings = partHeadings
        self.grid = grid
        self.table = table
        self.header = header
        self.year = year
        self.parts = parts
        let present = Set(header.compactMap { $0 })
        var cols = header
        let headerRow = table.rows.first { HeaderMap.headerFields($0) != nil }
        for (i, field) in header.enumerated() where field == .category {
            // A 工作任务 header over two columns: marked as covered where the format records
            // merges, a blank unnamed header cell where it does not (CSV).
            let next = i + 1 < cols.count ? headerRow?.cells[i + 1] : nil
            let spanned = next?.merge == .fromLeft
                || (!table.mergesKnown && next?.isEmpty == true && header[i + 1] == nil)
            if !present.contains(.requirement) { cols[i] = .requirement }
            else if spanned { cols[i + 1] = .subcategory }
        }
        // 类别 | 序号 | 工作任务 with no 具体要求: the last task-name column holds the tasks, the
        // one before it their category (it was read the other way round, category as requirement).
        if !present.contains(.requirement), let last = cols.lastIndex(where: { $0 == .subcategory }),
           let first = cols.firstIndex(of: .requirement), first < last {
            cols[first] = .category
            cols[last] = .requirement
        }
        self.columns = cols
        self.textLevels = present.contains(.requirement) && present.contains(.category)
            ? [.category, .subcategory, .requirement] : [.requirement]
    }

    /// The values a row gives, by field; nil = not given (blank or merged: inherit). A fixed
    /// slot per field rather than a dictionary: two of them are filled for every row.
    struct RowValues {
        private var slots = [[String]?](repeating: nil, count: PlanField.allCases.count)
        /// The 进度安排 cells with text, in column order, each with its period (一季度) when the
        /// header names one.
        var schedule: [(label: String?, text: String)] = []
        /// The 备注 cell's text, if the row has one of its own.
        var remark: String?

        subscript(field: PlanField) -> [String]? {
            get { slots[field.slot] }
            set { slots[field.slot] = newValue }
        }
    }

    /// The tasks of `rows`. With a `sink`, every task is also handed to it as soon as it is
    /// final, a chunk at a time, in order.
    mutating func read(_ rows: [GridRow], sink: TaskSink? = nil) -> [TaskDraft] {
        var handedOver = 0
        let levels = table.aligned ? textLevels : effectiveLevels(rows)
        // Section rows (一、… across the whole table) name the category of the rows below them;
        // a category column then holds the subcategory.
        let hasSections = !partHeadings.isEmpty || rows.contains { sectionTitle($0) != nil }
        let sectionField: PlanField? = hasSections ? sectionLevel() : nil
        var tasks: [TaskDraft] = []
        var carried = RowValues()
        var findingsAtLastTask = findings.count
        var trailing: [GridRow] = []  // rows since the last task
        var part = 0
        // Rows (index, number) of a format without merges whose blank lead or deadline took the row above's.
        var guessed: [(index: Int, number: Int)] = []
        var lastTaskIndex = -1
        var previous: (seq: [String]?, requirement: [String])?  // the last task's cells, for a requirement merged over rows
        var parentField: PlanField??  // where numbered parent rows (1 over 1.1, 1.2) go, once one is met
        var blankDeadlines: [String] = []  // seqs of tasks whose 完成时限 cell is blank
        var scheduled: [String] = []  // tasks due at the last step of their 进度安排
        var seenSeqs: [UTF8Key: Int] = [:]  // seq → the row that first wrote it, in the current category
        var seqCategory = ""
        if let heading = partHeadings[0], let sectionField { carried[sectionField] = [heading] }
        for (index, row) in rows.enumerated() where !row.isBlank {
            // A header repeated on a new page. Data rows start with their seq number, so only the
            // other rows are tested against the header words (the test was a quarter of the import).
            if !(row.cells.first.map { Self.isSeq($0.lines) } ?? false), isHeader(row) { continue }
            while part + 1 < parts.count, parts[part + 1].start <= index {
                part += 1
                if let heading = partHeadings[parts[part].start], let sectionField {
                    carried[sectionField] = [heading]
                    if sectionField == .category { carried[.subcategory] = nil }
                }
            }
            let loc = SourceLocation(file: grid.source, table: parts.isEmpty ? table.name : parts[part].name, row: row.number)
            trailing.append(row)
            // A second table below the first in one sheet: its title row ("附件2：民生实事项目分工")
            // names the category of its tasks (the header row under it is skipped above).
            if table.aligned, let title = singleText(row),
               let next = rows[(index + 1)...].first(where: { !$0.isBlank }), repeatsHeader(next) {
                let name = Self.withoutAttachmentMark(title)
                if !columns.contains(.category) && !columns.contains(.subcategory) {
                    carried[.category] = [name]
                    findings.append(Finding(.info, loc, "“\(title)”是同一张表里下一部分的标题，其后的任务以“\(name)”为类别"))
                } else {
                    findings.append(Finding(.info, loc, "“\(title)”是同一张表里下一部分的标题，已跳过"))
                }
                continue
            }
            if hasSections, let title = sectionTitle(row) {
                // With category and subcategory columns of its own, the table's section titles are headings only.
                if let sectionField {
                    carried[sectionField] = [title]
                    if sectionField == .category { carried[.subcategory] = nil }
                }
                continue
            }
            guard var values = table.aligned ? alignedValues(row) : packedValues(row, levels: levels, at: loc) else {
                continue
            }
            // "1 | 加快产业转型升级 |  |  |" over 1.1, 1.2: a numbered heading of the rows below, no task.
            // 小计 / 合计 rows, a 说明 row and a 落款 row inside the table are no tasks (in a CSV
            // their blank lead and deadline would be taken from the row above).
            if table.aligned, values[.lead]?.isEmpty ?? true, let what = Self.nonTaskRow(values) {
                findings.append(Finding(.info, loc, "这一行是\(what)，不是任务，已跳过"))
                continue
            }
            if table.aligned, isNumberedParent(values, next: rows[(index + 1)...].first { !$0.isBlank }) {
                if parentField == nil { parentField = .some(hasSections ? sectionField : sectionLevel()) }
                if let field = parentField ?? nil {
                    carried[field] = [(values[.category] ?? values[.subcategory] ?? values[.requirement] ?? []).joined()]
                    if field == .category { carried[.subcategory] = nil }
                }
                continue
            }
            // The row writes its own number (not merged from, or left blank under, the row above).
            let ownSeq = values[.seq]?.contains { !$0.isEmpty } == true
            // 同上 (ditto) in a cell means the cell above.
            for field in [PlanField.category, .subcategory, .lead, .co, .deadline, .leader] where Self.isDitto(values[field]) {
                values[field] = nil
            }
            // A new category or subcategory resets what sits below it.
            if values[.category] != nil, values[.subcategory] == nil, levels.contains(.subcategory) {
                carried[.subcategory] = nil
            }
            let ownLead = values[.lead] != nil, ownDeadline = values[.deadline] != nil, ownCo = values[.co] != nil
            if !table.mergesKnown {
                // A blank 配合单位 beside a lead of its own means none: where merges are not
                // recorded it is a merged cell only when the lead is blank too.
                if ownLead, values[.co] == nil { carried[.co] = nil }
                if (!ownLead && carried[.lead] != nil) || (!ownDeadline && carried[.deadline] != nil) { guessed.append((index, row.number)) }
            }
            for field in [PlanField.category, .subcategory, .lead, .co, .deadline, .leader] {
                if let v = values[field] { carried[field] = v } else { values[field] = carried[field] }
            }
            // 同上 as the 具体要求: the task above's requirement, under this row's own number.
            if Self.isDitto(values[.requirement]), let previous { values[.requirement] = previous.requirement }
            // One 具体要求 merged over rows that name their own lead, co-units or deadline (in CSV:
            // left blank, with no number of its own): each row is a task of its own under the same number.
            let mergedRequirement = table.mergesKnown
                ? values[.requirement] == nil
                : values[.requirement]?.isEmpty == true && (values[.seq]?.allSatisfy(\.isEmpty) ?? true)
            if mergedRequirement, let previous, ownLead || ownDeadline || ownCo {
                values[.requirement] = previous.requirement
                if values[.seq]?.contains(where: { !$0.isEmpty }) != true { values[.seq] = previous.seq }
                let seq = previous.seq.map { Self.cleanSeq($0.joined()) } ?? "?"
                findings.append(Finding(.warning, loc, "序号 \(seq) 的具体要求合并了多行，这一行的牵头单位、配合单位或完成时限不同，已读作序号 \(seq) 的另一项任务，请核对"))
            }
            guard let requirement = values[.requirement], !requirement.isEmpty else {
                findings.append(Finding(.warning, loc, "已跳过：这一行没有具体要求"))
                continue
            }
            // A 序号 merged over rows whose 具体要求 differ (sub-items （一）（二） of one task; in CSV a
            // blank number beside a blank lead and deadline): each row is a task of that number.
            let mergedSeq = table.mergesKnown
                ? values[.seq] == nil
                : (values[.seq]?.allSatisfy(\.isEmpty) ?? true) && !ownLead && !ownDeadline
            if mergedSeq, let previousSeq = previous?.seq, !mergedRequirement {
                values[.seq] = previousSeq
                let number = Self.cleanSeq(previousSeq.joined())
                findings.append(Finding(.warning, loc, "序号 \(number) 合并了多行，这一行另有具体要求，已读作序号 \(number) 的另一项任务，请核对"))
            }
            previous = (values[.seq], requirement)
            var seq = values[.seq].map { Self.cleanSeq($0.joined()) } ?? ""
            if seq.isEmpty {
                seq = "\(tasks.count + 1)"
                findings.append(Finding(.warning, loc, "这一行没有序号，已按顺序编为 \(seq)"))
            }
            var (units, leadText) = readLead(values[.lead] ?? [])
            for co in values[.co] ?? [] {
                let extra = UnitParser.parse(co)
                UnitParser.appendUnique(&units.coUnits, extra.leads + extra.coUnits)
                UnitParser.appendUnique(&units.groups, extra.groups)
                UnitParser.appendUnique(&units.doubtful, extra.doubtful)
                UnitParser.appendUnique(&units.notes, extra.notes)
            }
            var (deadline, deadlineText) = readDeadline(values[.deadline] ?? [])
            if deadline.kind == .none, let last = scheduleDeadline(values.schedule) {
                // No 完成时限, but a 进度安排: due at its last step's period.
                (deadline, deadlineText) = (Deadline(kind: .fixed, due: last.due), last.words)
                scheduled.append("\(seq)（\(last.words)，\(last.due.iso)）")
            }
            if units.leads.isEmpty && units.groups.isEmpty {
                findings.append(Finding(.warning, loc, "序号 \(seq)：没有牵头单位，请在预览中补上"))
            }
            for name in units.doubtful {
                findings.append(Finding(.warning, loc, "序号 \(seq)：\(UnitAssignment.doubtfulMessage(name))"))
            }
            for note in units.notes { findings.append(Finding(.info, loc, "序号 \(seq)：\(note)")) }
            if deadline.kind == .fixed, deadlineText.count > 8,
               case let phases = Set(DeadlineParser.completionDates(in: deadlineText, year: year)).sorted(), phases.count > 1 {
                // "2021年6月30日前完成建设方案；2021年12月31日前建成投用": the last is the due date.
                findings.append(Finding(.info, loc, "序号 \(seq)：分阶段完成（\(phases.map(\.iso).joined(separator: "、"))），以最后一个时间为完成时限"))
            }
            if deadline.kind == .fixed, let due = deadline.due, Self.excelSerialDay(deadlineText) == due {
                findings.append(Finding(.warning, loc, "序号 \(seq)：完成时限“\(deadlineText)”是 Excel 的日期序号，已读作 \(due.iso)，请核对"))
            }
            if let remark = values.remark, let note = remarkNote(remark, deadline: deadline, deadlineText: deadlineText) {
                findings.append(Finding(.warning, loc, "序号 \(seq)：\(note)"))
            }
            if deadline.kind == .unparsed {
                findings.append(Finding(.warning, loc, "序号 \(seq)：完成时限“\(deadlineText)”无法识别，已按原文保留"))
            } else if deadline.kind == .none, let due = DeadlineParser.parse(removeSpaces(requirement.joined()), year: year).due {
                // No deadline cell, but the requirement names a date (…2018年6月底前完成): the task would never turn red.
                findings.append(Finding(.warning, loc, "序号 \(seq)：完成时限是空的，具体要求里写有日期（\(due.iso)），请核对后补上"))
            } else if deadline.kind == .none, columns.contains(.deadline) {
                blankDeadlines.append(seq)
            }
            let category = Self.oneLine(values[.category] ?? [], last: &lastCategory)
            tasks.append(TaskDraft(
                seq: seq,
                category: category,
                subcategory: Self.oneLine(values[.subcategory] ?? [], last: &lastSubcategory),
                requirement: (requirement.count == 1
                    ? TextNormalizer.collapseSpaces(requirement[0])
                    : requirement.map(TextNormalizer.collapseSpaces).joined(separator: "\n")) + Self.scheduleText(values.schedule),
                leadText: leadText,
                units: units,
                deadlineText: deadlineText,
                deadline: deadline,
                leader: Self.oneLine(values[.leader] ?? [], separator: "、", last: &lastLeader),
                location: loc))
            // The same number written twice under one heading: often 1.10 typed into Excel as a
            // number, which shows as 1.1.
            if ownSeq {
                // Numbers are compared within a run of one category (seq restarting under a new
                // heading is no repeat), as bytes (String hashing normalises Unicode: slow).
                if !category.utf8.elementsEqual(seqCategory.utf8) {
                    seenSeqs.removeAll(keepingCapacity: true)
                    seqCategory = category
                }
                if let first = seenSeqs[UTF8Key(seq)] {
                    findings.append(Finding(.warning, loc, "序号 \(seq) 与第\(first)行的序号相同，请核对是否录错（例如 Excel 把 1.10 当作数字，显示成了 1.1）"))
                } else {
                    seenSeqs[UTF8Key(seq)] = row.number
                }
            }
            findingsAtLastTask = findings.count
            lastTaskIndex = index
            trailing.removeAll(keepingCapacity: true)
            if let sink, tasks.count - handedOver == TaskSinkChunk.size {
                sink.accept(Array(tasks[handedOver...]))
                handedOver = tasks.count
            }
        }
        if let sink, tasks.count > handedOver { sink.accept(Array(tasks[handedOver...])) }
        // Rows after the last task are the table's footer, not skipped tasks.
        findings.removeSubrange(findingsAtLastTask...)
        if !scheduled.isEmpty {
            let shown = scheduled.listedBriefly()
            findings.append(Finding(.info, SourceLocation(file: grid.source, table: table.name),
                                    "\(scheduled.count) 项任务没有完成时限，已按进度安排的最后一个节点定为完成时限：序号 \(shown)"))
        }
        // Blank 完成时限 cells in a table that has the column: such tasks never turn red.
        if !blankDeadlines.isEmpty {
            let shown = blankDeadlines.listedBriefly()
            findings.append(Finding(.warning, SourceLocation(file: grid.source, table: table.name),
                                    "\(blankDeadlines.count) 项任务的完成时限是空的（序号 \(shown)），导入后列入“无完成时限”，不会显示逾期；请在文件中补上，或导入后用 duban edit 任务编号 --deadline 设定"))
        }
        // Rows after the last task are the footer (row numbers restart in each joined table: indexes are compared).
        guessed.removeAll { $0.index > lastTaskIndex }
        if !guessed.isEmpty {
            let shown = guessed.lazy.map { "第\($0.number)行" }.listedBriefly(8)
            findings.append(Finding(.info, SourceLocation(file: grid.source, table: table.name),
                                    "这种格式不记录合并单元格：\(guessed.count) 行的牵头单位或完成时限是空的，已沿用上一行（\(shown)），请在预览中核对"))
        }
        trailingText = trailing.map { $0.cells.filter { $0.merge == .origin }.map(\.text).joined(separator: " ") }
        return tasks
    }

    /// The day an Excel date serial (five digits, as "45291") stands for; nil for other text.
    static func excelSerialDay(_ s: String) -> Day? {
        guard s.utf8.count == 5, s.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let serial = Double(s) else { return nil }
        return XlsxReader.day(fromSerial: serial)
    }

    /// "2023-12-31 0:00" (a date cell exported with its time) → "2023-12-31": a time after the
    /// last space is dropped, before spaces are (which would glue it to the day).
    static func withoutTime(_ s: String) -> String {
        guard s.utf8.contains(UInt8(ascii: ":")), let space = s.lastIndex(of: " ") else { return s }
        let tail = s[s.index(after: space)...]
        let parts = tail.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              s[..<space].last?.isNumber == true else { return s }
        return String(s[..<space])
    }

    /// A cell's paragraphs as one text: "2021年6月底前启动" and "2021年12月底前完成" become
    /// "2021年6月底前启动；2021年12月底前完成" (joined as they were, the two read as one phrase).
    static func joinedLines(_ lines: [String]) -> String {
        var out = ""
        for line in lines {
            // Not inside a date cut by a line break ("2023年" / "12月底前").
            if let last = out.last, !"，,；;。、：:（(年月至—-".contains(last), let first = line.first, !"，,；;。、）)".contains(first) {
                out += "；"
            }
            out += line
        }
        return out
    }

    /// The 进度安排 as a line under the requirement: "进度安排：一季度：完成项目谋划；二季度：开工10个".
    static func scheduleText(_ steps: [(label: String?, text: String)]) -> String {
        guard !steps.isEmpty else { return "" }
        return "\n进度安排：" + steps.map { step in step.label.map { "\($0)：\(step.text)" } ?? step.text }.joined(separator: "；")
    }

    /// The due date a 进度安排 gives: the end of its last period with a step (一季度 … 四季度,
    /// a month), or the last completion date its single text names; nil when it gives none.
    func scheduleDeadline(_ steps: [(label: String?, text: String)]) -> (due: Day, words: String)? {
        var best: (due: Day, words: String)?
        for step in steps {
            let words = step.label ?? step.text
            let due = step.label.flatMap { DeadlineParser.parse($0, year: year).due }
                ?? DeadlineParser.completionDates(in: TextNormalizer.compact(step.text), year: year).max()
            if let due, due >= (best?.due ?? due) { best = (due, step.label ?? QuarterlyReport.short(words, 20)) }
        }
        return best
    }

    /// The units a lead-unit cell names and its text without spaces, each distinct text parsed once.
    mutating func readLead(_ lines: [String]) -> (UnitAssignment, String) {
        if let last = lastLead, last.lines.sameBytes(as: lines) { return (last.units, last.text) }
        let key = lines.count == 1 ? lines[0] : lines.joined(separator: "\n")
        let known: (units: UnitAssignment, text: String)
        if let memo = unitMemo[UTF8Key(key)] { known = memo } else {
            known = (UnitParser.parse(Self.simplified(key)), removeSpaces(key))
            unitMemo[UTF8Key(key)] = known
        }
        lastLead = (lines, known.units, known.text)
        return known
    }

    /// The meaning of a deadline cell and its text without spaces, each distinct text parsed once.
    mutating func readDeadline(_ lines: [String]) -> (Deadline, String) {
        if let last = lastDeadline, last.lines.sameBytes(as: lines) { return (last.deadline, last.text) }
        let text = removeSpaces(Self.withoutTime(lines.count == 1 ? lines[0] : Self.joinedLines(lines)))
        let known: (deadline: Deadline, text: String)
        if let memo = deadlineMemo[UTF8Key(text)] { known = memo } else {
            var deadline = DeadlineParser.parse(Self.simplified(text), year: year)
            // "45291": an Excel date exported as its serial number (a CSV from Excel or an OA
            // system), within the years around the plan's; the text stays as written.
            if deadline.kind == .unparsed, let day = Self.excelSerialDay(text), abs(day.year - year) <= 2 {
                deadline = Deadline(kind: .fixed, due: day)
            }
            known = (deadline, text)
            deadlineMemo[UTF8Key(text)] = known
        }
        lastDeadline = (lines, known.deadline, known.text)
        return known
    }

    /// A lead or deadline cell in Traditional characters (區教育局牽頭, 3個工作日內) is read in
    /// Simplified, so the unit is the one the Simplified plans name; the text is kept as written.
    /// Once per distinct cell text (the callers memoize).
    /// A single changed character, however often, is not enough: 乾县 is a county in Simplified
    /// text, which ICU would make 干县; a Traditional cell changes in several (區…牽頭, 個…內).
    static func simplified(_ s: String) -> String {
        guard let t = TextNormalizer.simplifiedChinese(s) else { return s }
        var changed = Set<Unicode.Scalar>()
        for (a, b) in zip(s.unicodeScalars, t.unicodeScalars) where a != b {
            changed.insert(a)
            if changed.count == 2 { return t }
        }
        return s
    }

    /// True for a cell that says 同上 (or 〃): the same as the cell above.
    static func isDitto(_ lines: [String]?) -> Bool {
        guard let lines, lines.count == 1, lines[0].utf8.count <= 12 else { return false }
        let c = TextNormalizer.compact(lines[0])
        return c == "同上" || c == "同上。" || c == "〃" || c == "同前"
    }

    /// The title of a section row: one cell across the table (where merges are recorded, the
    /// first cell with every other merged into it from the left; in CSV, the first cell with the
    /// others blank) that starts with 一、 or （一）, without that number. Nil for any other row —
    /// a sub-item （二）… beside cells merged from the rows above is part of a task.
    /// A row numbered N with no lead, co-units or deadline, above a row numbered N.1: the heading
    /// of the rows below it.
    func isNumberedParent(_ values: RowValues, next: GridRow?) -> Bool {
        guard let seq = values[.seq].map({ Self.cleanSeq($0.joined()) }), Self.isSeq(seq), let next,
              [PlanField.lead, .co, .deadline].allSatisfy({ values[$0]?.allSatisfy(\.isEmpty) ?? true }) else { return false }
        let following = Self.cleanSeq(next.cells.first?.text ?? "")
        guard following.hasPrefix(seq + "."), let digit = following.dropFirst(seq.count + 1).first else { return false }
        return digit.isASCII && digit.isNumber
    }

    func sectionTitle(_ row: GridRow) -> String? {
        guard let text = singleText(row) else { return numberedSectionTitle(row) }
        let c = TextNormalizer.compact(text)
        guard let (kind, _, rest) = Outline.marker(in: c), kind == .chinese || kind == .parenChinese, !rest.isEmpty else {
            return nil
        }
        return rest
    }

    /// What a row without a lead of its own is when it is no task: a 小计/合计 row (in the 序号
    /// column), a 说明/备注 row, or a 落款 (an office and a date); nil for any other row.
    static func nonTaskRow(_ values: RowValues) -> String? {
        // Most rows are numbered tasks (in a CSV their merged lead arrives blank): decided on
        // the number's first byte, without copying it.
        if let line = values[.seq]?.first, let byte = line.utf8.first, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            return nil
        }
        let seq = TextNormalizer.compact((values[.seq] ?? []).joined())
        if subtotalWords.contains(where: { seq.hasPrefix($0) }) { return "\(seq.prefix(2))行" }
        guard seq.isEmpty else { return nil }
        let text = TextNormalizer.compact((values[.requirement] ?? values[.category] ?? values[.subcategory] ?? []).joined())
        if ["说明:", "说明：", "备注:", "备注：", "注:", "注：", "填报说明"].contains(where: { text.hasPrefix($0) }) { return "说明" }
        if subtotalWords.contains(where: { text.hasPrefix($0) }), text.count <= 8 { return "\(text.prefix(2))行" }
        // A 落款: an office's name over a date. The date cell is read only beside such a name.
        guard Metadata.isIssuer(text) || (text.hasSuffix("室") && text.count <= 20) else { return nil }
        let deadline = TextNormalizer.compact((values[.deadline] ?? []).joined())
        return !deadline.isEmpty && Metadata.trailingDate(deadline)?.1 == 0 ? "落款" : nil
    }

    /// What a 小计/合计 row starts with, in its 序号 column or as its text.
    static let subtotalWords = ["小计", "合计", "总计", "共计"]

    /// "一 | 推动经济高质量发展 | | | |": a Chinese numeral in the 序号 column and one text beside it,
    /// every other cell blank, is a section title too (the number and the title in their columns).
    func numberedSectionTitle(_ row: GridRow) -> String? {
        guard table.aligned, row.cells.count >= 3, let first = row.cells.first, first.merge == .origin,
              first.lines.count == 1, Self.isChineseNumeral(first.lines[0]) else { return nil }
        var title: String?
        for cell in row.cells.dropFirst() {
            if cell.merge == .fromAbove { return nil }
            guard cell.merge == .origin, !cell.isEmpty else { continue }
            if title != nil { return nil }
            title = cell.text
        }
        guard let title, title.utf8.count <= 300 else { return nil }
        return TextNormalizer.compact(title)
    }

    /// 一, 十二, 三、: a section number in Chinese numerals.
    static func isChineseNumeral(_ s: String) -> Bool {
        // Most cells are an Arabic number or text: decided on the first scalar, without copying.
        guard s.utf8.count <= 24, let head = s.unicodeScalars.first(where: { !$0.properties.isWhitespace }),
              "一二三四五六七八九十".unicodeScalars.contains(head) else { return false }
        var c = TextNormalizer.compact(s)
        while let last = c.last, "、.．".contains(last) { c.removeLast() }
        return !c.isEmpty && c.count <= 3 && c.allSatisfy { "一二三四五六七八九十".contains($0) }
    }

    /// The text of a row that is one cell across the whole table (merged, or the others blank:
    /// where the format keeps no merges, or where a sheet's text only runs over empty cells),
    /// when it is no number; nil otherwise.
    func singleText(_ row: GridRow) -> String? {
        guard table.aligned, row.cells.count >= 3, let first = row.cells.first, first.merge == .origin, !first.isEmpty,
              row.cells.dropFirst().allSatisfy({ ($0.merge == .fromLeft && table.mergesKnown) || ($0.merge == .origin && $0.isEmpty) })
        else { return nil }
        let text = first.text
        guard text.utf8.count <= 300, !Self.isSeq(text) else { return nil }
        return text
    }

    /// A header row among the data rows: one repeated on a new page, or the header of a second
    /// table in the same sheet (`repeatsHeader`). Each cell's header word is read once for both.
    func isHeader(_ row: GridRow) -> Bool {
        let fields = row.cells.map { HeaderMap.field(of: $0.text) }
        return HeaderMap.headerFields(row, fields: fields) != nil || repeatsHeader(row, fields: fields)
    }

    /// A row that repeats the header's words in at least three of its columns, though under
    /// another name in some (序号 | 民生实事 | 牵头单位 | … under 序号 | 工作任务 | 牵头单位 | …): the
    /// header of a second table in the same sheet. `fields`: each cell's `HeaderMap.field(of:)`,
    /// when read already.
    func repeatsHeader(_ row: GridRow, fields: [PlanField?]? = nil) -> Bool {
        guard table.aligned, row.cells.count == header.count else { return false }
        var same = 0
        for (i, cell) in row.cells.enumerated() where cell.merge == .origin && !cell.isEmpty {
            guard let field = header[i] else { continue }
            if (fields.map { $0[i] } ?? HeaderMap.field(of: cell.text)) == field { same += 1 }
        }
        return same >= 3
    }

    /// "附件2：民生实事项目分工" → "民生实事项目分工".
    static func withoutAttachmentMark(_ title: String) -> String {
        let t = TextNormalizer.compact(title)
        guard t.hasPrefix("附件") || t.hasPrefix("附表"), let colon = t.firstIndex(where: { $0 == "：" || $0 == ":" }) else { return t }
        let rest = t[t.index(after: colon)...]
        return rest.isEmpty ? t : String(rest)
    }

    /// Where section titles go: the category when the table has no category column; else the
    /// category, with the category column read as the subcategory. Nil when the table has both
    /// (the titles are then headings only).
    mutating func sectionLevel() -> PlanField? {
        if columns.contains(.subcategory) { return nil }
        if let i = columns.firstIndex(of: .category) { columns[i] = .subcategory }
        return .category
    }

    // MARK: - Aligned tables (DOCX, XLSX, HTML, CSV)

    func alignedValues(_ row: GridRow) -> RowValues? {
        var values = RowValues()
        for (i, cell) in row.cells.enumerated() where i < columns.count {
            guard let field = columns[i] else { continue }
            if field == .remark {
                // A note is the row's own: never inherited from a merged cell.
                if cell.merge == .origin, !cell.isEmpty { values.remark = TextNormalizer.collapseSpaces(cell.lines.joined(separator: " ")) }
                continue
            }
            if field == .schedule {
                // Steps are never inherited: a blank period has no step.
                if cell.merge == .origin, !cell.isEmpty {
                    values.schedule.append((scheduleLabels[i], cell.lines.map(TextNormalizer.collapseSpaces).joined(separator: " ")))
                }
                continue
            }
            switch cell.merge {
            case .fromAbove: continue  // inherit
            case .fromLeft: if values[field] == nil { values[field] = [] }
            case .origin:
                if cell.isEmpty && !table.mergesKnown && field != .requirement && field != .seq { continue }
                // 配合单位 and 责任单位 beside 牵头单位 are both co-units: the second column adds to the first.
                if field == .co, let earlier = values[.co], !earlier.isEmpty {
                    values[.co] = earlier + cell.lines
                } else {
                    values[field] = cell.lines
                }
            }
        }
        return values
    }

    // MARK: - Left-packed text tables

    /// Levels actually used: as many text columns as the fullest row gives.
    func effectiveLevels(_ rows: [GridRow]) -> [PlanField] {
        var most = 1
        for row in rows.prefix(400) {
            let split = split(row)
            most = max(most, split.texts.count)
        }
        // Two text cells under 工作任务 | 具体要求 are category and requirement, not subcategory.
        if most == 2, textLevels == [.category, .subcategory, .requirement] { return [.category, .requirement] }
        return Array(textLevels.suffix(min(most, textLevels.count)))
    }

    /// A packed row's cells sorted into seq, texts, lead, co-units and deadline by content and
    /// position. Under a 配合单位 column, two unit cells before the deadline are the lead and the
    /// co-units ("县政府办 | 县司法局 | 2021年3月底前"); one is the lead (an empty 配合单位 left
    /// no cell).
    func split(_ row: GridRow) -> (seq: String?, texts: [String], lead: String?, co: String?, deadline: String?) {
        var cells = row.cells.map(\.text)
        var seq: String?
        if let first = cells.first, Self.isSeq(first), header.first == .seq { seq = first; cells.removeFirst() }
        var deadline: String?
        var lead: String?
        var co: String?
        if cells.count >= 2, let last = cells.last, !looksLikeUnits(last), looksLikeDeadline(last) {
            deadline = cells.removeLast()
        }
        if header.contains(.co), cells.count >= 3, looksLikeUnits(cells[cells.count - 1]), looksLikeUnits(cells[cells.count - 2]) {
            co = cells.removeLast()
        }
        if cells.count >= 2, let last = cells.last, looksLikeUnits(last) { lead = cells.removeLast() }
        return (seq, cells, lead, co, deadline)
    }

    mutating func packedValues(_ row: GridRow, levels: [PlanField], at loc: SourceLocation) -> RowValues? {
        let parts = split(row)
        if header.first == .seq && parts.seq == nil {
            findings.append(Finding(.warning, loc, "已跳过：这一行没有序号（\(String(row.cells.map(\.text).joined(separator: " ").prefix(30)))）"))
            return nil
        }
        var values = RowValues()
        if let seq = parts.seq { values[.seq] = [seq] }
        if let lead = parts.lead { values[.lead] = [lead] }
        if let co = parts.co { values[.co] = [co] }
        if let deadline = parts.deadline { values[.deadline] = [deadline] }
        var texts = parts.texts
        if texts.count > levels.count {
            findings.append(Finding(.warning, loc, "这一行的格子比表头多，多出的内容已并入具体要求"))
            let extra = texts[(levels.count - 1)...].joined()
            texts = Array(texts[..<(levels.count - 1)]) + [extra]
        }
        for (field, text) in zip(levels.suffix(texts.count), texts) { values[field] = [text] }
        return values
    }

    /// What a 备注 says that changes the task, in plain words for the preview: a deadline moved
    /// (延期至2022年3月: the 完成时限 read stays; an approved extension is recorded as one), the
    /// task cancelled or done, its units or contents changed. Nil for other notes.
    func remarkNote(_ remark: String, deadline: Deadline, deadlineText: String) -> String? {
        let c = TextNormalizer.compact(remark)
        let shown = QuarterlyReport.short(remark, 40)
        if ["延期", "推迟", "顺延", "延至", "延长至", "调整为", "调整至", "改为"].contains(where: { c.contains(literal: $0) }),
           let moved = DeadlineParser.parse(c, year: year).due, moved != deadline.due {
            let read = deadline.due.map { "（\($0.iso)）" } ?? ""
            return "备注写明“\(shown)”（\(moved.iso)），完成时限仍按“\(deadlineText)”\(read)读取；如果延期已获批准，请在延期审批中登记新的期限"
        }
        if ["取消", "撤销", "停止实施", "不再实施", "暂缓", "已删除", "删除"].contains(where: { c.contains(literal: $0) }) {
            return "备注写明“\(shown)”，这项任务可能已取消或暂缓，已照常导入，请核对"
        }
        if ["已完成", "已办结", "完成销号", "已销号"].contains(where: { c.contains(literal: $0) }) {
            return "备注写明“\(shown)”，已照常导入为未完成，请在任务中登记完成情况"
        }
        if ["调整", "改为", "改由", "变更", "更改"].contains(where: { c.contains(literal: $0) }) {
            // 牵头单位调整为区城管局: the table's own columns are read; the note may change them.
            return "备注写明“\(shown)”，已按表中各栏读取，请核对是否需要按备注修改"
        }
        return nil
    }

    static func isSeq(_ s: String) -> Bool {
        // At most six ASCII digits: tested on the bytes (an ASCII digit is one byte and one character).
        let c = Self.cleanSeq(s)
        return !c.isEmpty && c.utf8.count <= 6 && c.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// `isSeq` of a cell's text (its lines joined by newlines), without joining the usual single line.
    static func isSeq(_ lines: [String]) -> Bool {
        lines.count == 1 ? Self.isSeq(lines[0]) : Self.isSeq(lines.joined(separator: "\n"))
    }

    func looksLikeDeadline(_ s: String) -> Bool {
        let c = TextNormalizer.compact(s)
        guard !c.isEmpty, c.count <= 30, !c.contains(literal: "。") else { return false }
        let kind = DeadlineParser.parse(c, year: year).kind
        return kind != .unparsed && kind != .none
    }

    /// A lead-unit cell: short, names units and usually says 牵头 / 落实 / 负责.
    func looksLikeUnits(_ s: String) -> Bool {
        let c = TextNormalizer.compact(s)
        guard !c.isEmpty, c.count <= 90, !c.contains(literal: "。") else { return false }
        if c.contains(literal: "牵头") { return true }
        for end in ["落实", "负责", "负责落实", "督促落实", "配合"] where c.hasSuffix(end) {
            let names = UnitParser.parse(c)
            return !names.isEmpty
        }
        return Self.isBareUnitList(c)
    }

    /// A cell of unit names alone (区委编办; 区政府办、区司法局; 各街道): each name short, ending
    /// as the names of offices do, and starting as they do (区…, 市…) unless it is very short
    /// (教育局) — a requirement such as 升级改造区政务服务中心 ends like a unit but is none.
    static func isBareUnitList(_ c: String) -> Bool {
        guard c.count <= 40 else { return false }
        let names = c.split { $0 == "、" || $0 == "," || $0 == "，" }
        return !names.isEmpty && names.allSatisfy { name in
            if UnitParser.isGroup(String(name)) { return true }
            guard (2...14).contains(name.count), UnitParser.endsAsUnitName(name), let first = name.first else { return false }
            return UnitParser.levelPrefixes.contains(first) || name.hasPrefix("中共") || (name.count <= 5 && !name.hasSuffix("办"))
        }
    }

    // MARK: - Text helpers

    static func cleanSeq(_ s: String) -> String {
        var c = TextNormalizer.compact(s)
        // The usual "12": the last character is an ASCII one other than ".", nothing to strip.
        if let last = c.utf8.last, last < 0x80, last != UInt8(ascii: ".") { return c }
        while let last = c.last, ".、．".contains(last) { c.removeLast() }
        return c
    }

    /// A category cell's lines joined into one line, spaces collapsed (with a `separator`: each
    /// line collapsed, then joined with it, as names are: 张三、李四); `last` (the last cell seen
    /// and its line) is reused when the lines are the same, as they are below a merged cell.
    static func oneLine(_ lines: [String], separator: String? = nil, last: inout (lines: [String], text: String)?) -> String {
        if let last, last.lines.sameBytes(as: lines) { return last.text }
        let text = separator.map { lines.map(TextNormalizer.collapseSpaces).joined(separator: $0) }
            ?? TextNormalizer.collapseSpaces(lines.count == 1 ? lines[0] : lines.joined())
        last = (lines, text)
        return text
    }

    func removeSpaces(_ s: String) -> String { TextNormalizer.removeSpaces(s) }
}

extension PlanField {
    /// Position in `allCases`, for `RowReader.RowValues`.
    var slot: Int {
        switch self {
        case .seq: return 0
        case .category: return 1
        case .subcategory: return 2
        case .requirement: return 3
        case .lead: return 4
        case .co: return 5
        case .deadline: return 6
        case .leader: return 7
        case .schedule: return 8
        case .remark: return 9
        }
    }
}
