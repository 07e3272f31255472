import Foundation

/// Small helpers for writing report HTML: escaping, the formats shared with CSV, tables and the
/// stylesheets. Every text that comes from users or files goes through `escape` before output.
public enum HTML {
    /// Escapes text for element content and quoted attribute values: & < > " '.
    public static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Escaped text with its line breaks kept as `<br>` (notes written over several lines).
    static func text(_ s: String) -> String {
        let escaped = escape(s)
        guard escaped.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { return escaped }
        return escaped.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "<br>")
    }

    /// A rate as the CSV writes it (28.8%), or "—" when there is no base.
    static func percent(_ rate: Double?) -> String { rate.map { CellValue.percentText($0) } ?? "—" }

    /// 2018年9月30日 — the date style of formal notices.
    static func chineseDate(_ d: Day) -> String { "\(d.year)年\(d.month)月\(d.day)日" }

    /// The zone report times are shown in, whatever the server's zone (China has one, without DST).
    static let zone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!

    /// `yyyy-MM-dd HH:mm` in `zone`.
    static func dateTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ n: Int?) -> String {
            let n = n ?? 0
            return n < 10 ? "0\(n)" : "\(n)"
        }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute))"
    }

    /// One self-contained HTML file: inline styles only, no scripts, nothing loaded from elsewhere.
    static func page(title: String, css: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        \(css)</style>
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }

    /// A table cell for a sheet value, formatted as the CSV writes it; numbers right-aligned.
    static func cell(_ v: CellValue) -> String {
        var out = ""
        cell(v, into: &out)
        return out
    }

    /// Appends `cell(v)` to `out` (tables of many rows are written in place, piece by piece).
    static func cell(_ v: CellValue, into out: inout String) {
        switch v {
        case .int, .number, .percent:
            out += "<td class=\"n\">"
            out += v.plainText
        case .day:
            out += "<td class=\"d\">"
            out += v.plainText
        case .text(let s) where s.isEmpty:
            out += "<td class=\"e\">—"
        // Short words (状态, 序号, a unit) stay on one line; long text wraps.
        case .text(let s) where isShort(s):
            out += "<td class=\"s\">"
            out += text(s)
        case .text(let s):
            out += "<td>"
            out += text(s)
        case .empty:
            out += "<td class=\"e\">—"
        }
        out += "</td>"
    }

    /// True for text of at most 6 characters (`s.prefix(7).count <= 6`). Counting characters
    /// means finding grapheme breaks; when the first 7 scalars are ones that never join their
    /// neighbours (printable ASCII, CJK ideographs, common CJK and full-width punctuation), they
    /// are 7 characters and the text is long without that work.
    static func isShort(_ s: String) -> Bool {
        var scalars = 0
        for u in s.unicodeScalars {
            guard u.standsAlone else { return s.prefix(7).count <= 6 }
            scalars += 1
            if scalars == 7 { return false }
        }
        return true
    }

    /// A table with a repeating header, or a short "无" line when there are no rows.
    /// - Parameter custom: returns the HTML of a cell to replace (row, column), or nil to keep it.
    /// - Parameter header: false for the continuation of a table above (its last rows, kept
    ///   with what follows): the same columns, no header row.
    /// - Parameter firstRow: the index of `rows[0]` for `custom` (a continuation's rows go on counting).
    static func table(_ headers: [String], _ rows: [[CellValue]], `class` name: String? = nil, columns: [String]? = nil,
                      header: Bool = true, firstRow: Int = 0,
                      custom: (Int, Int) -> String? = { _, _ in nil }) -> String {
        guard !rows.isEmpty else { return "<p class=\"none\">无</p>\n" }
        var out = name.map { "<table class=\"\(escape($0))\">\n" } ?? "<table>\n"
        // Column classes (widths set by the stylesheet), for tables laid out with fixed widths.
        if let columns { out += "<colgroup>" + columns.map { "<col class=\"\(escape($0))\">" }.joined() + "</colgroup>\n" }
        if header {
            out += "<thead><tr>" + headers.map { h in
                textColumns[h].map { "<th class=\"\($0)\">\(escape(h))</th>" } ?? "<th>\(escape(h))</th>"
            }.joined() + "</tr></thead>\n"
        }
        out += "<tbody>\n"
        for (k, row) in rows.enumerated() {
            let i = firstRow + k
            out += "<tr>"
            for c in 0..<max(headers.count, row.count) {
                if let html = custom(i, c) { out += html } else { cell(c < row.count ? row[c] : .empty, into: &out) }
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    /// Columns of long text get most of a table's width: class "req" (具体要求) or "txt" (notes, reasons).
    static let textColumns = ["具体要求": "req", "最新进展": "txt", "理由": "txt"]

    /// A coloured dot and the word of a traffic light, so it reads on grey printers too.
    static func light(_ l: Light) -> String {
        "<span class=\"dot \(l.rawValue)\" aria-hidden=\"true\"></span>\(l.label)"
    }

    /// Fonts: the CJK faces of Linux, macOS and Windows, then sans-serif.
    static let sansFonts =
        "\"Noto Sans CJK SC\", \"Source Han Sans SC\", \"PingFang SC\", \"Microsoft YaHei\", \"SimSun\", sans-serif"

    /// The report stylesheet (screen and print). Print: A4 portrait, wide tables on landscape
    /// pages, headers repeated on every page, one section per page.
    static let reportCSS = """
        .report { font-family: \(sansFonts); color: #111; background: #fff; line-height: 1.5; font-size: 14px;
          max-width: 1100px; margin: 0 auto; padding: 16px 20px 40px; }
        .report h1 { font-size: 24px; text-align: center; margin: 8px 0 4px; }
        .report h2 { font-size: 18px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 2px solid #333; }
        .report .cover h2 { text-align: center; border: 0; margin: 0 0 8px; font-weight: 500; }
        .report .meta { display: flex; flex-wrap: wrap; justify-content: center; gap: 2px 28px; margin: 0; padding: 0; }
        .report .meta div { display: flex; gap: 6px; }
        .report .meta dt { color: #444; }
        .report .meta dt::after { content: "："; }
        .report .meta dd { margin: 0; }
        .report .note, .report .none { color: #333; margin: 4px 0 8px; }
        .report table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 13px; }
        .report th, .report td { border: 1px solid #888; padding: 4px 6px; text-align: left; vertical-align: top; }
        .report th { background: #eceff3; font-weight: 600; white-space: nowrap; }
        .report td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        .report td.d, .report td.l, .report td.s { white-space: nowrap; }
        .report th.req { width: 32%; }
        .report th.txt { width: 18%; }
        .report td.e { color: #666; text-align: center; }
        .report tbody tr:nth-child(even) { background: #f5f7f9; }
        .report .figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(112px, 1fr)); gap: 8px;
          margin: 8px 0 14px; }
        .report .fig { border: 1px solid #888; border-radius: 4px; padding: 6px 4px; text-align: center; }
        .report .fig b { display: block; font-size: 22px; line-height: 1.3; font-variant-numeric: tabular-nums; }
        .report .fig span { font-size: 12px; color: #333; }
        .report .dot { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 50%; border: 1px solid #333;
          margin-right: 0.3em; vertical-align: -0.05em; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        .report .dot.red { background: #d93025; }
        .report .dot.yellow { background: #f9c513; }
        .report .dot.green { background: #1e8e3e; }
        .report .dot.blue { background: #1a73e8; }
        .report .chart { margin: 8px 0 12px; }
        .report .chart svg { display: block; max-width: 100%; height: auto; }
        @page { size: A4; margin: 15mm 12mm; }
        @page wide { size: A4 landscape; }
        .wide { page: wide; }
        thead { display: table-header-group; }
        tr { break-inside: avoid; }
        @media print {
          .report { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
          .report > section { break-before: page; }
          .report > section:first-child, .report > section.cover + section, .report > section.empty { break-before: auto; }
          .report h2 { margin-top: 0; break-after: avoid; }
          .report > section.cover + section h2 { margin-top: 18px; }
          .report table { font-size: 9.5pt; }
          .report .chart { break-inside: avoid; }
          .report .chart svg { width: auto; max-height: 148mm; }
        }
        """

    /// The urging-notice stylesheet: one formal A4 portrait page (仿宋 body, 小标宋 title where installed).
    static let noticeCSS = """
        .notice { font-family: "FangSong", "STFangsong", "FangSong_GB2312", "Noto Serif CJK SC", "Source Han Serif SC",
          "SimSun", serif; color: #000; background: #fff; font-size: 16pt; line-height: 1.75; max-width: 160mm;
          margin: 0 auto; padding: 12mm 0; }
        .notice h1 { font-family: "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif;
          font-size: 22pt; font-weight: 700; text-align: center; letter-spacing: 0.3em; margin: 0 0 1em; }
        .notice p { margin: 0; text-indent: 2em; text-align: justify; }
        .notice p.to { text-indent: 0; }
        .notice table { border-collapse: collapse; width: 100%; margin: 0.6em 0 0.8em; font-size: 11pt; line-height: 1.5;
          table-layout: fixed; }
        .notice th, .notice td { border: 1px solid #000; padding: 3px 4px; text-align: left; vertical-align: top;
          overflow-wrap: anywhere; }
        .notice th { font-weight: 700; text-align: center; white-space: nowrap; }
        .notice col.seq { width: 7%; } .notice col.req { width: 34%; } .notice col.limit { width: 15%; }
        .notice col.due { width: 14%; } .notice col.state { width: 11%; } .notice col.sit { width: 19%; }
        .notice td.d, .notice td.s { text-align: center; }
        .notice td.d { white-space: nowrap; }
        .notice td.sit { text-align: left; }
        .notice table.split { margin-bottom: 0; }
        .notice table.tail { margin-top: -1px; }  /* its top border over the last one above; at a page top the margin is dropped */
        .notice .close { break-inside: avoid; }
        .notice .end { margin-top: 0.2em; }
        .notice .sign { text-indent: 0; text-align: right; margin-top: 2.5em; padding-right: 1em; }
        .notice .date { text-indent: 0; text-align: right; padding-right: 1em; }
        @page { size: A4 portrait; margin: 30mm 26mm 25mm 28mm; }
        thead { display: table-header-group; }
        tr { break-inside: avoid; }
        @media print { .notice { max-width: none; padding: 0; } }
        """
}

extension Unicode.Scalar {
    /// True for scalars that are a whole character whatever surrounds them (printable ASCII, CJK
    /// ideographs, the common CJK and full-width punctuation): a run of them has as many
    /// characters as scalars, so text made of them is measured without finding grapheme breaks.
    var standsAlone: Bool {
        switch value {
        case 0x20...0x7E, 0x4E00...0x9FFF, 0x3001...0x3011, 0xFF01...0xFF5E: return true
        default: return false
        }
    }
}
