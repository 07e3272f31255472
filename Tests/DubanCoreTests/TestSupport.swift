import Foundation
import Testing
@testable import DubanCore

/// Paths the tests read: the package root, ../shared and the bundled fixtures.
enum Paths {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    static let guandu = shared.appendingPathComponent("fixtures/guandu-2018")
    static let prose = shared.appendingPathComponent("fixtures/prose")
    static let seeds = shared.appendingPathComponent("seeds")
    static let fixtures = packageRoot.appendingPathComponent("Tests/DubanCoreTests/Fixtures")

    static func guandu(_ name: String) -> String { guandu.appendingPathComponent(name).path }
}

/// expected.json as plain Foundation values.
enum Expected {
    static func guanduTasks() throws -> [[String: Any]] {
        let data = try Data(contentsOf: Paths.guandu.appendingPathComponent("expected.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(root["tasks"] as? [[String: Any]])
    }

    static func guanduRoot() throws -> [String: Any] {
        let data = try Data(contentsOf: Paths.guandu.appendingPathComponent("expected.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}

/// Compares stored tasks with expected.json field by field; returns every mismatch as text.
func mismatches(_ tasks: [TaskInfo], expected: [[String: Any]]) -> [String] {
    var out: [String] = []
    if tasks.count != expected.count { out.append("task count \(tasks.count) ≠ \(expected.count)") }
    for (t, e) in zip(tasks, expected) {
        let seq = "\(e["seq"] ?? "?")"
        func check(_ field: String, _ got: Any, _ want: Any?) {
            let g = "\(got)", w = "\(want ?? "nil")"
            if g != w { out.append("seq \(seq) \(field): got \(g) want \(w)") }
        }
        if let n = e["seq"] as? Int { check("seq", t.seq, String(n)) } else { check("seq", t.seq, e["seq"]) }
        if e["category"] != nil { check("category", t.category, e["category"]) }
        if e["subcategory"] != nil { check("subcategory", t.subcategory, e["subcategory"]) }
        check("requirement", t.requirement, e["requirement"])
        check("leadUnits", t.leadUnits, e["leadUnits"])
        check("coUnits", t.coUnits, e["coUnits"])
        check("groups", t.groups, e["groups"])
        if e["deadlineText"] != nil { check("deadlineText", t.deadlineText, e["deadlineText"]) }
        let d = e["deadline"] as? [String: Any] ?? [:]
        check("deadline.kind", t.deadline.kind.rawValue, d["kind"])
        check("deadline.due", t.deadline.due?.iso ?? "<null>", (d["due"] as? String) ?? "<null>")
        check("deadline.period", t.deadline.period?.rawValue ?? "<none>", (d["period"] as? String) ?? "<none>")
    }
    return out
}

/// A private temporary folder for one test; `remove()` it in a `defer`.
struct TemporaryDirectory {
    let url: URL

    init(_ prefix: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("duban-\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the folder.
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// A database file `name` in the folder holding the seed plan (93 tasks).
    func seededDatabase(_ name: String) throws -> AppDatabase {
        let db = try AppDatabase.open(path: path(name))
        let r = try PlanImporter.read(path: Paths.guandu("plan.txt"))
        _ = try db.importPlan(r.draft, sha256: r.sha256)
        return db
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}
