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
}
