public import Foundation
public import RAGCore

/// Grows a tree of grounded question–answer pairs from a seed topic ("高能物理", "BESIII", "Higgs boson
/// mass") over the indexed corpus, with three roles:
///
/// - the **newcomer** asks up to `breadth` questions about each input (the seed, then the key terms of each
///   accepted answer) from the evidence sentences of the passages retrieved for it (`OfflineQuestionWriter`
///   offline, the `fission-newcomer` prompt with a language model);
/// - the **checker** keeps the good ones and counts the others by `FissionRejection` reason: well formed, not
///   answerable from the question text alone, not a near-duplicate of any earlier question of the run
///   (embedding cosine ≥ `duplicateThreshold`), with a model also the `fission-checker` verdict;
///   after the expert answered: not abstained, cited sources that are not references or captions, and
///   cited sentences that support the answer (they carry the question's terms and, for a value or a date,
///   a number or a year);
/// - the **expert** is the library's `qa` chain (with the `fission-expert` prompt when a model answers), so
///   fission answers improve with the answer step; each pair keeps document, page and quote.
///
/// Each accepted answer's key terms seed the next round, breadth first, down to `maximumDepth`, until `count`
/// pairs exist or no input yields a new question. `FissionReport` tells per round how many documents,
/// sections, question kinds and distinct key terms the pairs cover.
///
/// Usage example:
/// ```swift
/// let fission = SeedFission(retriever: kb, generator: ExtractiveGenerator(embedder: embedder), embedder: embedder)
/// let result = try await fission.run(seed: "Higgs boson", count: 20)
/// try SeedFission.write(result.records, format: .openAIChat, to: URL(fileURLWithPath: "train.jsonl"))
/// ```
public struct SeedFission: Sendable {
    /// The parts the roles use.
    public let executor: ChainExecutor
    /// Largest tree depth (questions about the seed are at depth 1).
    public var maximumDepth: Int
    /// Questions kept per input.
    public var breadth: Int
    /// Passages retrieved per input.
    public var passagesPerInput: Int
    /// Cosine of question embeddings at or above which a question is a near-duplicate of an earlier one.
    /// 0.85 was measured for all-MiniLM-L6-v2 (docs/chain.md "Seed fission").
    public var duplicateThreshold: Double
    /// Reads a Chinese input in English (the knowledge base's glossary + CC-CEDICT translator); nil: the
    /// built-in term bridge only.
    public var translator: (any QueryTranslator)?

    /// Creates a fission run over a retriever and a generator (a language model, or the extractive one).
    /// Without a `translator`, the extractive generator's is used.
    public init(
        retriever: any Retriever, generator: any Generator, embedder: (any Embedder)? = nil, library: ChainLibrary = .builtIn,
        translator: (any QueryTranslator)? = nil, maximumDepth: Int = 4, breadth: Int = 2, passagesPerInput: Int = 8,
        duplicateThreshold: Double = 0.85
    ) {
        self.translator = translator ?? (generator as? ExtractiveGenerator)?.translator
        // One memory of sentence and question vectors for the run's roles: the expert's extractive answers
        // embed the same candidate sentences for many questions (docs/fission.md "Speed").
        let memo = embedder.map { MemoizingEmbedder(wrapping: $0) }
        var roleGenerator = generator
        if let extractive = generator as? ExtractiveGenerator, let own = extractive.embedder {
            roleGenerator = ExtractiveGenerator(embedder: MemoizingEmbedder(wrapping: own), calibration: extractive.calibration, translator: extractive.translator)
        }
        self.executor = ChainExecutor(retriever: retriever, generator: roleGenerator, embedder: memo, library: library)
        self.maximumDepth = maximumDepth
        self.breadth = breadth
        self.passagesPerInput = passagesPerInput
        self.duplicateThreshold = duplicateThreshold
    }

    /// How many times an input other than the seed is read again deeper in its ranking (the seed: six).
    static let rereadingPasses = 3

    private var context: ChainContext { executor.context }
    private var isOffline: Bool { context.languageModel == nil }

    private struct Node {
        var text: String
        var depth: Int
        var parent: String?
        var passages: [RetrievedChunk]
        /// How many times this input was read before (retrieval goes deeper each time).
        var pass = 0
        /// The seed itself (not a paper title standing in for it, nor an answer's key terms).
        var isSeed = false
    }

    /// Run state shared by the roles.
    private struct RunState {
        var records: [FissionRecord] = []
        var report: FissionReport
        var usedSentences = Set<String>()
        var askedTerms: [Set<String>] = []
        var askedVectors: [Vector] = []
        var seenKeyTerms = Set<String>()
        var kindCounts: [FissionQuestionKind: Int] = [:]
        /// Passages the newcomer has read: later inputs get fresh ones (the cited passages of a parent excepted).
        var read = Set<ChunkID>()
        /// Section headings queued as inputs (lowercased).
        var queuedHeadings = Set<String>()
    }

    /// Grows up to `count` grounded pairs; `onRecord` sees each as it is accepted.
    public func run(seed: String, count: Int, onRecord: (@Sendable (FissionRecord) -> Void)? = nil) async throws -> FissionResult {
        guard !seed.trimmingWhitespace().isEmpty else { throw ChainError.emptyQuestion }
        let expert = try expertChain()
        let language = TextAnalysis.language(of: seed)
        var state = RunState(report: FissionReport(seed: seed, duplicateThreshold: duplicateThreshold))
        state.seenKeyTerms.formUnion(TextAnalysis.contentTerms(seed + " " + englishTerms(for: seed)))
        var queue = [Node(text: seed, depth: 0, parent: nil, passages: [], isSeed: true)]
        var cursor = 0
        // Questions set aside because their input already had `breadth` kept: checked when the inputs run out.
        var spare: [Spare] = []
        var spareCursor = 0
        var headings: [Node] = []
        var headingCursor = 0

        while state.records.count < count {
            guard cursor < queue.count else {
                // The frontier ran out: the section headings of the passages read widen it, then the set-aside questions.
                if headingCursor < headings.count {
                    queue.append(headings[headingCursor])
                    headingCursor += 1
                    continue
                }
                guard spareCursor < spare.count else { break }
                if spare[spareCursor].vector == nil, let embedder = context.embedder {
                    // Set-aside questions are embedded when their turn comes, a batch at a time.
                    let batch = spareCursor..<min(spare.count, spareCursor + 32)
                    let vectors = try await timed("embed-questions", &state) { try await embedder.embed(batch.map { spare[$0].draft.english }) }
                    for (index, vector) in zip(batch, vectors) { spare[index].vector = vector }
                }
                let next = spare[spareCursor]
                spareCursor += 1
                if isOffline, !next.isClaimed {
                    guard state.usedSentences.insert(next.draft.evidence).inserted else { continue }
                }
                _ = try await consider(
                    next.draft, vector: next.vector, node: next.node, passages: next.passages, expert: expert, language: language,
                    state: &state, queue: &queue, onRecord: onRecord)
                continue
            }
            let node = queue[cursor]
            cursor += 1
            guard node.depth < maximumDepth else { continue }
            let read = state.read
            let (passages, titles) = try await timed("retrieve", &state) { try await retrievePassages(for: node, excluding: read) }
            state.report.inputsRead += 1
            // Every input is read again, deeper in its ranking, after the inputs queued so far (the seed up to six
            // times, the others while that still finds unread passages): the frontier widens instead of running
            // out when the first passages of each input are used up.
            if node.isSeed ? node.pass < 6 : node.pass < Self.rereadingPasses && !passages.isEmpty {
                queue.append(Node(text: node.text, depth: node.depth, parent: node.parent, passages: [], pass: node.pass + 1, isSeed: node.isSeed))
            }
            // The papers the seed's passages come from are its neighbourhood: their titles are inputs too, read
            // after the seed's own questions. A field-wide seed ("高能物理", "particle physics") matches mostly
            // bibliographies and affiliations, whose papers still hold the evidence sentences about it.
            if node.isSeed, node.pass == 0 {
                for title in titles where !queue.contains(where: { $0.text == title }) {
                    queue.append(Node(text: title, depth: 0, parent: nil, passages: []))
                }
            }
            state.read.formUnion(passages.map(\.chunk.id))
            // The sections the passages come from are inputs too ("Photon energy calibration"), read when the
            // key-term frontier runs out: their words reach the same topic in the other papers.
            for heading in passages.compactMap({ Self.sectionInput($0.chunk.sectionPath) }) where state.queuedHeadings.insert(heading.lowercased()).inserted {
                headings.append(Node(text: heading, depth: node.depth, parent: node.parent, passages: []))
            }
            let newcomerStart = ContinuousClock.now
            let drafts = try await newcomer(node: node, passages: passages, seed: seed, language: language, state: &state)
            state.report.seconds["newcomer", default: 0] += (ContinuousClock.now - newcomerStart).inSeconds
            state.report.drafted += drafts.count
            state.report.passagesRead = state.read.count
            // The input's first questions are checked now, in one embedding call (the near-duplicate check); the
            // others are set aside.
            let asked = drafts.prefix(breadth * 3)
            let vectors: [Vector?] = if let embedder = context.embedder, !asked.isEmpty {
                try await timed("embed-questions", &state) { try await embedder.embed(asked.map(\.english)).map { Optional($0) } }
            } else {
                Array(repeating: nil, count: asked.count)
            }
            var kept = 0
            for (index, draft) in drafts.enumerated() where state.records.count < count {
                let vector = index < vectors.count ? vectors[index] : nil
                guard kept < breadth, index < asked.count else {
                    spare.append(Spare(draft: draft, vector: vector, node: node, passages: passages, isClaimed: index < asked.count))
                    continue
                }
                let accepted = try await consider(
                    draft, vector: vector, node: node, passages: passages, expert: expert, language: language, state: &state, queue: &queue,
                    onRecord: onRecord)
                if accepted { kept += 1 }
            }
        }
        state.report.accepted = state.records.count
        state.report.rubric = FissionRubric.evaluate(state.records)
        return FissionResult(records: state.records, report: state.report)
    }

    /// Runs `work` and adds its wall-clock time to the report under `role`.
    private func timed<T>(_ role: String, _ state: inout RunState, _ work: () async throws -> T) async throws -> T {
        let start = ContinuousClock.now
        let value = try await work()
        state.report.seconds[role, default: 0] += (ContinuousClock.now - start).inSeconds
        return value
    }

    /// A question set aside for when the inputs run out.
    private struct Spare {
        var draft: DraftQuestion
        var vector: Vector?
        var node: Node
        var passages: [RetrievedChunk]
        /// Whether its sentence was claimed when it was drafted (one of the input's first questions).
        var isClaimed: Bool
    }

    /// Checks a draft; an accepted one becomes a record and its key terms the next input. Returns whether it was accepted.
    private func consider(
        _ draft: DraftQuestion, vector draftVector: Vector?, node: Node, passages: [RetrievedChunk], expert: ChainDefinition, language: String,
        state: inout RunState, queue: inout [Node], onRecord: (@Sendable (FissionRecord) -> Void)?
    ) async throws -> Bool {
        guard let (answer, vector) = try await check(draft, vector: draftVector, expert: expert, language: language, state: &state) else { return false }
        let keyTerms = Self.keyTerms(of: answer, question: draft.english, excluding: state.seenKeyTerms)
        state.seenKeyTerms.formUnion(keyTerms)
        let record = Self.record(
            id: "q\(state.records.count + 1)", draft: draft, answer: answer, depth: node.depth + 1, parent: node.parent,
            language: language, keyTerms: keyTerms, mode: isOffline ? "offline" : "llm")
        state.records.append(record)
        state.askedTerms.append(Self.distinguishingTerms(draft.english))
        if let vector { state.askedVectors.append(vector) }
        state.kindCounts[draft.kind, default: 0] += 1
        state.report.add(record, section: draft.passage.chunk.section)
        onRecord?(record)
        if !keyTerms.isEmpty {
            let cited = answer.citations.compactMap { citation in passages.first { $0.chunk.id == citation.chunkID } }
            queue.append(Node(text: keyTerms.joined(separator: " "), depth: node.depth + 1, parent: record.id, passages: cited))
        }
        return true
    }

    // MARK: - Roles

    /// The `qa` chain of the library; with a language model its prompt is `fission-expert`.
    private func expertChain() throws -> ChainDefinition {
        var chain = try executor.library.chain(named: "qa")
        guard !isOffline else { return chain }
        let template = try context.templates.template(named: "fission-expert")
        chain.steps = chain.steps.map { step in step is PromptStep ? PromptStep(template: template) : step }
        chain.name = "fission-expert"
        return chain
    }

    /// A passage's innermost section heading as an input, without its number ("3.2 Photon energy calibration"
    /// → "Photon energy calibration"); nil for a heading of fewer than two content words ("Introduction",
    /// "Results") or a reference section.
    static func sectionInput(_ path: [String]) -> String? {
        guard let last = path.last else { return nil }
        let heading = String(last.drop { $0.isNumber || $0 == "." || $0 == " " || $0 == ")" }).trimmingWhitespace()
        let lower = heading.lowercased()
        guard heading.count <= 80, !Chunk.isBackMatterHeading(heading), !["appendix", "contents"].contains(where: lower.hasPrefix),
            heading.first?.isLetter == true, TextAnalysis.contentTerms(heading).count >= 2
        else { return nil }
        return heading
    }

    /// The unread evidence passages for an input (cited passages of its parent first) and the titles of the
    /// documents of its best-ranked `passagesPerInput` hits, in rank order.
    private func retrievePassages(for node: Node, excluding read: Set<ChunkID>) async throws -> (passages: [RetrievedChunk], titles: [String]) {
        let bridge = englishTerms(for: node.text)
        let text = bridge.isEmpty ? node.text : "\(node.text) \(bridge)"
        // Bibliographies match topic words densely: retrieve four times as many and keep the unread evidence
        // passages. (Ten times as many read no more: a run already reads ~1,220 of the ~1,260 passages of
        // ../shared/corpora outside reference sections.)
        let retrieved = try await context.retriever.retrieve(RetrievalQuery(text: text, k: passagesPerInput * 4 * (node.pass + 1), mode: .hybrid))
        let evidence = retrieved.filter { !read.contains($0.chunk.id) && !ExtractiveGenerator.isReferenceSection($0) }.prefix(passagesPerInput)
        // Cited passages first: the follow-up questions should be about what the answer rests on.
        var seen = Set(node.passages.map(\.chunk.id))
        var seenTitles = Set<String>()
        // The papers of the best-ranked hits only: a wider net makes every seed's run the whole corpus.
        let titles = retrieved.prefix(passagesPerInput).compactMap(\.citation.title).filter { $0.count >= 12 && seenTitles.insert($0).inserted }
        return (node.passages + evidence.filter { seen.insert($0.chunk.id).inserted }, titles)
    }

    private func newcomer(node: Node, passages: [RetrievedChunk], seed: String, language: String, state: inout RunState) async throws -> [DraftQuestion] {
        let evidence = passages.filter { !ExtractiveGenerator.isReferenceSection($0) }
        guard let model = context.languageModel else {
            // Every question the passages give: they are marked read, so what is not asked now is set aside
            // (checked when the inputs run out) rather than lost with the passage.
            var drafted = state.usedSentences
            let drafts = OfflineQuestionWriter.questions(from: evidence, count: .max, language: language, used: &drafted, kindCounts: state.kindCounts)
            // Only the questions asked now claim their sentences: a set-aside one may still be asked by a later input
            // (a follow-up reads its parent's cited passages), deeper in the tree.
            state.usedSentences.formUnion(drafts.prefix(breadth * 3).map(\.evidence))
            return drafts
        }
        guard let first = evidence.first else { return [] }
        let template = try context.templates.template(named: "fission-newcomer")
        let input = "\(node.text)\n\nPassages:\n\(SourceFormatter.numbered(Array(evidence.prefix(3))))"
        let messages = template.render(["topic": seed, "input": input, "language": SourceFormatter.languageName(language)])
        let result = try await model.generate(GenerationRequest(messages: messages, question: node.text, maxTokens: 200, temperature: 0.7))
        return result.text.split(whereSeparator: \.isNewline)
            .map { String($0).trimmingWhitespace().trimming(charactersIn: "-*•0123456789.) ").trimmingWhitespace() }
            .filter { $0.count > 8 }
            .prefix(breadth * 2)
            .map { DraftQuestion(text: $0, english: $0, kind: FissionQuestionKind(question: $0), evidence: "", passage: first) }
    }

    /// The checker: nil (and the reason counted) for a rejected draft, else the expert's answer and the
    /// question's embedding.
    private func check(
        _ draft: DraftQuestion, vector: Vector?, expert: ChainDefinition, language: String, state: inout RunState
    ) async throws -> (Answer, Vector?)? {
        func reject(_ reason: FissionRejection) -> (Answer, Vector?)? {
            state.report.rejected[reason.rawValue, default: 0] += 1
            return nil
        }
        guard Self.isWellFormed(draft.text) else { return reject(.malformed) }
        guard !Self.answersItself(draft) else { return reject(.answerableFromQuestion) }
        let terms = Self.distinguishingTerms(draft.english)
        guard terms.count >= 2 else { return reject(.malformed) }
        if context.embedder != nil {
            if let vector {
                let cosines = state.askedVectors.map { ExtractiveGenerator.cosine($0, vector) }
                if let nearest = cosines.indices.max(by: { cosines[$0] < cosines[$1] }) {
                    let pair = FissionReport.ClosePair(question: draft.text, earlier: state.records[nearest].question, cosine: cosines[nearest])
                    guard pair.cosine < duplicateThreshold else {
                        if state.report.nearDuplicates.count < 100 { state.report.nearDuplicates.append(pair) }
                        return reject(.nearDuplicate)
                    }
                    if pair.cosine > state.report.closestAccepted?.cosine ?? -1 { state.report.closestAccepted = pair }
                    state.report.largestAcceptedCosine = max(state.report.largestAcceptedCosine ?? 0, pair.cosine)
                }
            }
        } else if state.askedTerms.contains(where: { Self.jaccard($0, terms) > 0.7 }) {
            return reject(.nearDuplicate)
        }
        if let model = context.languageModel {
            let template = try context.templates.template(named: "fission-checker")
            let messages = template.render(["question": draft.text, "sources": SourceFormatter.numbered([draft.passage])])
            let verdict = try await model.generate(GenerationRequest(messages: messages, question: draft.text, maxTokens: 4, temperature: 0))
            guard verdict.text.uppercased().contains("GOOD") else { return reject(.checkerRejected) }
        }
        let asked = isOffline ? draft.english : draft.text
        let answer = try await timed("expert", &state) {
            try await executor.run(expert, question: asked, options: ChainOptions(language: language), context: context, onStep: nil)
        }
        func reject(_ reason: FissionRejection, quotes: [String]) -> (Answer, Vector?)? {
            if state.report.rejections.count < 200 {
                state.report.rejections.append(.init(reason: reason.rawValue, question: draft.text, evidence: draft.evidence, firstQuote: quotes.first))
            }
            return reject(reason)
        }
        let quotes = answer.citations.compactMap(\.quote)
        guard !answer.abstained, !answer.citations.isEmpty else { return reject(.unanswered, quotes: quotes) }
        // Answerable from its sources: the answer rests on the document the question was written from.
        if !draft.evidence.isEmpty, !answer.citations.contains(where: { $0.chunkID.document == draft.passage.chunk.id.document }) {
            return reject(.offSource, quotes: quotes)
        }
        guard !quotes.isEmpty, quotes.allSatisfy(Self.isEvidence) else { return reject(.referenceOrCaption, quotes: quotes) }
        guard Self.supports(quotes, question: draft.english, kind: draft.kind) else { return reject(.unsupported, quotes: quotes) }
        // Offline, the question was written from one sentence: the answer must lead with it, not with another
        // sentence that shares its words ("the best reduction factor" for "the average reduction factor").
        if isOffline, !draft.evidence.isEmpty, let first = quotes.first, !Self.sameSentence(first, draft.evidence) { return reject(.unsupported, quotes: quotes) }
        return (answer, vector)
    }

    /// The English reading of a Chinese input: the glossary bridge plus the first sense of each term the
    /// translator finds ("" for English text).
    func englishTerms(for text: String) -> String {
        let bridge = TermBridge.englishTerms(for: text)
        guard let translator, !bridge.isEmpty || text.unicodeScalars.contains(where: TextAnalysis.isCJK) else { return bridge }
        let translation = translator.translate(text)
        guard translation.direction == .chineseToEnglish else { return bridge }
        var seen = Set<String>()
        let words = (bridge.split(separator: " ") + translation.terms.compactMap(\.targets.first).flatMap { $0.split(separator: " ") })
            .map(String.init).filter { seen.insert($0.lowercased()).inserted }
        return words.joined(separator: " ")
    }

    // MARK: - Checks

    /// A question sentence: ends with a question mark, no ellipsis or quoted title, a few words at least.
    static func isWellFormed(_ question: String) -> Bool {
        guard let last = question.last, last == "?" || last == "？" else { return false }
        guard !question.contains("…"), !question.contains("..."), !question.contains("'"), !question.contains("“") else { return false }
        if question.unicodeScalars.contains(where: TextAnalysis.isCJK) { return question.count >= 6 }
        let words = question.split(separator: " ")
        return words.count >= 3 && words.first?.first?.isUppercase == true
    }

    /// Whether the question already says what its evidence sentence says (nothing left to answer).
    static func answersItself(_ draft: DraftQuestion) -> Bool {
        guard !draft.evidence.isEmpty else { return false }
        let asked = Set(TextAnalysis.contentTerms(draft.english))
        let left = TextAnalysis.contentTerms(CitationResolver.removingMarkers(draft.evidence)).filter { !asked.contains($0) }
        return left.count < 2
    }

    /// A cited quote that is a statement: not a reference entry, an author list or a bare caption.
    static func isEvidence(_ quote: String) -> Bool {
        guard let form = ExtractiveGenerator.form(of: quote) else { return false }
        return form != .caption
    }

    /// The cited sentences carry at least half of the question's terms and, for values and dates, a number or a year.
    static func supports(_ quotes: [String], question: String, kind: FissionQuestionKind) -> Bool {
        let text = quotes.joined(separator: " ")
        let quoted = Set(TextAnalysis.contentTerms(text))
        // A Chinese question about English sources is judged by its English terms (and their glossary expansion).
        var asked = distinguishingTerms(question)
        if question.unicodeScalars.contains(where: TextAnalysis.isCJK) {
            let latin = asked.filter { !$0.unicodeScalars.contains(where: TextAnalysis.isCJK) }
            asked = latin.union(TextAnalysis.contentTerms(TermBridge.englishTerms(for: question)))
        }
        guard !asked.isEmpty, Double(asked.intersection(quoted).count) / Double(asked.count) >= 0.5 else { return false }
        switch kind {
        case .value: return text.contains(where: \.isNumber)
        case .when: return text.split(whereSeparator: { !$0.isNumber }).contains { $0.count == 4 && (1900...2100).contains(Int($0) ?? 0) }
        default: return true
        }
    }

    /// Whether a cited quote is the evidence sentence (citation markers and spacing aside; one may hold the other).
    static func sameSentence(_ quote: String, _ evidence: String) -> Bool {
        func normal(_ text: String) -> String {
            CitationResolver.removingMarkers(text).split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").lowercased()
        }
        let (a, b) = (normal(quote), normal(evidence))
        return !a.isEmpty && !b.isEmpty && (a.contains(b) || b.contains(a))
    }

    /// Content terms of a question without its quoted spans.
    static func distinguishingTerms(_ question: String) -> Set<String> {
        var unquoted = ""
        var isQuoted = false
        var previous: Character = " "
        for character in question {
            // An apostrophe inside a word ("HEP Software Foundation's") is not a quote.
            if character == "'" || character == "‘" || character == "’", !(previous.isLetter && character != "‘") || isQuoted {
                isQuoted.toggle()
            } else if !isQuoted {
                unquoted.append(character)
            }
            previous = character
        }
        return Set(TextAnalysis.contentTerms(unquoted))
    }

    static func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
        let union = a.union(b).count
        return union == 0 ? 0 : Double(a.intersection(b).count) / Double(union)
    }

    /// Up to four terms of the cited sentences that neither the question nor earlier rounds used: the next
    /// round's input. Names and longer terms first.
    static func keyTerms(of answer: Answer, question: String, excluding seen: Set<String>) -> [String] {
        let asked = Set(TextAnalysis.contentTerms(question))
        let text = answer.citations.compactMap(\.quote).joined(separator: " ")
        let candidates = TextAnalysis.contentTerms(CitationResolver.removingMarkers(text)).filter { term in
            term.count >= 3 && !asked.contains(term) && !seen.contains(term) && !term.contains(where: \.isNumber)
        }
        return Array(candidates.sorted { $0.count > $1.count }.prefix(4))
    }

    // MARK: - Records

    private static func record(
        id: String, draft: DraftQuestion, answer: Answer, depth: Int, parent: String?, language: String, keyTerms: [String], mode: String
    ) -> FissionRecord {
        let sources = answer.citations.map { citation in
            FissionRecord.Source(document: citation.chunkID.document.rawValue, title: citation.title, page: citation.pageStart, quote: citation.quote)
        }
        var expected: [FissionRecord.Expected] = []
        for source in sources where !expected.contains(where: { $0.document == source.document && $0.page == source.page }) {
            expected.append(.init(document: source.document, page: source.page))
        }
        var record = FissionRecord(id: id, question: draft.text, answer: answer.text, sources: sources, depth: depth, parent: parent, expected: expected, mode: mode)
        record.kind = draft.kind
        record.language = language
        record.keyTerms = keyTerms
        return record
    }
}

/// Why the checker dropped a question.
public enum FissionRejection: String, Sendable, CaseIterable {
    /// Not a well-formed question (no question mark, a quoted title, an ellipsis, too short).
    case malformed
    /// The question text already carries its answer.
    case answerableFromQuestion = "answerable-from-question"
    /// Embedding cosine to an earlier question of the run at or above the threshold.
    case nearDuplicate = "near-duplicate"
    /// The model checker said BAD.
    case checkerRejected = "checker-rejected"
    /// The expert abstained or cited nothing.
    case unanswered
    /// The answer does not cite the document the question was written from.
    case offSource = "off-source"
    /// A cited quote is a reference entry, an author list or a bare caption.
    case referenceOrCaption = "reference-or-caption"
    /// The cited sentences do not carry the question's terms (or the value/year it asks for).
    case unsupported
}

extension FissionQuestionKind {
    /// Classifies a question written by a model, for the diversity report.
    init(question: String) {
        let lower = question.lowercased()
        let words = lower.split(whereSeparator: { !$0.isLetter }).map(String.init)
        if words.first == "where" || lower.contains("哪里") {
            self = .location
        } else if words.first == "who" || lower.contains("谁") {
            self = .who
        } else if words.first == "when" || lower.contains("what year") || lower.contains("哪一年") || lower.contains("何时") {
            self = .when
        } else if words.first == "why" || lower.contains("为什么") {
            self = .reason
        } else if lower.contains("compare") || lower.contains(" than ") || lower.contains("相比") {
            self = .comparison
        } else if words.first == "how" && !lower.hasPrefix("how many") && !lower.hasPrefix("how much") || lower.contains("如何") {
            self = .method
        } else if lower.contains("how many") || lower.contains("how much") || lower.contains("value") || lower.contains("多少") {
            self = .value
        } else {
            self = .definition
        }
    }
}
