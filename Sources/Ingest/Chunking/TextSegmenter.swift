/// Finds paragraph, line, sentence and word boundaries in an array of Unicode scalars.
///
/// Ranges are half-open scalar offsets, trimmed of surrounding whitespace, and never empty.
enum TextSegmenter {
    typealias Scalars = [Unicode.Scalar]

    /// Abbreviations after which a full stop does not end a sentence (lower-cased, without the stop).
    static let abbreviations: Set<String> = [
        "e.g", "i.e", "al", "fig", "figs", "eq", "eqs", "ref", "refs", "sec", "secs", "tab", "vs", "cf", "no",
        "approx", "resp", "etc", "ch", "app", "vol", "pp", "ed", "eds", "dr", "prof", "mr", "ms", "st", "jr",
        "phys", "rev", "lett", "nucl", "instrum", "meth", "j", "nat", "sci",
    ]

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" || scalar == "\u{0C}"
    }

    /// Narrows `range` to exclude leading and trailing whitespace; nil when nothing is left.
    static func trimmed(_ text: Scalars, _ range: Range<Int>) -> Range<Int>? {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, isSpace(text[lower]) { lower += 1 }
        while upper > lower, isSpace(text[upper - 1]) { upper -= 1 }
        return lower < upper ? lower..<upper : nil
    }

    /// Paragraphs: runs separated by a blank line (two newlines with only spaces between).
    static func paragraphs(_ text: Scalars, in range: Range<Int>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = range.lowerBound
        var index = range.lowerBound
        while index < range.upperBound {
            if text[index] == "\n" {
                var next = index + 1
                while next < range.upperBound, text[next] == " " || text[next] == "\t" || text[next] == "\r" { next += 1 }
                if next < range.upperBound, text[next] == "\n" {
                    if let piece = trimmed(text, start..<index) { result.append(piece) }
                    while next < range.upperBound, isSpace(text[next]) { next += 1 }
                    start = next
                    index = next
                    continue
                }
            }
            index += 1
        }
        if let piece = trimmed(text, start..<range.upperBound) { result.append(piece) }
        return result
    }

    /// Lines: runs separated by a newline.
    static func lines(_ text: Scalars, in range: Range<Int>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = range.lowerBound
        for index in range where text[index] == "\n" {
            if let piece = trimmed(text, start..<index) { result.append(piece) }
            start = index + 1
        }
        if let piece = trimmed(text, start..<range.upperBound) { result.append(piece) }
        return result
    }

    /// Sentences: ends at `.`, `?`, `!` followed by a space and a capital, digit or opening bracket (not after
    /// an abbreviation or initial), and always after Chinese `。！？；`.
    static func sentences(_ text: Scalars, in range: Range<Int>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = range.lowerBound
        var index = range.lowerBound
        while index < range.upperBound {
            let scalar = text[index]
            var end: Int?
            switch scalar {
            case "。", "！", "？", "；", "!", "?":
                if scalar.value > 0x7F || index + 1 == range.upperBound || isSpace(text[index + 1]) || isCJKContext(text, index) {
                    end = index + 1
                }
            case ".":
                if index + 2 < range.upperBound, isSpace(text[index + 1]), startsSentence(text, after: index + 1, limit: range.upperBound),
                    !isAbbreviation(text, before: index, lowerLimit: start)
                {
                    end = index + 1
                }
            default:
                break
            }
            if var end {
                // Closing quotes and brackets belong to the sentence they close.
                while end < range.upperBound, "”’」』）)\"'".unicodeScalars.contains(text[end]) { end += 1 }
                if let piece = trimmed(text, start..<end) { result.append(piece) }
                start = end
                index = end
                continue
            }
            index += 1
        }
        if let piece = trimmed(text, start..<range.upperBound) { result.append(piece) }
        return result
    }

    /// Words: runs separated by whitespace.
    static func words(_ text: Scalars, in range: Range<Int>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start: Int?
        for index in range {
            if isSpace(text[index]) {
                if let wordStart = start { result.append(wordStart..<index) }
                start = nil
            } else if start == nil {
                start = index
            }
        }
        if let wordStart = start { result.append(wordStart..<range.upperBound) }
        return result
    }

    private static func isCJKContext(_ text: Scalars, _ index: Int) -> Bool {
        index > 0 && TextNormalizer.isHan(text[index - 1])
    }

    private static func startsSentence(_ text: Scalars, after index: Int, limit: Int) -> Bool {
        var next = index
        while next < limit, isSpace(text[next]) { next += 1 }
        guard next < limit else { return true }
        let scalar = text[next]
        return scalar.properties.isUppercase || ("0"..."9").contains(scalar) || "([\"“‘".unicodeScalars.contains(scalar)
            || TextNormalizer.isHan(scalar)
    }

    private static func isAbbreviation(_ text: Scalars, before index: Int, lowerLimit: Int) -> Bool {
        var wordStart = index
        while wordStart > lowerLimit, !isSpace(text[wordStart - 1]), text[wordStart - 1] != "(" { wordStart -= 1 }
        let word = String(String.UnicodeScalarView(text[wordStart..<index])).lowercased()
        if word.isEmpty { return false }
        // A single capital letter is an initial ("J. Smith"); digits alone are a list number or a decimal.
        if word.unicodeScalars.count == 1, let only = text[wordStart..<index].first, only.properties.isUppercase { return true }
        return abbreviations.contains(word)
    }
}
