import ArgumentParser
import DubanCore
import Foundation

struct FormsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forms", abstract: "Feedback forms (反馈表) for units without a login: export them, import them filled in.",
        subcommands: [FormsExport.self, FormsImport.self])
}

/// Formats a form can be written in.
enum FormFormat: String, ExpressibleByArgument, CaseIterable { case xlsx, csv }

struct FormsExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write one form per unit listing its open tasks, with empty columns to fill in.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this unit (default: every unit with open tasks).") var unit: String?
    @Option(help: "Plan id.") var plan: Int64?
    @Option(name: .customLong("as-of"), help: "Date the form speaks for (YYYY-MM-DD). Default: today.") var asOf: String?
    @Option(help: "xlsx or csv.") var format: FormFormat = .xlsx
    @Option(help: "Output folder.") var out: String = "Exports"

    func run() throws {
        try runReporting {
            let db = try global.open()
            let day = try parseDay(asOf) ?? Day.today()
            let forms = try unit.map { [try db.formTasks(unit: $0, planId: plan, asOf: day)] } ?? db.openForms(planId: plan, asOf: day)
            let title = try plan.flatMap { id in try db.plans().first { $0.plan.id == id }?.plan.title }
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            var written = 0
            for (name, tasks) in forms {
                guard !tasks.isEmpty else { print("“\(name)”没有未完成的任务，未生成反馈表。"); continue }
                let sheet = FeedbackForm.sheet(unit: name, planTitle: title, tasks: tasks, asOf: day)
                let data = format == .xlsx ? try XlsxWriter.workbook([sheet]) : CSVWriter.data(sheet)
                let path = (out as NSString).appendingPathComponent("反馈表-\(FileNames.safe(name))-\(day.iso).\(format.rawValue)")
                try data.write(to: URL(fileURLWithPath: path), options: .atomic)
                print("\(path)（\(tasks.count) 项任务）")
                written += 1
            }
            print("共生成 \(written) 份反馈表。")
        }
    }
}

struct FormsImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Apply a filled form: every row as a report, all or nothing.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The filled form (.xlsx or .csv).") var file: String
    @Option(help: "Who is importing (recorded in the audit trail). Default: $USER.") var by: String?

    func run() throws {
        try runTracking {
            do {
                let url = URL(fileURLWithPath: file)
                guard let data = FileManager.default.contents(atPath: file) else { throw fail("找不到文件 \(file)。") }
                let form = try FeedbackForm.read(data: data, name: url.lastPathComponent, asOf: Day.today())
                let actor = Actor(name: by ?? ProcessInfo.processInfo.environment["USER"] ?? "office", source: "cli:forms import")
                let (reports, extensions, superseded) = try global.open().applyFeedback(form, by: actor)
                print(FeedbackForm.summary(form, reports: reports, extensions: extensions, superseded: superseded))
            } catch let error as FormError {
                throw fail(error.description)
            }
        }
    }
}

/// File-name-safe text.
enum FileNames {
    static func safe(_ s: String) -> String {
        String(s.map { "/\\:*?\"<>|".contains($0) ? "_" : $0 })
    }
}
