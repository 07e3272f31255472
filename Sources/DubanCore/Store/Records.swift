import Foundation
import GRDB

/// A stored plan (分工方案).
public struct Plan: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var title: String
    public var year: Int
    public var issuer: String?
    public var issued: String?
    public var sourceFile: String
    public var sha256: String
    public var format: String
    public var importedAt: Date

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    public enum Columns {
        static let title = Column(CodingKeys.title)
        static let year = Column(CodingKeys.year)
    }
}

/// A first- or second-level category of a plan.
struct CategoryRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "category"
    var id: Int64?
    var planId: Int64
    var parentId: Int64?
    var name: String
    var level: Int
    var position: Int
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A stored task row.
struct TaskRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "task"
    var id: Int64?
    var planId: Int64
    var seq: String
    var position: Int
    var categoryId: Int64?
    var subcategoryId: Int64?
    var requirement: String
    var leadText: String
    var deadlineText: String
    var deadlineKind: String
    var due: String?
    var period: String?
    var relativeDays: Int?
    /// What `relativeDays` counts (`Deadline.TimeUnit`), nil without a count.
    var relativeUnit: String?
    /// 责任领导 as written; '' when the plan names none.
    var leader: String = ""
    var sourceRow: Int?
    var archivedAt: Date?
    var version: Int = 1
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A unit of the registry: a department or a group designation.
public struct UnitRecord: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "unit"
    public var id: Int64?
    public var name: String
    /// `department` or `group`.
    public var kind: String
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

struct UnitAliasRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "unitAlias"
    var id: Int64?
    var unitId: Int64
    var alias: String
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// Task–unit link with its role.
struct TaskUnitRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "taskUnit"
    var taskId: Int64
    var unitId: Int64
    var role: String
    var writtenName: String
    var position: Int
}

/// One import of a file: what was read and what was found.
public struct ImportRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "importRecord"
    public var id: Int64?
    public var planId: Int64?
    public var fileName: String
    public var format: String
    public var sha256: String
    public var importedAt: Date
    public var taskCount: Int
    public var unitCount: Int
    public var findings: String
    public var outcome: String
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
