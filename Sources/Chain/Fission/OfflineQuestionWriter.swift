import RAGCore

/// The offline newcomer: turns section headings and key sentences of passages into questions by pattern.
///
/// Patterns, in order of preference per passage:
/// 1. a definition, "X is/are Y" with a short subject → "What is X?";
/// 2. a sentence with a number → "What value is reported for <its leading content words> in <title>?";
/// 3. a non-generic section heading → "What does <title> describe in the section '<heading>'?";
/// 4. otherwise the passage's most content-rich sentence → "What does <title> say about <its key words>?".
/// Sentences and headings already used are skipped, so the tree moves on to new material.
enum OfflineQuestionWriter {
    private static let genericHeadings: Set<String> = [
        "introduction", "references", "acknowledgements", "acknowledgments", "conclusion", "conclusions", "abstract",
        "summary", "appendix", "contents", "bibliography",
    ]

    static func questions(from passages: [RetrievedChunk], count: Int, used: inout Set<String>) -> [String] {
        var questions: [String] = []
        for passage in passages where questions.count < count {
            if let question = question(for: passage, used: &used) { questions.append(question) }
        }
        return questions
    }

    private static func question(for passage: RetrievedChunk, used: inout Set<String>) -> String? {
        let title = shortTitle(passage.citation.title ?? passage.chunk.id.document.rawValue)
        let sentences = TextAnalysis.sentences(in: passage.chunk.text).filter { ExtractiveGenerator.isQuotable($0) && !used.contains($0) }
        if TextAnalysis.language(of: passage.chunk.text) == "zh", let sentence = sentences.first {
            used.insert(sentence)
            // "北京谱仪III（BESIII）是运行在…的通用探测器。" → "北京谱仪III（BESIII）是什么？"
            if let copula = sentence.firstIndex(of: "是"), sentence.distance(from: sentence.startIndex, to: copula) <= 24 {
                return "\(sentence[..<copula])是什么？"
            }
            return "\(title)介绍了什么？"
        }
        for sentence in sentences {
            if let subject = definitionSubject(sentence) {
                used.insert(sentence)
                return "According to \(title), what is \(subject)?"
            }
        }
        for sentence in sentences where CitationResolver.removingMarkers(sentence).contains(where: \.isNumber) {
            let lead = leadingContentWords(sentence, limit: 4)
            guard lead.count >= 2 else { continue }
            used.insert(sentence)
            return "According to \(title), what is the \(lead.joined(separator: " "))?"
        }
        if let heading = passage.chunk.sectionPath.last, !used.contains("§" + heading) {
            let bare = heading.drop(while: { $0.isNumber || $0 == "." || $0 == " " })
            if bare.count > 3, !genericHeadings.contains(bare.lowercased()) {
                used.insert("§" + heading)
                return "What does \(title) describe in the section '\(bare)'?"
            }
        }
        guard let sentence = sentences.max(by: { TextAnalysis.contentTerms($0).count < TextAnalysis.contentTerms($1).count }) else { return nil }
        used.insert(sentence)
        var keyWords = leadingContentWords(sentence, limit: 4)
        if keyWords.count < 2 { keyWords = leadingContentWords(sentence, limit: 4, stopAtNumber: false) }
        guard keyWords.count >= 2 else { return nil }
        return "What does \(title) say about \(keyWords.joined(separator: " "))?"
    }

    /// The subject of a definition or a stated value: "The combined measured mass of the Higgs boson is
    /// m_H = 125.09 GeV" → "the combined measured mass of the Higgs boson". Passives ("are obtained") and
    /// prepositional predicates ("is at the 10% level") are not definitions.
    private static func definitionSubject(_ sentence: String) -> String? {
        for verb in [" is ", " are "] {
            guard let range = sentence.firstRange(of: verb) else { continue }
            let subject = String(sentence[..<range.lowerBound]).trimmingWhitespace()
            let words = subject.split(separator: " ")
            let contentWords = words.filter { !TextAnalysis.stopwords.contains($0.lowercased()) }
            guard (2...10).contains(words.count), contentWords.count >= 2, subject.first?.isLetter == true,
                !subject.contains(where: { $0.isNumber || $0 == "," || $0 == "(" })
            else { continue }
            // Pronoun subjects ("This is", "It is") make questions that need context.
            guard !["this", "it", "that", "these", "there", "which", "we", "they"].contains(words[0].lowercased()) else { return nil }
            // "In the diphoton channel the combined mass is …": a fronted phrase, not a subject.
            guard !["in", "at", "for", "on", "with", "from", "by", "to", "of", "after", "since", "when", "if"].contains(words[0].lowercased()) else { continue }
            let predicate = sentence[range.upperBound...].split(separator: " ").prefix(3).map { $0.lowercased() }
            guard let next = predicate.first else { continue }
            let isValue = next.first?.isNumber == true || predicate.contains("=") || predicate.contains("set")
            guard ["a", "an", "the", "one", "about", "approximately"].contains(next) || isValue else { continue }
            return words[0] == "The" || words[0] == "A" || words[0] == "An"
                ? "the " + words.dropFirst().joined(separator: " ") : subject
        }
        return nil
    }

    private static func leadingContentWords(_ sentence: String, limit: Int, stopAtNumber: Bool = true) -> [String] {
        var words: [String] = []
        for raw in sentence.split(whereSeparator: { $0.isWhitespace || ",;:()".contains($0) }) {
            let word = String(raw).trimming(charactersIn: ".\"'")
            if word.contains(where: \.isNumber) {
                if stopAtNumber { break }
                continue
            }
            guard word.count > 2, !TextAnalysis.stopwords.contains(word.lowercased()) else { continue }
            words.append(word)
            if words.count == limit { break }
        }
        return words
    }

    private static func shortTitle(_ title: String) -> String {
        let words = title.split(separator: " ")
        return words.count <= 8 ? "'\(title)'" : "'\(words.prefix(8).joined(separator: " "))…'"
    }
}
