import Foundation
import Testing
@testable import DubanCore

@Suite("UnitParser")
struct UnitParserTests {
    struct Cell: Sendable, CustomStringConvertible {
        let text: String
        let leads: [String]
        let co: [String]
        let groups: [String]
        var description: String { text }
    }

    /// Every distinct 牵头单位 cell of the seed table with its expected reading (all 40).
    static let seedCells: [Cell] = {
        guard let tasks = try? Expected.guanduTasks() else { return [] }
        var seen = Set<String>()
        var out: [Cell] = []
        for t in tasks {
            let text = t["leadText"] as? String ?? ""
            guard seen.insert(text).inserted else { continue }
            out.append(Cell(text: text, leads: t["leadUnits"] as? [String] ?? [],
                            co: t["coUnits"] as? [String] ?? [], groups: t["groups"] as? [String] ?? []))
        }
        return out
    }()

    @Test func seedHasFortyDistinctCells() { #expect(Self.seedCells.count == 40) }

    @Test(arguments: seedCells)
    func seedCell(_ c: Cell) {
        let u = UnitParser.parse(c.text)
        #expect(u.leads == c.leads)
        #expect(u.coUnits == c.co)
        #expect(u.groups == c.groups)
    }

    static let handCells: [Cell] = [
        Cell(text: "区发改局、区城改局分别牵头", leads: ["区发改局", "区城改局"], co: [], groups: []),
        // A 配合 clause names co-units even when no clause says 牵头 (audit of 2026-11).
        Cell(text: "区财政局；区审计局配合", leads: ["区财政局"], co: ["区审计局"], groups: []),
        Cell(text: "区财政局牵头；区审计局配合", leads: ["区财政局"], co: ["区审计局"], groups: []),
        Cell(text: "区发改局\n区城改局", leads: ["区发改局", "区城改局"], co: [], groups: []),
        Cell(text: "区政府办牵头\n区级各部门负责落实", leads: ["区政府办"], co: [], groups: ["区级各部门"]),
        Cell(text: "由区教育局牵头落实", leads: ["区教育局"], co: [], groups: []),
        Cell(text: "", leads: [], co: [], groups: []),
        // Fifth (table) audit: a slash between two whole names is two units; a person in brackets is no part of the name.
        Cell(text: "区教育局/区住建局", leads: ["区教育局", "区住建局"], co: [], groups: []),
        Cell(text: "区教育局（张伟）", leads: ["区教育局"], co: [], groups: []),
        Cell(text: "区政府办（区信息中心）", leads: ["区政府办（区信息中心）"], co: [], groups: []),
        Cell(text: "区综合执法局（区城管局）", leads: ["区综合执法局（区城管局）"], co: [], groups: []),
    ]

    @Test("what a name leaves out is noted: a person in brackets, 等 after one unit (not 等 closing a list)")
    func notes() {
        #expect(UnitParser.parse("区教育局（张伟）").notes == ["“区教育局（张伟）”括号里的“张伟”像是联系人姓名，已从单位名称中去掉"])
        #expect(UnitParser.parse("区工信局等").notes == ["“区工信局等”：“等”表示还有其他单位，只记下了写明的单位"])
        #expect(UnitParser.parse("区发改局等部门配合").notes == ["“区发改局等部门”：“等部门”没有写明是哪些单位，只记下了写明的单位"])
        #expect(UnitParser.parse("教育、环保、文体旅游、卫计、住建、民宗等部门").notes.filter { $0.contains("等") }.isEmpty)
    }

    @Test(arguments: handCells)
    func handCell(_ c: Cell) {
        let u = UnitParser.parse(c.text)
        #expect(u.leads == c.leads)
        #expect(u.coUnits == c.co)
        #expect(u.groups == c.groups)
    }
}
