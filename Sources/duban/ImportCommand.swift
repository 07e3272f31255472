import ArgumentParser
import DubanCore
import Foundation

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a plan file (DOCX, XLSX, HTML, CSV, TXT; DOC/XLS/WPS/ET via LibreOffice; PDF via pdftotext) and print its preview.",
        discussion: "A file with the same title and year as a stored plan is a revision: the diff is shown and applied in one transaction. --dry-run shows the preview (or the diff) and writes nothing."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The plan file to import.")
    var file: String

    @Option(help: "Plan year, when the document does not say it (overrides the year found).")
    var year: Int?

    @Flag(help: "Show the preview only; write nothing to the database.")
    var dryRun = false

    @Option(help: "Who is importing (recorded in the audit trail). Default: $USER.")
    var by: String?

    @Flag(help: "Apply a revision even when most of the stored plan's tasks would change (the file looks like another plan with the same title).")
    var revise = false

    func run() throws {
        try runReporting {
            // Opening the database (on a new file: creating it and running the migrations) takes
            // as long as reading a small plan, so another core does it meanwhile. A file that
            // cannot be read leaves no new database behind.
            let existed = FileManager.default.fileExists(atPath: global.path)
            let opening = dryRun ? nil : Background { [global] in try global.openCreating() }
            // Tasks are stored on another core while the rest of the file is interpreted.
            let actor = Actor(name: by ?? ProcessInfo.processInfo.environment["USER"] ?? "office", source: "cli:import")
            let stream = opening.map { opening in StreamedImport(into: { try opening.value() }, by: actor, revisingUnlike: revise) }
            let reading: PlanImporter.Reading
            do {
                reading = try PlanImporter.read(path: file, year: year, sink: stream)
            } catch {
                stream?.cancel()
                if let opening, !existed, let created = try? opening.value() {
                    created.close()
                    AppDatabase.removeFiles(path: global.path)
                }
                throw error
            }
            var draft = reading.draft
            if dryRun {
                // A dry run never creates the database; it reads an existing one to show the diff.
                let existing = FileManager.default.fileExists(atPath: global.path) ? try global.open() : nil
                let resolutions = try (existing ?? AppDatabase.inMemory()).unitResolutions(for: draft)
                draft.findings += AppDatabase.findings(resolutions, draft)
                if let diff = try existing?.revisionDiff(for: draft) {
                    print(Preview.render(draft, tasks: false))
                    print("")
                    print(Preview.render(diff))
                    if diff.looksLikeAnotherPlan { print("注意：" + diff.anotherPlanMessage(title: draft.title, year: draft.year)) }
                } else {
                    print(Preview.render(draft, tasks: true))
                }
                print("（试运行：未写入数据库）")
                return
            }
            let outcome: ImportOutcome
            let unitCount = draft.unitNames.count  // a pass over every task: counted once
            do {
                let db = try opening!.value()
                // The preview shows the unit resolutions; the import records them with the import itself.
                var preview = draft
                preview.findings += AppDatabase.findings(try db.unitResolutions(for: draft), draft)
                print(Preview.render(preview, tasks: false, unitCount: unitCount))
                outcome = try stream!.finish(reading)
            } catch {
                stream?.cancel()
                throw error
            }
            switch outcome {
            case .created(let id):
                print("已导入：方案编号 \(id)，\(draft.tasks.count) 项任务，\(unitCount) 个单位 → \(global.path)")
            case .alreadyImported(let id):
                print("这个文件已经导入过（方案编号 \(id.map(String.init) ?? "?")），没有任何改动。")
            case .revised(let diff):
                print(Preview.render(diff))
                print(diff.isEmpty ? "内容与已导入的方案相同，没有改动。" : "已按修订版更新方案编号 \(diff.planId)。")
            }
        }
    }
}

/// The import preview as text.
enum Preview {
    /// The diff of a revised plan: added, changed, removed tasks by seq and text.
    static func render(_ diff: PlanDiff) -> String {
        var out = ["修订对比（方案编号 \(diff.planId)）：新增 \(diff.added.count) 项，修改 \(diff.changed.count) 项，删除 \(diff.removed.count) 项，未变 \(diff.unchangedCount) 项"]
        for t in diff.added { out.append("  + \(t.seq). \(short(t.requirement))") }
        for c in diff.changed {
            out.append("  ~ \(c.before.seq). \(short(c.after.requirement))（\(c.fields.joined(separator: "、"))）")
        }
        for t in diff.removed { out.append("  - \(t.seq). \(short(t.requirement))（归档，不删除）") }
        return out.joined(separator: "\n")
    }

    /// The first `n` characters of `s` and "…" when it is longer (walks at most n + 1
    /// characters); a line break shows as a space, so each task stays on one line.
    static func short(_ s: String, _ n: Int = 30) -> String {
        let head = s.prefix(n + 1)
        let cut = head.count > n ? String(head.prefix(n)) + "…" : s
        // Tested on the bytes: String.contains(String) goes through Foundation (a preview of
        // 50,000 tasks spent 150 ms in it).
        return cut.utf8.contains(0x0A) ? cut.replacingOccurrences(of: "\n", with: " ") : cut
    }

    static func render(_ draft: PlanDraft, tasks showTasks: Bool, unitCount: Int? = nil) -> String {
        var out: [String] = []
        out.append("方案：\(draft.title)")
        out.append("年度：\(draft.year)  发文：\(draft.issuer ?? "未识别")  日期：\(draft.issued?.iso ?? "未识别")")
        out.append("来源：\(draft.source)（\(draft.format.rawValue)）")
        out.append("任务：\(draft.tasks.count) 项  单位：\(unitCount ?? draft.unitNames.count) 个  提示：\(draft.findings.count) 条")
        if showTasks {
            out.append("")
            for t in draft.tasks {
                let req = short(t.requirement, 24)
                let leads = (t.units.leads + t.units.groups).joined(separator: "、")
                let due = t.deadline.due?.iso ?? t.deadline.kind.undatedLabel  // the web preview's words
                let leader = t.leader.isEmpty ? "" : " | 责任领导：\(t.leader)"
                out.append("  \(t.seq). \(req) | \(leads.isEmpty ? "（无牵头单位）" : leads) | \(t.deadlineText.isEmpty ? "—" : t.deadlineText) → \(due)\(leader)")
            }
        }
        if !draft.findings.isEmpty {
            out.append("")
            out.append("需要注意：")
            for f in draft.findings { out.append("  \(f)") }
        }
        return out.joined(separator: "\n")
    }
}
