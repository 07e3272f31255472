/// Text clean-up used for matching (the original text is kept for display).
public enum TextNormalizer {
    /// Full-width ASCII (！…～) to half-width, ideographic space to space.
    public static func halfWidth(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            switch u.value {
            case 0xFF01...0xFF5E: out.append(Unicode.Scalar(u.value - 0xFEE0)!)
            case 0x3000: out.append(" ")
            default: out.append(u)
            }
        }
        return String(out)
    }

    /// Half-width and without any whitespace: the key for matching headers, deadlines, unit names.
    public static func compact(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in halfWidth(s).unicodeScalars where !isSpace(u) { out.append(u) }
        return String(out)
    }

    /// Trims whitespace (including ideographic and no-break spaces) at both ends.
    public static func trim(_ s: String) -> String {
        let scalars = Array(s.unicodeScalars)
        var lo = 0, hi = scalars.count
        while lo < hi, isSpace(scalars[lo]) { lo += 1 }
        while hi > lo, isSpace(scalars[hi - 1]) { hi -= 1 }
        if lo == 0 && hi == scalars.count { return s }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[lo..<hi])
        return String(out)
    }

    /// Collapses runs of whitespace to one space and trims.
    public static func collapseSpaces(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for u in s.unicodeScalars {
            if isSpace(u) {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" "); pendingSpace = false }
                out.append(u)
            }
        }
        return String(out)
    }

    static func isSpace(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x09...0x0D, 0x20, 0xA0, 0x3000, 0x2000...0x200B, 0xFEFF: return true
        default: return false
        }
    }
}
