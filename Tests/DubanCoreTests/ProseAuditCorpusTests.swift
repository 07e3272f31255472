import Foundation
import Testing
@testable import DubanCore

/// The 95 prose plans of the three import audits of 2026-11-23 (`Fixtures/prose-audit/`: a1-… the
/// first pass, a2-… the second, a3-… the third; realistic district and county plans as .txt and
/// .html, some GB18030, Traditional or copied from a PDF), read whole and summarised: title, year,
/// each task's units and deadline, and the warnings. The summary is pinned in
/// `Fixtures/golden/prose-audit.txt`, so any change in how these documents read shows up as a
/// diff to review (`DUBAN_UPDATE_GOLDEN=1 swift test --filter ProseAuditCorpus` after an intended one).
/// A few readings in it are known to be imperfect (see the session notes); the golden file pins
/// what Duban does, not what is right.
@Suite("Prose audit corpus")
struct ProseAuditCorpusTests {
    static let folder = Paths.fixtures.appendingPathComponent("prose-audit")

    static func summary(of file: URL) -> String {
        let name = file.lastPathComponent
        do {
            let d = try PlanImporter.read(path: file.path).draft
            var lines = ["\(name) | \(d.title) | \(d.year) | \(d.issuer ?? "—")"]
            for t in d.tasks {
                let units = [t.units.leads.joined(separator: "、"), t.units.coUnits.joined(separator: "、"),
                             t.units.groups.joined(separator: "、")].joined(separator: " / ")
                let due = t.deadline.due?.iso ?? "—"
                lines.append("  \(t.seq) | \(t.category) / \(t.subcategory) | \(units) | \(t.deadlineText) → \(t.deadline.kind.rawValue) \(due)")
            }
            for f in d.findings where f.severity == .warning { lines.append("  [注意] \(f.message)") }
            return lines.joined(separator: "\n")
        } catch {
            return "\(name) | 错误：\(error)"
        }
    }

    @Test("every audit plan reads as pinned")
    func corpus() throws {
        let files = try FileManager.default.contentsOfDirectory(at: Self.folder, includingPropertiesForKeys: nil)
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        #expect(files.count == 95)
        let text = files.map(Self.summary).joined(separator: "\n") + "\n"
        try ReportFixture.checkGolden(Data(text.utf8), "prose-audit.txt")
    }
}
