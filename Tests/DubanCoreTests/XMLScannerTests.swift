import Foundation
import Testing
@testable import DubanCore

/// Records the scanner's events as lines (adjacent text pieces joined), for comparing readings.
private final class Recorder: XMLStreamHandler {
    var events: [String] = []
    private var text: [UInt8] = []

    func start(_ name: XMLName, _ attributes: XMLAttributes) {
        flush()
        var line = "<\(name.string)"
        attributes.forEach { key, raw in
            var value: [UInt8] = []
            #expect(XMLBytes.decode(raw, into: &value, attribute: true) == nil)
            line += " \(String(decoding: key, as: UTF8.self))=\(String(decoding: value, as: UTF8.self))"
            return true
        }
        events.append(line + ">")
    }

    func end(_ name: XMLName) {
        flush()
        events.append("</\(name.string)>")
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>) { text.append(contentsOf: bytes) }

    func flush() {
        if !text.isEmpty { events.append(String(decoding: text, as: UTF8.self)) }
        text.removeAll()
    }
}

@Suite("XMLScanner")
struct XMLScannerTests {
    /// The events of `xml` fed in chunks of `chunk` bytes (whole when nil).
    func scan(_ xml: String, chunk: Int? = nil) throws -> [String] {
        try scan(Array(xml.utf8), chunk: chunk)
    }

    func scan(_ bytes: [UInt8], chunk: Int? = nil) throws -> [String] {
        let recorder = Recorder()
        let scanner = XMLScanner(handler: recorder)
        let size = max(chunk ?? bytes.count, 1)
        var at = 0
        while at < bytes.count {
            let piece = Array(bytes[at..<min(at + size, bytes.count)])
            try piece.withUnsafeBytes { try scanner.feed($0) }
            at += size
        }
        try scanner.finish()
        recorder.flush()
        return recorder.events
    }

    /// The failure `xml` is refused with.
    func failure(_ xml: String) -> XMLScanFailure? {
        do { _ = try scan(xml) } catch let failure as XMLScanFailure { return failure } catch { return nil }
        return nil
    }

    func isMalformed(_ xml: String) -> Bool {
        if case .malformed? = failure(xml) { return true }
        return false
    }

    static let sample = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r
        <w:document xmlns:w="urn:w" xmlns:r="urn:r"><!-- 注释 --><w:body>\
        <w:p><w:r><w:t xml:space="preserve"> 区政府办 &amp; 区财政局&#x3001;&#12289;</w:t></w:r></w:p>\
        <w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val='2'/><w:vMerge w:val="restart"/></w:tcPr>\
        <w:p><w:r><w:t>第一行\r\n第二行\r第三行</w:t><w:br/><w:t><![CDATA[<不是标记> &amp;]]></w:t></w:r></w:p></w:tc></w:tr></w:tbl>\
        <?mso-application progid="Word.Document"?><w:sectPr r:id="rId1" w:a = "x&quot;y" /></w:body></w:document>
        """

    @Test func eventsOfATypicalPart() throws {
        #expect(try scan(Self.sample) == [
            "<document>", "<body>", "<p>", "<r>", "<t space=preserve>", " 区政府办 & 区财政局、、", "</t>", "</r>", "</p>",
            "<tbl>", "<tr>", "<tc>", "<tcPr>", "<gridSpan val=2>", "</gridSpan>", "<vMerge val=restart>", "</vMerge>", "</tcPr>",
            "<p>", "<r>", "<t>", "第一行\n第二行\n第三行", "</t>", "<br>", "</br>", "<t>", "<不是标记> &amp;", "</t>", "</r>", "</p>",
            "</tc>", "</tr>", "</tbl>", "<sectPr id=rId1 a=x\"y>", "</sectPr>", "</body>", "</document>",
        ])
    }

    @Test("tokens split at every chunk boundary read the same", arguments: [1, 2, 3, 5, 7, 13, 64])
    func splitTokens(chunk: Int) throws {
        #expect(try scan(Self.sample, chunk: chunk) == (try scan(Self.sample)))
    }

    @Test func entitiesAndCharacterReferences() throws {
        #expect(try scan("<a>&lt;&gt;&amp;&quot;&apos;&#65;&#x4e2D;&#x1F600;</a>") == ["<a>", "<>&\"'A中😀", "</a>"])
        // A character reference is not normalized as a literal tab would be.
        #expect(try scan("<a v=\"&lt;&amp;&#38;&#x9;\"/>") == ["<a v=<&&\t>", "</a>"])
    }

    @Test func attributesWithBothQuotesAndNormalizedWhiteSpace() throws {
        #expect(try scan("<a x=\"1'2\" y='3\"4' p:z = \"5\"\nq='a\tb\r\nc'/>") == ["<a x=1'2 y=3\"4 z=5 q=a b c>", "</a>"])
    }

    @Test func selfClosingTagsAndNamespacePrefixes() throws {
        #expect(try scan("<x:a xmlns:x=\"urn:x\" xmlns=\"urn:d\"><x:b/><c /></x:a>") == ["<a>", "<b>", "</b>", "<c>", "</c>", "</a>"])
    }

    @Test func byteOrderMarkAndWhiteSpaceAroundTheRoot() throws {
        #expect(try scan("\u{FEFF}<?xml version=\"1.0\"?>\n<a>x</a>\n<!-- end -->\n") == ["<a>", "x", "</a>"])
    }

    @Test func doctypeIsRefused() {
        #expect(failure("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>") == .refused(XMLStream.dtdRefusal))
        #expect(failure("<!DOCTYPE a SYSTEM \"file:///etc/passwd\"><a/>") == .refused(XMLStream.dtdRefusal))
    }

    @Test func otherEncodingsAreRefused() throws {
        #expect(failure("<?xml version=\"1.0\" encoding=\"GBK\"?><a/>") == .refused(XMLStream.encodingRefusal("GBK")))
        let utf16: [UInt8] = [0xFF, 0xFE] + Array("<a/>".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(throws: XMLScanFailure.refused(XMLStream.encodingRefusal("UTF-16"))) { _ = try scan(utf16) }
        #expect(try scan("<?xml version='1.0' encoding='utf-8'?><a/>") == ["<a>", "</a>"])
    }

    @Test("malformed documents are refused", arguments: [
        "", "   ", "<a>", "<a><b></a>", "<a></b>", "</a>", "<a/><b/>", "x<a/>", "<a/>x", "<a x=1/>", "<a x/>",
        "<a x=\"1\"y=\"2\"/>", "<a x=\"<\"/>", "<a>&foo;</a>", "<a>&amp</a>", "<a>& b</a>", "<a>&#0;</a>", "<a>&#xD800;</a>",
        "<a>\u{1}</a>", "<a v=\"&bad;\"/>", "<a><!-- unterminated </a>", "<a><![CDATA[x</a>", "<a></a >x", "< a/>",
        "<a/><?xml version=\"1.0\"?>", "<a><!ELEMENT a ANY></a>", "<a b=\"1\" / >",
    ])
    func malformed(xml: String) {
        #expect(isMalformed(xml), "\(xml)")
    }

    @Test func deepNestingIsRefused() {
        let depth = XMLScanner<Recorder>.maxDepth + 1
        #expect(isMalformed(String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)))
        let ok = XMLScanner<Recorder>.maxDepth
        #expect(!isMalformed(String(repeating: "<a>", count: ok) + String(repeating: "</a>", count: ok)))
    }

    @Test func hugeTextRunsAndTagsAreRefusedWhileStreaming() throws {
        let mb = [UInt8](repeating: 0x20, count: 1_048_576)
        for opening in ["<a>", "<a b=\""] {
            let scanner = XMLScanner(handler: Recorder())
            try Array(opening.utf8).withUnsafeBytes { try scanner.feed($0) }
            #expect(throws: XMLScanFailure.refused(XMLStream.textRunRefusal)) {
                for _ in 0..<10 { try mb.withUnsafeBytes { try scanner.feed($0) } }
            }
        }
    }

    @Test func everyChunkingOfAReferenceAndALineEnd() throws {
        let xml = "<a>x&#x4E2D;&amp;\r\ny</a>"
        for chunk in 1...xml.utf8.count {
            #expect(try scan(xml, chunk: chunk) == ["<a>", "x中&\ny", "</a>"])
        }
    }

    @Test func damagedPartsGiveThePlainMessage() throws {
        let data = try OOXMLFixtures.docx("<w:p><w:r><w:t>x</w:t></w:p>")
        let error = #expect(throws: ImportError.self) { _ = try DocxReader.read(data, source: "d.docx") }
        guard case .damaged(let file, let detail)? = error else { Issue.record("not damaged: \(String(describing: error))"); return }
        #expect(file == "d.docx" && detail.hasPrefix("word/document.xml 不是格式正确的 XML（第 "), "\(detail)")
    }
}
