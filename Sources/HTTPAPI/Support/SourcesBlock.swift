import RAGCore

/// The citations of an answer as plain text appended to it, for clients that keep only the message text
/// (LangChain's `ChatOpenAI` drops the extra `citations` field). Asked for with `"citations": "inline"` in the
/// body or the header `X-HepChain-Citations: inline`:
///
/// ```
/// The J/ψ mass is 3096.9 MeV [1].
///
/// Sources:
/// [1] Review of Particle Physics — https://…, p. 3
/// ```
enum SourcesBlock {
    /// The request header that asks for it.
    static let header = "X-HepChain-Citations"

    /// The block for `citations` (empty when there are none), starting with a blank line.
    static func text(for citations: [Citation]) -> String {
        let marked = citations.filter { $0.marker != nil }
        guard !marked.isEmpty else { return "" }
        let lines = marked.map { citation -> String in
            var line = "[\(citation.marker ?? 0)] "
            if let title = citation.title, !title.isEmpty { line += "\(title) — " }
            line += citation.shownSource
            if citation.pageStart > 0 {
                line += citation.pageEnd > citation.pageStart ? ", pp. \(citation.pageStart)–\(citation.pageEnd)" : ", p. \(citation.pageStart)"
            }
            return line
        }
        return "\n\nSources:\n" + lines.joined(separator: "\n")
    }
}
