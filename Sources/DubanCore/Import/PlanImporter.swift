import Foundation

/// Reads a plan file of any supported format into a `PlanDraft`: detect the format from the
/// bytes, read it into a Grid, interpret the Grid.
public enum PlanImporter {
    /// Largest file accepted (bytes).
    public static let maxFileSize = 64 * 1_048_576

    /// The result of reading a file: the draft and the digest of its bytes.
    public struct Reading: Sendable {
        public var draft: PlanDraft
        public var sha256: String
    }

    /// Reads and interprets a file; a `sink` is given the tasks as they are read (see `TaskSink`).
    /// - Throws: `ImportError` with a message naming the file and what to do.
    public static func read(path: String, year: Int? = nil, sink: TaskSink? = nil) throws -> Reading {
        let name = (path as NSString).lastPathComponent
        var folder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &folder) else { throw ImportError.fileNotFound(path) }
        guard !folder.boolValue else { throw ImportError.isFolder(path) }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maxFileSize {
            throw ImportError.tooLarge(file: name, bytes: size, limit: maxFileSize)
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw ImportError.fileNotFound(path) }
        return try read(data: data, name: name, year: year, sink: sink)
    }

    /// Reads and interprets bytes that came from a file called `name`.
    /// - Throws: `ImportError`.
    public static func read(data: Data, name: String, year: Int? = nil, sink: TaskSink? = nil) throws -> Reading {
        guard !data.isEmpty else { throw ImportError.emptyFile(name) }
        guard data.count <= maxFileSize else { throw ImportError.tooLarge(file: name, bytes: data.count, limit: maxFileSize) }
        // The digest needs only the bytes: another core computes it while this one reads.
        let digest = Background { SHA256.hex(data) }
        let grid = try grid(data: data, name: name)
        let draft = try PlanInterpreter.interpret(grid, year: year, sink: sink)
        // Freeing the Grid (a String per cell line) is a few per cent of an import: another core
        // does it, once this function has let go of it.
        Background.dispose(consume grid)
        return Reading(draft: draft, sha256: try digest.value())
    }

    /// The Grid of a file, from the reader its bytes call for.
    /// - Throws: `ImportError`.
    public static func grid(data: Data, name: String) throws -> Grid {
        switch FormatSniffer.sniff(data, name: name) {
        case .text:
            let (text, _) = try TextDecoding.decode(data, file: name)
            return TextReader.read(text, source: name)
        case .docx:
            return try DocxReader.read(data, source: name)
        case .html:
            return try HTMLReader.read(data, source: name)
        case .csv:
            return try CSVReader.read(data, source: name)
        case .xlsx:
            return try XlsxReader.read(data, source: name)
        case .pdf:
            return try PDFReader.read(data, source: name)
        case .ole2:
            let (converted, target) = try LegacyConverter.convert(data, name: name)
            var grid = target == .docx ? try DocxReader.read(converted, source: name) : try XlsxReader.read(converted, source: name)
            grid.format = target == .docx ? .docx : .xlsx
            return grid
        case let other:
            throw ImportError.unsupportedFormat(file: name, detail: "\(other.label)暂不支持")
        }
    }
}

/// Decides a file's real format from its bytes (the extension only breaks ties).
public enum FormatSniffer {
    /// What the bytes look like.
    public enum Kind: Equatable, Sendable {
        case text, csv, html, docx, xlsx, zip, ole2, pdf, binary

        var label: String {
            switch self {
            case .text: return "文本"
            case .csv: return "CSV 表格"
            case .html: return "网页"
            case .docx: return "Word 文档（.docx）"
            case .xlsx: return "Excel 表格（.xlsx）"
            case .zip: return "ZIP 压缩包"
            case .ole2: return "旧版 Office 文件（.doc/.xls/.wps/.et）"
            case .pdf: return "PDF"
            case .binary: return "二进制文件"
            }
        }
    }

    /// Sniffs the format.
    public static func sniff(_ data: Data, name: String) -> Kind {
        let head = [UInt8](data.prefix(8))
        let ext = (name as NSString).pathExtension.lowercased()
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            if let s = String(data: data.prefix(4096), encoding: .isoLatin1) {
                if s.contains("word/") { return .docx }
                if s.contains("xl/") { return .xlsx }
            }
            return ext == "docx" ? .docx : ext == "xlsx" ? .xlsx : .zip
        }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { return .ole2 }
        if head.starts(with: Array("%PDF".utf8)) { return .pdf }
        let sample = data.prefix(4096)
        if sample.contains(0) && !(head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF])) { return .binary }
        let utf16 = head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF])
        let lower = (utf16 ? String(data: sample, encoding: .utf16) ?? "" : String(decoding: sample, as: UTF8.self)).lowercased()
        if lower.contains("<html") || lower.contains("<table") || lower.contains("<!doctype html") { return .html }
        if ext == "csv" || ext == "tsv" { return .csv }
        return .text
    }
}
