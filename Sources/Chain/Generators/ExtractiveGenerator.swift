import Foundation
public import RAGCore

/// The offline generator: answers by quoting the sentences of the sources that best support the question,
/// each followed by its `[n]` marker, and abstains when the evidence is too weak.
///
/// A sentence's evidence combines two signals that fail differently: the cosine between the question's and
/// the sentence's embeddings (paraphrase-tolerant, but a sentence about the same topic scores high even when
/// it does not answer), and the weighted share of the question's content words that the sentence and its
/// passage contain (precise, but blind to paraphrase). Words absent from every retrieved sentence weigh
/// most, so a question about something the corpus never mentions ("Tevatron", "tau lepton") loses most of
/// its coverage even when the topic words ("mass", "measured") match. It abstains when
/// `score = w·cosine + (1 − w)·coverage` of the best sentence is below `minimumEvidence` or its coverage is
/// below `minimumCoverage`. The defaults are calibrated in docs/chain.md.
///
/// Chinese questions are bridged to English terms through a HEP glossary before scoring, and answered from
/// the (usually English) sources with a Chinese lead-in.
///
/// Usage example:
/// ```swift
/// let generator = ExtractiveGenerator(embedder: embedder)
/// let result = try await generator.generate(GenerationRequest(messages: [], question: "What is m_H?", sources: hits))
/// ```
public struct ExtractiveGenerator: Generator {
    /// Weights and thresholds of the evidence rule.
    public struct Calibration: Hashable, Sendable, Codable {
        /// Weight of the embedding cosine in the evidence score (the rest is lexical coverage).
        public var embeddingWeight: Double
        /// Smallest evidence score of the best sentence that still yields an answer.
        public var minimumEvidence: Double
        /// Smallest lexical coverage of the best sentence that still yields an answer.
        public var minimumCoverage: Double
        /// Smallest embedding cosine of the best sentence that still yields an answer (ignored without an embedder).
        public var minimumSimilarity: Double
        /// Most sentences in an answer.
        public var maximumSentences: Int
        /// Further sentences must score at least this share of the best sentence's score.
        public var relativeCutoff: Double
        /// Multiplies the score of a sentence whose passage lacks the question's focus term ("width").
        public var missingFocusFactor: Double
        /// Added when the sentence itself contains the focus term.
        public var focusBonus: Double
        /// Added when the question expects a quantity and the sentence contains a number.
        public var quantityBonus: Double
        /// Multiplies the score when the question expects a quantity and the sentence has no number.
        public var missingQuantityFactor: Double

        /// Creates a calibration.
        public init(
            embeddingWeight: Double, minimumEvidence: Double, minimumCoverage: Double, minimumSimilarity: Double, maximumSentences: Int = 3,
            relativeCutoff: Double = 0.8,
            missingFocusFactor: Double = 0.35, focusBonus: Double = 0.05, quantityBonus: Double = 0.08, missingQuantityFactor: Double = 0.5
        ) {
            self.embeddingWeight = embeddingWeight
            self.minimumEvidence = minimumEvidence
            self.minimumCoverage = minimumCoverage
            self.minimumSimilarity = minimumSimilarity
            self.maximumSentences = maximumSentences
            self.relativeCutoff = relativeCutoff
            self.missingFocusFactor = missingFocusFactor
            self.focusBonus = focusBonus
            self.quantityBonus = quantityBonus
            self.missingQuantityFactor = missingQuantityFactor
        }

        /// Calibrated on the chain test questions with all-MiniLM-L6-v2 cosines (docs/chain.md).
        public static let standard = Calibration(embeddingWeight: 0.5, minimumEvidence: 0.45, minimumCoverage: 0.45, minimumSimilarity: 0.2)
        /// For use without an embedder: coverage alone.
        public static let lexicalOnly = Calibration(embeddingWeight: 0, minimumEvidence: 0.45, minimumCoverage: 0.45, minimumSimilarity: 0)
    }

    /// The exact abstention text.
    public static let abstention = "The indexed documents do not answer this."

    /// Embeds the question and the candidate sentences; nil scores lexically only.
    public let embedder: (any Embedder)?
    /// Thresholds.
    public let calibration: Calibration

    /// Creates the generator; without an embedder it scores lexically with `Calibration.lexicalOnly`.
    public init(embedder: (any Embedder)?, calibration: Calibration? = nil) {
        self.embedder = embedder
        self.calibration = calibration ?? (embedder == nil ? .lexicalOnly : .standard)
    }

    /// `extractive`.
    public var model: String { "extractive" }

    /// Quotes the best-supported sentences with markers, or abstains.
    public func generate(_ request: GenerationRequest) async throws -> GenerationResult {
        let evidence = try await self.evidence(question: request.question, sources: request.sources)
        guard let best = evidence.sentences.first, evidence.isAnswerable(calibration) else {
            return GenerationResult(text: Self.abstention, abstained: true, model: model)
        }
        var chosen: [ScoredSentence] = [best]
        for candidate in evidence.sentences.dropFirst() where chosen.count < calibration.maximumSentences {
            guard candidate.score >= best.score * calibration.relativeCutoff, candidate.coverage >= calibration.minimumCoverage * 0.5 else { break }
            let terms = Set(TextAnalysis.contentTerms(candidate.text))
            let isRedundant = chosen.contains { picked in
                let pickedTerms = Set(TextAnalysis.contentTerms(picked.text))
                let overlap = Double(terms.intersection(pickedTerms).count) / Double(max(1, min(terms.count, pickedTerms.count)))
                return overlap > 0.6
            }
            if !isRedundant { chosen.append(candidate) }
        }
        // The sentence that states the asked quantity leads, so the first citation quotes the answer itself.
        chosen = chosen.filter(\.statesExpectedUnit) + chosen.filter { !$0.statesExpectedUnit }
        // Papers cite their bibliography as [12]; strip those so only our markers remain.
        let body = chosen.map { Self.withMarker(CitationResolver.removingMarkers($0.text), marker: $0.sourceIndex + 1) }.joined(separator: " ")
        let language = TextAnalysis.language(of: request.question)
        let text = language == "zh" ? "根据检索到的文献：\(body)" : body
        return GenerationResult(text: text, abstained: false, model: model)
    }

    /// Streams the answer one sentence at a time.
    public func stream(_ request: GenerationRequest) -> AsyncThrowingStream<String, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let result = try await generate(request)
                    let pieces = result.abstained ? [result.text] : TextAnalysis.sentences(in: result.text)
                    for (index, piece) in pieces.enumerated() { continuation.yield(index == 0 ? piece : " " + piece) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    // MARK: - Evidence

    /// A candidate sentence and its scores.
    package struct ScoredSentence: Hashable, Sendable {
        /// Index of its source in the request (`[sourceIndex + 1]`).
        package var sourceIndex: Int
        /// The sentence.
        package var text: String
        /// Cosine to the question, 0 without an embedder.
        package var similarity: Double
        /// Weighted share of question content terms in the sentence and its passage.
        package var coverage: Double
        /// Combined evidence.
        package var score: Double
        /// Whether it states a number in the unit of the asked attribute ("30 mK" for a temperature).
        package var statesExpectedUnit: Bool = false
    }

    /// All candidate sentences scored, best first.
    package struct Evidence: Hashable, Sendable {
        /// Sentences, best first.
        package var sentences: [ScoredSentence]
        /// Whether the embedder scored the sentences.
        package var hasSimilarity: Bool
        /// Whether the best sentence clears the thresholds: combined evidence, coverage, and (with an
        /// embedder) similarity.
        package func isAnswerable(_ calibration: Calibration) -> Bool {
            guard let best = sentences.first else { return false }
            return best.score >= calibration.minimumEvidence && best.coverage >= calibration.minimumCoverage
                && (!hasSimilarity || best.similarity >= calibration.minimumSimilarity)
        }
    }

    /// Scores every sentence of `sources` against `question`.
    package func evidence(question: String, sources: [RetrievedChunk]) async throws -> Evidence {
        let bridge = TermBridge.englishTerms(for: question)
        let focus = QuestionFocus(question)
        var questionTerms = TextAnalysis.contentTerms(question)
        if let word = focus.paraphrasedWord {
            // "How heavy is X?" asks for X's mass: match "mass", not "heavy".
            questionTerms = questionTerms.filter { $0 != word } + focus.terms
        }
        var termGroups = [questionTerms]
        if !bridge.isEmpty {
            // The English reading of a Chinese question: its Latin words ("BEPCII") plus the glossary terms.
            let latin = questionTerms.filter { term in !term.unicodeScalars.contains(where: TextAnalysis.isCJK) }
            termGroups.append(latin + TextAnalysis.contentTerms(bridge).filter { !latin.contains($0) })
        }
        termGroups = termGroups.filter { !$0.isEmpty }
        guard !termGroups.isEmpty else { return Evidence(sentences: [], hasSimilarity: false) }

        struct Candidate {
            var sourceIndex: Int
            var text: String
            var terms: Set<String>
            var contextTerms: Set<String>
            var headingTerms: Set<String>
        }
        var candidates: [Candidate] = []
        for (index, source) in sources.enumerated() {
            let heading = [source.citation.title ?? "", source.chunk.section ?? ""].joined(separator: " ")
            let headingTerms = Set(TextAnalysis.terms(heading))
            let contextTerms = headingTerms.union(TextAnalysis.terms(source.chunk.text))
            for sentence in TextAnalysis.sentences(in: source.chunk.text) where Self.isQuotable(sentence) {
                candidates.append(Candidate(
                    sourceIndex: index, text: sentence, terms: Set(TextAnalysis.terms(sentence)), contextTerms: contextTerms,
                    headingTerms: headingTerms))
            }
        }
        guard !candidates.isEmpty else { return Evidence(sentences: [], hasSimilarity: false) }

        // Inverse document frequency over the candidate sentences: a question word no sentence contains gets
        // the largest weight, so missing it costs the most coverage.
        let count = Double(candidates.count)
        func weight(_ term: String) -> Double {
            let frequency = Double(candidates.reduce(0) { $0 + ($1.terms.contains(term) ? 1 : 0) })
            return max(0.2, log((count + 1) / (frequency + 0.5)))
        }
        let weightedGroups = termGroups.map { group in group.map { ($0, weight($0)) } }
        func coverage(_ terms: Set<String>) -> (group: Int, value: Double) {
            var best = (group: 0, value: 0.0)
            for (groupIndex, group) in weightedGroups.enumerated() {
                let total = group.reduce(0) { $0 + $1.1 }
                let found = group.reduce(0) { $0 + (terms.contains($1.0) ? $1.1 : 0) }
                let value = total > 0 ? found / total : 0
                if value > best.value { best = (groupIndex, value) }
            }
            return best
        }

        var scored = candidates.map { candidate in
            let sentenceCoverage = coverage(candidate.terms).value
            // A sentence that refers back ("It was cooled to 30 mK", "The detector has…") takes its subject
            // from the passage; any other sentence gets half of that credit and half from the document title
            // and section, so "…a mass of about 125 GeV" cannot borrow "top quark" from the next sentence.
            let passageCoverage = coverage(candidate.contextTerms).value
            let contextCoverage = Self.opensWithReference(candidate.text)
                ? passageCoverage : 0.5 * passageCoverage + 0.5 * coverage(candidate.headingTerms).value
            return ScoredSentence(
                sourceIndex: candidate.sourceIndex, text: candidate.text, similarity: 0,
                coverage: 0.6 * sentenceCoverage + 0.4 * contextCoverage, score: 0)
        }
        if let embedder, calibration.embeddingWeight > 0 {
            // Embed only the lexically most promising sentences (plus each source's first two) to bound cost.
            let limit = 64
            var selected = Set(scored.indices.sorted { scored[$0].coverage > scored[$1].coverage }.prefix(limit))
            var firstPerSource: [Int: Int] = [:]
            for (index, sentence) in scored.enumerated() where firstPerSource[sentence.sourceIndex, default: 0] < 2 {
                firstPerSource[sentence.sourceIndex, default: 0] += 1
                selected.insert(index)
            }
            let order = selected.sorted()
            let queryText = bridge.isEmpty ? question : question + " " + bridge
            let vectors = try await embedder.embed([queryText] + order.map { scored[$0].text })
            if let query = vectors.first {
                for (position, index) in order.enumerated() {
                    scored[index].similarity = Self.cosine(query, vectors[position + 1])
                }
            }
        }
        let weight = embedder == nil ? 0 : calibration.embeddingWeight
        let focusUnits = focus.units
        for index in scored.indices {
            let candidate = candidates[index]
            var score = weight * scored[index].similarity + (1 - weight) * scored[index].coverage
            // A number in the attribute's unit ("30 mK" for a temperature) is the attribute, named or not.
            // Digits of bibliography markers ("[5, 6]") are not a stated quantity.
            let hasNumber = CitationResolver.removingMarkers(candidate.text).contains(where: \.isNumber)
            let statesUnit = hasNumber && !focusUnits.isDisjoint(with: candidate.terms)
            if !focus.terms.isEmpty {
                // The asked attribute must be in the passage: a passage about the Higgs mass does not answer
                // a question about the Higgs width, however similar the rest.
                if statesUnit || focus.terms.contains(where: candidate.terms.contains) {
                    score += calibration.focusBonus
                } else if !focus.terms.contains(where: candidate.contextTerms.contains) {
                    score *= calibration.missingFocusFactor
                }
            }
            if focus.expectsQuantity {
                // A quantity question answered by a sentence without a number is usually a near miss
                // ("the top quark mass can be used to test…").
                score = hasNumber ? score + (statesUnit ? 2 : 1) * calibration.quantityBonus : score * calibration.missingQuantityFactor
            }
            scored[index].score = score
            scored[index].statesExpectedUnit = statesUnit
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.sourceIndex < $1.sourceIndex }
        return Evidence(sentences: scored, hasSimilarity: embedder != nil && calibration.embeddingWeight > 0)
    }

    // MARK: - Helpers

    static func cosine(_ a: Vector, _ b: Vector) -> Double {
        var dot: Float = 0
        var normA: Float = 0
        var normB: Float = 0
        for index in 0..<min(a.count, b.count) {
            dot += a[index] * b[index]
            normA += a[index] * a[index]
            normB += b[index] * b[index]
        }
        guard normA > 0, normB > 0 else { return 0 }
        return Double(dot / (normA.squareRoot() * normB.squareRoot()))
    }

    private static let referringOpeners: Set<String> = ["it", "its", "they", "their", "this", "these", "that", "those", "he", "she", "the", "such", "here", "there"]

    /// Whether the sentence opens by referring to something named before ("It was…", "This detector…", "The detector…").
    static func opensWithReference(_ sentence: String) -> Bool {
        guard let first = sentence.split(separator: " ").first?.lowercased() else { return false }
        return referringOpeners.contains(first) || sentence.unicodeScalars.first.map(TextAnalysis.isCJK) == true
    }

    /// Sentences worth quoting: long enough to say something, mostly words (not a table row), ended by
    /// sentence punctuation (not a title, heading or a sentence cut at a page break), and not a
    /// bibliography entry.
    static func isQuotable(_ sentence: String) -> Bool {
        let hasCJK = sentence.unicodeScalars.contains(where: TextAnalysis.isCJK)
        guard sentence.count >= (hasCJK ? 8 : 25), sentence.count <= 600 else { return false }
        guard let last = sentence.last, ".!?。！？".contains(last) || (last == ")" && sentence.dropLast().last == ".") else { return false }
        let letters = sentence.filter { $0.isLetter }.count
        guard Double(letters) / Double(sentence.count) >= 0.5 else { return false }
        return !looksLikeReference(sentence)
    }

    private static let journalMarks = [
        "Phys. Rev", "Phys. Lett", "Nucl. Phys", "Eur. Phys. J", "JHEP", "JINST", "Nucl. Instrum", "Comput. Phys",
        "arXiv:", "doi:", "doi.org", "Rev. Mod", "Astrophys. J", "Prog. Theor",
    ]

    /// "P. W. Higgs, “Broken symmetries…”, Phys. Rev. Lett. 13 (1964) 508." and the like.
    static func looksLikeReference(_ sentence: String) -> Bool {
        if journalMarks.contains(where: sentence.contains) { return true }
        let startsWithInitial = sentence.count > 3 && sentence.first?.isUppercase == true && Array(sentence.prefix(3))[1] == "."
        return startsWithInitial && (sentence.contains("“") || sentence.contains("\""))
    }

    /// `… 125 GeV.` → `… 125 GeV [1].`
    static func withMarker(_ sentence: String, marker: Int) -> String {
        var text = sentence.trimmingWhitespace()
        var ending = ""
        if let last = text.last, ".!?。！？;；:：".contains(last) {
            ending = String(last)
            text.removeLast()
        }
        if ending.isEmpty || ending == ";" || ending == "；" || ending == ":" || ending == "：" {
            ending = TextAnalysis.language(of: text) == "zh" ? "。" : "."
        }
        return "\(text) [\(marker)]\(ending)"
    }
}
