import Foundation

/// Scalar-level clean-up shared by all loaders: compatibility forms that hurt search are folded,
/// invisible characters are dropped, Greek letters and maths symbols are kept as they are.
enum TextNormalizer {
    /// Folds ligatures (`ﬁ` → `fi`), presentation forms and mathematical alphanumerics (`𝑥` → `x`) as NFKC
    /// does, maps exotic spaces to a plain space, and drops zero-width characters (U+200B, U+2060, U+FEFF,
    /// soft hyphen). Other characters (Greek, `→`, `±`, `²`, CJK punctuation) are left untouched, unlike full NFKC.
    static func normalize(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD:
                continue
            case 0x00A0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000:
                scalars.append(" ")
            case 0xFB00...0xFB4F, 0x1D400...0x1D7FF:
                let folded = String(scalar).precomposedStringWithCompatibilityMapping
                scalars.append(contentsOf: folded.unicodeScalars)
            case 0x0000...0x0008, 0x000B, 0x000E...0x001F, 0x007F:
                continue  // stray control characters from broken encodings; \t, \n, \f and \r are kept
            default:
                scalars.append(scalar)
            }
        }
        return String(scalars)
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
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in line.unicodeScalars {
            if scalar == " " || scalar == "\t" {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(scalar)
            }
        }
        return String(result)
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
