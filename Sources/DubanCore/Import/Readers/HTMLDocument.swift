import CLibXML2
import Foundation

/// A page as libxml2's HTML parser reads it, kept as flat arrays in document order: the nodes
/// of the root element's tree (elements and text, nothing else the walks read), the text in one
/// byte buffer, and each distinct element name classified once.
///
/// libxml2 builds the same tree itself (`htmlReadMemory`), but with a malloc per node and a copy
/// of every name and text, and walking its linked nodes cost as much again. Here libxml2's HTML
/// parser only tokenises, auto-closes, implies missing elements and decodes entities, and hands
/// over events (`HTMLDocumentBuilder`); 16 bytes a node are kept.
struct HTMLDocument {
    /// One element or text node. An element's subtree is `nodes[index ..< end]`, its first
    /// child (if any) at `index + 1`, its next sibling at `end`.
    struct Node {
        /// `HTMLDocument.textKind` for text, else an index into `kinds`.
        var kind: Int32
        /// One past the last node of the subtree (text: its own index + 1).
        var end: Int32
        /// Text: offset of its bytes in `text`. Table cell: its colspan, -1 when absent.
        var first: Int32
        /// Text: its length in bytes. Table cell: its rowspan, -1 when absent.
        var second: Int32
    }

    static let textKind: Int32 = 0
    /// `first` of a table row the page hides (display:none or hidden; `HTMLTree.hidesRow`).
    static let hiddenRow: Int32 = -2

    /// The same elements (kind, extent, spans), texts and element classes as `other`, wherever
    /// each puts its texts in `text`.
    func sameContent(as other: HTMLDocument) -> Bool {
        guard nodes.count == other.nodes.count, kinds == other.kinds else { return false }
        for (a, b) in zip(nodes, other.nodes) {
            guard a.kind == b.kind, a.end == b.end else { return false }
            if a.kind == Self.textKind {
                guard text[Int(a.first)..<Int(a.first + a.second)].elementsEqual(
                    other.text[Int(b.first)..<Int(b.first + b.second)]) else { return false }
            } else if a.first != b.first || a.second != b.second {
                return false
            }
        }
        return true
    }

    /// The kind of an element by its local name: its entry in `kinds`, added when first seen
    /// (`known`: the kinds by name so far). `struck`: the element's style strikes its text through
    /// (`HTMLTree.strikesText`), which makes it a kind of its own, read like `<del>` but still a
    /// row, cell or block where the name is one; elements whose content is never read keep their kind.
    mutating func kind(local: [UInt8], struck: Bool = false, known: inout [[UInt8]: Int32]) -> Int32 {
        // 0xFF never occurs in UTF-8: the struck kind's key cannot be a name.
        let key = struck ? local + [0xFF] : local
        if let kind = known[key] { return kind }
        var info = HTMLTree.TagInfo(String(decoding: local, as: UTF8.self))
        if struck {
            guard !info.ignored else { return kind(local: local, known: &known) }
            info.struck = true
            info.ignored = true
        }
        let kind = Int32(kinds.count)
        kinds.append(info)
        known[key] = kind
        return kind
    }

    /// The root element's tree in document order; empty when the page has no element.
    var nodes: [Node] = []
    /// UTF-8 text of all text nodes, entities decoded.
    var text: [UInt8] = []
    /// Element classes by kind (`kinds[0]` stands for text and is never read).
    var kinds: [HTMLTree.TagInfo] = [HTMLTree.TagInfo("")]

    /// Parses UTF-8 bytes (no NUL) with libxml2's HTML parser (the options `htmlReadMemory` was
    /// given) and keeps the nodes libxml2's own tree builder would have linked under the root.
    /// - Returns: nil when libxml2 cannot set up a parser.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, options: Int32) -> HTMLDocument? {
        guard let base = bytes.baseAddress, let ctxt = htmlNewParserCtxt() else { return nil }
        defer { htmlFreeParserCtxt(ctxt) }
        // The callbacks reach the builder through a pointer: no reference counting and no
        // exclusivity checks per event, as a class would have.
        let builder = UnsafeMutablePointer<HTMLDocumentBuilder>.allocate(capacity: 1)
        builder.initialize(to: HTMLDocumentBuilder(ctxt))
        defer {
            builder.deinitialize(count: 1)
            builder.deallocate()
        }
        ctxt.pointee.sax.pointee = HTMLDocumentBuilder.handler()
        ctxt.pointee._private = UnsafeMutableRawPointer(builder)
        ctxt.pointee.userData = UnsafeMutableRawPointer(ctxt)
        // The result is libxml2's document, which is never built: no startDocument callback.
        _ = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
            htmlCtxtReadMemory(ctxt, $0, Int32(bytes.count), nil, "UTF-8", options)
        }
        return builder.pointee.finish()
    }
}

/// Builds an `HTMLDocument` from libxml2's SAX events the way libxml2's tree builder (SAX2.c of
/// libxml2 2.9) links nodes, where that differs from the plain event stream:
/// - element names lose their prefix (`o:p` is a `p`, `st1:chsdate` a `chsdate`);
/// - an element opened after the root has closed goes under the root only when nothing
///   (no DOCTYPE, comment or processing instruction) comes before the root in the document;
///   otherwise it is a second top-level element, outside the page that is read;
/// - nesting deeper than 256 elements stops the parse, as libxml2's node stack limit did;
/// - one text node longer than 10,000,000 bytes stops the parse (libxml2's "huge text node").
struct HTMLDocumentBuilder {
    /// libxml2's `xmlParserMaxDepth` without `XML_PARSE_HUGE`.
    static let maxDepth = 256
    /// libxml2's `XML_MAX_TEXT_LENGTH` without `XML_PARSE_HUGE`.
    static let maxTextNode = 10_000_000

    private let ctxt: htmlParserCtxtPtr
    private var doc = HTMLDocument()

    /// The current element's last child, as far as joining text goes: libxml2 joins text that
    /// follows text into one node, and starts a new one after anything else (a comment too).
    private enum LastChild {
        /// A text node (its index).
        case text(Int)
        case other
    }

    /// Open elements of the root's tree, innermost last (indices into `doc.nodes`).
    private var open: [Int] = []
    private var last = LastChild.other
    /// Open elements, those outside the root's tree included (libxml2's node stack).
    private var depth = 0
    /// Open elements of a top-level element outside the root's tree; their events are dropped.
    private var detachedDepth = 0
    private var hasRoot = false
    /// True while the document's first child is (or will be) the root element.
    private var rootIsFirstChild = true
    private var hasDoctype = false
    private var stopped = false

    /// Kinds of the names seen so far, by libxml2's pointer (the parser interns names).
    private var names: [(pointer: UnsafePointer<xmlChar>, kind: Int32)] = []
    /// Kinds by local name (prefix dropped).
    private var kindsByName: [[UInt8]: Int32] = [:]

    init(_ ctxt: htmlParserCtxtPtr) {
        self.ctxt = ctxt
    }

    /// The document, with elements still open (the parse stopped) closed at the end.
    mutating func finish() -> HTMLDocument {
        let count = Int32(doc.nodes.count)
        for i in open { doc.nodes[i].end = count }
        // Elements opened after the root closed went under the root: it spans every node.
        if !doc.nodes.isEmpty { doc.nodes[0].end = count }
        return doc
    }

    // MARK: - Events

    private mutating func startElement(_ name: UnsafePointer<xmlChar>, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        guard !stopped else { return }
        guard depth <= Self.maxDepth else { return stop() }
        depth += 1
        if detachedDepth > 0 {
            detachedDepth += 1
            return
        }
        if depth == 1 {
            if hasRoot && !rootIsFirstChild {
                detachedDepth = 1
                return
            }
            hasRoot = true
        }
        var kind = kind(of: name)
        if let attributes, Self.strikesText(attributes) {
            kind = doc.kind(local: Array(Self.localName(Self.bytes(name))), struck: true, known: &kindsByName)
        }
        var node = HTMLDocument.Node(kind: kind, end: 0, first: -1, second: -1)
        if doc.kinds[Int(kind)].cell, let attributes {
            node.first = Self.span(attributes, "colspan")
            node.second = Self.span(attributes, "rowspan")
        } else if doc.kinds[Int(kind)].tr, let attributes {
            var k = 0
            while let name = attributes[k] {
                if HTMLTree.hidesRow(name: Self.bytes(name), value: attributes[k + 1].map(Self.bytes)) {
                    node.first = HTMLDocument.hiddenRow
                    break
                }
                k += 2
            }
        }
        open.append(doc.nodes.count)
        doc.nodes.append(node)
        last = .other
    }

    /// The element's (first) style strikes its text through; libxml2 has dropped repeated attributes.
    private static func strikesText(_ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>) -> Bool {
        var k = 0
        while let name = attributes[k] {
            if let value = attributes[k + 1], HTMLFastParser.equalsIgnoringCase(bytes(name), "style") {
                return HTMLTree.strikesText(style: bytes(value))
            }
            k += 2
        }
        return false
    }

    private mutating func endElement() {
        guard !stopped, depth > 0 else { return }
        depth -= 1
        if detachedDepth > 0 {
            detachedDepth -= 1
            return
        }
        guard let i = open.popLast() else { return }
        doc.nodes[i].end = Int32(doc.nodes.count)
        last = .other
    }

    private mutating func characters(_ bytes: UnsafeBufferPointer<UInt8>, cdata: Bool) {
        guard !stopped, detachedDepth == 0, !open.isEmpty, !bytes.isEmpty else { return }
        if cdata {
            // A CDATA section (script and style bodies) is a node of its own.
            appendText(bytes)
            last = .other
            return
        }
        if case .text(let i) = last {
            let length = Int(doc.nodes[i].second) + bytes.count
            guard length <= Self.maxTextNode else { return stop() }
            doc.nodes[i].second = Int32(length)
            doc.text.append(contentsOf: bytes)
        } else {
            appendText(bytes)
            last = .text(doc.nodes.count - 1)
        }
    }

    private mutating func appendText(_ bytes: UnsafeBufferPointer<UInt8>) {
        doc.nodes.append(HTMLDocument.Node(kind: HTMLDocument.textKind, end: Int32(doc.nodes.count + 1),
                                           first: Int32(doc.text.count), second: Int32(bytes.count)))
        doc.text.append(contentsOf: bytes)
    }

    /// A comment or processing instruction: a node libxml2 links, that the walks never read.
    private mutating func commentOrInstruction() {
        guard !stopped else { return }
        if depth == 0 {
            if !hasRoot { rootIsFirstChild = false }
        } else {
            last = .other
        }
    }

    private mutating func doctype() {
        // libxml2 keeps the first DOCTYPE and puts it before everything else in the document.
        guard !stopped, !hasDoctype else { return }
        hasDoctype = true
        rootIsFirstChild = false
    }

    private mutating func stop() {
        stopped = true
        xmlStopParser(ctxt)
    }

    // MARK: - Names

    /// The kind of an element name, from the pointer when seen before.
    private mutating func kind(of name: UnsafePointer<xmlChar>) -> Int32 {
        for entry in names where entry.pointer == name { return entry.kind }
        let kind = doc.kind(local: Array(Self.localName(Self.bytes(name))), known: &kindsByName)
        if names.count < 64 { names.append((name, kind)) }
        return kind
    }

    private static func bytes(_ name: UnsafePointer<xmlChar>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: name, count: strlen(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self)))
    }

    /// The name libxml2's tree builder gives an element (`xmlSplitQName`): what follows the
    /// first colon, unless the name starts or ends with it.
    static func localName(_ name: UnsafeBufferPointer<UInt8>) -> Slice<UnsafeBufferPointer<UInt8>> {
        guard let colon = name.firstIndex(of: UInt8(ascii: ":")), colon > 0, colon < name.count - 1 else { return name[...] }
        return name[(colon + 1)...]
    }

    // MARK: - Attributes

    /// A span attribute of a cell by the HTML rules (see `HTMLTree.span`), -1 when absent or not
    /// a number; the first attribute of that name counts, its name compared without case.
    static func span(_ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>, _ wanted: StaticString) -> Int32 {
        var k = 0
        while let name = attributes[k] {
            if HTMLTree.equalsIgnoringASCIICase(name, wanted) { return span(attributes[k + 1]) }
            k += 2
        }
        return -1
    }

    /// `HTMLTree.span` of a value, read from the bytes when they are ASCII (then each byte is a
    /// `Character`; only "\r\n" is not, and neither of its bytes is a space or a digit).
    static func span(_ value: UnsafePointer<xmlChar>?) -> Int32 {
        guard let value else { return -1 }
        let bytes = Self.bytes(value)
        guard !bytes.contains(where: { $0 >= 0x80 }) else {
            return HTMLTree.span(String(decoding: bytes, as: UTF8.self)).map { Int32($0) } ?? -1
        }
        var i = 0
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == UInt8(ascii: "+") {
            i += 1
        }
        var digits = 0
        var number = 0
        while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
            if digits < 6 { number = number * 10 + Int(bytes[i] - UInt8(ascii: "0")) }
            digits += 1
            i += 1
        }
        guard digits > 0 else { return -1 }
        return digits > 6 ? 999_999 : Int32(number)
    }

    // MARK: - The handler

    private static func builder(_ context: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<HTMLDocumentBuilder>? {
        guard let ctxt = context?.assumingMemoryBound(to: htmlParserCtxt.self), let me = ctxt.pointee._private else { return nil }
        return me.assumingMemoryBound(to: HTMLDocumentBuilder.self)
    }

    /// SAX1 callbacks, as in libxml2's default HTML handler; everything else (errors included) off.
    static func handler() -> xmlSAXHandler {
        var h = xmlSAXHandler()
        h.initialized = 1
        h.internalSubset = { context, _, _, _ in HTMLDocumentBuilder.builder(context)?.pointee.doctype() }
        h.startElement = { context, name, attributes in
            guard let name else { return }
            HTMLDocumentBuilder.builder(context)?.pointee.startElement(name, attributes)
        }
        h.endElement = { context, _ in HTMLDocumentBuilder.builder(context)?.pointee.endElement() }
        h.characters = { context, text, length in
            guard let text, length > 0 else { return }
            HTMLDocumentBuilder.builder(context)?.pointee.characters(UnsafeBufferPointer(start: text, count: Int(length)), cdata: false)
        }
        h.cdataBlock = { context, text, length in
            guard let text, length > 0 else { return }
            HTMLDocumentBuilder.builder(context)?.pointee.characters(UnsafeBufferPointer(start: text, count: Int(length)), cdata: true)
        }
        h.comment = { context, _ in HTMLDocumentBuilder.builder(context)?.pointee.commentOrInstruction() }
        h.processingInstruction = { context, _, _ in HTMLDocumentBuilder.builder(context)?.pointee.commentOrInstruction() }
        return h
    }
}
