import Foundation
import Hummingbird

/// A submitted form: urlencoded fields, or multipart fields and one file.
public struct FormData: Sendable {
    public var fields: [String: String] = [:]
    public var fileName: String?
    public var file: Data?

    /// A field's trimmed value ("" when absent).
    public subscript(_ name: String) -> String {
        guard let value = fields[name] else { return "" }
        // Most values have nothing to trim: skip Foundation's character-set scan for them.
        guard let first = value.unicodeScalars.first, let last = value.unicodeScalars.last,
              first.properties.isWhitespace || last.properties.isWhitespace else { return value }
        return value.trimmingCharacters(in: .whitespacesAndNewlines)
    }

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
        let type = request.headers[.contentType] ?? ""
        if hasPrefix(type, "multipart/form-data") {
            guard let b = type.components(separatedBy: "boundary=").last?.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")),
                  !b.isEmpty else { throw WebError.badRequest("上传格式不正确。") }
            return try multipart(Data(buffer.readableBytesView), boundary: b)
        }
        return FormData(fields: urlencoded(String(buffer: buffer)))
    }

    /// `text.lowercased().hasPrefix(prefix)` for a lower-case ASCII `prefix`, without the copy
    /// when `text` is ASCII (a header value always is; otherwise the exact Unicode rules).
    static func hasPrefix(_ text: String, _ prefix: StaticString) -> Bool {
        if text.utf8.contains(where: { $0 >= 0x80 }) { return text.lowercased().hasPrefix(prefix.description) }
        var bytes = text.utf8.makeIterator()
        return prefix.withUTF8Buffer { p in
            p.allSatisfy { expected in
                guard let b = bytes.next() else { return false }
                return (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b) == expected
            }
        }
    }

    /// Parses `a=1&b=%E4%B8%AD` (`+` is a space). A name or value whose escapes are malformed or
    /// not UTF-8 is kept as it was sent.
    public static func urlencoded(_ s: String) -> [String: String] {
        var out: [String: String] = [:]
        var s = s
        s.withUTF8 { bytes in
            var start = 0
            while start <= bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: "&") { end += 1 }
                if end > start {
                    var eq = start
                    while eq < end, bytes[eq] != UInt8(ascii: "=") { eq += 1 }
                    let key = decode(UnsafeBufferPointer(rebasing: bytes[start..<eq]))
                    out[key] = eq < end ? decode(UnsafeBufferPointer(rebasing: bytes[(eq + 1)..<end])) : ""
                }
                start = end + 1
            }
        }
        return out
    }

    /// One percent-encoded name or value.
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        func hex(_ b: UInt8) -> UInt8? {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        let raw = String(decoding: bytes, as: UTF8.self)
        guard bytes.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) else { return raw }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "+") {
                decoded.append(UInt8(ascii: " "))
            } else if b == UInt8(ascii: "%") {
                guard i + 2 < bytes.count, let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) else { return raw }
                decoded.append(h << 4 | l)
                i += 2
            } else {
                decoded.append(b)
            }
            i += 1
        }
        return String(validating: decoded, as: UTF8.self) ?? raw
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
