import Foundation
import ZIPFoundation

/// Builds a one-part ZIP whose part inflates to `inflatedSize` bytes (a zip bomb), without ever
/// holding the inflated bytes: the deflate stream is written by hand with fixed Huffman codes,
/// `prefix` and one `unit` as literals, then back-references of 258 bytes at distance
/// `unit.count` that repeat the unit. Spaces (distance 1) take 13 bits per 258 bytes, so 1.5 GiB
/// take about 10 MB; a table row of about 90 bytes takes 18 bits (a ratio near 115:1, under
/// the reader's 200:1 cap: it looks like an ordinary, very large document).
enum ZipBomb {
    /// - Parameters:
    ///   - declaredSize: the uncompressed size written in the headers (an attacker may lie here).
    static func archive(path: String, prefix: String, unit: String = " ", inflatedSize: Int, declaredSize: Int? = nil) -> Data {
        let head = Array(prefix.utf8), body = Array(unit.utf8)
        precondition(inflatedSize > head.count + body.count && body.count <= 32_768)
        let repeated = inflatedSize - head.count - body.count  // bytes the back-references copy
        var bits = BitWriter()
        bits.write(1, count: 1)                 // BFINAL
        bits.write(1, count: 2)                 // BTYPE 01: fixed Huffman codes
        for byte in head + body { bits.literal(byte) }
        var produced = 0
        // Reach a byte boundary (a 10-byte match flips the bit parity when 258-byte matches cannot).
        while !bits.aligned && repeated - produced > 2_000 {
            for _ in 0..<8 where !bits.aligned { bits.match(258, distance: body.count); produced += 258 }
            if !bits.aligned { bits.match(10, distance: body.count); produced += 10 }
        }
        var group = BitWriter()
        repeat { group.match(258, distance: body.count) } while !group.aligned
        let groupBytes = group.count * 258
        if bits.aligned && repeated - produced > groupBytes {
            // A few matches fill whole bytes: repeat those bytes instead of running the bit writer.
            let n = (repeated - produced) / groupBytes
            bits.bytes.reserveCapacity(bits.bytes.count + n * group.bytes.count + 64)
            for _ in 0..<n { bits.bytes.append(contentsOf: group.bytes) }
            produced += n * groupBytes
        }
        while repeated - produced >= 258 { bits.match(258, distance: body.count); produced += 258 }
        while produced < repeated { bits.literal(body[produced % body.count]); produced += 1 }
        bits.huffman(0, length: 7)              // end of block (256)
        let compressed = Data(bits.bytes)
        let size = UInt32(declaredSize ?? inflatedSize)
        let name = Array(path.utf8)

        var zip = Data()
        // Local file header. The CRC is left 0: the reader must stop long before it could check it.
        zip.le32(0x0403_4B50); zip.le16(20); zip.le16(0); zip.le16(8); zip.le16(0); zip.le16(0x21)
        zip.le32(0); zip.le32(UInt32(compressed.count)); zip.le32(size)
        zip.le16(UInt16(name.count)); zip.le16(0); zip.append(contentsOf: name)
        zip.append(compressed)
        let central = UInt32(zip.count)
        zip.le32(0x0201_4B50); zip.le16(20); zip.le16(20); zip.le16(0); zip.le16(8); zip.le16(0); zip.le16(0x21)
        zip.le32(0); zip.le32(UInt32(compressed.count)); zip.le32(size)
        zip.le16(UInt16(name.count)); zip.le16(0); zip.le16(0); zip.le16(0); zip.le16(0); zip.le32(0); zip.le32(0)
        zip.append(contentsOf: name)
        let centralSize = UInt32(zip.count) - central
        zip.le32(0x0605_4B50); zip.le16(0); zip.le16(0); zip.le16(1); zip.le16(1)
        zip.le32(centralSize); zip.le32(central); zip.le16(0)
        return zip
    }

    /// Deflate's bit order: fields least significant bit first, Huffman codes most significant first.
    struct BitWriter {
        var bytes: [UInt8] = []
        var used = 0  // bits used in the last byte (0 = no partial byte)
        var aligned: Bool { used == 0 }

        mutating func write(_ value: UInt32, count: Int) {
            for i in 0..<count {
                if used == 0 { bytes.append(0) }
                bytes[bytes.count - 1] |= UInt8((value >> UInt32(i)) & 1) << UInt8(used)
                used = (used + 1) & 7
            }
        }

        mutating func huffman(_ code: UInt32, length: Int) {
            var reversed: UInt32 = 0
            for i in 0..<length { reversed |= ((code >> UInt32(i)) & 1) << UInt32(length - 1 - i) }
            write(reversed, count: length)
        }

        mutating func literal(_ byte: UInt8) {
            if byte < 144 { huffman(0x30 + UInt32(byte), length: 8) } else { huffman(0x190 + UInt32(byte) - 144, length: 9) }
        }

        /// Matches written so far.
        var count = 0

        /// A match of length 258 (code 285, 8 bits) or 10 (code 264, 7 bits), neither with extra
        /// bits, then the distance: a 5-bit code and its extra bits.
        mutating func match(_ length: Int, distance: Int) {
            precondition(length == 258 || length == 10)
            if length == 258 { huffman(0xC5, length: 8) } else { huffman(8, length: 7) }
            var code = 0
            while code + 1 < Self.distanceBase.count && Self.distanceBase[code + 1] <= distance { code += 1 }
            huffman(UInt32(code), length: 5)
            let extra = code < 4 ? 0 : code / 2 - 1
            write(UInt32(distance - Self.distanceBase[code]), count: extra)
            count += 1
        }

        static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
                                   1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    }
}

private extension Data {
    mutating func le16(_ v: UInt16) { append(UInt8(v & 0xFF)); append(UInt8(v >> 8)) }
    mutating func le32(_ v: UInt32) { for i in 0..<4 { append(UInt8((v >> UInt32(8 * i)) & 0xFF)) } }
}
