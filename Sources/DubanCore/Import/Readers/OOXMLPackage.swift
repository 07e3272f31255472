import Foundation
import ZIPFoundation

/// Read-only access to the parts of an Office Open XML package (DOCX, XLSX). Parts are inflated
/// into memory, never extracted to disk, so member names like `../../x` cannot write anywhere.
/// Every part is inflated in chunks with a cap on its size and on its compression ratio.
struct OOXMLPackage {
    /// Largest inflated size of one part.
    static let maxPartSize: UInt64 = 400 * 1_048_576
    /// Largest inflated/compressed ratio of one part (zip bombs are in the thousands).
    static let maxRatio: UInt64 = 200

    let archive: Archive
    let file: String

    /// Opens the package bytes.
    /// - Throws: `ImportError.damaged` when the bytes are not a readable ZIP archive.
    init(data: Data, file: String) throws {
        self.file = file
        // ZIPFoundation's in-memory archive traps on some malformed archives (a seek past the
        // end; found by `make fuzz`), its file-backed one does not: the bytes go to a private
        // temporary file that is unlinked as soon as it is open (nothing named stays on disk).
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("duban-\(UUID().uuidString)")
        let url = dir.appendingPathComponent("package.zip")
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: false,
                                                    attributes: [.posixPermissions: 0o700])
            defer { try? FileManager.default.removeItem(at: dir) }
            try data.write(to: url)
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw ImportError.damaged(file: file, detail: "不是完整的压缩包（ZIP）")
        }
    }

    /// True when the package has a part at `path`.
    func has(_ path: String) -> Bool { archive[path] != nil }

    /// Paths of all parts.
    var paths: [String] { archive.map(\.path) }

    /// Streams a part's bytes to `consume` in chunks.
    /// - Throws: `ImportError.damaged` for a missing or corrupt part, `ImportError.tooLarge` past the caps.
    func stream(_ path: String, _ consume: (Data) throws -> Void) throws {
        guard let entry = archive[path] else {
            throw ImportError.damaged(file: file, detail: "缺少 \(path)")
        }
        let compressed = max(entry.compressedSize, 1)
        let cap = min(Self.maxPartSize, max(compressed * Self.maxRatio, 1_048_576))
        // The headers' own claim is checked first (refused before inflating anything); headers can
        // lie, so the count while inflating below is what really bounds the work.
        if entry.uncompressedSize > cap {
            throw ImportError.damaged(file: file, detail: Self.bombDetail(path, cap))
        }
        var total: UInt64 = 0
        do {
            _ = try archive.extract(entry, bufferSize: 64 * 1024, skipCRC32: false) { chunk in
                total += UInt64(chunk.count)
                if total > cap { throw PartTooLarge() }
                try consume(chunk)
            }
        } catch is PartTooLarge {
            throw ImportError.damaged(file: file, detail: Self.bombDetail(path, cap))
        } catch let error as ImportError {
            throw error
        } catch {
            throw ImportError.damaged(file: file, detail: "\(path) 无法解压")
        }
    }

    /// A whole (small) part as bytes, with the same caps.
    /// - Throws: as `stream`.
    func data(_ path: String) throws -> Data {
        var out = Data()
        try stream(path) { out.append($0) }
        return out
    }

    private struct PartTooLarge: Error {}

    private static func bombDetail(_ path: String, _ cap: UInt64) -> String {
        "\(path) 解压后超过 \(max(cap / 1_048_576, 1)) MB 或压缩比异常（疑似压缩炸弹），已拒绝"
    }
}
