import CLibXML2
import Foundation

/// Receives the events of a streamed XML part.
protocol XMLStreamHandler: AnyObject {
    func start(_ name: XMLName, _ attributes: XMLAttributes)
    func end(_ name: XMLName)
    func text(_ bytes: UnsafeBufferPointer<UInt8>)
    /// Set when the handler refuses the part (too large, say): parsing stops after the chunk.
    var refusal: String? { get }
}

extension XMLStreamHandler {
    var refusal: String? { nil }
}

/// An element's local name as libxml2 hands it over (valid only during the callback). It is
/// compared as bytes with literals (`case "tc":`), so the millions of callbacks of a large
/// document build no `String`.
struct XMLName {
    let bytes: UnsafePointer<xmlChar>

    /// The name as a String, for the rare paths that keep it.
    var string: String { String(cString: UnsafeRawPointer(bytes).assumingMemoryBound(to: CChar.self)) }

    /// Inlined, so that a `switch` over a dozen names costs a dozen byte compares for most names.
    @inline(__always)
    static func == (name: XMLName, literal: StaticString) -> Bool {
        // Byte by byte: a shorter name stops at its terminating NUL, never reading past it.
        let count = literal.utf8CodeUnitCount
        let expected = literal.utf8Start
        var i = 0
        while i < count {
            if name.bytes[i] != expected[i] { return false }
            i += 1
        }
        return name.bytes[count] == 0
    }

    @inline(__always)
    static func ~= (literal: StaticString, name: XMLName) -> Bool { name == literal }
}

/// The attributes of one start tag (valid only during the callback).
struct XMLAttributes {
    let base: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    let count: Int

    /// The raw bytes of the attribute with this local name (any namespace), references unexpanded.
    func bytes(_ localName: StaticString) -> UnsafeBufferPointer<UInt8>? {
        guard let base else { return nil }
        for i in 0..<count {
            guard let name = base[i * 5], let value = base[i * 5 + 3], let end = base[i * 5 + 4] else { continue }
            if XMLName(bytes: name) == localName { return UnsafeBufferPointer(start: value, count: end - value) }
        }
        return nil
    }

    /// `body` applied to the value's bytes, references expanded; nil when the attribute is absent.
    func withValue<T>(_ localName: StaticString, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T? {
        guard let raw = bytes(localName) else { return nil }
        guard raw.contains(UInt8(ascii: "&")) else { return body(raw) }
        var text = Self.unescape(String(decoding: raw, as: UTF8.self))
        return text.withUTF8(body)
    }

    /// The value of the attribute with this local name (any namespace).
    subscript(_ localName: StaticString) -> String? {
        guard let raw = bytes(localName) else { return nil }
        // Without entity substitution libxml2 hands attribute values over with their
        // references (&amp; &#38;) unexpanded.
        let text = String(decoding: raw, as: UTF8.self)
        return raw.contains(UInt8(ascii: "&")) ? Self.unescape(text) : text
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

extension XMLAttributes {
    /// Expands the five predefined entities and numeric character references.
    static func unescape(_ s: String) -> String {
        var out = ""
        var rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";"), rest.distance(from: amp, to: semi) <= 10 else {
                out += rest[amp...]
                return out
            }
            let name = rest[rest.index(after: amp)..<semi]
            var replacement: String?
            switch name {
            case "amp": replacement = "&"
            case "lt": replacement = "<"
            case "gt": replacement = ">"
            case "quot": replacement = "\""
            case "apos": replacement = "'"
            default:
                if name.hasPrefix("#x") || name.hasPrefix("#X"), let v = UInt32(name.dropFirst(2), radix: 16), let u = Unicode.Scalar(v) {
                    replacement = String(u)
                } else if name.hasPrefix("#"), let v = UInt32(name.dropFirst()), let u = Unicode.Scalar(v) {
                    replacement = String(u)
                }
            }
            out += replacement ?? String(rest[amp...semi])
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }
}

/// libxml2's SAX2 push parser fed in chunks: no DOM, no DTD, no entity expansion, no network.
/// A document that declares a DTD is refused (OOXML never has one; billion-laughs and XXE need one).
final class XMLStream {
    private var context: xmlParserCtxtPtr?
    /// Not retained on every callback: `parse` keeps the handler alive while the stream runs.
    private unowned(unsafe) let handler: any XMLStreamHandler
    private let file: String
    private let part: String
    fileprivate var refusal: String?
    /// Bytes of text since the last tag: one text run longer than `maxTextRun` is refused (a
    /// bomb of spaces inside one w:t would otherwise be gathered into memory whole).
    fileprivate var textRun = 0
    static let maxTextRun = 8 * 1_048_576

    init(handler: any XMLStreamHandler, file: String, part: String) {
        self.handler = handler
        self.file = file
        self.part = part
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = { ctx, localname, _, _, _, _, nbAttributes, _, attributes in
            guard let ctx, let localname else { return }
            let me = XMLStream.from(ctx)
            me.textRun = 0
            me.handler.start(XMLName(bytes: localname), XMLAttributes(base: attributes, count: Int(nbAttributes)))
        }
        sax.endElementNs = { ctx, localname, _, _ in
            guard let ctx, let localname else { return }
            let me = XMLStream.from(ctx)
            me.textRun = 0
            me.handler.end(XMLName(bytes: localname))
        }
        sax.characters = { ctx, ch, len in
            guard let ctx, let ch else { return }
            let me = XMLStream.from(ctx)
            me.textRun += Int(len)
            if me.textRun > XMLStream.maxTextRun {
                if me.refusal == nil { me.refusal = "有一段文字超过 \(XMLStream.maxTextRun / 1_048_576) MB，不像分工方案（疑似压缩炸弹），已拒绝" }
                xmlStopParser(me.context)
                return
            }
            me.handler.text(UnsafeBufferPointer(start: ch, count: Int(len)))
        }
        sax.cdataBlock = sax.characters
        sax.internalSubset = { ctx, _, _, _ in
            guard let ctx else { return }
            let me = XMLStream.from(ctx)
            me.refusal = "含有文档类型定义（DTD），出于安全原因拒绝读取"
            xmlStopParser(me.context)
        }
        sax.externalSubset = sax.internalSubset
        sax.entityDecl = nil
        sax.getEntity = nil
        sax.resolveEntity = nil
        sax.serror = { _, _ in }  // errors are read from the return code, not printed
        let me = Unmanaged.passUnretained(self).toOpaque()
        context = xmlCreatePushParserCtxt(&sax, me, nil, 0, part)
        if let context {
            xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue))
            // xmlCreatePushParserCtxt stores the handler's user data as ctx->userData.
            context.pointee.userData = me
        }
    }


    deinit {
        if let context {
            if context.pointee.myDoc != nil { xmlFreeDoc(context.pointee.myDoc) }
            xmlFreeParserCtxt(context)
        }
    }

    fileprivate static func from(_ ctx: UnsafeMutableRawPointer) -> XMLStream {
        // The SAX callbacks receive ctxt->userData, which we set to self.
        Unmanaged<XMLStream>.fromOpaque(ctx).takeUnretainedValue()
    }

    /// Feeds a chunk.
    /// - Throws: `ImportError.damaged` when the XML is malformed or refused.
    func feed(_ data: Data) throws {
        guard let context else { throw ImportError.damaged(file: file, detail: "XML 解析器无法启动") }
        let rc = data.withUnsafeBytes { raw -> Int32 in
            raw.withMemoryRebound(to: CChar.self) { xmlParseChunk(context, $0.baseAddress, Int32($0.count), 0) }
        }
        try check(rc)
    }

    /// Ends the document.
    /// - Throws: `ImportError.damaged` when it was incomplete or malformed.
    func finish() throws {
        guard let context else { return }
        try check(xmlParseChunk(context, nil, 0, 1))
    }

    private func check(_ rc: Int32) throws {
        if let refusal = refusal ?? handler.refusal { throw ImportError.damaged(file: file, detail: "\(part) \(refusal)") }
        if rc != 0 {
            var detail = "\(part) 不是格式正确的 XML"
            if let err = xmlCtxtGetLastError(context), let msg = err.pointee.message {
                detail += "（第 \(err.pointee.line) 行：\(String(cString: msg).trimmingCharacters(in: .whitespacesAndNewlines))）"
            }
            throw ImportError.damaged(file: file, detail: detail)
        }
    }

    /// Streams one package part through a handler.
    /// - Throws: `ImportError`.
    static func parse(_ package: OOXMLPackage, part: String, handler: any XMLStreamHandler) throws {
        let stream = XMLStream(handler: handler, file: package.file, part: part)
        try package.stream(part) { try stream.feed($0) }
        try stream.finish()
    }
}
