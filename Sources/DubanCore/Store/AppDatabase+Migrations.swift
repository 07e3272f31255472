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
        migrator.registerMigration("v2-tracking") { db in
            // 进展报告 — append-only history; the current state is derived from it.
            try db.create(table: "report") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("task", onDelete: .cascade).notNull()
                t.belongsTo("unit", onDelete: .restrict)  // nil for office actions (办结)
                t.column("kind", .text).notNull()  // progress | note | returned | closed
                t.column("state", .text)  // TaskState raw value (progress, returned, closed)
                t.column("note", .text).notNull().defaults(to: "")
                t.column("percent", .integer)
                t.column("evidence", .text).notNull().defaults(to: "")
                t.column("reportedBy", .text).notNull()
                t.column("reportedAt", .datetime).notNull()
                t.column("asOf", .text).notNull()  // YYYY-MM-DD the report speaks for
            }
            try db.create(index: "report_on_task", on: "report", columns: ["taskId", "asOf"])
            try db.create(index: "report_on_unit", on: "report", columns: ["unitId"])

            // 延期申请 — a unit asks for a new date; the office approves or rejects.
            try db.create(table: "extension") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("task", onDelete: .cascade).notNull()
                t.belongsTo("unit", onDelete: .restrict).notNull()
                t.column("requestedDue", .text).notNull()
                t.column("reason", .text).notNull()
                t.column("status", .text).notNull()  // pending | approved | rejected
                t.column("requestedBy", .text).notNull()
                t.column("requestedAt", .datetime).notNull()
                t.column("decidedBy", .text)
                t.column("decidedAt", .datetime)
                t.column("decisionNote", .text)
            }
            try db.create(index: "extension_on_task", on: "extension", columns: ["taskId"])

            // Trigger (起始) dates of conditional and relative tasks.
            try db.create(table: "taskTrigger") { t in
                t.primaryKey("taskId", .integer).references("task", onDelete: .cascade)
                t.column("triggeredOn", .text).notNull()
                t.column("recordedBy", .text).notNull()
                t.column("recordedAt", .datetime).notNull()
            }

            // Members of a group designation (区级各部门 → its departments).
            try db.create(table: "groupMember") { t in
                t.belongsTo("group", inTable: "unit", onDelete: .cascade).notNull()
                t.belongsTo("member", inTable: "unit", onDelete: .cascade).notNull()
                t.primaryKey(["groupId", "memberId"])
            }

            // Every write: who, when, what, from which command or page.
            try db.create(table: "audit") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .datetime).notNull()
                t.column("actor", .text).notNull()
                t.column("source", .text).notNull()  // "cli:update", "web:/tasks/12/report"
                t.column("action", .text).notNull()
                t.column("taskId", .integer)
                t.column("unitId", .integer)
                t.column("detail", .text).notNull()
            }
            try db.create(index: "audit_on_task", on: "audit", columns: ["taskId"])
        }
        migrator.registerMigration("v3-users-sessions") { db in
            // Web accounts: office admin (办公室), unit reporter (牵头单位, bound to one unit), viewer (领导).
            try db.create(table: "user") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique()
                t.column("passwordHash", .text).notNull()
                t.column("role", .text).notNull()  // admin | unit | viewer
                t.belongsTo("unit", onDelete: .restrict)
                t.column("failedLogins", .integer).notNull().defaults(to: 0)
                t.column("lockedUntil", .datetime)
                t.column("createdAt", .datetime).notNull()
            }
            // Sessions: only the SHA-256 of the cookie token is stored.
            try db.create(table: "session") { t in
                t.primaryKey("tokenHash", .text)
                t.belongsTo("user", onDelete: .cascade).notNull()
                t.column("csrf", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("expiresAt", .datetime).notNull()
            }
            // Uploaded plans waiting for the office to confirm the preview.
            try db.create(table: "pendingImport") { t in
                t.primaryKey("token", .text)
                t.belongsTo("user", onDelete: .cascade).notNull()
                t.column("fileName", .text).notNull()
                t.column("bytes", .blob).notNull()
                t.column("year", .integer)
                t.column("createdAt", .datetime).notNull()
            }
        }
        migrator.registerMigration("v4-report-indexes") { db in
            // Statuses stream (taskId, asOf, id, unitId, kind, state, percent) of every report up
            // to a day: an index holding exactly those, in that order, answers without reading the
            // table (1M reports: 0.9 s → 0.18 s). It begins like report_on_task, which it replaces.
            try db.drop(index: "report_on_task")
            try db.create(index: "report_stream", on: "report",
                          columns: ["taskId", "asOf", "id", "unitId", "kind", "state", "percent"])
            // A task's latest note, and whether the office last closed or returned it: partial
            // indexes over just those rows (a task may have thousands of progress reports).
            try db.execute(sql: "CREATE INDEX report_note ON report(taskId, asOf, id) WHERE note <> '' AND kind <> 'closed'")
            try db.execute(sql: "CREATE INDEX report_closing ON report(taskId, asOf, id) WHERE kind IN ('closed', 'returned')")
            // Redundant indexes: v1/v2 created these next to the ones `belongsTo` already makes
            // (same columns), or they are prefixes of the primary key or of report_stream. Each
            // costs every insert (an import writes ~3 task-unit links per task).
            for index in ["taskUnit_on_unit", "taskUnit_on_taskId", "report_on_unit", "report_on_taskId", "extension_on_task"] {
                try db.execute(sql: "DROP INDEX IF EXISTS \(index)")
            }
        }
        migrator.registerMigration("v5-unused-category-indexes") { db in
            // `belongsTo` indexed task.categoryId and task.subcategoryId for the foreign keys'
            // ON DELETE SET NULL, but categories are never deleted (plans are never deleted;
            // a revision archives tasks) and no query looks tasks up by category: the two
            // indexes were a fifth of the B-tree inserts of an import. A feature that deletes
            // categories must create them again first, or each delete scans the task table.
            try db.execute(sql: "DROP INDEX IF EXISTS task_on_categoryId")
            try db.execute(sql: "DROP INDEX IF EXISTS task_on_subcategoryId")
        }
        migrator.registerMigration("v6-relative-unit") { db in
            // What task.relativeDays counts: workingDay | day | month (`Deadline.TimeUnit`);
            // NULL when there is no count. Rows stored before were counted in calendar days after
            // an event (conditional) and in working days otherwise (relative): they say so now.
            try db.alter(table: "task") { t in t.add(column: "relativeUnit", .text) }
            try db.execute(sql: """
                UPDATE task SET relativeUnit = CASE deadlineKind WHEN 'conditional' THEN 'day' ELSE 'workingDay' END
                WHERE relativeDays IS NOT NULL
                """)
        }
        migrator.registerMigration("v7-task-leader") { db in
            // 责任领导: the leader in charge of a task as the plan writes it ('' when it names none).
            try db.alter(table: "task") { t in t.add(column: "leader", .text).notNull().defaults(to: "") }
        }
        return migrator
    }
}
