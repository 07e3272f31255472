/// A plan as read from a document, before it is stored: what the preview shows.
public struct PlanDraft: Sendable {
    public var title: String
    public var year: Int
    public var issuer: String?
    public var issued: Day?
    public var source: String
    public var format: SourceFormat
    public var tasks: [TaskDraft]
    public var findings: [Finding]

    public init(title: String, year: Int, issuer: String?, issued: Day?, source: String, format: SourceFormat,
                tasks: [TaskDraft], findings: [Finding]) {
        self.title = title
        self.year = year
        self.issuer = issuer
        self.issued = issued
        self.source = source
        self.format = format
        self.tasks = tasks
        self.findings = findings
    }

    /// Every distinct unit name (leads, co-units, groups) in order of first appearance.
    public var unitNames: [String] {
        var seen = Set<UTF8Key>()  // byte-keyed: String's hashing normalises every character first
        var out: [String] = []
        forEachDistinctList(groups: true) { _, names in
            for n in names where seen.insert(UTF8Key(n)).inserted { out.append(n) }
        }
        return out
    }

    /// Calls `body` with the index of each task and its leads and co-units (and, with `groups`,
    /// its groups), in task order, skipping a list whose storage was given before: a plan's rows share a few dozen
    /// lead-unit cells and the rows of one cell share the same array storage (RowReader reads
    /// each distinct cell once), so what only collects distinct names looks at each cell once.
    /// Two lists in the same storage hold the same names; `tasks` keeps them all alive meanwhile.
    func forEachDistinctList(groups: Bool, _ body: (_ task: Int, _ names: [String]) -> Void) {
        var seen = Set<UnsafeRawPointer>()
        func visit(_ task: Int, _ names: [String]) {
            guard let storage = names.withUnsafeBufferPointer({ $0.baseAddress.map(UnsafeRawPointer.init) }),
                  seen.insert(storage).inserted else { return }
            body(task, names)
        }
        // By index: a task is read in place, not copied whole.
        for i in tasks.indices {
            visit(i, tasks[i].units.leads)
            visit(i, tasks[i].units.coUnits)
            if groups { visit(i, tasks[i].units.groups) }
        }
    }
}

/// One task row as read: the written texts and their meaning.
public struct TaskDraft: Sendable, Hashable {
    /// 序号 as written ("12", "二(三)").
    public var seq: String
    public var category: String
    public var subcategory: String
    public var requirement: String
    /// The 牵头单位 text as written (spaces removed).
    public var leadText: String
    public var units: UnitAssignment
    /// The 完成时限 text as written (spaces removed).
    public var deadlineText: String
    public var deadline: Deadline
    /// 责任领导: the leader in charge as written ("张三副区长"), empty when the plan names none.
    public var leader: String
    public var location: SourceLocation

    public init(seq: String, category: String = "", subcategory: String = "", requirement: String,
                leadText: String = "", units: UnitAssignment = UnitAssignment(), deadlineText: String = "",
                deadline: Deadline = .none, leader: String = "", location: SourceLocation) {
        self.seq = seq
        self.category = category
        self.subcategory = subcategory
        self.requirement = requirement
        self.leadText = leadText
        self.units = units
        self.deadlineText = deadlineText
        self.deadline = deadline
        self.leader = leader
        self.location = location
    }
}
