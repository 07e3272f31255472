import Foundation
import GRDB

/// How a written abbreviation (环保, 住建) maps to a registered unit.
public struct UnitResolution: Sendable, Hashable {
    public var written: String
    /// The registered unit it stands for, or nil when none or several match.
    public var resolved: String?
    public var candidates: [String]

    /// The preview line for this resolution.
    public var finding: String {
        if let resolved { return "“\(written)”按已登记单位识别为“\(resolved)”（原文保留）" }
        if candidates.isEmpty { return "“\(written)”是简称，没有找到对应的已登记单位，按原文保留；可在单位管理中合并" }
        return "“\(written)”可能是\(candidates.joined(separator: "、"))，无法确定，按原文保留"
    }
}

extension AppDatabase {
    /// Resolutions of the abbreviated unit names of a draft against the registry and the draft's
    /// own full names (read only; the same rule the import applies).
    public func unitResolutions(for draft: PlanDraft) throws -> [UnitResolution] {
        try writer.read { db in try Self.unitResolutions(for: draft, db: db) }
    }

    static func unitResolutions(for draft: PlanDraft, db: Database) throws -> [UnitResolution] {
        // Each distinct name is classified once (a 10,000-row plan writes ~20,000 names, a few
        // hundred distinct); byte-keyed, since String's own hashing normalises every character.
        var seen = Set<UTF8Key>()
        var abbreviations: [String] = []
        var fullNames: [String] = []
        draft.forEachDistinctList(groups: false) { _, names in
            for name in names where seen.insert(UTF8Key(name)).inserted {
                if isAbbreviation(name) { abbreviations.append(name) } else { fullNames.append(name) }
            }
        }
        guard !abbreviations.isEmpty else { return [] }
        var registry = Set(try String.fetchAll(db, sql: "SELECT name FROM unit WHERE kind = 'department'"))
        registry.formUnion(fullNames)
        return abbreviations.map { abbreviation in
            let candidates = registry.filter { matches(abbreviation, $0) }.sorted()
            return UnitResolution(written: abbreviation, resolved: candidates.count == 1 ? candidates[0] : nil,
                                  candidates: candidates)
        }
    }

    /// Endings of full names that carry no level prefix: 余杭供电公司, 农行余杭支行, and the
    /// sections of a bureau (资讯科, 财务股). Not unit suffixes for `UnitParser`: a 科 in a list
    /// after 区教育局 is the bureau's section, not 区…科, and short requirement cells end in 科/股 too.
    static let fullNameEndings = UnitParser.joinedNameEndings + ["科", "股"]

    /// A short name with no level prefix and no unit suffix: 教育, 环保, 文体旅游. Text with a colon
    /// ("联系人:赵敏") is no name at all.
    static func isAbbreviation(_ name: String) -> Bool {
        guard (2...6).contains(name.count), let first = name.first, !UnitParser.levelPrefixes.contains(first),
              !name.contains(where: { $0 == ":" || $0 == "：" }) else { return false }
        return !UnitParser.unitSuffixes.contains { name.hasSuffix($0) }
            && !fullNameEndings.contains { name.hasSuffix($0) } && !UnitParser.isGroup(name)
    }

    /// 环保 ~ 区环保局 / 区环境保护局: the unit's name after its level prefix starts with the
    /// abbreviation's first character and contains all its characters in order.
    static func matches(_ abbreviation: String, _ unit: String) -> Bool {
        guard let first = unit.first, UnitParser.levelPrefixes.contains(first) else { return false }
        let body = unit.dropFirst()
        guard body.first == abbreviation.first else { return false }
        var rest = Substring(abbreviation)
        for c in body where c == rest.first { rest = rest.dropFirst(); if rest.isEmpty { return true } }
        return false
    }
}
