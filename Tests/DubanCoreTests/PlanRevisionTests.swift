import Foundation
import GRDB
import Testing
@testable import DubanCore

@Suite("Revised plans")
struct PlanRevisionTests {
    /// plan.txt with task 5's text edited, task 7 removed, task 58's deadline moved and a task 94 added.
    static func revisedText() throws -> String {
        var lines = try String(contentsOfFile: Paths.guandu("plan.txt"), encoding: .utf8).components(separatedBy: "\n")
        func index(_ seq: Int) -> Int { lines.firstIndex { $0.hasPrefix("\(seq) | ") }! }
        lines[index(5)] = lines[index(5)].replacingOccurrences(of: "政府常务会议", with: "区政府常务会议")
        lines[index(58)] = lines[index(58)].replacingOccurrences(of: "9月底前", with: "10月底前")
        lines.remove(at: index(7))
        lines.insert("94 | 新增:开展政务公开第三方评估 | 区审计局牵头落实 | 12月底前 |", at: index(93) + 1)
        return lines.joined(separator: "\n")
    }

    @Test func diffAndApplyKeepIdentityAndArchive() throws {
        let db = try AppDatabase.inMemory()
        let original = try PlanImporter.read(path: Paths.guandu("plan.txt"))
        _ = try db.importPlan(original.draft, sha256: original.sha256)
        let before = try db.tasks(planId: 1)
        let id5 = try #require(before.first { $0.seq == "5" }).id
        let id7 = try #require(before.first { $0.seq == "7" }).id

        let revised = try PlanImporter.read(data: Data(try Self.revisedText().utf8), name: "plan-v2.txt")
        let preview = try #require(try db.revisionDiff(for: revised.draft))
        #expect(preview.added.map(\.seq) == ["94"])
        #expect(preview.removed.map(\.seq) == ["7"])
        #expect(Set(preview.changed.map(\.before.seq)) == ["5", "58"])
        #expect(!preview.looksLikeAnotherPlan)  // a real revision: most tasks keep their text
        #expect(try db.tasks(planId: 1).count == 93)  // preview wrote nothing

        guard case .revised(let diff) = try db.importPlan(revised.draft, sha256: revised.sha256) else {
            Issue.record("expected a revision"); return
        }
        #expect(!diff.isEmpty)
        let after = try db.tasks(planId: 1)
        #expect(after.count == 93)
        #expect(after.map(\.seq) == revised.draft.tasks.map(\.seq))  // unchanged tasks after 7 moved up
        #expect(after.map(\.position) == Array(0..<93))
        #expect(after.first { $0.seq == "5" }?.id == id5)
        #expect(after.first { $0.seq == "5" }?.requirement.hasPrefix("区政府常务会议") == true)
        #expect(after.first { $0.seq == "5" }?.version == 2)
        #expect(after.first { $0.seq == "58" }?.deadline.due == Day(year: 2018, month: 10, day: 31))
        #expect(after.first { $0.seq == "94" }?.leadUnits == ["区审计局"])
        #expect(after.contains { $0.id == id7 } == false)
        #expect(try db.rowCounts()["task"] == 94)  // task 7 archived, not deleted
        #expect(try db.plans().count == 1)
    }

    @Test("a file with the same title but other tasks is refused as a revision unless asked for; nothing is written")
    func anotherPlanWithTheSameTitleIsNoSilentRevision() throws {
        let db = try AppDatabase.inMemory()
        let original = try PlanImporter.read(path: Paths.guandu("plan.txt"))
        _ = try db.importPlan(original.draft, sha256: original.sha256)
        let other = """
            官渡区2018年政务公开工作要点分工方案
            序号,工作任务,具体要求,牵头单位,完成时限
            1,数字化改革,建设一体化智能化公共数据平台,区大数据中心,12月底前
            2,数字化改革,推进政务服务“一网通办”,区政务服务局,9月底前
            """
        let r = try PlanImporter.read(data: Data(other.utf8), name: "other.csv")
        let diff = try #require(try db.revisionDiff(for: r.draft))
        #expect(diff.looksLikeAnotherPlan && diff.keptCount == 0 && diff.storedCount == 93)
        #expect(throws: StoreError.self) { try db.importPlan(r.draft, sha256: r.sha256) }
        do {
            _ = try db.importPlan(r.draft, sha256: r.sha256)
        } catch let error as StoreError {
            #expect(error.description.contains("看起来是另一份方案") && error.description.contains("--revise"))
        }
        #expect(try db.tasks(planId: 1).count == 93)
        #expect(try db.rowCounts()["importRecord"] == 1)
        guard case .revised = try db.importPlan(r.draft, sha256: r.sha256, revisingUnlike: true) else {
            Issue.record("expected a revision when asked for"); return
        }
        #expect(try db.tasks(planId: 1).count == 2)
    }

    @Test func sameContentInAnotherEncodingChangesNothing() throws {
        let db = try AppDatabase.inMemory()
        for file in ["plan.txt", "plan-gb18030.txt"] {
            let r = try PlanImporter.read(path: Paths.guandu(file))
            _ = try db.importPlan(r.draft, sha256: r.sha256)
        }
        #expect(try db.plans().count == 1)
        #expect(try db.rowCounts()["task"] == 93)
        #expect(try db.rowCounts()["importRecord"] == 2)
    }

    /// The matching rule written the plain way (first remaining stored task with the same text,
    /// then with the same seq), to hold the linear `PlanDiff.compute` to it on plans full of
    /// repeated texts and seqs.
    static func referenceMatch(stored: [TaskInfo], draft: [TaskDraft])
        -> (pairs: [(Int64, String)], added: [String], removed: [Int64], moved: [PlanDiff.Move]) {
        var remaining = stored
        var pairs: [(TaskInfo, TaskDraft, Int)] = []
        var unmatched: [(TaskDraft, Int)] = []
        for (position, d) in draft.enumerated() {
            if let i = remaining.firstIndex(where: { $0.requirement == d.requirement }) {
                pairs.append((remaining.remove(at: i), d, position))
            } else { unmatched.append((d, position)) }
        }
        var added: [String] = []
        for (d, position) in unmatched {
            if let i = remaining.firstIndex(where: { $0.seq == d.seq }) {
                pairs.append((remaining.remove(at: i), d, position))
            } else { added.append(d.location.description) }
        }
        // In these plans only seq and requirement vary, so a pair is unchanged when both agree.
        let moved = pairs.filter { $0.0.seq == $0.1.seq && $0.0.requirement == $0.1.requirement && $0.0.position != $0.2 }
            .map { PlanDiff.Move(taskId: $0.0.id, position: $0.2) }
        return (pairs.map { ($0.0.id, $0.1.location.description) }, added, remaining.map(\.id), moved)
    }

    @Test func diffMatchesTheFirstRemainingTaskLikeAPlainScan() {
        var rng = SplitMix(seed: 8)
        for round in 0..<200 {
            let storedCount = Int(rng.next() % 40), draftCount = Int(rng.next() % 40)
            let texts = 1 + Int(rng.next() % 6), seqs = 1 + Int(rng.next() % 6)
            let stored = (0..<storedCount).map { i in
                TaskInfo(id: Int64(i + 1), planId: 1, seq: "\(rng.next() % UInt64(seqs))", position: Int(rng.next() % 40), category: "", subcategory: "",
                         requirement: "要求\(rng.next() % UInt64(texts))", leadText: "", leadUnits: [], coUnits: [], groups: [],
                         deadlineText: "", deadline: .none, version: 1)
            }
            let draft = (0..<draftCount).map { i in
                TaskDraft(seq: "\(rng.next() % UInt64(seqs))", requirement: "要求\(rng.next() % UInt64(texts + 2))",
                          location: SourceLocation(file: "r\(round).txt", row: i + 1))
            }
            let diff = PlanDiff.compute(planId: 1, stored: stored, draft: draft)
            let expected = Self.referenceMatch(stored: stored, draft: draft)
            #expect(diff.added.map(\.location.description) == expected.added, "round \(round)")
            #expect(diff.removed.map(\.id) == expected.removed, "round \(round)")
            #expect(diff.moved == expected.moved, "round \(round)")
            let matched = diff.changed.map { ($0.taskId, $0.after.location.description) }
            #expect(diff.unchangedCount + matched.count == expected.pairs.count, "round \(round)")
            let expectedPairs = Set(expected.pairs.map { "\($0.0)→\($0.1)" })
            #expect(Set(matched.map { "\($0.0)→\($0.1)" }).isSubset(of: expectedPairs), "round \(round)")
        }
    }
}

