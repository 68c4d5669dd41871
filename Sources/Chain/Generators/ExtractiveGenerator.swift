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
/// below `minimumCoverage`. The defaults are calibrated in docs/answer-step.md.
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
        /// Smallest confidence (the best sentence's score, lowered for salient question terms no source has)
        /// that still yields an answer.
        public var minimumEvidence: Double
        /// The same for a question with Chinese in it, answered from English evidence through its translation:
        /// its lexical coverage runs lower for the same evidence (a term the dictionary renders otherwise).
        public var minimumEvidenceChinese: Double
        /// Smallest lexical coverage of the best sentence that still yields an answer, and of every further sentence.
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
        /// Share of the score a sentence keeps when it has none of the content the question's kind wants
        /// (no year for "when", no number for "how many"); a full match keeps all of it.
        public var kindFloor: Double = 0.55
        /// Multiplies the score of a fragment (cut at a chunk edge, unpunctuated) or a table row.
        public var fragmentFactor: Double = 0.85
        /// Multiplies the score of a caption when the question is not about a figure or table.
        public var captionFactor: Double = 0.8
        /// Sentences embedded per question (the lexically most promising; the rest score without a cosine).
        public var embeddedSentences: Int = 8
        /// A runner-up that has the asked kind of content leads the answer when it scores at least this share
        /// of a best sentence that lacks it.
        public var answeringShare: Double = 0.6
        /// A complement sentence (covering question terms the answer lacks) must score at least this share of the best.
        public var complementShare: Double = 0.4
        /// …and cover at least this weighted share of the question's terms that the answer lacks.
        public var complementGain: Double = 0.2
        /// Added to the caption labelled as the question names it ("Figure 1"), half of it to the rows of a
        /// passage holding the named table.
        public var labelBonus: Double = 0.2

        /// Creates a calibration.
        public init(
            embeddingWeight: Double, minimumEvidence: Double, minimumCoverage: Double, minimumSimilarity: Double, maximumSentences: Int = 3,
            relativeCutoff: Double = 0.8,
            missingFocusFactor: Double = 0.35, focusBonus: Double = 0.05
        ) {
            self.embeddingWeight = embeddingWeight
            self.minimumEvidence = minimumEvidence
            self.minimumEvidenceChinese = minimumEvidence
            self.minimumCoverage = minimumCoverage
            self.minimumSimilarity = minimumSimilarity
            self.maximumSentences = maximumSentences
            self.relativeCutoff = relativeCutoff
            self.missingFocusFactor = missingFocusFactor
            self.focusBonus = focusBonus
        }

        /// Multiplies the confidence once for every salient question term (a name, an acronym, a number:
        /// "XENONnT", "Run 2", "LHAASO") that no source contains: an on-topic question about something the
        /// corpus never mentions.
        public var missingSalientFactor: Double = 0.6

        /// Calibrated on the dev half of the real-paper answer set (eval/answers-dev.jsonl) with
        /// all-MiniLM-L6-v2 cosines; the curve and the choice are in docs/answer-step.md.
        public static let standard: Calibration = {
            var calibration = Calibration(
                embeddingWeight: 0.35, minimumEvidence: 0.3, minimumCoverage: 0.1, minimumSimilarity: 0.15, maximumSentences: 4,
                relativeCutoff: 0.6)
            calibration.minimumEvidenceChinese = 0.26
            calibration.kindFloor = 0.75
            calibration.fragmentFactor = 1
            return calibration
        }()
        /// For use without an embedder: coverage alone.
        public static let lexicalOnly: Calibration = {
            var calibration = Calibration(
                embeddingWeight: 0, minimumEvidence: 0.3, minimumCoverage: 0.2, minimumSimilarity: 0, maximumSentences: 4, relativeCutoff: 0.6)
            calibration.kindFloor = 0.75
            calibration.fragmentFactor = 1
            return calibration
        }()
    }

    /// The exact abstention text.
    public static let abstention = "The indexed documents do not answer this."

    /// Embeds the question and the candidate sentences; nil scores lexically only.
    public let embedder: (any Embedder)?
    /// Thresholds.
    public let calibration: Calibration

    /// Translates a Chinese question into English terms (the retriever's dictionary translator); without one,
    /// the small built-in term bridge is used.
    public let translator: (any QueryTranslator)?

    /// Creates the generator; without an embedder it scores lexically with `Calibration.lexicalOnly`.
    public init(embedder: (any Embedder)?, calibration: Calibration? = nil, translator: (any QueryTranslator)? = nil) {
        self.embedder = embedder
        self.calibration = calibration ?? (embedder == nil ? .lexicalOnly : .standard)
        self.translator = translator
    }

    /// A question as the answer step reads it, from one translation: the English reading of a Chinese question's
    /// terms (first sense of each; "" for an English question), the translator's English reading for the embedder
    /// (Latin words in place; nil without a translator or for English), and the things it names (a particle, an
    /// experiment, a facility, an accelerator) as English alternatives: a Chinese question has no capitalised
    /// words, so these stand in for its names.
    struct QuestionReading {
        var englishTerms: String
        var dense: String?
        var namedThings: [[String]]
    }

    /// Reads `question` (see `QuestionReading`): the translator when there is one, else the built-in bridge.
    func reading(of question: String) -> QuestionReading {
        guard let translator else {
            return QuestionReading(
                englishTerms: TermBridge.englishTerms(for: question), dense: nil, namedThings: TermBridge.namedThings(in: question))
        }
        let translation = translator.translate(question)
        guard translation.direction == .chineseToEnglish else { return QuestionReading(englishTerms: "", dense: nil, namedThings: []) }
        // The first sense of each term: the others ("join" for 联合, "survey" for 测) would count as question
        // words no sentence contains and drag the coverage of the right sentence down.
        let added = translation.terms.compactMap(\.targets.first).joined(separator: " ")
        return QuestionReading(
            englishTerms: added.isEmpty ? TermBridge.englishTerms(for: question) : added, dense: translation.dense,
            namedThings: translation.terms.filter { $0.origin == .glossary && Self.namingKinds.contains($0.kind ?? "") }.map(\.targets))
    }

    /// The English reading of a Chinese question's terms ("" for an English question).
    func englishTerms(for question: String) -> String { reading(of: question).englishTerms }

    /// What a Chinese question names, each as its English alternatives (see `QuestionReading`).
    func namedThings(in question: String) -> [[String]] { reading(of: question).namedThings }

    /// Glossary kinds whose terms name one thing a passage must mention to answer about it.
    private static let namingKinds: Set<String> = ["particle", "experiment", "facility", "accelerator"]

    /// `extractive`.
    public var model: String { "extractive" }

    /// Quotes the best-supported sentences with markers, or abstains.
    public func generate(_ request: GenerationRequest) async throws -> GenerationResult {
        let evidence = try await self.evidence(question: request.question, sources: request.sources)
        guard let best = evidence.sentences.first, evidence.isAnswerable(calibration) else {
            return GenerationResult(text: Self.abstention, abstained: true, model: model, confidence: evidence.confidence)
        }
        var chosen: [ScoredSentence] = [best]
        // When the best sentence lacks what the question asks for (no value for "how much", no year for
        // "when") and a close runner-up has it, that one answers: it goes first.
        if !best.answersKind,
            let answering = evidence.sentences.dropFirst().prefix(12).first(where: \.answersKind),
            answering.score >= best.score * calibration.answeringShare, answering.coverage >= best.coverage * 0.4
        {
            chosen = [answering, best]
        }
        // A value, count or date question whose lead sentence states none is not answered: quoting "the top
        // quark mass is related to…" for "what is the top quark mass?" helps nobody.
        if evidence.kind.wantsValue, chosen[0].kindMatch < 0.3 {
            return GenerationResult(text: Self.abstention, abstained: true, model: model, confidence: evidence.confidence)
        }
        // A question in two parts ("which PMT does LUX use, and which SiPM was tested…", "A and B respectively")
        // is answered by two sentences, often from two documents: add the sentence that covers most of the
        // question's weight the chosen ones leave uncovered.
        if let complement = evidence.complement(of: chosen, calibration: calibration) {
            chosen.append(complement)
        }
        // The names and numbers of the question must be in the document quoted, not just somewhere in the
        // sources: "the Higgs mass from Run 2 at 13 TeV" is not answered by the Run 1 paper because another
        // retrieved paper mentions 13 TeV. A question that asks two things may take them from two documents.
        let quoted = Set((TextAnalysis.asksTwoThings(request.question) ? chosen : [chosen[0]]).map { request.sources[$0.sourceIndex].chunk.id.document })
        let missing = Self.missingSalientTerms(
            of: request.question, names: evidence.namedThings, in: request.sources.filter { quoted.contains($0.chunk.id.document) })
        let confidence = best.score * pow(calibration.missingSalientFactor, Double(missing.count))
        let isChinese = request.question.unicodeScalars.contains(where: TextAnalysis.isCJK)
        guard confidence >= (isChinese ? calibration.minimumEvidenceChinese : calibration.minimumEvidence) else {
            return GenerationResult(text: Self.abstention, abstained: true, model: model, confidence: confidence)
        }
        for candidate in evidence.sentences.dropFirst() where chosen.count < calibration.maximumSentences && !chosen.contains(candidate) {
            guard candidate.score >= best.score * calibration.relativeCutoff, candidate.coverage >= calibration.minimumCoverage else { break }
            let terms = Set(TextAnalysis.contentTerms(candidate.text))
            let isRedundant = chosen.contains { picked in
                let pickedTerms = Set(TextAnalysis.contentTerms(picked.text))
                let overlap = Double(terms.intersection(pickedTerms).count) / Double(max(1, min(terms.count, pickedTerms.count)))
                return overlap > 0.6
            }
            if !isRedundant { chosen.append(candidate) }
        }
        // The sentence with the asked kind of content (the value, the year, the name) leads, so the first
        // sentence and the first citation carry the answer itself.
        chosen = chosen.filter(\.answersKind) + chosen.filter { !$0.answersKind }
        // Papers cite their bibliography as [12]; strip those so only our markers remain.
        let body = chosen.map { Self.withMarker(CitationResolver.removingMarkers($0.text), marker: $0.sourceIndex + 1) }.joined(separator: " ")
        let language = TextAnalysis.language(of: request.question)
        let text = language == "zh" ? "根据检索到的文献：\(body)" : body
        return GenerationResult(text: text, abstained: false, model: model, confidence: confidence)
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
        /// Whether it has the content the question's kind asks for (a value in the asked unit, a year, a name).
        package var answersKind: Bool = false
        /// How well it has that content (`AnswerKind.match`, 0…1).
        package var kindMatch: Double = 0.5
        /// Its word terms (`TextAnalysis.terms`), to tell which question terms it covers.
        package var terms: Set<String> = []
    }

    /// All candidate sentences scored, best first.
    package struct Evidence: Hashable, Sendable {
        /// Sentences, best first.
        package var sentences: [ScoredSentence]
        /// Whether the embedder scored the sentences.
        package var hasSimilarity: Bool
        /// What the question asks for.
        package var kind: AnswerKind = .other
        /// Salient question terms (names, acronyms, numbers) that no source contains.
        package var missingSalientTerms: [String] = []
        /// What a Chinese question names (`QuestionReading.namedThings`), held to the quoted document.
        package var namedThings: [[String]] = []
        /// The question's content terms with their weights, one group per reading (a Chinese question also has
        /// its English reading).
        package var termWeights: [[(term: String, weight: Double)]] = []

        package static func == (left: Evidence, right: Evidence) -> Bool {
            left.sentences == right.sentences && left.hasSimilarity == right.hasSimilarity && left.kind == right.kind
                && left.missingSalientTerms == right.missingSalientTerms && left.confidence == right.confidence
        }

        package func hash(into hasher: inout Hasher) {
            hasher.combine(sentences)
            hasher.combine(confidence)
        }
        /// The best sentence's score, times `missingSalientFactor` per missing salient term; nil without sentences.
        package var confidence: Double?

        /// The sentence that covers the largest weighted share of the question terms `chosen` lacks (at least
        /// `complementGain`), among those scoring at least `complementShare` of the best; nil when none does.
        package func complement(of chosen: [ScoredSentence], calibration: Calibration) -> ScoredSentence? {
            guard let best = sentences.first else { return nil }
            let covered = chosen.reduce(into: Set<String>()) { $0.formUnion($1.terms) }
            var pick: ScoredSentence?
            var pickValue = 0.0
            for candidate in sentences.prefix(60) where !chosen.contains(candidate) {
                guard candidate.score >= best.score * calibration.complementShare else { break }
                var gain = 0.0
                for group in termWeights {
                    let total = group.reduce(0) { $0 + $1.weight }
                    guard total > 0 else { continue }
                    let added = group.reduce(0) { $0 + (!covered.contains($1.term) && candidate.terms.contains($1.term) ? $1.weight : 0) }
                    gain = max(gain, added / total)
                }
                guard gain >= calibration.complementGain else { continue }
                // The second part of "compare the luminosities of A and B" is answered by a value too.
                let value = gain * candidate.score * (0.5 + 0.5 * candidate.kindMatch)
                if value > pickValue {
                    pick = candidate
                    pickValue = value
                }
            }
            return pick
        }

        /// Whether the best sentence clears the coverage and (with an embedder) the similarity thresholds; the
        /// confidence threshold is applied once the quoted documents are known.
        package func isAnswerable(_ calibration: Calibration) -> Bool {
            guard let best = sentences.first, confidence != nil else { return false }
            return best.coverage >= calibration.minimumCoverage
                && (!hasSimilarity || best.similarity >= calibration.minimumSimilarity)
        }
    }

    /// Scores every sentence of `sources` against `question`.
    ///
    /// Candidates are the sentences of every source that is not a reference list or author list, plus
    /// captions, table rows and sentence fragments cut at a chunk edge (scored a little lower). Each gets
    /// lexical coverage of the question, an embedding cosine (for the lexically best few), and the answer-type
    /// match of `AnswerKind` ("when" wants a year), which multiplies the score.
    package func evidence(question: String, sources: [RetrievedChunk]) async throws -> Evidence {
        let reading = reading(of: question)
        let bridge = reading.englishTerms
        let focus = QuestionFocus(question)
        let kind = AnswerKind(question: question, focus: focus)
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
        let asksAboutFigure = ["figure", "fig", "table", "caption", "plot", "图", "表"].contains { question.lowercased().contains($0) }
        // "Who wrote…", "作者是谁": the author list is the answer, not noise.
        let asksForAuthors = ["author", "wrote", "written by", "作者", "撰写"].contains { question.lowercased().contains($0) }

        struct Candidate {
            var sourceIndex: Int
            var text: String
            var form: SentenceForm
            var terms: Set<String>
            var contextTerms: Set<String>
            var headingTerms: Set<String>
            var passageLabels: Set<FigureLabel>
            /// A record line stating the field the question asks for ("Authors: …" for "who wrote…").
            var isAskedRecordField = false
        }
        let askedFields = Set(RecordField.allCases.filter { $0.isAsked(by: question, asksForAuthors: asksForAuthors) })
        let askedLabel = Self.labels(in: question).first
        var candidates: [Candidate] = []
        var documentsWithAuthorsStated: Set<DocumentID> = []
        let asksDocumentFacts = askedFields.contains(.authors) || askedFields.contains(.submission)
        for (index, source) in sources.enumerated() {
            // A references section, or a title page of names and affiliations (it counts as an author list), gives
            // no sentences; a title page still gives its document's facts below.
            let isReference = Self.isReferenceSection(source)
            if isReference, !asksDocumentFacts { continue }
            let heading = [source.citation.title ?? "", source.chunk.section ?? ""].joined(separator: " ")
            let headingTerms = Set(TextAnalysis.terms(heading))
            let contextTerms = headingTerms.union(TextAnalysis.terms(source.chunk.text))
            let title = source.citation.title ?? ""
            let passageLabels = askedLabel == nil ? [] : Set(Self.labels(in: source.chunk.text))
            func add(_ text: String, form: SentenceForm, isAskedRecordField: Bool = false) {
                candidates.append(Candidate(
                    sourceIndex: index, text: text, form: form, terms: Set(TextAnalysis.terms(text)), contextTerms: contextTerms,
                    headingTerms: headingTerms, passageLabels: passageLabels, isAskedRecordField: isAskedRecordField))
            }
            // Facts about the document rather than in its sentences, stated like the fields of a record: the authors
            // Ingest read (a PDF's title page sets them in a line the sentence rules cannot tell from affiliations),
            // once per document at its best-ranked passage, and the arXiv stamp in a paper's margin for "when was it
            // posted".
            if askedFields.contains(.authors), !source.citation.authors.isEmpty,
                documentsWithAuthorsStated.insert(source.chunk.id.document).inserted
            {
                add(Self.authorSentence(title: title, authors: source.citation.authors), form: .sentence, isAskedRecordField: true)
            }
            if askedFields.contains(.submission) {
                for stamp in Self.arxivStamps(in: source.chunk.text, title: title) { add(stamp, form: .sentence, isAskedRecordField: true) }
            }
            guard !isReference else { continue }
            for sentence in Self.sentenceWindows(in: source.chunk.text) {
                // A field of an arXiv record ("Journal reference: Phys. Rev. C 87…") reads like a reference or an
                // author list; it is evidence only when the question asks for that field.
                if let field = RecordField(line: sentence) {
                    if askedFields.contains(field) { add(sentence, form: .sentence, isAskedRecordField: true) }
                    continue
                }
                guard let form = Self.form(of: sentence, keepingAuthorLists: asksForAuthors) else { continue }
                // The title line with a running head, a section label or the collaboration ("… with the ATLAS and
                // CMS Experiments The ATLAS and CMS Collaborations∗") says what the document is about, not what it states.
                if !asksForAuthors, Self.isTitleLine(sentence, title: title) { continue }
                add(sentence, form: form)
            }
        }
        guard !candidates.isEmpty else { return Evidence(sentences: [], hasSimilarity: false) }

        // Inverse document frequency over the candidate sentences: a question word no sentence contains gets
        // the largest weight, so missing it costs the most coverage.
        let count = Double(candidates.count)
        var frequencies: [String: Int] = [:]
        for candidate in candidates {
            for term in candidate.terms { frequencies[term, default: 0] += 1 }
        }
        func weight(_ term: String) -> Double {
            max(0.2, log((count + 1) / (Double(frequencies[term] ?? 0) + 0.5)))
        }
        let weightedGroups = termGroups.map { group in group.map { ($0, weight($0)) } }
        func coverage(_ terms: Set<String>) -> Double {
            var best = 0.0
            for group in weightedGroups {
                let total = group.reduce(0) { $0 + $1.1 }
                let found = group.reduce(0) { $0 + (terms.contains($1.0) ? $1.1 : 0) }
                if total > 0 { best = max(best, found / total) }
            }
            return best
        }

        let questionTermSet = Set(termGroups.flatMap { $0 })
        let focusUnits = focus.units
        var matches: [Double] = []
        var scored = candidates.map { candidate in
            let sentenceCoverage = coverage(candidate.terms)
            // A sentence that refers back ("It was cooled to 30 mK", "The detector has…") takes its subject
            // from the passage; any other sentence gets half of that credit and half from the document title
            // and section, so "…a mass of about 125 GeV" cannot borrow "top quark" from the next sentence.
            let passageCoverage = coverage(candidate.contextTerms)
            let contextCoverage = Self.opensWithReference(candidate.text)
                ? passageCoverage : 0.5 * passageCoverage + 0.5 * coverage(candidate.headingTerms)
            // The asked field of a record is about the record its passage holds: it takes the passage's
            // coverage, and it is what the question asks for.
            if candidate.isAskedRecordField {
                matches.append(1)
                return ScoredSentence(
                    sourceIndex: candidate.sourceIndex, text: candidate.text, similarity: 0,
                    coverage: max(passageCoverage, 0.6 * sentenceCoverage + 0.4 * contextCoverage), score: 0, terms: candidate.terms)
            }
            matches.append(kind.match(candidate.text, terms: candidate.terms, units: focusUnits, questionTerms: questionTermSet))
            return ScoredSentence(
                sourceIndex: candidate.sourceIndex, text: candidate.text, similarity: 0,
                coverage: 0.6 * sentenceCoverage + 0.4 * contextCoverage, score: 0, terms: candidate.terms)
        }
        if let embedder, calibration.embeddingWeight > 0 {
            // Embed only the most promising sentences (by coverage and answer type) to bound the cost: a
            // sentence costs ~20 MFLOP a word piece, and a query must stay well under 150 ms.
            let order = scored.indices.sorted {
                let left = scored[$0].coverage * (0.5 + 0.5 * matches[$0])
                let right = scored[$1].coverage * (0.5 + 0.5 * matches[$1])
                return left != right ? left > right : $0 < $1
            }.prefix(calibration.embeddedSentences).sorted()
            let queryText = bridge.isEmpty ? question : reading.dense ?? question + " " + bridge
            let vectors = try await embedder.embed([queryText] + order.map { scored[$0].text })
            if let query = vectors.first {
                for (position, index) in order.enumerated() {
                    scored[index].similarity = Self.cosine(query, vectors[position + 1])
                }
            }
        }
        let weight = embedder == nil ? 0 : calibration.embeddingWeight
        for index in scored.indices {
            let candidate = candidates[index]
            // An asked record field is scored by coverage alone: "arXiv:1612.06414v1 [hep-th] 19 Dec 2016" or a list
            // of names shares no meaning with the question that an embedding could measure.
            let similarity = candidate.isAskedRecordField ? scored[index].coverage : scored[index].similarity
            var score = weight * similarity + (1 - weight) * scored[index].coverage
            let hasNumber = AnswerKind.hasNumber(CitationResolver.removingMarkers(candidate.text))
            let statesUnit = hasNumber && !focusUnits.isDisjoint(with: candidate.terms)
            if !focus.terms.isEmpty {
                // The asked attribute must be in the passage: a passage about the Higgs mass does not answer
                // a question about the Higgs width, however similar the rest. Only for a measurable attribute:
                // the answer to "what adsorbent…" names it ("activated charcoal") without the word.
                if statesUnit || focus.terms.contains(where: candidate.terms.contains) {
                    score += calibration.focusBonus
                } else if focus.expectsQuantity, !focus.terms.contains(where: candidate.contextTerms.contains) {
                    score *= calibration.missingFocusFactor
                }
            }
            // "What does Figure 1 show?", "表 1 中…": the caption with that label answers, or the table's rows.
            if let label = askedLabel {
                if candidate.form == .caption, Self.label(ofCaption: candidate.text) == label {
                    score += calibration.labelBonus
                } else if candidate.form == .tableRow, label.kind == "table", candidate.passageLabels.contains(label) {
                    score += calibration.labelBonus / 2
                }
            }
            // The answer type: a "when" question answered by a sentence without a date is a near miss.
            if kind != .other {
                score *= calibration.kindFloor + (1 - calibration.kindFloor) * matches[index]
            }
            switch candidate.form {
            case .sentence: break
            case .fragment: score *= calibration.fragmentFactor
            case .caption: score *= asksAboutFigure ? 1 : calibration.captionFactor
            case .tableRow: score *= asksAboutFigure || kind == .quantity || kind == .count ? calibration.fragmentFactor : calibration.captionFactor
            }
            scored[index].score = score
            scored[index].answersKind = statesUnit || (kind != .other && matches[index] >= 1)
            scored[index].kindMatch = matches[index]
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.sourceIndex < $1.sourceIndex }
        let missing = Self.missingSalientTerms(of: question, names: reading.namedThings, in: sources)
        return Evidence(
            sentences: scored, hasSimilarity: embedder != nil && calibration.embeddingWeight > 0, kind: kind, missingSalientTerms: missing,
            namedThings: reading.namedThings,
            termWeights: weightedGroups.map { $0.map { (term: $0.0, weight: $0.1) } },
            confidence: scored.first.map { $0.score * pow(calibration.missingSalientFactor, Double(missing.count)) })
    }

    /// The sentences of a chunk, with pieces that layout cut apart joined again: a displayed equation or a
    /// line break splits "The result is m_H" from "= 125.09 ± 0.24 GeV", so a piece that does not end a
    /// sentence is joined to the next one when that one continues it (lower case, `=`, a digit, a bracket, or a
    /// displayed equation: "…the lightest axial-vector state" + "M[15S],1+ ≈ 2600 MeV").
    static func sentenceWindows(in text: String) -> [String] {
        var result: [String] = []
        for piece in TextAnalysis.sentences(in: text) {
            let isOpen = result.last.map { previous in
                !previous.isEmpty && previous.count < 400 && !(previous.last.map { ".!?。！？:：".contains($0) } ?? true)
            } ?? false
            // A running heading that layout dropped into a sentence ("…we find the mass to be" RESULTS
            // "M ≈ 2600 MeV"): skipped, so the sentence can continue past it.
            if isOpen, Self.isRunningHeading(piece) { continue }
            if isOpen, let previous = result.last,
                let first = piece.first, first.isLowercase || "=≈<>±([,;–-".contains(first) || first.isNumber
                    || piece.prefix(24).contains(where: { "=≈".contains($0) })
            {
                result[result.count - 1] = previous + " " + piece
            } else {
                result.append(piece)
            }
        }
        return result
    }

    /// A field of an arXiv record's page (Ingest's `ArxivFeedEntry.pageText`): "Authors: …", "Journal reference: …",
    /// "DOI: …", "Comments: …", and "Submitted to arXiv on DATE as arXiv:ID [category]".
    enum RecordField: CaseIterable {
        case authors, journal, doi, comments, submission

        /// The field `line` states, nil for any other line.
        init?(line: String) {
            if line.hasPrefix("Authors: ") { self = .authors }
            else if line.hasPrefix("Journal reference: ") { self = .journal }
            else if line.hasPrefix("DOI: ") { self = .doi }
            else if line.hasPrefix("Comments: ") { self = .comments }
            else if line.hasPrefix("Submitted to arXiv on ") { self = .submission }
            else { return nil }
        }

        /// Whether `question` asks for this field ("who wrote…" the authors, "published in which journal" the
        /// journal reference, "how many tables" the comment, "when was it submitted" the submission date).
        func isAsked(by question: String, asksForAuthors: Bool) -> Bool {
            let lower = question.lowercased()
            switch self {
            case .authors: return asksForAuthors
            case .journal: return ["journal", "published in", "publication", "期刊", "发表在", "发表于"].contains(where: lower.contains)
            case .doi: return lower.contains("doi")
            case .comments: return ["comment", "pages", "tables", "figures", "页", "表格"].contains(where: lower.contains)
            case .submission:
                return ["submitted", "created", "posted", "first version", "appeared on arxiv", "提交", "上传", "发布"].contains(where: lower.contains)
            }
        }
    }

    /// "The authors of “TITLE” are A, B and C." from a document's metadata; a long list (a collaboration's paper
    /// with hundreds of names) keeps its first eight and counts the rest.
    static func authorSentence(title: String, authors: [String]) -> String {
        let subject = title.isEmpty ? "this document" : "“\(title)”"
        guard authors.count > 1 else { return "The author of \(subject) is \(authors.first ?? "")." }
        let shown = authors.count > 8 ? authors.prefix(8) + ["\(authors.count - 8) others"] : authors[...]
        return "The authors of \(subject) are \(shown.dropLast().joined(separator: ", ")) and \(shown.last ?? "")."
    }

    /// The stamp arXiv prints in a paper's margin, "arXiv:1612.06414v1 [hep-th] 19 Dec 2016" (the version, primary
    /// category and the day it was posted), stated as a sentence about the paper.
    static func arxivStamps(in text: String, title: String) -> [String] {
        let stamp = /(arXiv:\d{4}\.\d{4,5}v\d+) +(\[[a-z\-]+(?:\.[A-Za-z]+)?\]) +(\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4})/
        let subject = title.isEmpty ? "This paper" : "“\(title)”"
        return text.matches(of: stamp).map { match in
            "\(subject) was posted to arXiv on \(match.output.3) as \(match.output.1) \(match.output.2)."
        }
    }

    /// "RESULTS", "II. METHOD": a short upper-case line.
    static func isRunningHeading(_ piece: String) -> Bool {
        let words = piece.split(separator: " ")
        let letters = piece.filter(\.isLetter)
        return words.count <= 4 && letters.count >= 3 && letters.allSatisfy(\.isUppercase)
    }

    /// A figure or table number as a question or caption names it: "Figure 1", "Fig. 1", "TABLE 2", "图 1", "表 2".
    package struct FigureLabel: Hashable, Sendable {
        /// `figure` or `table`.
        var kind: String
        /// Its number.
        var number: Int
    }

    /// The figure and table labels `text` names, in order.
    static func labels(in text: String) -> [FigureLabel] {
        let characters = Array(text.lowercased())
        let words: [(String, String)] = [("figure", "figure"), ("fig.", "figure"), ("fig", "figure"), ("table", "table"), ("tab.", "table"), ("图", "figure"), ("表", "table")]
        var result: [FigureLabel] = []
        var index = 0
        while index < characters.count {
            var matched = false
            for (word, kind) in words where characters[index...].starts(with: word) {
                if let previous = index > 0 ? characters[index - 1] : nil, previous.isLetter, !word.unicodeScalars.contains(where: TextAnalysis.isCJK) { break }
                var next = index + word.count
                while next < characters.count, characters[next] == " " { next += 1 }
                var digits = ""
                while next < characters.count, characters[next].isASCII, characters[next].isNumber {
                    digits.append(characters[next])
                    next += 1
                }
                if let number = Int(digits), next == characters.count || !characters[next].isLetter || characters[next].unicodeScalars.contains(where: TextAnalysis.isCJK) {
                    result.append(FigureLabel(kind: kind, number: number))
                    index = next
                    matched = true
                }
                break
            }
            if !matched { index += 1 }
        }
        return result
    }

    /// The label a caption opens with ("Figure 1: …" → figure 1).
    static func label(ofCaption caption: String) -> FigureLabel? {
        labels(in: String(caption.prefix(12))).first
    }

    /// Whether `sentence` is the document's title with little else: nearly all the title's words (compared as
    /// letters only, so layout that moved a "√" does not matter) and at most a dozen words besides.
    static func isTitleLine(_ sentence: String, title: String) -> Bool {
        func words(_ text: String) -> [String] {
            text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init).filter { $0.count >= 2 }
        }
        let titleWords = words(title)
        guard titleWords.count >= 4 else { return false }
        let sentenceWords = words(sentence)
        let present = Set(sentenceWords)
        let shared = titleWords.filter(present.contains).count
        return Double(shared) >= 0.8 * Double(titleWords.count) && sentenceWords.count <= titleWords.count + 12
    }

    private static let nonSalient: Set<String> = [
        "what", "which", "who", "when", "where", "how", "why", "the", "in", "of", "on", "at", "to", "for", "and", "or", "is",
        "are", "was", "were", "did", "does", "do", "by", "with", "from", "this", "that", "paper", "figure", "table", "section",
        "according", "about", "page", "eq", "fig", "ref", "pdf", "html", "website", "web",
        // Capitalised, yet every paper of the field assumes them: they name nothing a paper must mention.
        "standard", "model", "monte", "carlo",
    ]

    private static let greekNames: [Character: String] = [
        "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "η": "eta", "θ": "theta", "λ": "lambda",
        "μ": "mu", "ν": "nu", "π": "pi", "ρ": "rho", "σ": "sigma", "τ": "tau", "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
    ]

    /// Names, acronyms and numbers of the question ("XENONnT", "Run 2", "85Kr", "sin²2θ13") that no source
    /// mentions in its text, title, file name or arXiv id, compared on letters and digits only (NFKC, Greek
    /// letters by name) so "85 Kr" and "85Kr", "sin²θ12" and "sin2 theta_12" meet; then the first English
    /// name of each of `names` (a Chinese question's named things) none of whose alternatives is there.
    static func missingSalientTerms(of question: String, names: [[String]] = [], in sources: [RetrievedChunk]) -> [String] {
        func squeezed(_ text: String) -> String {
            let spelled = text.precomposedStringWithCompatibilityMapping.lowercased().map { greekNames[$0] ?? String($0) }.joined()
            return String(String.UnicodeScalarView(spelled.unicodeScalars.filter { scalar in
                (scalar.properties.isAlphabetic || scalar.properties.numericType != nil) && !TextAnalysis.isCJK(scalar)
            }))
        }
        var tokens: [String] = []
        var current = ""
        for character in question {
            if (character.isLetter || character.isNumber) && !(character.unicodeScalars.first.map(TextAnalysis.isCJK) ?? false) || (character == "." && current.last?.isNumber == true) {
                current.append(character)
            } else {
                if !current.isEmpty { tokens.append(current) }
                current = ""
            }
        }
        if !current.isEmpty { tokens.append(current) }
        var salient = tokens.enumerated().compactMap { index, token -> String? in
            let token = token.hasSuffix(".") ? String(token.dropLast()) : token
            guard token.count >= 2, !nonSalient.contains(token.lowercased()) else { return nil }
            let uppercase = token.filter(\.isUppercase).count
            let isSalient = token.contains(where: \.isNumber) || uppercase >= 2 || (index > 0 && token.first?.isUppercase == true)
            return isSalient ? token : nil
        }
        // "Run 2", "Phase 2", "13 TeV": a data-taking period or a collision energy is named by word and number
        // together ("2" and "13" are in every paper; the Run 1 paper says "Run 1" and "7 and 8 TeV").
        for (index, token) in tokens.enumerated().dropLast() {
            let next = tokens[index + 1]
            if ["run", "phase"].contains(token.lowercased()), next.allSatisfy(\.isNumber) {
                salient.removeAll { $0 == token || $0 == next }
                salient.append(token + " " + next)
            } else if next == "TeV", token.allSatisfy({ $0.isNumber || $0 == "." }) {
                salient.removeAll { $0 == token || $0 == next }
                salient.append(token + " " + next)
            }
        }
        guard !salient.isEmpty || !names.isEmpty else { return [] }
        // A paper is named by its title, file, arXiv id or authors ("the Guo-Hanhart paper").
        let labels = Set(sources.map {
            ([$0.citation.title ?? "", $0.citation.source, $0.citation.arxivID ?? ""] + $0.citation.authors).joined(separator: " ")
        })
        let text = squeezed((sources.map(\.chunk.text) + labels.sorted()).joined(separator: " "))
        let missingNames = names.filter { alternatives in !alternatives.contains { text.contains(squeezed($0)) } }
        return salient.filter { !text.contains(squeezed($0)) } + missingNames.compactMap(\.first)
    }

    /// How a candidate reads: a whole sentence, a fragment (cut at a chunk or page edge, or unpunctuated),
    /// a figure or table caption, or a table row.
    package enum SentenceForm: Hashable, Sendable {
        case sentence, fragment, caption, tableRow
    }

    /// The form of `sentence`, or nil when it is not evidence at all (too short, a reference, an author or
    /// affiliation list unless `keepingAuthorLists`, an equation, a page header).
    static func form(of sentence: String, keepingAuthorLists: Bool = false) -> SentenceForm? {
        let hasCJK = sentence.unicodeScalars.contains(where: TextAnalysis.isCJK)
        guard sentence.count >= (hasCJK ? 8 : 20), sentence.count <= 700 else { return nil }
        guard !looksLikeReference(sentence) else { return nil }
        if looksLikeAuthorList(sentence) { return keepingAuthorLists ? .fragment : nil }
        let letters = sentence.filter { $0.isLetter }.count
        let share = Double(letters) / Double(sentence.count)
        let words = sentence.split(separator: " ").count
        if sentence.hasPrefix("Figure ") || sentence.hasPrefix("Fig. ") || sentence.hasPrefix("Table ") || sentence.hasPrefix("FIG. ")
            || sentence.hasPrefix("TABLE ")
        {
            let afterLabel = sentence.drop(while: { $0 != ":" && $0 != "." }).dropFirst()
            return afterLabel.split(separator: " ").count >= 3 ? .caption : nil
        }
        if share < 0.5 {
            // Mostly numbers and symbols: a table row if it still names something, else an equation or axis.
            return share >= 0.2 && words >= 3 && words <= 40 && sentence.contains(where: \.isNumber) ? .tableRow : nil
        }
        let ended = sentence.last.map { ".!?。！？".contains($0) } == true || (sentence.last == ")" && sentence.dropLast().last == ".")
        if ended && (sentence.first?.isUppercase == true || sentence.first?.isNumber == true || hasCJK || sentence.first == "(" || sentence.first == "“") {
            return sentence.count >= (hasCJK ? 8 : 25) ? .sentence : nil
        }
        return words >= 6 || (hasCJK && sentence.count >= 12) ? .fragment : nil
    }

    /// Sentences worth quoting in a summary or a generated question: whole sentences and captions.
    static func isQuotable(_ sentence: String) -> Bool {
        guard let form = form(of: sentence) else { return false }
        return form == .sentence
    }

    /// A bibliography or acknowledgements chunk: nothing in it answers a question about the physics.
    static func isReferenceSection(_ source: RetrievedChunk) -> Bool {
        if let heading = source.chunk.sectionPath.first, Chunk.isBackMatterHeading(heading) { return true }
        let sentences = TextAnalysis.sentences(in: source.chunk.text)
        guard sentences.count >= 3 else { return false }
        let references = sentences.filter { RecordField(line: $0) == nil && (looksLikeReference($0) || looksLikeAuthorList($0)) }.count
        return Double(references) / Double(sentences.count) >= 0.5
    }

    /// "A. Author1, B. Author2, C. Author3" or "Department of Physics, University of X, City, Country":
    /// names and affiliations, not statements.
    static func looksLikeAuthorList(_ sentence: String) -> Bool {
        let commas = sentence.filter { $0 == "," }.count
        guard commas >= 3 else { return false }
        let words = sentence.split(whereSeparator: { $0 == " " || $0 == "," })
        let lowercaseWords = words.filter { word in word.first?.isLowercase == true && !["of", "and", "de", "di", "für", "for", "the", "et", "al."].contains(String(word)) }
        if Double(lowercaseWords.count) / Double(max(1, words.count)) < 0.12 { return true }
        let affiliationMarks = ["University", "Institute", "Laboratory", "Department", "Universität", "Università", "INFN", "Dipartimento", "Academy of Sciences"]
        return affiliationMarks.filter { sentence.contains($0) }.count >= 2
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
