public import RAGCore

/// Turns `[n]` markers in an answer into citations: keeps markers that point to a source, removes those that
/// point to nothing, renumbers in order of first use, and quotes each source's best-supporting sentence.
public struct CitationResolver: Sendable {
    /// The outcome: rewritten text, citations in marker order, and the markers that were removed.
    public struct Resolution: Hashable, Sendable {
        /// The answer with markers renumbered 1, 2, … in order of first use.
        public var text: String
        /// One citation per distinct cited source, `citations[i].marker == i + 1`.
        public var citations: [Citation]
        /// Original marker numbers that pointed to no source.
        public var danglingMarkers: [Int]
    }

    /// Creates a resolver.
    public init() {}

    /// Resolves the markers of `answer` against `sources` (`[1]` is `sources[0]`).
    public func resolve(_ answer: String, sources: [RetrievedChunk]) -> Resolution {
        var newNumber: [Int: Int] = [:]  // source index → new marker
        var order: [Int] = []  // source indices in order of first use
        var dangling: [Int] = []
        var supportingText: [Int: String] = [:]  // source index → the first answer sentence citing it

        // Walk sentence by sentence so each citation's quote can be matched to the claim that cites it.
        var output = ""
        for sentence in Self.markerAwareSentences(answer) {
            var rewritten = ""
            var rest = Substring(sentence)
            while let match = Self.nextMarker(in: rest) {
                rewritten += rest[..<match.range.lowerBound]
                var kept: [Int] = []
                for number in match.numbers {
                    let index = number - 1
                    guard sources.indices.contains(index) else {
                        dangling.append(number)
                        continue
                    }
                    if newNumber[index] == nil {
                        newNumber[index] = order.count + 1
                        order.append(index)
                    }
                    if let renumbered = newNumber[index], !kept.contains(renumbered) { kept.append(renumbered) }
                    // The first claim that cites a source is the one its quote must support.
                    if supportingText[index] == nil { supportingText[index] = sentence }
                }
                if kept.isEmpty {
                    // Drop the marker and the space before it.
                    while rewritten.last == " " { rewritten.removeLast() }
                } else {
                    rewritten += kept.map { "[\($0)]" }.joined()
                }
                rest = rest[match.range.upperBound...]
            }
            rewritten += rest
            output += rewritten
        }

        let citations = order.enumerated().map { position, index in
            var citation = sources[index].citation
            citation.marker = position + 1
            citation.chunkID = sources[index].chunk.id
            citation.quote = Self.bestSentence(in: sources[index].chunk.text, for: supportingText[index] ?? "")
            return citation
        }
        return Resolution(text: output, citations: citations, danglingMarkers: dangling)
    }

    /// `text` without bracketed reference numbers ("as in Ref. [12]" → "as in Ref."), so a quoted source
    /// sentence's own bibliography markers are not mistaken for answer markers.
    public static func removingMarkers(_ text: String) -> String {
        var output = ""
        var rest = Substring(text)
        while let match = nextMarker(in: rest) {
            output += rest[..<match.range.lowerBound]
            while output.last == " " { output.removeLast() }
            rest = rest[match.range.upperBound...]
        }
        return output + rest
    }

    // MARK: - Markers

    private struct Marker {
        var range: Range<Substring.Index>
        var numbers: [Int]
    }

    /// The next `[3]`, `[1, 2]`, `[1,2]` or `[2-4]` marker; other brackets are left alone.
    private static func nextMarker(in text: Substring) -> Marker? {
        var searchStart = text.startIndex
        while let open = text[searchStart...].firstIndex(of: "[") {
            guard let close = text[open...].firstIndex(of: "]") else { return nil }
            let body = text[text.index(after: open)..<close]
            if let numbers = parseMarkerBody(body) {
                return Marker(range: open..<text.index(after: close), numbers: numbers)
            }
            searchStart = text.index(after: open)
        }
        return nil
    }

    /// Characters a marker's body may hold: digits, commas, spaces and dashes.
    static func isMarkerBodyCharacter(_ character: Character) -> Bool {
        character.isNumber || character == "," || character == " " || character == "-" || character == "–"
    }

    /// The source numbers of a marker body (`3`, `1, 2`, `2-4`), or nil if it is not one.
    static func parseMarkerBody(_ body: Substring) -> [Int]? {
        guard !body.isEmpty, body.count <= StreamingCitationRenumberer.maximumBodyLength, body.allSatisfy(isMarkerBodyCharacter) else {
            return nil
        }
        var numbers: [Int] = []
        for part in body.split(separator: ",") {
            let bounds = part.split(whereSeparator: { $0 == "-" || $0 == "–" }).map { Int(String($0).trimmingWhitespace()) }
            if bounds.count == 1, let value = bounds[0] {
                numbers.append(value)
            } else if bounds.count == 2, let low = bounds[0], let high = bounds[1], low <= high, high - low < 20 {
                numbers.append(contentsOf: low...high)
            } else {
                return nil
            }
        }
        return numbers.isEmpty ? nil : numbers
    }

    /// Sentences with their separators kept, so joining them gives back the text; markers stay with the
    /// sentence they follow ("… 125 GeV [1]. Next …").
    private static func markerAwareSentences(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            current.append(character)
            let isEnd = ".!?。！？".contains(character)
            let nextIsSpace = index + 1 >= characters.count || characters[index + 1].isWhitespace
            if isEnd && nextIsSpace && !(character == "." && index > 0 && characters[index - 1].isNumber && index + 1 < characters.count && characters[index + 1].isNumber) {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    // MARK: - Quotes

    /// The sentence of `passage` sharing the most content terms with `claim` (the first sentence if none do).
    static func bestSentence(in passage: String, for claim: String) -> String? {
        let sentences = TextAnalysis.sentences(in: passage)
        guard !sentences.isEmpty else { return nil }
        let claimTerms = Set(TextAnalysis.contentTerms(claim))
        var best = sentences[0]
        var bestScore = 0.0
        for sentence in sentences {
            let terms = Set(TextAnalysis.contentTerms(sentence))
            guard !terms.isEmpty else { continue }
            let shared = Double(terms.intersection(claimTerms).count)
            // Dice coefficient: favours the sentence the claim quotes, not the longest one.
            let score = 2 * shared / Double(terms.count + claimTerms.count)
            if score > bestScore {
                bestScore = score
                best = sentence
            }
        }
        return best
    }
}
