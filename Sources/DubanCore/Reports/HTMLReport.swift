import Foundation

/// Renders a `QuarterlyReport` as printable HTML: the same tables and column words as the CSV
/// and XLSX files, plus figure boxes and a per-unit bar chart. No scripts, nothing external.
public enum HTMLReport {
    /// The report stylesheet; the web app puts it in the page that embeds `body`.
    public static let css: String = HTML.reportCSS

    /// The whole report as one self-contained HTML file (inline styles only).
    /// - Parameter sheets: `ReportTables.sheets(r)` when the caller has them already.
    public static func document(_ r: QuarterlyReport, sheets: [Sheet]? = nil) -> String {
        HTML.page(title: "\(r.planTitle) \(r.quarter.label)落实情况报告", css: css, body: body(r, sheets: sheets))
    }

    /// The report's content for inside `<body>`: one `<main class="report">` with a section per table.
    public static func body(_ r: QuarterlyReport, sheets: [Sheet]? = nil) -> String {
        let sheets = sheets ?? ReportTables.sheets(r)
        func sheet(_ name: String) -> Sheet { sheets.first { $0.name == name } ?? Sheet(name: name, headers: []) }
        var out = "<main class=\"report\">\n"
        out += cover(r)
        out += totals(r, sheet(ReportTables.totalsName))
        out += units(r, sheet(ReportTables.unitsName))
        let overdue = sheet(ReportTables.overdueName)
        out += section("overdue", overdue.name, wide: !overdue.rows.isEmpty, empty: overdue.rows.isEmpty,
                       note(overdue, "截至\(r.asOf.iso)已过完成时限仍未完成的任务，按逾期天数从多到少排列。") + table(overdue))
        let categories = sheet(ReportTables.categoriesName)
        out += section("categories", categories.name, empty: categories.rows.isEmpty,
                       note(categories, "按方案的一级工作任务分类统计。") + table(categories))
        if let leaders = sheets.first(where: { $0.name == ReportTables.leadersName }) {
            out += section("leaders", leaders.name, empty: leaders.rows.isEmpty,
                           note(leaders, "按方案所列责任领导统计其负责的任务。") + table(leaders))
        }
        let silent = sheet(ReportTables.silentName)
        out += section("silent", silent.name, wide: !silent.rows.isEmpty, empty: silent.rows.isEmpty,
                       note(silent, "\(r.quarter.label)（截至\(r.asOf.iso)）没有报送任何进展的未完成任务。") + table(silent))
        let waiting = sheet(ReportTables.waitingName)
        out += section("waiting", waiting.name, empty: waiting.rows.isEmpty,
                       note(waiting, "完成时限取决于触发条件（如上级文件出台），尚未登记触发日期的任务。") + table(waiting))
        let undated = sheet(ReportTables.undatedName)
        out += section("undated", undated.name, empty: undated.rows.isEmpty,
                       note(undated, "方案没有写完成时限、或时限文字未能识别为日期，也没有批准延期的未完成任务。这些任务不会显示逾期，请办公室补定完成时限。") + table(undated))
        let extensions = sheet(ReportTables.extensionsName)
        out += section("extensions", extensions.name, empty: extensions.rows.isEmpty,
                       note(extensions, "各单位提出、尚待办公室审批的延期申请。") + table(extensions))
        return out + "</main>\n"
    }

    // MARK: - Sections

    /// 封面: plan title, quarter, as-of day, generation time, issuer.
    static func cover(_ r: QuarterlyReport) -> String {
        var meta = [("报告期", r.quarter.label), ("截至", r.asOf.iso), ("生成时间", HTML.dateTime(r.generatedAt))]
        if let issuer = r.issuer, !issuer.isEmpty { meta.append(("发文单位", issuer)) }
        let items = meta.map { "<div><dt>\($0.0)</dt><dd>\(HTML.escape($0.1))</dd></div>" }.joined()
        return """
            <section id="r-cover" class="cover">
            <h1>\(HTML.escape(r.planTitle))</h1>
            <h2>\(r.quarter.label)落实情况报告</h2>
            <dl class="meta">\(items)</dl>
            </section>

            """
    }

    /// 总体情况: figure boxes, then the totals table.
    static func totals(_ r: QuarterlyReport, _ s: Sheet) -> String {
        let c = r.totals
        let figures: [(String, String)] = [
            ("任务数", "\(c.tasks)"), ("已完成（含办结）", "\(c.finished)"), ("推进中", "\(c.inProgress)"),
            ("未开始", "\(c.notStarted)"), ("暂缓", "\(c.onHold)"), ("逾期", "\(c.overdue)"),
            ("下季度到期", "\(c.dueNextQuarter)"), ("完成率", HTML.percent(c.completionRate)),
            ("按时完成率", HTML.percent(c.onTimeRate)),
        ]
        let boxes = figures.map { "<div class=\"fig\"><b>\($0.1)</b><span>\($0.0)</span></div>" }.joined(separator: "\n")
        let explain = "推进中含持续推进；完成率＝已完成（含办结）÷任务数；按时完成率＝按时完成数÷已过到期日或已完成的任务数。"
        let content = "<div class=\"figures\">\n\(boxes)\n</div>\n" + table(s) + "<p class=\"note\">\(explain)</p>\n"
        return section("totals", s.name, content)
    }

    /// 单位进度: the stacked bar chart, then the table with a dot and word for each light.
    static func units(_ r: QuarterlyReport, _ s: Sheet) -> String {
        let lightColumn = s.columns.firstIndex { $0.header == "信号灯" }
        let content = note(s, "各单位牵头任务的办理情况，按逾期任务数从多到少排列（多个单位牵头的任务各计一次）。"
            + "信号灯：红＝有逾期任务，黄＝有任务即将到期或缺报进展，绿＝正常推进，蓝＝全部完成。")
            + chart(r.units)
            + table(s, class: "units") { row, column in
                guard column == lightColumn, row < r.units.count else { return nil }
                return "<td class=\"l\">\(HTML.light(r.units[row].counts.light))</td>"
            }
        return section("units", s.name, wide: !s.rows.isEmpty, empty: s.rows.isEmpty, content)
    }

    // MARK: - Chart

    /// One bar segment kind of the chart: label, fill, outline, text colour, dash pattern.
    struct Segment: Sendable {
        var label: String
        var fill: String
        var stroke: String
        var ink: String
        var dash: String?
        var count: @Sendable (ReportCounts) -> Int
    }

    /// Fills differ in lightness (and 暂缓 in outline) so the bars read in black-and-white print.
    static let segments = [
        Segment(label: "已完成", fill: "#2b5d9b", stroke: "#1d3f69", ink: "#fff", dash: nil, count: { $0.finished }),
        Segment(label: "推进中", fill: "#8fc38a", stroke: "#4f8a4a", ink: "#000", dash: nil, count: { $0.inProgress }),
        Segment(label: "未开始", fill: "#e6e6e6", stroke: "#8a8a8a", ink: "#000", dash: nil, count: { $0.notStarted }),
        Segment(label: "暂缓", fill: "#fff", stroke: "#333", ink: "#000", dash: "3 2", count: { $0.onHold }),
    ]

    /// An inline SVG: one horizontal stacked bar per unit that leads tasks, numbers in the
    /// segments and as `<title>` tooltips, the total (and overdue count) after each bar.
    static func chart(_ units: [QuarterlyReport.UnitRow]) -> String {
        let rows = units.filter { $0.counts.tasks > 0 }
        guard let most = rows.map(\.counts.tasks).max() else { return "" }
        let longest = rows.map(\.unit.count).max() ?? 4
        let labelWidth = min(max(longest * 13 + 14, 90), 300)
        let width = 1060  // the screen width of the report; print scales the whole picture
        let barWidth = width - labelWidth - 120
        let rowHeight = 22
        let barHeight = 15
        let top = 34
        let height = top + rows.count * rowHeight + 6
        let scale = Double(barWidth) / Double(most)
        func f(_ d: Double) -> String { CellValue.numberText((d * 10).rounded() / 10) }

        var out = "<div class=\"chart\">\n"
        out += "<svg viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" "
            + "aria-label=\"各单位牵头任务办理情况\" font-size=\"12\">\n"
        var x = labelWidth
        for s in segments {
            out += "<rect x=\"\(x)\" y=\"6\" width=\"14\" height=\"14\" fill=\"\(s.fill)\" stroke=\"\(s.stroke)\""
                + (s.dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") + "/>"
            out += "<text x=\"\(x + 19)\" y=\"18\">\(s.label)</text>\n"
            x += 19 + s.label.count * 12 + 18
        }
        out += "<text x=\"\(x + 6)\" y=\"18\" fill=\"#333\">（条后数字：牵头任务数／逾期数）</text>\n"
        for (i, u) in rows.enumerated() {
            let c = u.counts
            let y = top + i * rowHeight
            let name = HTML.escape(u.unit)
            let summary = segments.map { "\($0.label)\($0.count(c))" }.joined(separator: "，")
            out += "<g><title>\(name)：牵头\(c.tasks)项，\(summary)，逾期\(c.overdue)</title>\n"
            out += "<text x=\"\(labelWidth - 8)\" y=\"\(y + barHeight - 3)\" text-anchor=\"end\">\(name)</text>\n"
            var left = Double(labelWidth)
            for s in segments {
                let n = s.count(c)
                guard n > 0 else { continue }
                let w = Double(n) * scale
                out += "<rect x=\"\(f(left))\" y=\"\(y)\" width=\"\(f(w))\" height=\"\(barHeight)\" fill=\"\(s.fill)\" "
                    + "stroke=\"\(s.stroke)\" stroke-width=\"0.8\"" + (s.dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")
                    + "><title>\(name) \(s.label)：\(n)项</title></rect>"
                if w >= 16 {
                    out += "<text x=\"\(f(left + w / 2))\" y=\"\(y + barHeight - 3)\" text-anchor=\"middle\" font-size=\"11\" "
                        + "fill=\"\(s.ink)\">\(n)</text>"
                }
                out += "\n"
                left += w
            }
            let tail = c.overdue > 0 ? "\(c.tasks)项／逾期\(c.overdue)" : "\(c.tasks)项"
            out += "<text x=\"\(f(left + 6))\" y=\"\(y + barHeight - 3)\"\(c.overdue > 0 ? " font-weight=\"700\"" : "")>"
                + "\(tail)</text>\n</g>\n"
        }
        return out + "</svg>\n</div>\n"
    }

    // MARK: - Pieces

    /// A `<section>` with its `<h2>`; `wide` puts it on landscape pages in print, `empty` lets a
    /// section with nothing to list share the page before it.
    static func section(_ id: String, _ title: String, wide: Bool = false, empty: Bool = false, _ content: String) -> String {
        let classes = [wide ? "wide" : nil, empty ? "empty" : nil].compactMap { $0 }
        let attribute = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
        return "<section id=\"r-\(id)\"\(attribute)>\n<h2>\(HTML.escape(title))</h2>\n\(content)</section>\n"
    }

    /// An explanatory line under a heading, left out when the section lists nothing.
    static func note(_ s: Sheet, _ text: String) -> String {
        s.rows.isEmpty ? "" : "<p class=\"note\">\(HTML.escape(text))</p>\n"
    }

    /// A sheet as an HTML table (or the "无" line).
    static func table(_ s: Sheet, class name: String? = nil, custom: (Int, Int) -> String? = { _, _ in nil }) -> String {
        HTML.table(s.columns.map(\.header), s.rows, class: name, custom: custom)
    }
}
