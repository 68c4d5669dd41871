import Foundation

/// Hugging Face's `BertNormalizer` followed by `BertPreTokenizer`, on Unicode scalars: text → words.
///
/// Port of `tokenizers/src/normalizers/bert.rs` and `tokenizers/src/pre_tokenizers/bert.rs`
/// (huggingface/tokenizers v0.23), which the all-MiniLM-L6-v2 reference uses:
/// 1. clean: delete NUL, U+FFFD and control characters (Cc, Cf, Co; never Cn) except tab, LF and CR;
///    every White_Space character becomes a plain space;
/// 2. put spaces around CJK ideographs, so each becomes a word;
/// 3. strip accents: canonical decomposition (NFD, never NFKC) and deletion of non-spacing marks (Mn);
/// 4. lower-case, one scalar at a time (full Unicode mapping, no context);
/// 5. split on whitespace, and split off every punctuation scalar (ASCII non-alphanumerics and Unicode P*)
///    as a word of its own.
/// Character classes follow the reference's (older) Unicode tables where they differ from Swift's
/// (`ReferenceUnicode`), so every code point tokenizes as in the reference.
struct BERTNormalizer: Sendable {
    /// Lower-case the text (`do_lower_case`).
    var lowercases: Bool
    /// Strip accents (`strip_accents`, which defaults to `do_lower_case`).
    var stripsAccents: Bool
    /// Split CJK ideographs into single words (`tokenize_chinese_chars`).
    var splitsChineseCharacters: Bool

    /// The words of `text`, each as its scalars.
    func words(_ text: some Sequence<Unicode.Scalar>) -> [[Unicode.Scalar]] {
        var cleaned: [Unicode.Scalar] = []
        cleaned.reserveCapacity(text.underestimatedCount + 16)
        var needsDecomposition = false
        var isASCII = true
        for scalar in text {
            let value = scalar.value
            if value < 0x80 {
                // ASCII fast path: controls other than tab/LF/CR are deleted, whitespace becomes a space.
                if value == 0x09 || value == 0x0A || value == 0x0D || value == 0x20 {
                    cleaned.append(" ")
                } else if value < 0x20 || value == 0x7F {
                    continue
                } else {
                    cleaned.append(scalar)
                }
                continue
            }
            isASCII = false
            if value == 0xFFFD || Self.isControl(scalar) { continue }
            if scalar.properties.isWhitespace {
                cleaned.append(" ")
                continue
            }
            // Scalars below U+00C0 have no canonical decomposition; CJK compatibility ideographs do.
            if value >= 0xC0 { needsDecomposition = true }
            if splitsChineseCharacters && Self.isChineseCharacter(value) {
                cleaned.append(" ")
                cleaned.append(scalar)
                cleaned.append(" ")
            } else {
                cleaned.append(scalar)
            }
        }
        if stripsAccents && needsDecomposition {
            cleaned = Self.decomposedWithoutNonspacingMarks(cleaned)
        }
        if lowercases {
            cleaned = isASCII ? cleaned.map(Self.asciiLowercase) : Self.lowercased(cleaned)
        }
        return Self.split(cleaned)
    }

    // MARK: - Steps

    private static func decomposedWithoutNonspacingMarks(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var string = ""
        string.unicodeScalars.append(contentsOf: scalars)
        return string.decomposedStringWithCanonicalMapping.unicodeScalars.filter { scalar in
            if ReferenceUnicode.nonspacingMarks.contains(scalar.value) { return false }
            return scalar.properties.generalCategory != .nonspacingMark || ReferenceUnicode.isPlainInReference(scalar)
                || ReferenceUnicode.punctuation.contains(scalar.value)
        }
    }

    private static func lowercased(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(scalars.count)
        for scalar in scalars {
            if scalar.isASCII {
                result.append(asciiLowercase(scalar))
            } else if scalar.properties.changesWhenLowercased {
                result.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return result
    }

    private static func asciiLowercase(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        guard value >= 0x41, value <= 0x5A, let lower = Unicode.Scalar(value + 0x20) else { return scalar }
        return lower
    }

    private static func split(_ scalars: [Unicode.Scalar]) -> [[Unicode.Scalar]] {
        var words: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for scalar in scalars {
            if scalar == " " || (!scalar.isASCII && scalar.properties.isWhitespace) {
                if !current.isEmpty {
                    words.append(current)
                    current.removeAll(keepingCapacity: true)
                }
            } else if isPunctuation(scalar) {
                if !current.isEmpty {
                    words.append(current)
                    current.removeAll(keepingCapacity: true)
                }
                words.append([scalar])
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    // MARK: - Character classes

    /// Cc, Cf and Co, but not tab, LF and CR (those count as whitespace), nor unassigned code points.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return false
        default: break
        }
        switch scalar.properties.generalCategory {
        case .control, .format, .privateUse, .surrogate: return !ReferenceUnicode.isPlainInReference(scalar)
        default: return false
        }
    }

    /// ASCII punctuation and symbols (`!"#$%&'()*+,-./:;<=>?@[\]^_\`{|}~`) and Unicode punctuation (P*).
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (0x21...0x2F).contains(value) || (0x3A...0x40).contains(value) || (0x5B...0x60).contains(value)
                || (0x7B...0x7E).contains(value)
        }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation:
            return !ReferenceUnicode.isPlainInReference(scalar)
        default:
            return ReferenceUnicode.punctuation.contains(scalar.value)
        }
    }

    /// The CJK Unified Ideographs blocks BERT treats as single-character words (not kana or hangul).
    static func isChineseCharacter(_ value: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value) || (0x20000...0x2A6DF).contains(value)
            || (0x2A700...0x2B73F).contains(value) || (0x2B740...0x2B81F).contains(value)
            || (0x2B920...0x2CEAF).contains(value) || (0xF900...0xFAFF).contains(value)
            || (0x2F800...0x2FA1F).contains(value)
    }
}
