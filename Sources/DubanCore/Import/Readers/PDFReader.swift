import Foundation

/// PDF files, through poppler's `pdftotext -bbox-layout` when it is installed: every word with
/// its box on the page. The words are laid out again as text by their exact places (lines by
/// height on the page, each text at its column on a fixed grid of `pitch` points), so that the
/// tables are read by `LayoutText` without the drift of `pdftotext -layout`'s own text, and the
/// rest as paragraphs, as for any text.
public enum PDFReader {
    /// Longest the conversion may take.
    static let timeout: TimeInterval = 120
    /// Points per character column of the text laid out again (a Chinese character is about 10.5).
    static let pitch = 3.0
    /// The largest place on a page read (points; A0 is 3,370 long): a word beyond is not the plan's.
    static let maxPlace = 10_000.0

    /// A word and its box, in points from the page's top left.
    struct Word {
        var xMin: Double, yMin: Double, xMax: Double, yMax: Double
        var text: String
        var middle: Double { (yMin + yMax) / 2 }
    }

    /// The `pdftotext` executable on PATH, if any.
    public static func pdftotext() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/pdftotext" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// - Throws: `ImportError` when pdftotext is missing or fails, or the PDF has no text (a scan).
    public static func read(_ data: Data, source: String) throws -> Grid {
        guard let exe = pdftotext() else {
            throw ImportError.unsupportedFormat(
                file: source,
                detail: "这是 PDF 文件，本机未安装 pdftotext 无法读取。请安装 poppler-utils（apt-get install poppler-utils），或用 Word/WPS 打开后另存为 .docx 再导入")
        }
        return try grid(words: words(of: data, source: source, exe: exe), source: source)
    }

    /// The Grid of a PDF from pdftotext's word boxes (its `-bbox-layout` XHTML; the fuzzer's entry).
    /// - Throws: `ImportError` when the page has no words (a scan).
    public static func grid(wordsXHTML: Data, source: String) throws -> Grid {
        try grid(words: parse(wordsXHTML), source: source)
    }

    private static func grid(words pages: [[Word]], source: String) throws -> Grid {
        guard pages.contains(where: { !$0.isEmpty }) else {
            throw ImportError.unsupportedFormat(file: source, detail: "这个 PDF 中没有可以读取的文字（是扫描的图片），Duban 不做文字识别；最好用发文单位原来的 Word/Excel 文件")
        }
        let (text, places) = layoutText(pages)
        var grid = TextReader.read(text, source: source, places: places)
        grid.format = .pdf
        return grid
    }

    /// The words of each page, from pdftotext run in a private temporary folder.
    static func words(of data: Data, source: String, exe: String) throws -> [[Word]] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("duban-pdf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let input = dir.appendingPathComponent("input.pdf"), output = dir.appendingPathComponent("words.html")
            try data.write(to: input)
            let status = try LegacyConverter.run(exe, ["-bbox-layout", "-enc", "UTF-8", "-q", input.path, output.path], timeout: timeout)
            guard status == 0, let xhtml = FileManager.default.contents(atPath: output.path) else {
                throw ImportError.damaged(file: source, detail: "pdftotext 无法读取这个 PDF（文件可能已损坏或加了密码）")
            }
            return parse(xhtml)
        } catch let error as ImportError {
            throw error
        } catch {
            throw ImportError.damaged(file: source, detail: "读取 PDF 时出错：\(error.localizedDescription)")
        }
    }

    /// The words of each page in pdftotext's XHTML (`<page …>`, `<word xMin=… yMin=… xMax=… yMax=…>text</word>`).
    static func parse(_ xhtml: Data) -> [[Word]] {
        let text = String(decoding: xhtml, as: UTF8.self)
        var pages: [[Word]] = []
        for page in text.components(separatedBy: "<page ").dropFirst() {
            var words: [Word] = []
            for piece in page.components(separatedBy: "<word ").dropFirst() {
                guard let close = piece.range(of: ">"), let end = piece[close.upperBound...].range(of: "</word>") else { continue }
                let attributes = piece[..<close.lowerBound]
                func number(_ name: String) -> Double? {
                    guard let r = attributes.range(of: name + "=\"") else { return nil }
                    return Double(attributes[r.upperBound...].prefix { $0 != "\"" })
                }
                // Places on a page: finite, within a few metres, the box the right way round.
                guard let xMin = number("xMin"), let yMin = number("yMin"), let xMax = number("xMax"), let yMax = number("yMax"),
                      [xMin, yMin, xMax, yMax].allSatisfy({ $0.isFinite && abs($0) <= maxPlace }), xMin <= xMax, yMin <= yMax else { continue }
                let word = unescaped(String(piece[close.upperBound..<end.lowerBound]))
                guard !word.isEmpty else { continue }
                words.append(Word(xMin: xMin, yMin: yMin, xMax: xMax, yMax: yMax, text: word))
            }
            pages.append(words)
        }
        return pages
    }

    private static func unescaped(_ s: String) -> String {
        guard s.contains("&") else { return s }
        return s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The pages as text: a line for each height on the page that words stand at (a blank line
    /// where a line's worth of space is empty), each run of words at the column of its left edge;
    /// each page after the first starts with a form feed, as pdftotext writes it. Also how wide
    /// each run prints and how high each line stands (`LayoutText.Places`).
    static func layoutText(_ pages: [[Word]]) -> (text: String, places: LayoutText.Places) {
        var out: [String] = []
        var places = LayoutText.Places()
        func record(_ line: Int, _ column: Int?, _ from: Double?, _ to: Double?) {
            guard let column, let from, let to else { return }
            places.widths[line, default: [:]][column] = LayoutText.halfCharacters(points: to - from)
        }
        for (p, words) in pages.enumerated() {
            var lines: [[Word]] = []
            for w in words.sorted(by: { $0.middle < $1.middle }) {
                // A word within a third of its height of a line's middle is on that line.
                if let last = lines.last?.first, abs(w.middle - last.middle) <= (w.yMax - w.yMin) / 3 {
                    lines[lines.count - 1].append(w)
                } else {
                    lines.append([w])
                }
            }
            var previousBottom: Double?
            for (k, line) in lines.enumerated() {
                let top = line.map(\.yMin).min() ?? 0, bottom = line.map(\.yMax).max() ?? 0
                if let previousBottom, top - previousBottom > bottom - top { out.append("") }
                previousBottom = bottom
                var text = k == 0 && p > 0 ? "\u{0C}" : ""
                let prefix = text.count
                var lastEnd: Double?, runStart: Double?, runColumn: Int?
                for w in line.sorted(by: { $0.xMin < $1.xMin }) {
                    let height = w.yMax - w.yMin
                    if let lastEnd, w.xMin - lastEnd < height * 0.45 {
                        // The same run of text: a space where the page has one, but none beside
                        // Chinese (pdftotext splits words where the font changes: 完成投资|150|亿元).
                        if w.xMin - lastEnd > 1, !TextNormalizer.isChinese(text.last), !TextNormalizer.isChinese(w.text.first) { text += " " }
                    } else {
                        record(out.count, runColumn, runStart, lastEnd)
                        let column = prefix + Int((max(0, w.xMin) / pitch).rounded())
                        let length = text.count
                        text += String(repeating: " ", count: max(column - length, length == prefix ? 0 : 2))
                        runStart = w.xMin
                        runColumn = text.count - prefix
                    }
                    text += w.text
                    lastEnd = w.xMax
                }
                record(out.count, runColumn, runStart, lastEnd)
                places.heights[out.count] = (top, bottom)
                out.append(text)
            }
        }
        return (out.joined(separator: "\n"), places)
    }
}
