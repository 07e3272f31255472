import GRDB

extension AppDatabase {
    /// Frozen migrations: never edit one that has shipped; add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()

        migrator.registerMigration("v1-plans-tasks-units") { db in
            try db.create(table: "plan") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("title", .text).notNull()
                t.column("year", .integer).notNull()
                t.column("issuer", .text)
                t.column("issued", .text)  // YYYY-MM-DD
                t.column("sourceFile", .text).notNull()
                t.column("sha256", .text).notNull()
                t.column("format", .text).notNull()
                t.column("importedAt", .datetime).notNull()
            }
            try db.create(index: "plan_on_title_year", on: "plan", columns: ["title", "year"])

            try db.create(table: "category") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("plan", onDelete: .cascade).notNull()
                t.belongsTo("parent", inTable: "category", onDelete: .cascade)
                t.column("name", .text).notNull()
                t.column("level", .integer).notNull()  // 1 = 工作任务, 2 = subcategory
                t.column("position", .integer).notNull()
            }

            try db.create(table: "task") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("plan", onDelete: .cascade).notNull()
                t.column("seq", .text).notNull()
                t.column("position", .integer).notNull()
                t.belongsTo("category", onDelete: .setNull)
                t.belongsTo("subcategory", inTable: "category", onDelete: .setNull)
                t.column("requirement", .text).notNull()
                t.column("leadText", .text).notNull()
                t.column("deadlineText", .text).notNull()
                t.column("deadlineKind", .text).notNull()
                t.column("due", .text)  // YYYY-MM-DD
                t.column("period", .text)
                t.column("relativeDays", .integer)
                t.column("sourceRow", .integer)
                t.column("archivedAt", .datetime)  // removed by a revised plan: kept, not deleted
                t.column("version", .integer).notNull().defaults(to: 1)
            }

            try db.create(table: "unit") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique()
                t.column("kind", .text).notNull()  // department | group
            }

            try db.create(table: "unitAlias") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("unit", onDelete: .cascade).notNull()
                t.column("alias", .text).notNull().unique()
            }

            try db.create(table: "taskUnit") { t in
                t.belongsTo("task", onDelete: .cascade).notNull()
                t.belongsTo("unit", onDelete: .restrict).notNull()
                t.column("role", .text).notNull()  // lead | co | group
                t.column("writtenName", .text).notNull()
                t.column("position", .integer).notNull()
                t.primaryKey(["taskId", "unitId", "role"])
            }
            try db.create(index: "taskUnit_on_unit", on: "taskUnit", columns: ["unitId"])

            try db.create(table: "importRecord") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("plan", onDelete: .setNull)
                t.column("fileName", .text).notNull()
                t.column("format", .text).notNull()
                t.column("sha256", .text).notNull()
                t.column("importedAt", .datetime).notNull()
                t.column("taskCount", .integer).notNull()
                t.column("unitCount", .integer).notNull()
                t.column("findings", .text).notNull()  // JSON array of Finding
                t.column("outcome", .text).notNull()  // created | revised
            }
            try db.create(index: "importRecord_on_sha256", on: "importRecord", columns: ["sha256"])
        }
        // Status history (reports, extensions, audit) arrives in its own migration with "Tracking".
        return migrator
    }
}
