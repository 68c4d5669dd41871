import Foundation

/// The lexical form of text for the full-text index, and the matching query.
///
/// Both sides go through the same steps, so a query term matches exactly when the index holds it:
/// 1. remove invisible characters that PDF exporters glue onto words (U+200B, U+200C, U+200D, U+2060,
///    U+FEFF, soft hyphen U+00AD);
/// 2. NFKC-normalise, so ligatures (`ﬁ` → `fi`), full-width forms and superscript digits match plain text;
/// 3. rewrite each run of CJK characters as its overlapping character bigrams (`北京谱仪` → `北京 京谱 谱仪`;
///    a single character stays as it is), so SQLite's `unicode61` tokenizer, which would otherwise keep a
///    whole run as one token, indexes Chinese the way bigram tokenizers (Lucene's CJKAnalyzer) do.
///
/// The embedder never sees this form; it gets the chunk text unchanged.
package enum LexicalText {
    /// The text as stored in the full-text index.
    package static func indexForm(_ text: String) -> String {
        // ASCII text is already NFKC, has no invisible characters and no CJK: the common English case is free.
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        let normalizedText = normalized(text)
        guard normalizedText.unicodeScalars.contains(where: isCJK) else { return normalizedText }

        var output = String.UnicodeScalarView()
        output.reserveCapacity(normalizedText.unicodeScalars.count * 2)
        var run: [Unicode.Scalar] = []

        func flushRun() {
            guard !run.isEmpty else { return }
            output.append(" ")
            if run.count == 1 {
                output.append(run[0])
            } else {
                for index in 0..<(run.count - 1) {
                    if index > 0 { output.append(" ") }
                    output.append(run[index])
                    output.append(run[index + 1])
                }
            }
            output.append(" ")
            run.removeAll(keepingCapacity: true)
        }

        for scalar in normalizedText.unicodeScalars {
            if isCJK(scalar) {
                run.append(scalar)
            } else {
                flushRun()
                output.append(scalar)
            }
        }
        flushRun()
        return String(output)
    }

    /// The distinct, lower-cased terms of a query in index form, without English stop words, in order.
    package static func queryTerms(_ text: String) -> [String] {
        var terms: [String] = []
        var seen: Set<String> = []
        var current = String.UnicodeScalarView()
        func flush() {
            guard !current.isEmpty else { return }
            let term = String(current).lowercased()
            current.removeAll()
            guard !stopWords.contains(term), seen.insert(term).inserted else { return }
            terms.append(term)
        }
        for scalar in indexForm(text).unicodeScalars {
            if isTokenCharacter(scalar) { current.append(scalar) } else { flush() }
        }
        flush()
        return terms
    }

    /// An FTS5 `MATCH` expression that ORs the query's terms, or nil when the query has none.
    package static func matchExpression(_ text: String) -> String? {
        let terms = queryTerms(text)
        return terms.isEmpty ? nil : matchExpression(terms: terms)
    }

    /// The FTS5 `MATCH` expression that ORs `terms` (from `queryTerms`).
    package static func matchExpression(terms: [String]) -> String {
        // Terms hold only letters and digits, so quoting cannot be escaped out of.
        terms.map { "\"\($0)\"" }.joined(separator: " OR ")
    }

    // MARK: - Character classes

    private static let invisible: Set<Unicode.Scalar> = ["\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}", "\u{00AD}"]

    /// Invisible characters removed, then NFKC.
    ///
    /// Foundation's NFKC is slow on Linux (it goes through CFString), so only the non-ASCII stretches go
    /// through it, each with the ASCII character before it (which a combining mark may compose with).
    /// Splitting there is safe: an ASCII character is a starter, never the second element of a composition,
    /// and stops canonical reordering.
    private static func normalized(_ text: String) -> String {
        var output = String.UnicodeScalarView()
        output.reserveCapacity(text.utf8.count)
        var segment = String.UnicodeScalarView()
        var lastASCII: Unicode.Scalar?
        for scalar in text.unicodeScalars where !invisible.contains(scalar) {
            if scalar.isASCII {
                if segment.isEmpty {
                    if let previous = lastASCII { output.append(previous) }
                } else {
                    output.append(contentsOf: String(segment).precomposedStringWithCompatibilityMapping.unicodeScalars)
                    segment.removeAll(keepingCapacity: true)
                }
                lastASCII = scalar
            } else {
                if segment.isEmpty, let previous = lastASCII { segment.append(previous) }
                lastASCII = nil
                segment.append(scalar)
            }
        }
        if !segment.isEmpty {
            output.append(contentsOf: String(segment).precomposedStringWithCompatibilityMapping.unicodeScalars)
        } else if let previous = lastASCII {
            output.append(previous)
        }
        return String(output)
    }

    /// Han ideographs (with extensions and compatibility block), kana and Hangul syllables.
    package static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2EBEF, 0xF900...0xFAFF, 0x3040...0x30FF, 0xAC00...0xD7AF:
            true
        default:
            false
        }
    }

    /// Mirrors FTS5 `unicode61`'s default token characters: categories L*, N* and Co.
    static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber, .privateUse:
            true
        default:
            false
        }
    }

    /// English function words that carry no topic; dropping them keeps OR queries fast and focused.
    private static let stopWords: Set<String> = [
        "a", "about", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "how",
        "in", "is", "it", "its", "of", "on", "or", "that", "the", "their", "this", "to", "was", "were", "what",
        "when", "where", "which", "who", "why", "with",
    ]
}
