import Foundation

/// Scalar-level clean-up shared by all loaders: compatibility forms that hurt search are folded,
/// invisible characters are dropped, Greek letters and maths symbols are kept as they are.
enum TextNormalizer {
    /// Folds ligatures (`ﬁ` → `fi`), presentation forms and mathematical alphanumerics (`𝑥` → `x`) as NFKC
    /// does, maps exotic spaces to a plain space, and drops zero-width characters (U+200B, U+2060, U+FEFF,
    /// soft hyphen). Other characters (Greek, `→`, `±`, `²`, CJK punctuation) are left untouched, unlike full NFKC.
    static func normalize(_ text: String) -> String {
        // A whole book passes through here: ASCII and the lead bytes of scalars that never change are copied as
        // bytes; only scalars that may change are decoded (U+00A0/00AD, U+2000–206F, U+3000, U+FB00–FEFF, U+1D400–).
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                // stray control characters from broken encodings go; \t, \n, \f and \r are kept
                if byte >= 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D, byte != 0x7F { output.append(byte) }
                index += 1
                continue
            }
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
            guard byte == 0xC2 || byte == 0xE2 || byte == 0xE3 || byte == 0xEF || byte == 0xF0, index + length <= bytes.count else {
                output.append(contentsOf: bytes[index..<min(index + length, bytes.count)])
                index += length
                continue
            }
            var value = UInt32(byte) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
            switch value {
            case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD:
                break
            case 0x00A0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000:
                output.append(UInt8(ascii: " "))
            case 0xFB00...0xFB4F, 0x1D400...0x1D7FF:
                let folded = Unicode.Scalar(value).map { String($0).precomposedStringWithCompatibilityMapping } ?? ""
                output.append(contentsOf: folded.utf8)
            default:
                output.append(contentsOf: bytes[index..<(index + length)])
            }
            index += length
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether `scalar` is a Han ideograph (CJK unified ideographs and extensions).
    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x2FA1F: true
        default: false
        }
    }

    /// `zh` when Han characters make up at least a fifth of the letters, else `en`.
    static func language(of text: Substring) -> String {
        var han = 0
        var letters = 0
        for scalar in text.unicodeScalars {
            if scalar.value < 0x80 {
                if ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) { letters += 1 }
            } else if isHan(scalar) {
                han += 1
                letters += 1
            } else if scalar.properties.isAlphabetic {
                letters += 1
            }
        }
        return letters > 0 && han * 5 >= letters ? "zh" : "en"
    }

    /// Collapses runs of spaces and tabs to one space and trims each line.
    static func collapseSpaces(_ line: Substring) -> String {
        // Bytes suffice: space and tab are ASCII, and no byte of a multi-byte UTF-8 sequence is below 0x80.
        var result: [UInt8] = []
        result.reserveCapacity(line.utf8.count)
        var pendingSpace = false
        for byte in line.utf8 {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(UInt8(ascii: " ")) }
                pendingSpace = false
                result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Joins wrapped lines into one paragraph, removing a line-end hyphen between two lower-case letters
    /// (`detec-` + `tor` → `detector`) and keeping it otherwise (`Drell-` + `Yan`).
    static func joinLines(_ lines: [String]) -> String {
        var result = ""
        for line in lines where !line.isEmpty {
            if result.isEmpty {
                result = line
                continue
            }
            if result.hasSuffix("-"), result.count >= 2,
                let beforeHyphen = result.dropLast().last, beforeHyphen.isLowercase,
                let next = line.first, next.isLowercase
            {
                result.removeLast()
                result += line
            } else {
                result += " " + line
            }
        }
        return result
    }
}
