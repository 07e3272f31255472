import ArgumentParser
import DubanCore
import Foundation

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Copy the database to FILE (online backup: safe while `serve` runs).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The backup file to write.") var file: String

    func run() throws {
        try runReporting {
            try global.open().backup(to: file)
            print("已备份到 \(file)（完整性检查通过）。")
        }
    }
}

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Restore the database from a backup FILE (checked first; stop `serve` before).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The backup file to restore from.") var file: String
    @Flag(help: "Overwrite an existing database.") var force = false

    func run() throws {
        try runReporting {
            try AppDatabase.restore(from: file, to: global.path, force: force)
            print("已从 \(file) 恢复到 \(global.path)。")
        }
    }
}
