import Foundation
public import RAGCore

/// The rules a search request follows, shared by `POST /v1/search` (422 when broken) and `hepchain search`
/// (exit 64), so both refuse the same input with the same words.
public enum SearchRules {
    /// A search input that breaks a rule; `message` is one sentence.
    public struct Violation: Error, Sendable, CustomStringConvertible {
        /// What is wrong, naming the value.
        public var message: String
        public var description: String { message }
    }

    /// The trimmed query, `k` and mode, checked: a non-empty query, 1 ≤ k ≤ maxK, a known mode.
    public static func check(query: String, k: Int, mode: String, maxK: Int) throws -> (text: String, k: Int, mode: SearchMode) {
        let text = query.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw Violation(message: "The query is empty.") }
        guard (1...maxK).contains(k) else { throw Violation(message: "k must be between 1 and \(maxK); got \(k).") }
        guard let searchMode = SearchMode(rawValue: mode) else {
            throw Violation(message: "mode must be 'dense', 'bm25' or 'hybrid'; got '\(mode.prefix(40))'.")
        }
        return (text, k, searchMode)
    }
}
