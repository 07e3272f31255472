/// The JSON shape of a task, field for field as in `expected.json` (more fields follow).
public enum TaskExport {
    /// The deadline object: kind, due (or null), and period when recurring.
    public static func json(_ d: Deadline) -> JSONValue {
        var fields: [(String, JSONValue)] = [("kind", .string(d.kind.rawValue)), ("due", d.due.map { .string($0.iso) } ?? .null)]
        if let period = d.period { fields.append(("period", .string(period.rawValue))) }
        if let days = d.days { fields.append(("days", .int(days))) }
        return .object(fields)
    }

    /// A numeric seq label is a JSON number ("12" → 12); an outline path stays a string.
    public static func seq(_ label: String) -> JSONValue {
        if let n = Int(label), String(n) == label { return .int(n) }
        return .string(label)
    }

    /// One task object.
    public static func json(_ t: TaskInfo, extra: [(String, JSONValue)] = []) -> JSONValue {
        .object([
            ("seq", seq(t.seq)),
            ("category", .string(t.category)),
            ("subcategory", .string(t.subcategory)),
            ("requirement", .string(t.requirement)),
            ("leadText", .string(t.leadText)),
            ("leadUnits", .array(t.leadUnits.map(JSONValue.string))),
            ("coUnits", .array(t.coUnits.map(JSONValue.string))),
            ("groups", .array(t.groups.map(JSONValue.string))),
            ("deadlineText", .string(t.deadlineText)),
            ("deadline", json(t.deadline)),
            ("id", .int(Int(t.id))),
            ("plan", .int(Int(t.planId))),
            ("leader", .string(t.leader)),
        ] + extra)
    }
}
