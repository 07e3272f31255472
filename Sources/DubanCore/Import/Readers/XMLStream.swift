import Foundation

/// Receives the events of a streamed XML part.
protocol XMLStreamHandler: AnyObject {
    func start(_ name: XMLName, _ attributes: XMLAttributes)
    func end(_ name: XMLName)
    /// Text in pieces as it arrives (one run of text may come in several calls), references decoded.
    func text(_ bytes: UnsafeBufferPointer<UInt8>)
    /// Set when the handler refuses the part (too large, say): parsing stops after the chunk.
    var refusal: String? { get }
}

extension XMLStreamHandler {
    var refusal: String? { nil }
}

/// An element's local name, prefix dropped (valid only during the callback). It is compared as
/// bytes with literals (`case "tc":`), so the millions of callbacks of a large document build
/// no `String`.
struct XMLName {
    let bytes: UnsafeBufferPointer<UInt8>

    /// The name as a String, for the rare paths that keep it.
    var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Inlined, so that a `switch` over a dozen names costs little more than a dozen length compares.
    @inline(__always)
    static func == (name: XMLName, literal: StaticString) -> Bool {
        name.bytes.count == literal.utf8CodeUnitCount
            && XMLBytes.equals(name.bytes.baseAddress!, literal.utf8Start, name.bytes.count)
    }

    @inline(__always)
    static func ~= (literal: StaticString, name: XMLName) -> Bool { name == literal }

    /// True when the name is `string` (compared as bytes, no String made).
    func matches(_ string: String?) -> Bool {
        guard let string else { return false }
        return bytes.elementsEqual(string.utf8)
    }
}

/// The attributes of one start tag (valid only during the callback): the bytes between the
/// element name and the closing `>` or `/>`, already checked by the scanner, taken apart only
/// when an attribute is read (most elements' attributes never are).
struct XMLAttributes {
    let raw: UnsafeBufferPointer<UInt8>

    /// Calls `body` with each attribute's local name and raw value (references unexpanded), in
    /// order, namespace declarations left out (as SAX2 hands them over), until it returns false.
    func forEach(_ body: (_ localName: UnsafeBufferPointer<UInt8>, _ value: UnsafeBufferPointer<UInt8>) -> Bool) {
        guard let p = raw.baseAddress else { return }
        let n = raw.count
        var k = 0
        while true {
            while k < n && XMLBytes.isSpace(p[k]) { k += 1 }
            guard k < n else { return }
            let start = k
            var local = k
            while k < n && p[k] != UInt8(ascii: "=") && !XMLBytes.isSpace(p[k]) {
                if p[k] == UInt8(ascii: ":") { local = k + 1 }
                k += 1
            }
            let nameEnd = k
            while k < n && p[k] != UInt8(ascii: "\"") && p[k] != UInt8(ascii: "'") { k += 1 }
            guard k < n else { return }
            let quote = p[k]
            k += 1
            let value = k
            while k < n && p[k] != quote { k += 1 }
            let valueEnd = k
            k += 1
            let isNamespace = (local == start && XMLBytes.equals(p + start, nameEnd - start, "xmlns"))
                || (local - start == 6 && XMLBytes.equals(p + start, 5, "xmlns"))
            if !isNamespace {
                guard body(UnsafeBufferPointer(start: p + local, count: nameEnd - local),
                           UnsafeBufferPointer(start: p + value, count: valueEnd - value)) else { return }
            }
        }
    }

    /// The raw bytes of the attribute with this local name (any namespace), references unexpanded.
    func bytes(_ localName: StaticString) -> UnsafeBufferPointer<UInt8>? {
        var found: UnsafeBufferPointer<UInt8>?
        forEach { name, value in
            guard XMLBytes.equals(name.baseAddress!, name.count, localName) else { return true }
            found = value
            return false
        }
        return found
    }

    /// `body` applied to the value's bytes, references expanded; nil when the attribute is absent.
    func withValue<T>(_ localName: StaticString, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T? {
        guard let raw = bytes(localName) else { return nil }
        guard raw.contains(where: { $0 == UInt8(ascii: "&") || $0 < 0x20 }) else { return body(raw) }
        var decoded: [UInt8] = []
        _ = XMLBytes.decode(raw, into: &decoded, attribute: true)  // checked by the scanner already
        return decoded.withUnsafeBufferPointer(body)
    }

    /// The value of the attribute with this local name (any namespace).
    subscript(_ localName: StaticString) -> String? {
        withValue(localName) { String(decoding: $0, as: UTF8.self) }
    }

    /// A boolean property's `val` (`<w:strike/>`, `<strike val="0"/>`): absent, or anything but
    /// 0 / false / off, is on. Compared as bytes, no String made.
    var isOn: Bool {
        withValue("val") { v in
            !(v.elementsEqual("0".utf8) || v.elementsEqual("false".utf8) || v.elementsEqual("off".utf8))
        } ?? true
    }

    /// An xsd:boolean attribute (`hidden="1"` on a row or column): true for 1 or true; false when
    /// absent or anything else. Compared as bytes: the row handler reads it on every row.
    func isTrue(_ localName: StaticString) -> Bool {
        withValue(localName) { v in v.elementsEqual("1".utf8) || v.elementsEqual("true".utf8) } ?? false
    }

    /// An integer attribute (`w:val="2"`, `s="14"`), read as `Int(String)` reads the value but
    /// without making a String; nil when absent or not a number.
    func int(_ localName: StaticString) -> Int? {
        withValue(localName, Self.int) ?? nil
    }

    /// Optional sign and decimal digits, nil on anything else or on overflow (as `Int(String)`).
    static func int(_ raw: UnsafeBufferPointer<UInt8>) -> Int? {
        var digits = raw[...]
        var negative = false
        if let sign = digits.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty else { return nil }
        var value = 0
        for b in digits {
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            let digit = Int(b - UInt8(ascii: "0"))
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = negative ? times10.subtractingReportingOverflow(digit) : times10.addingReportingOverflow(digit)
            guard !o1, !o2 else { return nil }
            value = next
        }
        return value
    }
}

/// Streams the XML parts of an OOXML package through `XMLScanner`: no DOM, no DTD, no entity
/// expansion beyond the predefined five, no network. A document that declares a DTD is refused.
enum XMLStream {
    /// Bytes of text since the last tag: one text run longer than this is refused (a bomb of
    /// spaces inside one w:t would otherwise be gathered into memory whole); so is one tag,
    /// comment or CDATA section longer than this.
    static let maxTextRun = 8 * 1_048_576

    static let textRunRefusal = "有一段文字超过 \(maxTextRun / 1_048_576) MB，不像分工方案（疑似压缩炸弹），已拒绝"
    static let dtdRefusal = "含有文档类型定义（DTD），出于安全原因拒绝读取"

    static func encodingRefusal(_ encoding: String) -> String {
        "使用 \(encoding) 编码（Office 文件应为 UTF-8），无法读取"
    }

    /// Streams one package part through a handler.
    /// - Throws: `ImportError.damaged` when the part is missing, malformed or refused.
    static func parse<Handler: XMLStreamHandler>(_ package: OOXMLPackage, part: String, handler: Handler) throws {
        let scanner = XMLScanner(handler: handler)
        do {
            try package.stream(part) { try scanner.feed($0) }
            try scanner.finish()
        } catch let failure as XMLScanFailure {
            switch failure {
            case .refused(let reason):
                throw ImportError.damaged(file: package.file, detail: "\(part) \(reason)")
            case .malformed(let reason, let offset):
                throw ImportError.damaged(file: package.file, detail: "\(part) 不是格式正确的 XML（第 \(offset + 1) 字节附近：\(reason)）")
            }
        }
    }
}
