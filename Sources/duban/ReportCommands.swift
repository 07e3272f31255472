import ArgumentParser
import DubanCore
import Foundation

/// Report formats.
enum ReportFormat: String, CaseIterable { case html, csv, xlsx }

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Write the quarterly progress report (HTML, CSV, XLSX) of a plan.",
        discussion: "As-of defaults to today while the quarter runs and to its last day once it is over (as the web app does); without --plan every plan gets a report set.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Quarter, e.g. 2018Q3.") var quarter: String
    @Option(name: .customLong("as-of"), help: "Report as of this day (YYYY-MM-DD). Default: today, or the quarter's last day once it is over.") var asOf: String?
    @Option(help: "Plan id (default: every plan).") var plan: Int64?
    @Option(help: "Comma-separated formats: html,csv,xlsx.") var format: String = "html,csv,xlsx"
    @Option(help: "Output folder.") var out: String = "Exports"
    @Option(name: .customLong("csv-encoding"), help: "utf8 (with BOM, default) or gb18030 for old Excel.") var csvEncoding: String = "utf8"
    @Option(help: "Days before the due date that count as due soon (黄).") var soonDays: Int = TrackingRules.defaultSoonDays

    func run() throws {
        try runReporting {
            guard let q = Quarter(quarter) else { throw fail("季度“\(quarter)”无法识别，请写成 2018Q3。") }
            let formats = try format.split(separator: ",").map { f -> ReportFormat in
                guard let v = ReportFormat(rawValue: f.trimmingCharacters(in: .whitespaces).lowercased()) else {
                    throw fail("格式“\(f)”无法识别，可用：html, csv, xlsx。")
                }
                return v
            }
            let encoding: CSVWriter.Encoding
            switch csvEncoding.lowercased() {
            case "utf8", "utf-8": encoding = .utf8BOM
            case "gb18030", "gbk": encoding = .gb18030
            default: throw fail("CSV 编码“\(csvEncoding)”无法识别，可用：utf8, gb18030。")
            }
            let db = try global.open()
            let plans = try db.plans().filter { plan == nil || $0.plan.id == plan }
            if plans.isEmpty { throw fail(plan == nil ? "还没有导入任何方案。" : "方案 \(plan!) 不存在。") }
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            // Never a day still to come: tasks would show as 逾期 before they are due.
            let day = try parseDay(asOf) ?? q.defaultAsOf(today: Day.today())
            for p in plans {
                let report = try db.quarterlyReport(planId: p.plan.id!, quarter: q, asOf: day, soonDays: soonDays)
                let paths = try ReportFiles.write(report, formats: formats, csvEncoding: encoding, to: out)
                print("\(p.plan.title)（截至 \(report.asOf.iso)）：\(report.totals.tasks) 项任务，逾期 \(report.totals.overdue) 项")
                for path in paths { print("  \(path)") }
            }
        }
    }
}

/// Writes a report's files; names say plan, quarter and table.
enum ReportFiles {
    static func write(_ r: QuarterlyReport, formats: [ReportFormat], csvEncoding: CSVWriter.Encoding, to dir: String) throws -> [String] {
        let base = "\(FileNames.safe(r.planTitle))-\(r.quarter)"
        var paths: [String] = []
        func save(_ data: Data, _ name: String) throws {
            let path = (dir as NSString).appendingPathComponent(name)
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
            paths.append(path)
        }
        let sheets = ReportTables.sheets(r)
        // The workbook (the costliest file: XML, then deflate) is made on a second thread while
        // the HTML and CSV files are made and saved here; files are still saved in `formats` order.
        let workbook = formats.contains(.xlsx) ? Background { try XlsxWriter.workbook(sheets) } : nil
        for f in formats {
            switch f {
            case .html: try save(Data(HTMLReport.document(r, sheets: sheets).utf8), "\(base)-季度报告.html")
            case .xlsx: try save(try workbook!.value(), "\(base)-季度报告.xlsx")
            case .csv:
                for sheet in sheets { try save(CSVWriter.data(sheet, encoding: csvEncoding), "\(base)-\(sheet.name).csv") }
            }
        }
        return paths
    }
}

struct NoticesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notices", abstract: "Write one printable urging notice (催办通知) per unit with overdue or soon-due tasks.")
    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("as-of"), help: "As of this day (YYYY-MM-DD). Default: today.") var asOf: String?
    @Option(help: "Only this unit.") var unit: String?
    @Option(help: "Plan id (default: every plan).") var plan: Int64?
    @Option(name: .customLong("reply-by"), help: "Day by which units must reply (default: as-of + 5 days).") var replyBy: String?
    @Option(help: "Days before the due date that count as due soon (黄).") var soonDays: Int = TrackingRules.defaultSoonDays
    @Option(help: "Output folder.") var out: String = "Exports"

    func run() throws {
        try runReporting {
            let db = try global.open()
            let day = try parseDay(asOf) ?? Day.today()
            let reply = try parseDay(replyBy)
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            var count = 0
            for p in try db.plans() where plan == nil || p.plan.id == plan {
                let rows = try db.statuses(planId: p.plan.id, asOf: day, soonDays: soonDays)
                let only = try unit.map { try db.canonicalUnitName($0) }
                for notice in UrgingNotice.buildAll(planTitle: p.plan.title, issuer: p.plan.issuer, asOf: day, rows: rows,
                                                    replyBy: reply, only: only) {
                    let path = (out as NSString).appendingPathComponent("催办通知-\(FileNames.safe(notice.unit))-\(day.iso).html")
                    try Data(UrgingNotice.html(notice).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
                    print(path)
                    count += 1
                }
            }
            print(count == 0 ? "截至 \(day.iso) 没有逾期或即将到期的任务，无需催办。" : "共生成 \(count) 份催办通知。")
        }
    }
}
