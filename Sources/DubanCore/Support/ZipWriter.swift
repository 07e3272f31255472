import Foundation
import ZIPFoundation

/// Writes a ZIP archive in memory (the container of XLSX/DOCX files Duban writes).
public enum ZipWriter {
    /// An archive holding `parts` (path, bytes) in order, deflated.
    /// - Throws: an error when the archive cannot be built.
    public static func archive(_ parts: [(String, Data)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, data) in parts {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count),
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw StoreError.invalid("无法生成压缩文件") }
        return data
    }
}
