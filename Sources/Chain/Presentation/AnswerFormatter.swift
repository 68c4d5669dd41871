public import RAGCore

/// Plain-text rendering of an answer for the terminal (`hepchain ask`).
///
/// Usage example:
/// ```swift
/// print(AnswerFormatter.text(answer))
/// ```
public enum AnswerFormatter {
    /// The answer, a blank line, then one line per citation: `[1] Title, p. 5, §4 Results — https://…`, and
    /// the quoted sentence indented below it.
    public static func text(_ answer: Answer, quotes: Bool = true) -> String {
        var lines = [answer.text.isEmpty ? "(no answer text)" : answer.text]
        if !answer.citations.isEmpty { lines.append("") }
        for (index, citation) in answer.citations.enumerated() {
            let marker = citation.marker ?? index + 1
            var line = "[\(marker)] \(citation.title ?? citation.chunkID.document.rawValue)"
            if let arxiv = citation.arxivID { line += " (arXiv:\(arxiv))" }
            line += citation.pageStart == citation.pageEnd ? ", p. \(citation.pageStart)" : ", pp. \(citation.pageStart)–\(citation.pageEnd)"
            if let section = citation.section { line += ", §\(section)" }
            line += " — \(citation.source)"
            lines.append(line)
            if quotes, let quote = citation.quote { lines.append("    “\(quote)”") }
        }
        return lines.joined(separator: "\n")
    }
}
