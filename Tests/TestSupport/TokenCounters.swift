package import RAGCore

/// Counts roughly like WordPiece: each run of letters/digits is one token per 6 scalars (at least 1),
/// each punctuation mark and each Han character is one token.
package struct ApproximateTokenCounter: TokenCounter {
    package init() {}

    package func tokenCount(_ text: String) -> Int {
        var count = 0
        var run = 0
        func flush() {
            if run > 0 { count += (run + 5) / 6 }
            run = 0
        }
        for scalar in text.unicodeScalars {
            if (0x4E00...0x9FFF).contains(scalar.value) {
                flush()
                count += 1
            } else if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                run += 1
            } else {
                flush()
                if !scalar.properties.isWhitespace { count += 1 }
            }
        }
        flush()
        return count
    }
}

/// Counts whitespace-separated words (the chunker only needs a counter).
package struct WhitespaceCounter: TokenCounter {
    package init() {}

    package func tokenCount(_ text: String) -> Int { text.split(whereSeparator: \.isWhitespace).count }
}
