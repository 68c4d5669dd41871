public import RAGCore

/// Estimates wordpiece counts without a tokenizer: one token per CJK ideograph and one per 3.9 other
/// characters, the ratio measured on HEP text with the MiniLM WordPiece vocabulary (876 characters ≈ 224
/// wordpieces).
public struct CharacterTokenCounter: TokenCounter {
    /// Creates the counter.
    public init() {}

    /// Estimated number of wordpieces in `text`.
    public func tokenCount(_ text: String) -> Int {
        var ideographs = 0
        var others = 0
        for scalar in text.unicodeScalars {
            if TextAnalysis.isCJK(scalar) { ideographs += 1 } else { others += 1 }
        }
        return ideographs + Int((Double(others) / 3.9).rounded(.up))
    }
}
