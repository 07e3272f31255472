import Foundation
import Testing
@testable import DubanCore

/// Hostile files, generated here (no committed blobs): each is refused with a plain message
/// (an ImportError), never a crash or a hang, and nothing is written anywhere.
@Suite("Hostile input")
struct HostileInputTests {
    static let extensions = ["docx", "xlsx", "html", "csv", "txt", "doc", "wps", "et", "xls"]

    @Test("empty and random bytes under any extension", arguments: extensions)
    func emptyAndRandom(ext: String) throws {
        #expect(throws: ImportError.self) { _ = try PlanImporter.read(data: Data(), name: "e.\(ext)") }
        var g = SplitMix(seed: 42)
        let random = Data((0..<65_536).map { _ in UInt8(truncatingIfNeeded: g.next()) })
        #expect(throws: ImportError.self) { _ = try PlanImporter.read(data: random, name: "r.\(ext)") }
    }

    @Test func nulBytesAndInvalidEncodings() throws {
        let nul = Data("序号 | 具体要求\u{0}\u{0} | 牵头单位".utf8)
        #expect(throws: ImportError.self) { _ = try PlanImporter.read(data: nul, name: "n.txt") }
        let invalid = Data([0xE4, 0xB8, 0x80, 0xFF, 0xFE, 0x80, 0x81, 0xC0, 0xAF, 0x84])  // neither UTF-8 nor GB18030
        #expect(throws: ImportError.self) { _ = try PlanImporter.read(data: invalid, name: "i.csv") }
    }

    @Test func billionLaughsInEveryXMLPart() throws {
        var dtd = "<!DOCTYPE r [<!ENTITY a \"haha\">"
        for i in 1...9 { dtd += "<!ENTITY \(Character(UnicodeScalar(97 + i)!)) \"" + String(repeating: "&\(Character(UnicodeScalar(96 + i)!));", count: 10) + "\">" }
        dtd += "]>"
        let docx = try ZipWriter.archive([("word/document.xml", Data("<?xml version=\"1.0\"?>\(dtd)<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>".utf8))])
        #expect(throws: ImportError.self) { _ = try PlanImporter.read(data: docx, name: "laughs.docx") }
        let xlsx = try ZipWriter.archive([
            ("xl/workbook.xml", Data("<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheets><sheet name=\"S\" sheetId=\"1\"/></sheets></workbook>".utf8)),
            ("xl/sharedStrings.xml", Data("<?xml version=\"1.0\"?>\(dtd)<sst><si><t>&j;</t></si></sst>".utf8)),
        ])
        #expect(throws: ImportError.self) { _ = try PlanImporter.read(data: xlsx, name: "laughs.xlsx") }
    }

    @Test("zip members named ../../x are never written anywhere")
    func pathTraversal() throws {
        let marker = "duban-traversal-\(UUID().uuidString)"
        let data = try ZipWriter.archive([("../../\(marker)", Data("x".utf8)), ("/tmp/\(marker)", Data("x".utf8)),
                                          ("word/document.xml", Data("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body/></w:document>".utf8))])
        #expect(throws: ImportError.self) { _ = try PlanImporter.read(data: data, name: "t.docx") }  // no task table
        let cwd = FileManager.default.currentDirectoryPath
        for candidate in ["\(cwd)/../../\(marker)", "/tmp/\(marker)", "/\(marker)"] {
            #expect(!FileManager.default.fileExists(atPath: candidate))
        }
    }

    @Test func csvRowWith300000Columns() throws {
        let row = String(repeating: "a,", count: 300_000) + "a\n"
        #expect(throws: ImportError.self) { _ = try PlanImporter.read(data: Data(("序号,具体要求,牵头单位,完成时限\n" + row).utf8), name: "wide.csv") }
    }

    @Test func htmlNested200000Levels() throws {
        let html = "<html><body>" + String(repeating: "<div>", count: 200_000) + "序号" + "</body></html>"
        #expect(throws: ImportError.self) { _ = try PlanImporter.read(data: Data(html.utf8), name: "deep.html") }
    }

    @Test("every kept fuzz crasher is now read or refused cleanly")
    func crashers() throws {
        let dir = Paths.fixtures.appendingPathComponent("crashers")
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasPrefix("crash-") {
            let data = try Data(contentsOf: dir.appendingPathComponent(name))
            _ = try? PlanImporter.read(data: data, name: name)  // reaching this line is the test
        }
    }

    @Test func truncatedPackagesOfEveryKind() throws {
        for fixture in ["plan.docx", "plan.xlsx"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: Paths.guandu(fixture)))
            for cut in [10, 100, 1000, data.count / 2, data.count - 10] {
                #expect(throws: ImportError.self) { _ = try PlanImporter.read(data: data.prefix(cut), name: "cut-\(fixture)") }
            }
        }
    }

    @Test("backup copies a sound database; restore refuses to overwrite without force and refuses junk")
    func backupAndRestore() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("duban-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let live = try AppDatabase.open(path: dir.appendingPathComponent("live.sqlite").path)
        let r = try PlanImporter.read(path: Paths.guandu("plan.txt"))
        _ = try live.importPlan(r.draft, sha256: r.sha256)
        let copy = dir.appendingPathComponent("copy.sqlite").path
        try live.backup(to: copy)
        let target = dir.appendingPathComponent("restored.sqlite").path
        try AppDatabase.restore(from: copy, to: target, force: false)
        #expect(try AppDatabase.open(path: target).tasks().count == 93)
        #expect(throws: StoreError.self) { try AppDatabase.restore(from: copy, to: target, force: false) }
        try AppDatabase.restore(from: copy, to: target, force: true)
        let junk = dir.appendingPathComponent("junk.sqlite").path
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: junk))
        #expect(throws: StoreError.self) { try AppDatabase.restore(from: junk, to: dir.appendingPathComponent("x.sqlite").path, force: true) }
        #expect(try AppDatabase.open(path: target).integrityCheck() == "ok")
    }
}

/// A tiny deterministic generator for test bytes.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
