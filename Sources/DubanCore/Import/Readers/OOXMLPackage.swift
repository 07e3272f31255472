// zlib (raw inflate, crc32) through the CZlib module of ZIPFoundation, which Duban depends on
// already (ZipWriter) and which links the system's zlib on Linux.
import CZlib
import Foundation

/// Read-only access to the parts of an Office Open XML package (DOCX, XLSX). Parts are inflated
/// into memory, never extracted to disk, so member names like `../../x` cannot write anywhere.
/// Every part is inflated in chunks with a cap on its size and on its compression ratio.
///
/// The ZIP structure is read here (central directory, local headers) and members are inflated
/// with zlib's raw inflate, checked with zlib's crc32: every offset and size read from the file
/// is checked against the bytes before it is used, so a damaged archive is refused, never trusted.
struct OOXMLPackage {
    /// Largest inflated size of one part.
    static let maxPartSize: UInt64 = 400 * 1_048_576
    /// Largest inflated/compressed ratio of one part (zip bombs are in the thousands).
    static let maxRatio: UInt64 = 200
    /// Bytes handed to the consumer at a time.
    static let chunkSize = 256 * 1024

    /// One member as the central directory describes it.
    struct Entry {
        let path: String
        let method: UInt16
        let flags: UInt16
        let crc32: UInt32
        let compressedSize: UInt64
        let uncompressedSize: UInt64
        let localHeaderOffset: UInt64
    }

    let file: String
    private let bytes: Data
    /// Members in central directory order.
    private let entries: [Entry]
    /// First member of each path.
    private let index: [String: Int]

    /// Opens the package bytes.
    /// - Throws: `ImportError.damaged` when the bytes are not a readable ZIP archive.
    init(data: Data, file: String) throws {
        self.file = file
        // A contiguous copy with indexes from 0 (a slice of a larger Data keeps its own indexes).
        bytes = data.startIndex == 0 ? data : Data(data)
        guard let entries = bytes.withUnsafeBytes({ Self.centralDirectory($0) }) else {
            throw ImportError.damaged(file: file, detail: "不是完整的压缩包（ZIP）")
        }
        self.entries = entries
        var index: [String: Int] = [:]
        for (k, entry) in entries.enumerated() where index[entry.path] == nil { index[entry.path] = k }
        self.index = index
    }

    /// True when the package has a part at `path`.
    func has(_ path: String) -> Bool { index[path] != nil }

    /// Paths of all parts, in the archive's order.
    var paths: [String] { entries.map(\.path) }

    /// Streams a part's bytes to `consume` in chunks (each buffer valid only during the call).
    /// - Throws: `ImportError.damaged` for a missing or corrupt part or one past the caps.
    func stream(_ path: String, _ consume: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let k = index[path] else {
            throw ImportError.damaged(file: file, detail: "缺少 \(path)")
        }
        let entry = entries[k]
        let compressed = max(entry.compressedSize, 1)
        let cap = min(Self.maxPartSize, max(compressed * Self.maxRatio, 1_048_576))
        // The headers' own claim is checked first (refused before inflating anything); headers can
        // lie, so the count while inflating below is what really bounds the work.
        if entry.uncompressedSize > cap {
            throw ImportError.damaged(file: file, detail: Self.bombDetail(path, cap))
        }
        let unreadable = ImportError.damaged(file: file, detail: "\(path) 无法解压")
        try bytes.withUnsafeBytes { all in
            guard entry.flags & 1 == 0, let data = Self.memberData(all, entry) else { throw unreadable }
            var crc = crc32(0, nil, 0)
            var total: UInt64 = 0
            func emit(_ chunk: UnsafeRawBufferPointer) throws {
                total += UInt64(chunk.count)
                if total > cap { throw ImportError.damaged(file: file, detail: Self.bombDetail(path, cap)) }
                crc = crc32(crc, chunk.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(chunk.count))
                try consume(chunk)
            }
            switch entry.method {
            case 0:
                var offset = 0
                while offset < data.count {
                    let n = min(Self.chunkSize, data.count - offset)
                    try emit(UnsafeRawBufferPointer(rebasing: data[offset..<offset + n]))
                    offset += n
                }
            case 8:
                guard try Self.inflate(data, emit) else { throw unreadable }
            default:
                throw unreadable
            }
            if total != entry.uncompressedSize || crc != entry.crc32 { throw unreadable }
        }
    }

    /// A whole (small) part as bytes, with the same caps.
    /// - Throws: as `stream`.
    func data(_ path: String) throws -> Data {
        var out = Data()
        try stream(path) { out.append(contentsOf: $0) }
        return out
    }

    private static func bombDetail(_ path: String, _ cap: UInt64) -> String {
        "\(path) 解压后超过 \(max(cap / 1_048_576, 1)) MB 或压缩比异常（疑似压缩炸弹），已拒绝"
    }

    // MARK: - Inflating

    /// Inflates a raw deflate stream in chunks; false when the stream is corrupt or ends early.
    private static func inflate(_ input: UnsafeRawBufferPointer,
                                _ emit: (UnsafeRawBufferPointer) throws -> Void) throws -> Bool {
        var stream = z_stream()
        // windowBits -15: a raw deflate stream, as ZIP stores it (no zlib header).
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return false }
        defer { inflateEnd(&stream) }
        let output = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { output.deallocate() }
        var remaining = input
        while true {
            // avail_in is 32 bits: feed at most 1 GB at a time.
            let feed = min(remaining.count, 1 << 30)
            stream.next_in = UnsafeMutablePointer(mutating: remaining.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(feed)
            stream.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(chunkSize)
            let rc = CZlib.inflate(&stream, Z_NO_FLUSH)
            let consumed = feed - Int(stream.avail_in)
            remaining = UnsafeRawBufferPointer(rebasing: remaining[consumed...])
            let produced = chunkSize - Int(stream.avail_out)
            if produced > 0 { try emit(UnsafeRawBufferPointer(rebasing: output[..<produced])) }
            switch rc {
            case Z_STREAM_END: return true
            case Z_OK: continue
            case Z_BUF_ERROR where produced > 0 || consumed > 0: continue
            default: return false  // corrupt data, or input ended before the stream did
            }
        }
    }

    // MARK: - ZIP structure

    /// The member's compressed bytes, located through its local header; nil when out of bounds.
    private static func memberData(_ zip: UnsafeRawBufferPointer, _ entry: Entry) -> UnsafeRawBufferPointer? {
        guard entry.localHeaderOffset <= UInt64(zip.count) else { return nil }
        let local = Int(entry.localHeaderOffset)
        guard local + 30 <= zip.count, zip.le32(local) == 0x0403_4B50 else { return nil }
        let start = UInt64(local) + 30 + UInt64(zip.le16(local + 26)) + UInt64(zip.le16(local + 28))
        guard start + entry.compressedSize <= UInt64(zip.count) else { return nil }
        return UnsafeRawBufferPointer(rebasing: zip[Int(start)..<Int(start + entry.compressedSize)])
    }

    /// The central directory's members; nil when the archive is not readable.
    private static func centralDirectory(_ zip: UnsafeRawBufferPointer) -> [Entry]? {
        // The end of central directory record is the last 22 bytes plus a comment of up to 64 KB.
        guard zip.count >= 22 else { return nil }
        var eocd = zip.count - 22
        let lowest = max(0, zip.count - 22 - 65_535)
        while zip.le32(eocd) != 0x0605_4B50 {
            guard eocd > lowest else { return nil }
            eocd -= 1
        }
        var count = UInt64(zip.le16(eocd + 10))
        var size = UInt64(zip.le32(eocd + 12))
        var offset = UInt64(zip.le32(eocd + 16))
        // ZIP64: the real values are in the ZIP64 end record, found through its locator.
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            guard eocd >= 20, zip.le32(eocd - 20) == 0x0706_4B50 else { return nil }
            let record = zip.le64(eocd - 20 + 8)
            guard zip.count >= 56, record <= UInt64(zip.count - 56), zip.le32(Int(record)) == 0x0606_4B50 else { return nil }
            count = zip.le64(Int(record) + 32)
            size = zip.le64(Int(record) + 40)
            offset = zip.le64(Int(record) + 48)
        }
        guard offset <= UInt64(zip.count), size <= UInt64(zip.count) - offset,
              count <= size / 46 else { return nil }
        var entries: [Entry] = []
        entries.reserveCapacity(Int(count))
        var at = Int(offset)
        let end = Int(offset + size)
        for _ in 0..<count {
            guard at + 46 <= end, zip.le32(at) == 0x0201_4B50 else { return nil }
            let nameLength = Int(zip.le16(at + 28)), extraLength = Int(zip.le16(at + 30))
            let commentLength = Int(zip.le16(at + 32))
            let next = at + 46 + nameLength + extraLength + commentLength
            guard next <= end else { return nil }
            var compressed = UInt64(zip.le32(at + 20))
            var uncompressed = UInt64(zip.le32(at + 24))
            var local = UInt64(zip.le32(at + 42))
            // ZIP64 extended information (header 0x0001) holds, in order, only the fields set to all ones.
            var extra = at + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = zip.le16(extra), length = Int(zip.le16(extra + 2))
                guard extra + 4 + length <= extraEnd else { break }
                if id == 0x0001 {
                    var field = extra + 4
                    let fieldEnd = field + length
                    func next64(_ value: inout UInt64, _ sentinel: UInt64) -> Bool {
                        guard value == sentinel else { return true }
                        guard field + 8 <= fieldEnd else { return false }
                        value = zip.le64(field)
                        field += 8
                        return true
                    }
                    guard next64(&uncompressed, 0xFFFF_FFFF), next64(&compressed, 0xFFFF_FFFF),
                          next64(&local, 0xFFFF_FFFF) else { return nil }
                }
                extra += 4 + length
            }
            // A member's packed bytes and its local header lie inside the file (sums and the bomb
            // cap's multiplication below cannot overflow then).
            guard compressed <= UInt64(zip.count), local <= UInt64(zip.count) else { return nil }
            let name = String(decoding: UnsafeRawBufferPointer(rebasing: zip[(at + 46)..<(at + 46 + nameLength)]), as: UTF8.self)
            entries.append(Entry(path: name, method: zip.le16(at + 10), flags: zip.le16(at + 8),
                                 crc32: zip.le32(at + 16), compressedSize: compressed,
                                 uncompressedSize: uncompressed, localHeaderOffset: local))
            at = next
        }
        return entries
    }
}

extension UnsafeRawBufferPointer {
    /// Little-endian integers at a byte offset (the caller has checked the bounds).
    fileprivate func le16(_ at: Int) -> UInt16 { UInt16(self[at]) | UInt16(self[at + 1]) << 8 }
    fileprivate func le32(_ at: Int) -> UInt32 { UInt32(le16(at)) | UInt32(le16(at + 2)) << 16 }
    fileprivate func le64(_ at: Int) -> UInt64 { UInt64(le32(at)) | UInt64(le32(at + 4)) << 32 }
}
