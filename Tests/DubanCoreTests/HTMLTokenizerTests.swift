import Foundation
import Testing
@testable import DubanCore

/// `HTMLFastParser` (our tokenizer for well-formed pages) against libxml2's HTML parser: the
/// same document where it reads a page, and the fallback to libxml2 wherever it must not.
@Suite("HTMLFastParser")
struct HTMLTokenizerTests {

    /// The page's bytes as `HTMLReader.read` hands them to the parsers.
    private func bytes(_ html: String) throws -> [UInt8] {
        try HTMLReader.parserInput(Data(html.utf8), source: "t.html")
    }

    /// Everything of a document, as text.
    private func describe(_ doc: HTMLDocument) -> String {
        var s = doc.kinds.map { "\($0.ignored)\($0.block)\($0.preformatted)\($0.br)\($0.table)\($0.caption)\($0.tr)\($0.cell)" }
            .joined(separator: ",") + "\n"
        for node in doc.nodes {
            if node.kind == HTMLDocument.textKind {
                let text = String(decoding: doc.text[Int(node.first)..<Int(node.first + node.second)], as: UTF8.self)
                s += "text \(node.end) \(text.debugDescription)\n"
            } else {
                s += "element \(node.kind) \(node.end) \(node.first) \(node.second)\n"
            }
        }
        return s
    }

    /// Everything of a grid (or its error), as text.
    private func describe(_ read: () throws -> Grid) -> String {
        do {
            let grid = try read()
            var s = grid.lines.map(\.debugDescription).joined(separator: "\n") + "\n"
            for table in grid.tables {
                s += "table \(table.name) \(table.linesBefore)\n"
                for row in table.rows {
                    s += "\(row.number):" + row.cells.map { "[\($0.merge) \($0.lines)]" }.joined() + "\n"
                }
            }
            return s
        } catch {
            return "error \(error)"
        }
    }

    /// Reads the page both ways; true when the fast path took it (then with libxml2's document).
    @discardableResult
    private func check(_ html: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Bool {
        let data = Data(html.utf8)
        let slow = describe { try HTMLReader.read(data, source: "t.html", fastPath: false) }
        let fast = describe { try HTMLReader.read(data, source: "t.html", fastPath: true) }
        #expect(fast == slow, sourceLocation: sourceLocation)
        let input = try bytes(html)
        guard let doc = input.withUnsafeBufferPointer(HTMLFastParser.parse) else { return false }
        let reference = try #require(input.withUnsafeBufferPointer { HTMLDocument.parse($0, options: HTMLReader.libxml2Options) })
        #expect(describe(doc) == describe(reference), sourceLocation: sourceLocation)
        return true
    }

    private func expectFast(_ html: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        #expect(try check(html, sourceLocation: sourceLocation), "fell back: \(html.debugDescription)", sourceLocation: sourceLocation)
    }

    private func expectFallback(_ html: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        #expect(try !check(html, sourceLocation: sourceLocation), "took the fast path: \(html.debugDescription)",
                sourceLocation: sourceLocation)
    }

    private func page(_ body: String, head: String = "<title>t</title>") -> String {
        "<!DOCTYPE html>\n<html>\n<head>\(head)</head>\n<body>\n\(body)\n</body>\n</html>\n"
    }

    // MARK: - Pages the fast path reads

    @Test("a plan table with spans, entities and blanks")
    func planTable() throws {
        try expectFast(page("""
            <h1>官渡区&nbsp;2018年 工作要点</h1>
            <table border="1">
            <tr><th>序号</th><th colspan="2">工作任务</th><th>牵头单位</th></tr>
            <tr><td>1</td><td rowspan="2">公开&amp;解读</td><td rowspan=0>a&lt;b&gt;</td><td>区政府办</td></tr>
            <tr><td>2</td><td colspan=' 3'>&#12288;x&#x200B;y&#X41;</td></tr>
            </table>
            """))
    }

    @Test("a Word page: comments, style, script, CRLF, upper case, prefixed and empty elements")
    func wordPage() throws {
        let html = """
            <html xmlns:o="urn:schemas-microsoft-com:office:office">\r
            <head>\r
            <meta http-equiv=Content-Type content="text/html; charset=utf-8">\r
            <style>\r
            <!--\r
             p.MsoNormal {margin:0cm;}\r
            -->\r
            </style>\r
            <!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->\r
            <script>var a = '<td>' + "</div>";</script>\r
            </head>\r
            <BODY lang=ZH-CN style='tab-interval:21.0pt'>\r
            <div class=WordSection1>\r
            <p class=MsoNormal><span lang=EN-US>一、<o:p></o:p></span></p>\r
            <TABLE class=MsoTableGrid border=1 cellspacing=0>\r
             <TR>\r
              <TD width=60 valign=top COLSPAN=2><p class=MsoNormal><st1:chsdate Year="2018">2018年</st1:chsdate><br/>推进\r
            政务</p></TD>\r
             </TR>\r
            </TABLE>\r
            <img src="a.png"/><hr>\r
            </div>\r
            </BODY>\r
            </html>\r

            """
        try expectFast(html)
    }

    @Test("a style body longer than libxml2's buffer is read in its pieces")
    func longStyle() throws {
        let css = String(repeating: "p.c中 { margin: 0 } ", count: 300)
        try expectFast(page("<p>x</p>", head: "<style>\(css)</style><script></script>"))
    }

    @Test("nested tables, captions, pre, lists, blanks between the sections")
    func structures() throws {
        try expectFast(page("""
            <table><caption>表一</caption><tbody><tr><td><table><tr><td>内</td></tr><tr><td>2</td></tr></table></td></tr></tbody></table>
            <pre>
            一
              二</pre>
            <ul><li>a</li><li>b</li></ul><div><div>深</div></div><span><span>s</span></span>
            <td rowspan="2" rowspan="5" colspan>stray</td>
            """))
        try expectFast("<html><head></head><body><p>no doctype</p></body></html>")
        try expectFast("<!-- c --><html>  <head> \n <title>t</title>\t</head> <body></body></html> <!-- after -->\n ")
        try expectFast("<html><body><table><tr><td>unclosed at the end")
    }

    @Test("span values")
    func spans() throws {
        for value in ["2", " 3", "+2", "0", "abc", "1234567", "２", "", "-1", "\n4", "3x", "  +0", "1\u{301}"] {
            try expectFast(page("<table><tr><td colspan=\"\(value)\" rowspan='\(value)'>x</td><td>y</td></tr><tr><td>z</td></tr></table>"))
        }
    }

    // MARK: - Pages left to libxml2

    @Test("auto-closed, implied and misplaced elements fall back")
    func structureFallbacks() throws {
        try expectFallback("<table><tr><td>no html</td></tr></table>")
        try expectFallback("<html><table><tr><td>no body</td></tr></table></html>")
        try expectFallback(page("<p>para<div>block</div></p>"))
        try expectFallback(page("<p>one<table><tr><td>x</td></tr></table>"))
        try expectFallback(page("<table><tr><td>1<td>2</tr></table>"))
        try expectFallback(page("<ul><li>a<li>b</ul>"))
        try expectFallback(page("<b><i>mis</b></i>"))
        try expectFallback(page("<p>x</p></div>"))
        try expectFallback(page("<body>again</body>"))
        try expectFallback("<html><head><title>t</title><body>no head end</body></html>")
        try expectFallback("<html><head>text in head</head><body></body></html>")
        try expectFallback("<html>text in html<body></body></html>")
        try expectFallback("<html><body>x</body></html>\n<p>after</p>")
        try expectFallback("<html><body>x</body></html> after")
        try expectFallback("<html><body>x</html>")
        try expectFallback(page(String(repeating: "<div>", count: 201) + "deep" + String(repeating: "</div>", count: 201)))
    }

    @Test("references outside the subset fall back")
    func referenceFallbacks() throws {
        for text in ["&foo;", "&nbsp", "a & b", "&#0;", "&#xD800;", "&#1114112;", "&#12288", "&AMP;", "&#x;", "&amp-x;"] {
            try expectFallback(page("<p>\(text)</p>"))
        }
        try expectFallback(page("<table><tr><td colspan=\"&#50;\">x</td></tr></table>"))
        try expectFallback(page("<p title=a&amp;b>x</p>"))
    }

    @Test("markup outside the subset falls back")
    func markupFallbacks() throws {
        for body in ["<?php x ?>", "<!x>", "<!-- a -- b -->", "<!---->", "<!-->", "<!-- a --->", "< p>x", "<p/ >x",
                     "<p =x>y</p>", "<p a\"b>y</p>", "<1>", "</ p>", "<p\u{1}>", "x\u{C}y", "<!DOCTYPE html>",
                     "<script><!-- x --></script>", "<style>unclosed"] {
            // libxml2 decides auto-closing on the name before a dot: <i.> closes <head> like <i>.
        try expectFallback("<html><head><i. l><hitl:e>x</hitl:e></i.></head><body></body></html>")
        try expectFallback(page("<p><x.y>a</x.y></p>"))
        try expectFallback(page(body))
        }
        try expectFallback("<!DOCTYPE html PUBLIC \"a>b\"><html><body></body></html>")
        try expectFallback("<?xml version=\"1.0\"?><html><body></body></html>")
        // A byte order mark is gone before the parsers see the page; were one left, libxml2 would
        // skip it.
        try check("\u{FEFF}<html><body>bom</body></html>")
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("<html><body>bom</body></html>".utf8)
        #expect(bom.withUnsafeBufferPointer(HTMLFastParser.parse) == nil)
    }

    // MARK: - Caps

    @Test("the tag cap holds on pages the fast path would read")
    func tagCap() throws {
        let html = "<html><body><table>" + String(repeating: "<tr><td>1</td></tr>", count: 260_000) + "</table></body></html>"
        #expect(throws: ImportError.self) { _ = try HTMLReader.read(Data(html.utf8), source: "tags.html") }
    }

    @Test("a long text node reads the same on both paths")
    func longText() throws {
        let html = page("<table><tr><td>" + String(repeating: "政务公开 ", count: 400_000) + "</td></tr></table>")
        try expectFast(html)
    }

    /// Pages the differential fuzzer found a difference on (kept in Fixtures/crashers) agree now.
    @Test func keptDifferences() throws {
        let dir = Paths.fixtures.appendingPathComponent("crashers")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("crash-html-diff-") }
        #expect(!names.isEmpty)
        for name in names {
            let data = try Data(contentsOf: dir.appendingPathComponent(name))
            let agrees = HTMLReader.fastPathAgrees(data)
            #expect(agrees, "\(name)")
            if !agrees, let input = try? HTMLReader.parserInput(data, source: name) {
                let fast = input.withUnsafeBufferPointer(HTMLFastParser.parse).map(describe) ?? "declined"
                let slow = input.withUnsafeBufferPointer { HTMLDocument.parse($0, options: HTMLReader.libxml2Options) }.map(describe) ?? "nil"
                Issue.record("input \(String(decoding: input, as: UTF8.self).debugDescription)\nfast:\n\(fast)\nlibxml2:\n\(slow)")
            }
        }
    }

    /// The differential fuzzer's check: agrees on pages the fast path reads (and on those it
    /// declines), and the comparison it makes does see a difference.
    @Test func fuzzCheck() throws {
        let fixture = try Data(contentsOf: URL(fileURLWithPath: Paths.guandu("plan.html")))
        #expect(HTMLReader.fastPathAgrees(fixture))
        #expect(HTMLReader.fastPathAgrees(Data(page("<table><tr><td rowspan=2>a</td><td>b</td></tr></table>").utf8)))
        #expect(HTMLReader.fastPathAgrees(Data("<p>no html element".utf8)))
        #expect(HTMLReader.fastPathAgrees(Data()))
        let a = try bytes(page("<table><tr><td>a</td></tr></table>")), b = try bytes(page("<table><tr><td>b</td></tr></table>"))
        let c = try bytes(page("<table><tr><td colspan=2>a</td></tr></table>"))
        let docA = try #require(a.withUnsafeBufferPointer(HTMLFastParser.parse))
        let docB = try #require(b.withUnsafeBufferPointer(HTMLFastParser.parse))
        let docC = try #require(c.withUnsafeBufferPointer(HTMLFastParser.parse))
        #expect(docA.sameContent(as: docA) && !docA.sameContent(as: docB) && !docA.sameContent(as: docC))
    }
}
