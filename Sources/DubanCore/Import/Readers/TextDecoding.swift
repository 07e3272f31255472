import Foundation

/// Turns the bytes of a text-like file (TXT, CSV, HTML) into a String: UTF-8 (with or without
/// BOM), UTF-16 with BOM, else GB18030 (what Chinese Windows saves), with CRLF made LF.
public enum TextDecoding {
    /// NSStringEncoding value of kCFStringEncodingGB_18030_2000 (not exported on Linux).
    public static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// Which encoding a decode used.
    public enum Detected: String, Sendable { case utf8, utf16, gb18030 }

    /// The GB18030 bytes of `text`, one Unicode scalar at a time. Foundation's conversion of a
    /// whole string (`data(using:)`, lossy or not) can stop the process on Linux with "didn't
    /// convert all characters": the DOCX fuzzer found a 507-character line (NULs and
    /// private-use characters) that does it. Every single scalar converts (all 1,112,064 were
    /// checked), and GB18030 has no state between characters, so the text's bytes are its
    /// scalars' bytes in order; ASCII is itself, each other scalar is converted once per call.
    public static func gb18030Bytes(_ text: String) -> Data {
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count)
        var known: [UInt32: [UInt8]] = [:]
        for scalar in text.unicodeScalars {
            if scalar.isASCII { out.append(UInt8(scalar.value)); continue }
            if let bytes = known[scalar.value] { out += bytes; continue }
            let bytes = [UInt8](String(Character(scalar)).data(using: gb18030) ?? Data("?".utf8))
            known[scalar.value] = bytes
            out += bytes
        }
        return Data(out)
    }

    /// Decodes bytes; throws when neither UTF-8 nor GB18030 fits.
    /// - Throws: `ImportError.undecodable`.
    public static func decode(_ data: Data, file: String) throws -> (String, Detected) {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        else if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            if let s = String(data: bytes, encoding: .utf16) { return (normalizeNewlines(s), .utf16) }
        }
        if let s = String(data: bytes, encoding: .utf8) { return (normalizeNewlines(s), .utf8) }
        if let s = String(data: bytes, encoding: gb18030) { return (normalizeNewlines(s), .gb18030) }
        throw ImportError.undecodable(file: file)
    }

    /// CRLF and lone CR to LF, on the UTF-8 bytes (CR and LF are never part of a longer sequence).
    /// Foundation's `contains`/`replacingOccurrences` copied the whole file to UTF-16 to do this.
    static func normalizeNewlines(_ s: String) -> String {
        var s = s
        return s.withUTF8 { bytes -> String? in
            guard let base = bytes.baseAddress, memchr(base, 0x0D, bytes.count) != nil else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var afterCR = false
            for b in bytes {
                if b == 0x0D {
                    out.append(0x0A)
                    afterCR = true
                    continue
                }
                if !(afterCR && b == 0x0A) { out.append(b) }
                afterCR = false
            }
            return String(decoding: out, as: UTF8.self)
        } ?? s
    }
}
