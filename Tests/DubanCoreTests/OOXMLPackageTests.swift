import Foundation
import Testing
@testable import DubanCore

/// The ZIP reading of `OOXMLPackage` (central directory, stored and deflated members, CRC).
@Suite("OOXMLPackage")
struct OOXMLPackageTests {
    /// A ZIP of stored (uncompressed) members, written by hand; `crc` overrides every member's CRC.
    static func storedZip(_ members: [(String, [UInt8])], crc: UInt32? = nil, comment: String = "") -> Data {
        var zip = Data(), central = Data()
        for (name, bytes) in members {
            let offset = UInt32(zip.count)
            let sum = crc ?? Self.crc32(bytes)
            let header: (inout Data) -> Void = { d in
                d.littleEndian16(0); d.littleEndian16(0); d.littleEndian16(0); d.littleEndian16(0)   // flags, method 0, time, date
                d.littleEndian32(sum); d.littleEndian32(UInt32(bytes.count)); d.littleEndian32(UInt32(bytes.count))
                d.littleEndian16(UInt16(name.utf8.count))
            }
            zip.littleEndian32(0x0403_4B50); zip.littleEndian16(10); header(&zip); zip.littleEndian16(0)
            zip.append(contentsOf: Array(name.utf8)); zip.append(contentsOf: bytes)
            central.littleEndian32(0x0201_4B50); central.littleEndian16(20); central.littleEndian16(10); header(&central)
            central.littleEndian16(0); central.littleEndian16(0); central.littleEndian16(0); central.littleEndian16(0); central.littleEndian32(0); central.littleEndian32(offset)
            central.append(contentsOf: Array(name.utf8))
        }
        let start = UInt32(zip.count)
        zip.append(central)
        zip.littleEndian32(0x0605_4B50); zip.littleEndian16(0); zip.littleEndian16(0)
        zip.littleEndian16(UInt16(members.count)); zip.littleEndian16(UInt16(members.count))
        zip.littleEndian32(UInt32(central.count)); zip.littleEndian32(start); zip.littleEndian16(UInt16(comment.utf8.count))
        zip.append(contentsOf: Array(comment.utf8))
        return zip
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    @Test func storedAndDeflatedMembersAreRead() throws {
        let text = Array((0..<50_000).map { "<w:p>区政府办\($0 * 7919 % 10007)</w:p>" }.joined().utf8)  // several chunks
        let stored = try OOXMLPackage(data: Self.storedZip([("a.xml", text), ("b/c.xml", [])], comment: "注释"), file: "s.docx")
        #expect(stored.paths == ["a.xml", "b/c.xml"])
        #expect(stored.has("b/c.xml") && !stored.has("c.xml"))
        #expect(try stored.data("a.xml") == Data(text))
        #expect(try stored.data("b/c.xml").isEmpty)

        let deflated = try OOXMLPackage(data: try ZipWriter.archive([("a.xml", Data(text))]), file: "d.docx")
        #expect(try deflated.data("a.xml") == Data(text))
    }

    @Test func aSliceOfLargerDataIsReadFromItsOwnStart() throws {
        let zip = Self.storedZip([("a.xml", Array("<a/>".utf8))])
        let slice = (Data([1, 2, 3]) + zip).dropFirst(3)
        #expect(try OOXMLPackage(data: slice, file: "s.docx").data("a.xml") == Data("<a/>".utf8))
    }

    @Test func aWrongChecksumOrAMissingPartIsDamaged() throws {
        let package = try OOXMLPackage(data: Self.storedZip([("a.xml", Array("<a/>".utf8))], crc: 1234), file: "c.docx")
        #expect(throws: ImportError.damaged(file: "c.docx", detail: "a.xml 无法解压")) { _ = try package.data("a.xml") }
        #expect(throws: ImportError.damaged(file: "c.docx", detail: "缺少 b.xml")) { _ = try package.data("b.xml") }
    }

    @Test func truncatedOrCorruptArchivesAreRefused() throws {
        let zip = try ZipWriter.archive([("word/document.xml", Data(String(repeating: "<w:p/>", count: 1000).utf8))])
        for cut in [0, 4, 21, zip.count / 2, zip.count - 1] {
            #expect(throws: ImportError.self) { _ = try OOXMLPackage(data: zip.prefix(cut), file: "t.docx").data("word/document.xml") }
        }
        // The deflate stream damaged in the middle.
        var corrupt = zip
        let middle = 30 + "word/document.xml".utf8.count + 4
        for k in middle..<(middle + 8) { corrupt[k] ^= 0x5A }
        #expect(throws: ImportError.self) { _ = try OOXMLPackage(data: corrupt, file: "t.docx").data("word/document.xml") }
    }
}

extension Data {
    fileprivate mutating func littleEndian16(_ v: UInt16) { append(UInt8(v & 0xFF)); append(UInt8(v >> 8)) }
    fileprivate mutating func littleEndian32(_ v: UInt32) { littleEndian16(UInt16(v & 0xFFFF)); littleEndian16(UInt16(v >> 16)) }
}
