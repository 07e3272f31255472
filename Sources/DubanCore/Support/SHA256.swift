import Foundation

/// SHA-256 of a file's bytes: how Duban knows it has seen a file before.
///
/// Reads the 64-byte blocks straight from the bytes (no copy of the file), keeps the message
/// schedule in one scratch buffer and unrolls the rounds by eight so the working variables never
/// move: about a third of the instructions per byte of a loop over arrays.
public enum SHA256 {
    static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    /// Lower-case hex digest.
    public static func hex(_ data: Data) -> String {
        data.withUnsafeBytes { hex($0) }
    }

    /// Lower-case hex digest of a text's UTF-8 bytes (a session token, on every request: no `Data` copy).
    public static func hex(_ text: String) -> String {
        var text = text
        return text.withUTF8 { hex(UnsafeRawBufferPointer($0)) }
    }

    /// Lower-case hex digest of `raw`; the padding and the digits live on the stack.
    static func hex(_ raw: UnsafeRawBufferPointer) -> String {
        var h: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) =
            (0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19)
        let count = raw.count
        let full = count / 64
        if full > 0 { compress(&h, raw.baseAddress!, blocks: full) }
        // The last bytes, the 0x80 marker and the bit length fill one or two final blocks.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { tail in
            tail.initialize(repeating: 0)
            let rest = count - full * 64
            for i in 0..<rest { tail[i] = raw[full * 64 + i] }
            tail[rest] = 0x80
            let blocks = rest < 56 ? 1 : 2
            let bitLength = UInt64(count) &* 8
            for i in 0..<8 { tail[blocks * 64 - 1 - i] = UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8)) }
            compress(&h, UnsafeRawPointer(tail.baseAddress!), blocks: blocks)
        }
        return String(unsafeUninitializedCapacity: 64) { out in
            let digits: StaticString = "0123456789abcdef"
            var n = 0
            for word in [h.0, h.1, h.2, h.3, h.4, h.5, h.6, h.7] {
                for shift in stride(from: 28, through: 0, by: -4) {
                    out[n] = digits.utf8Start[Int((word >> UInt32(shift)) & 0xF)]
                    n += 1
                }
            }
            return n
        }
    }

    /// Runs the compression function over `blocks` consecutive 64-byte blocks at `bytes`.
    static func compress(_ h: inout (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32),
                         _ bytes: UnsafeRawPointer, blocks: Int) {
        k.withUnsafeBufferPointer { kp in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { wb in
                let w = wb.baseAddress!
                let k = kp.baseAddress!
                for block in 0..<blocks {
                    let p = bytes + block * 64
                    for i in 0..<16 {
                        w[i] = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self))
                    }
                    for i in 16..<64 {
                        let x = w[i - 15], y = w[i - 2]
                        let s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3)
                        let s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >> 10)
                        w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
                    }
                    var a = h.0, b = h.1, c = h.2, d = h.3, e = h.4, f = h.5, g = h.6, hh = h.7
                    var i = 0
                    while i < 64 {
                        round(a, b, c, &d, e, f, g, &hh, k[i] &+ w[i])
                        round(hh, a, b, &c, d, e, f, &g, k[i + 1] &+ w[i + 1])
                        round(g, hh, a, &b, c, d, e, &f, k[i + 2] &+ w[i + 2])
                        round(f, g, hh, &a, b, c, d, &e, k[i + 3] &+ w[i + 3])
                        round(e, f, g, &hh, a, b, c, &d, k[i + 4] &+ w[i + 4])
                        round(d, e, f, &g, hh, a, b, &c, k[i + 5] &+ w[i + 5])
                        round(c, d, e, &f, g, hh, a, &b, k[i + 6] &+ w[i + 6])
                        round(b, c, d, &e, f, g, hh, &a, k[i + 7] &+ w[i + 7])
                        i += 8
                    }
                    h.0 = h.0 &+ a; h.1 = h.1 &+ b; h.2 = h.2 &+ c; h.3 = h.3 &+ d
                    h.4 = h.4 &+ e; h.5 = h.5 &+ f; h.6 = h.6 &+ g; h.7 = h.7 &+ hh
                }
            }
        }
    }

    /// One round; the caller renames the variables instead of shifting them.
    @inline(__always)
    static func round(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
                      _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32) {
        let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
        let ch = (e & f) ^ (~e & g)
        let t1 = h &+ s1 &+ ch &+ kw
        let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
        let maj = (a & b) ^ (a & c) ^ (b & c)
        d = d &+ t1
        h = t1 &+ s0 &+ maj
    }

    /// Masking shifts, so the compiler emits one rotate instruction.
    @inline(__always) static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &>> n) | (x &<< (32 &- n)) }
}
