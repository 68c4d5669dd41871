import Foundation

/// Recognises section headings in lines of extracted text: numbered (`2.1 Event selection`),
/// REVTeX style (`II. THE DETECTOR`, `A. Signal region`), and the usual unnumbered ones (`Abstract`, `References`).
struct HeadingDetector {
    /// A heading line with its nesting depth.
    struct Heading: Equatable {
        var title: String
        var level: Int
    }

    private var hasRomanHeadings = false
    /// The last accepted top-level section number: numbered headings must continue the sequence, which rules
    /// out table cells ("30 GeV < mT") and affiliation lists ("1 Department of Physics").
    private var lastTopNumber = 0
    private var isInAppendix = false

    static let unnumbered: Set<String> = [
        "abstract", "introduction", "conclusion", "conclusions", "summary", "summary and conclusions",
        "conclusions and outlook", "outlook", "discussion", "references", "bibliography", "acknowledgments",
        "acknowledgements", "acknowledgment", "acknowledgement", "appendix", "appendices",
    ]

    /// The heading in `line`, or nil when it reads like body text, a table row or a formula.
    /// `typicalLineLength` is the page's median line length: a line that fills the column is body text or a
    /// footnote, not a heading.
    mutating func heading(in line: String, typicalLineLength: Int = 100) -> Heading? {
        // Fast rejection: every heading form starts with a digit or a capital letter and is short.
        guard let first = line.unicodeScalars.first, line.utf8.count <= 400,
            ("0"..."9").contains(first) || first.properties.isUppercase
        else { return nil }
        let trimmed = line  // PDFLayout hands over lines with spaces collapsed and trimmed
        let length = trimmed.unicodeScalars.count
        guard length >= 3, length <= 100 else { return nil }
        if typicalLineLength >= 50, length * 4 > typicalLineLength * 3 { return nil }
        let lowered = trimmed.lowercased()
        if Self.unnumbered.contains(lowered) || Self.unnumbered.contains(lowered.trimmingCharacters(in: .init(charactersIn: ":."))) {
            if lowered.hasPrefix("appendi") || lowered == "references" { isInAppendix = true }
            return Heading(title: trimmed, level: 1)
        }
        if lowered.hasPrefix("appendix "), trimmed.count <= 80 {
            isInAppendix = true
            return Heading(title: trimmed, level: 1)
        }
        guard let space = trimmed.firstIndex(of: " ") else { return nil }
        var label = String(trimmed[..<space])
        let title = trimmed[trimmed.index(after: space)...].trimmingCharacters(in: .whitespaces)
        guard Self.isTitleLike(title) else { return nil }
        let hadDot = label.hasSuffix(".")
        if hadDot { label.removeLast() }
        let parts = label.split(separator: ".", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.count <= 4, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        if parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) && $0.count <= 2 }) {
            guard parts[0].first != "0", let first = Int(parts[0]), first >= 1, first <= 40 else { return nil }
            if parts.count == 1 {
                guard first == lastTopNumber + 1 else { return nil }
                lastTopNumber = first
            } else if first != lastTopNumber {
                // "3.1 …" is only a heading inside section 3 (or as the first heading of a document fragment).
                guard lastTopNumber == 0 || first == lastTopNumber + 1 else { return nil }
                lastTopNumber = first
            }
            return Heading(title: trimmed, level: parts.count)
        }
        if parts.count == 1, hadDot, parts[0].count <= 5, parts[0].allSatisfy({ "IVX".contains($0) }) {
            hasRomanHeadings = true
            return Heading(title: trimmed, level: 1)
        }
        if let letter = parts.first, letter.count == 1, let character = letter.first, character.isUppercase, character.isASCII {
            let rest = parts.dropFirst()
            if !rest.isEmpty, rest.allSatisfy({ $0.allSatisfy(\.isNumber) && $0.count <= 2 }) {
                return Heading(title: trimmed, level: parts.count)
            }
            if rest.isEmpty, hadDot, hasRomanHeadings { return Heading(title: trimmed, level: 2) }
            if rest.isEmpty, !hadDot, isInAppendix { return Heading(title: trimmed, level: 1) }
        }
        return nil
    }

    /// Starts with an upper-case letter, has 1–14 words, no sentence end, no formula or table-like digits.
    static func isTitleLike(_ title: String) -> Bool {
        guard let first = title.first, first.isUppercase, title.count >= 2 else { return false }
        let words = title.split(separator: " ")
        guard words.count <= 14 else { return false }
        if let last = title.last, ".,;=".contains(last) { return false }
        if title.contains(" et al") || title.contains(where: { "=<>±≤≥|".contains($0) }) { return false }
        let letters = title.filter(\.isLetter).count
        let digits = title.filter(\.isNumber).count
        return letters >= 2 && digits * 3 <= letters
    }
}
