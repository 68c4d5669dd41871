public import RAGCore

/// Renders sources and history for the `{{sources}}` and `{{history}}` template variables.
public enum SourceFormatter {
    /// `[1] Title (arXiv:1503.07589, p. 3, §2 Event selection)` followed by the passage, one block per source.
    public static func numbered(_ sources: [RetrievedChunk]) -> String {
        sources.enumerated().map { index, source in
            "[\(index + 1)] \(label(source.citation))\n\(source.chunk.text.trimmingWhitespace())"
        }.joined(separator: "\n\n")
    }

    /// `Title (arXiv:…, p. 3–4, §Section)` for a citation.
    public static func label(_ citation: Citation) -> String {
        var parts: [String] = []
        if let arxiv = citation.arxivID { parts.append("arXiv:\(arxiv)") }
        parts.append(citation.pageStart == citation.pageEnd ? "p. \(citation.pageStart)" : "pp. \(citation.pageStart)–\(citation.pageEnd)")
        if let section = citation.section, !section.isEmpty { parts.append("§\(section)") }
        let title = citation.title ?? citation.source
        return "\(title) (\(parts.joined(separator: ", ")))"
    }

    /// `User: …` / `Assistant: …` lines of the most recent `maxTurns` messages.
    public static func history(_ messages: [ChatMessage], maxTurns: Int = 6) -> String {
        messages.filter { $0.role != .system }.suffix(maxTurns).map { message in
            "\(message.role == .user ? "User" : "Assistant"): \(message.content.trimmingWhitespace())"
        }.joined(separator: "\n")
    }

    /// The language's name for the `{{language}}` variable.
    public static func languageName(_ code: String) -> String {
        code == "zh" ? "Chinese (简体中文)" : "English"
    }
}
