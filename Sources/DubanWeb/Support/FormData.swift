import Foundation
import Hummingbird

/// A submitted form: urlencoded fields, or multipart fields and one file.
public struct FormData: Sendable {
    public var fields: [String: String] = [:]
    public var fileName: String?
    public var file: Data?

    /// A field's trimmed value ("" when absent).
    public subscript(_ name: String) -> String { (fields[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Reads the body of a POST (urlencoded or multipart/form-data), refusing bodies over `limit`.
    /// - Throws: `WebError.tooLarge` or `WebError.badRequest`.
    public static func read(_ request: Request, limit: Int = WebLimits.maxForm) async throws -> FormData {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limit)
        } catch {
            throw WebError.tooLarge("提交的内容超过 \(limit / 1_048_576 > 0 ? "\(limit / 1_048_576) MB" : "\(limit / 1024) KB")，请只上传分工方案或反馈表本身。")
        }
        let data = Data(buffer.readableBytesView)
        let type = request.headers[.contentType] ?? ""
        if type.lowercased().hasPrefix("multipart/form-data") {
            guard let b = type.components(separatedBy: "boundary=").last?.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")),
                  !b.isEmpty else { throw WebError.badRequest("上传格式不正确。") }
            return try multipart(data, boundary: b)
        }
        return FormData(fields: urlencoded(String(decoding: data, as: UTF8.self)))
    }

    /// Parses `a=1&b=%E4%B8%AD`.
    public static func urlencoded(_ s: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in s.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ t: Substring) -> String {
                String(t).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(t)
            }
            guard let key = parts.first else { continue }
            out[decode(key)] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return out
    }

    /// Parses multipart/form-data: text fields and the first file part.
    static func multipart(_ data: Data, boundary: String) throws -> FormData {
        var form = FormData()
        let delimiter = Data(("--" + boundary).utf8)
        var ranges: [Range<Data.Index>] = []
        var searchFrom = data.startIndex
        while let r = data.range(of: delimiter, in: searchFrom..<data.endIndex) {
            ranges.append(r)
            searchFrom = r.upperBound
        }
        guard ranges.count >= 2 else { throw WebError.badRequest("上传格式不正确。") }
        for (a, b) in zip(ranges, ranges.dropFirst()) {
            var part = data[a.upperBound..<b.lowerBound]
            if part.starts(with: [13, 10]) { part = part.dropFirst(2) }
            if part.suffix(2) == Data([13, 10]) { part = part.dropLast(2) }
            guard let split = part.range(of: Data([13, 10, 13, 10])) else { continue }
            let head = String(decoding: part[part.startIndex..<split.lowerBound], as: UTF8.self)
            let body = Data(part[split.upperBound...])
            guard let disposition = head.components(separatedBy: "\r\n").first(where: { $0.lowercased().hasPrefix("content-disposition") })
            else { continue }
            func attribute(_ name: String) -> String? {
                guard let r = disposition.range(of: "\(name)=\"") else { return nil }
                let rest = disposition[r.upperBound...]
                return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
            }
            guard let name = attribute("name") else { continue }
            if let fileName = attribute("filename") {
                if form.file == nil, !fileName.isEmpty {
                    form.fileName = (fileName as NSString).lastPathComponent
                    form.file = body
                }
            } else {
                form.fields[name] = String(decoding: body, as: UTF8.self)
            }
        }
        return form
    }
}
