import DubanCore
import Hummingbird

/// Authorization decisions shared by the controllers (decided on the server for every route).
extension Web {
    /// Checks that the signed-in user may see (and so act on) task `id`: admins and viewers see
    /// every task; a unit reporter only the tasks of its unit (including those of groups it
    /// belongs to). The task itself is not loaded.
    /// - Throws: `WebError.notFound` for unknown ids, `WebError.forbidden` for another unit's task.
    func requireVisible(_ id: Int64, _ context: AppContext) throws {
        let user = try context.requireUser()
        let unit: String?
        if user.role == .unit {
            guard let name = user.unitName else { throw WebError.forbidden(Self.notYourTask) }
            unit = name
        } else {
            unit = nil
        }
        try Self.require(try db.access(taskId: id, unit: unit), id)
    }

    /// The answer to an access decision on task `id` (also made inside a report's write).
    /// - Throws: `WebError.notFound` for `.missing`, `WebError.forbidden` for `.hidden`.
    static func require(_ access: TaskAccess, _ id: Int64) throws {
        switch access {
        case .visible: return
        case .missing: throw WebError.notFound("任务 \(id) 不存在。")
        case .hidden: throw WebError.forbidden(notYourTask)
        }
    }

    /// The refusal of another unit's task.
    static let notYourTask = "这项任务不属于您的单位，不能查看或报送。"

    /// The path parameter `id` as a number.
    func id(_ context: AppContext, _ name: String = "id") throws -> Int64 {
        guard let text = context.parameters.get(name), let id = Int64(text) else { throw WebError.notFound("地址不正确。") }
        return id
    }
}

/// Small view helpers for templates.
enum View {
    static func light(_ l: Light) -> [String: String] { ["class": "light-\(l.rawValue)", "label": l.label] }

    static func task(_ r: TaskWithStatus) -> [String: Any] {
        let t = r.task, s = r.status
        // swift-mustache treats "" as true in sections: optional texts are left out when empty.
        var v: [String: Any] = ["id": t.id, "seq": t.seq, "requirement": t.requirement, "short": QuarterlyReport.short(t.requirement, 46),
                "category": t.category, "units": (t.leadUnits + t.groups).joined(separator: "、"),
                "deadlineText": t.deadlineText.isEmpty ? "—" : t.deadlineText,
                "due": s.effectiveDue?.iso ?? "—", "state": s.state.label, "light": light(s.light),
                "situation": s.situation, "waiting": s.awaitingTrigger, "version": t.version]
        if !t.subcategory.isEmpty { v["subcategory"] = t.subcategory }
        if !t.coUnits.isEmpty { v["co"] = t.coUnits.joined(separator: "、") }
        if !t.leader.isEmpty { v["leader"] = t.leader }
        return v
    }
}
