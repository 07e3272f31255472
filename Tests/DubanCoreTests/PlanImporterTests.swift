import Foundation
import Testing
@testable import DubanCore

@Suite("PlanImporter")
struct PlanImporterTests {
    @Test("the format is decided by the bytes, not the extension")
    func sniffing() throws {
        let docx = try Data(contentsOf: URL(fileURLWithPath: Paths.guandu("plan.docx")))
        #expect(FormatSniffer.sniff(docx, name: "plan.txt") == .docx)
        let draft = try PlanImporter.read(data: docx, name: "renamed.xls").draft
        #expect(draft.tasks.count == 93)
        #expect(FormatSniffer.sniff(Data([0xD0, 0xCF, 0x11, 0xE0, 0, 0, 0, 0]), name: "a.docx") == .ole2)
        #expect(FormatSniffer.sniff(Data("%PDF-1.4".utf8), name: "a.txt") == .pdf)
    }

    @Test("empty, binary and PDF files are refused with a plain message")
    func refusals() throws {
        #expect(throws: ImportError.emptyFile("e.docx")) { _ = try PlanImporter.read(data: Data(), name: "e.docx") }
        var random = Data(count: 4096)
        for i in random.indices { random[i] = UInt8((i * 7919 + 13) % 251) }
        #expect(throws: ImportError.self) { _ = try PlanImporter.read(data: random, name: "r.xlsx") }
        #expect(throws: ImportError.self) { _ = try PlanImporter.read(data: Data("%PDF-1.4 x".utf8), name: "p.pdf") }
        let truncated = try Data(contentsOf: URL(fileURLWithPath: Paths.guandu("plan.docx"))).prefix(5000)
        #expect(throws: ImportError.self) { _ = try PlanImporter.read(data: truncated, name: "t.docx") }
    }

    @Test("a part that inflates past the cap is refused early (zip bomb)")
    func zipBomb() throws {
        // 64 MB of one repeated byte compresses about 1000:1, past the 200:1 ratio cap.
        let huge = Data(repeating: 0x20, count: 64 * 1_048_576)
        let bomb = try ZipWriter.archive([("word/document.xml", huge)])
        #expect(bomb.count < 1_048_576)
        #expect(throws: ImportError.self) { _ = try PlanImporter.read(data: bomb, name: "bomb.docx") }
    }

    @Test("legacy .doc/.xls convert with LibreOffice when installed, else say how to convert")
    func legacy() throws {
        let ole = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + Data(count: 512)
        guard LegacyConverter.soffice() != nil else {
            #expect(throws: ImportError.self) { _ = try PlanImporter.read(data: ole, name: "old.doc") }
            do { _ = try PlanImporter.read(data: ole, name: "old.doc") } catch let e as ImportError {
                #expect(e.description.contains("另存为"))
            }
            return
        }
        // Make a real .doc with LibreOffice from the fixture, then import it.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("duban-legacy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: LegacyConverter.soffice()!)
        p.arguments = ["-env:UserInstallation=file://\(dir.path)/profile", "--headless", "--convert-to", "doc",
                       "--outdir", dir.path, Paths.guandu("plan.docx")]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        let doc = try Data(contentsOf: dir.appendingPathComponent("plan.doc"))
        #expect(FormatSniffer.sniff(doc, name: "plan.doc") == .ole2)
        let draft = try PlanImporter.read(data: doc, name: "plan.doc").draft
        #expect(draft.tasks.count == 93)
    }

    // MARK: - Metadata: the 落款 (issuer and date)

    @Test("a 落款 line holding the issuer and the date, or a date in Chinese numerals, is read", arguments: [
        ["昆明市官渡区人民政府办公室\n2018年8月17日"],
        ["昆明市官渡区人民政府办公室　2018年8月17日"],
        ["昆明市官渡区人民政府办公室 2018年8月17日", "（此件公开发布）"],
        ["昆明市官渡区人民政府办公室", "二〇一八年八月十七日"],
        ["昆明市官渡区人民政府办公室\n二〇一八年八月十七日"],
        ["昆明市官渡区人民政府办公室", "2018年8月17日"],
        ["昆明市官渡区人民政府办公室2018年8月17日印发"],
    ])
    func footerMetadata(_ after: [String]) {
        let meta = Metadata.find(before: ["官渡区2018年测试工作分工方案"], after: after)
        #expect(meta.issuer == "昆明市官渡区人民政府办公室")
        #expect(meta.issued?.iso == "2018-08-17")
    }

    @Test("a sentence that ends with a date names no issuer")
    func sentenceEndingWithADate() {
        let meta = Metadata.find(before: [], after: ["本方案执行至2018年12月31日"])
        #expect(meta.issuer == nil)
        #expect(Metadata.trailingDate("2018年8月17日")?.1 == 0)
        #expect(Metadata.trailingDate("二〇一八年八月十七日")?.0.iso == "2018-08-17")
        #expect(Metadata.trailingDate("二〇一八年二月三十日") == nil)
    }

    @Test("an in-table 落款 in one merged cell gives issuer and date (HTML)")
    func footerInOneMergedCell() throws {
        for footer in ["昆明市官渡区人民政府办公室<br/>2018年8月17日", "昆明市官渡区人民政府办公室　2018年8月17日",
                       "昆明市官渡区人民政府办公室<br/>二〇一八年八月十七日"] {
            let html = """
                <html><body><h1>官渡区2018年测试工作分工方案</h1><table border="1">
                <tr><td>序号</td><td>工作任务</td><td>具体要求</td><td>牵头单位</td><td>完成时限</td></tr>
                <tr><td>1</td><td>加强政策解读</td><td>开展政策解读，着重解读政策措施的背景依据</td><td>区委宣传部</td><td>全年工作</td></tr>
                <tr><td>2</td><td>推进政务服务</td><td>公布全区各部门一次办事项清单</td><td>区政务服务局</td><td>8月底前</td></tr>
                <tr><td colspan="5">\(footer)</td></tr>
                </table><p>（此件公开发布）</p></body></html>
                """
            let draft = try PlanImporter.read(data: Data(html.utf8), name: "p.html").draft
            #expect(draft.tasks.count == 2, "\(footer)")
            #expect(draft.issuer == "昆明市官渡区人民政府办公室", "\(footer)")
            #expect(draft.issued?.iso == "2018-08-17", "\(footer)")
        }
    }
}
