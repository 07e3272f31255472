/// Fatal import problems, each with a message that tells an office worker what to do.
public enum ImportError: Error, Equatable, CustomStringConvertible {
    case fileNotFound(String)
    case isFolder(String)
    case emptyFile(String)
    case tooLarge(file: String, bytes: Int, limit: Int)
    case undecodable(file: String)
    case unsupportedFormat(file: String, detail: String)
    case damaged(file: String, detail: String)
    case noTaskTable(file: String)
    case noYear(file: String)
    case yearOutOfRange(file: String, year: Int)

    public var description: String {
        switch self {
        case .fileNotFound(let f):
            return "找不到文件 \(f)。请检查路径是否正确。"
        case .isFolder(let f):
            return "\(f) 是一个文件夹，不是文件。请指定要导入的分工方案文件，例如 \(f)/分工方案.docx。"
        case .emptyFile(let f):
            return "文件 \(f) 是空的。请确认选择了正确的分工方案文件。"
        case .tooLarge(let f, let bytes, let limit):
            return "文件 \(f) 太大（\(bytes / 1_048_576) MB，上限 \(limit / 1_048_576) MB）。请只导入分工方案本身。"
        case .undecodable(let f):
            return "无法识别文件 \(f) 的文字编码（既不是 UTF-8 也不是 GB18030）。请用 Word/WPS 另存为 .docx 后再导入。"
        case .unsupportedFormat(let f, let detail):
            return "不支持文件 \(f) 的格式：\(detail)。请另存为 .docx、.xlsx、.html、.csv 或 .txt 后再导入。"
        case .damaged(let f, let detail):
            return "文件 \(f) 已损坏或不完整：\(detail)。请重新下载或重新保存后再导入。"
        case .noTaskTable(let f):
            let pdf = f.lowercased().hasSuffix(".pdf")
                ? "PDF 中的表格如果有跨行合并的格子、竖排的文字，或每格文字上下居中，可能读不出来：请改用发文单位的 Word/Excel 原件导入。" : ""
            return "在 \(f) 中没有找到任务表或分工事项（既没有带表头的分工表，也没有写明责任单位的条目）。请确认文件包含带“序号、工作任务、牵头单位、完成时限”表头的分工表。\(pdf)"
        case .noYear(let f):
            return "无法从 \(f) 判断方案年度。请用 --year 指定，例如 --year 2018。"
        case .yearOutOfRange(let f, let year):
            return "\(f) 的方案年度 \(year) 不在 \(Metadata.years.lowerBound)–\(Metadata.years.upperBound) 年之间。请用 --year 指定正确的年度，例如 --year 2018。"
        }
    }
}
