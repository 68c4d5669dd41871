public import Foundation
public import RAGCore

/// Grows a tree of grounded question–answer pairs from a seed topic ("高能物理", "BESIII", "Higgs boson
/// mass") over the indexed corpus, with three roles:
///
/// - the **newcomer** asks two questions about each input (the seed, then each accepted answer) and the
///   passages retrieved for it;
/// - the **checker** keeps the good ones: specific, not a near-duplicate of an earlier question, and
///   answerable — the expert's answer must not abstain and must cite a source;
/// - the **expert** answers from retrieved sources with citations (the `qa` pipeline with the
///   `fission-expert` prompt).
///
/// Each accepted pair becomes the input of the next level, breadth first, until `count` pairs exist or no
/// input yields a new question. With a language-model generator every role is a prompt
/// (`fission-newcomer`, `fission-checker`, `fission-expert`). Offline (extractive generator) it runs a
/// reduced mode: the newcomer turns section headings and key sentences (definitions, sentences with
/// numbers) of the retrieved passages into questions by pattern, the checker applies the rules above, and the
/// expert answers extractively.
///
/// Usage example:
/// ```swift
/// let fission = SeedFission(retriever: kb, generator: ExtractiveGenerator(embedder: embedder), embedder: embedder)
/// let records = try await fission.run(seed: "Higgs boson", count: 20)
/// try SeedFission.writeJSONL(records, to: URL(fileURLWithPath: "questions.jsonl"))
/// ```
public struct SeedFission: Sendable {
    /// The parts the roles use.
    public let executor: ChainExecutor
    /// Largest tree depth.
    public var maximumDepth: Int
    /// Passages retrieved per input.
    public var passagesPerInput: Int

    /// Creates a fission run over a retriever and a generator (a language model, or the extractive one).
    public init(
        retriever: any Retriever, generator: any Generator, embedder: (any Embedder)? = nil, library: ChainLibrary = .builtIn,
        maximumDepth: Int = 4, passagesPerInput: Int = 6
    ) {
        self.executor = ChainExecutor(retriever: retriever, generator: generator, embedder: embedder, library: library)
        self.maximumDepth = maximumDepth
        self.passagesPerInput = passagesPerInput
    }

    private var context: ChainContext { executor.context }
    private var isOffline: Bool { context.languageModel == nil }

    private struct Node {
        var text: String
        var depth: Int
        var parent: String?
        var passages: [RetrievedChunk]
    }

    /// Grows up to `count` grounded pairs; `onRecord` sees each as it is accepted.
    public func run(seed: String, count: Int, onRecord: (@Sendable (FissionRecord) -> Void)? = nil) async throws -> [FissionRecord] {
        guard !seed.trimmingWhitespace().isEmpty else { throw ChainError.emptyQuestion }
        let expert = try expertChain()
        var records: [FissionRecord] = []
        var askedTerms: [Set<String>] = []
        var usedSentences = Set<String>()
        var queue = [Node(text: seed, depth: 0, parent: nil, passages: [])]
        var cursor = 0
        let language = TextAnalysis.language(of: seed)

        while cursor < queue.count, records.count < count {
            let node = queue[cursor]
            cursor += 1
            guard node.depth < maximumDepth else { continue }
            let passages = try await retrievePassages(for: node)
            let questions = try await newcomer(node: node, passages: passages, seed: seed, language: language, used: &usedSentences)
            for question in questions where records.count < count {
                let terms = Self.distinguishingTerms(question)
                guard terms.count >= 2, !askedTerms.contains(where: { Self.jaccard($0, terms) > 0.7 }) else { continue }
                guard try await checker(question: question, passages: passages) else { continue }
                let answer = try await executor.run(expert, question: question, options: ChainOptions(language: language), context: context, onStep: nil)
                guard !answer.abstained, !answer.citations.isEmpty else { continue }
                askedTerms.append(terms)
                let record = Self.record(id: "q\(records.count + 1)", question: question, answer: answer, depth: node.depth + 1, parent: node.parent, mode: isOffline ? "offline" : "llm")
                records.append(record)
                onRecord?(record)
                let cited = answer.citations.compactMap { citation in passages.first { $0.chunk.id == citation.chunkID } }
                queue.append(Node(text: "\(question)\n\(answer.text)", depth: node.depth + 1, parent: record.id, passages: cited))
            }
        }
        return records
    }

    /// Writes records as JSON Lines (one object per line, keys sorted).
    public static func writeJSONL(_ records: [FissionRecord], to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        for record in records {
            data.append(try encoder.encode(record))
            data.append(UInt8(ascii: "\n"))
        }
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw ChainError.outputFailed(path: url.path, reason: error.localizedDescription)
        }
    }

    // MARK: - Roles

    private func expertChain() throws -> ChainDefinition {
        let template = try context.templates.template(named: "fission-expert")
        return ChainDefinition(name: "fission-expert", steps: [
            RetrieveStep(k: 12, mode: .hybrid), DiversifyStep(lambda: 0.7, k: 6), PackStep(budget: 1_500, maximumSources: 6),
            PromptStep(template: template), GenerateStep(maxTokens: 384, temperature: 0), CiteStep(),
        ])
    }

    private func retrievePassages(for node: Node) async throws -> [RetrievedChunk] {
        let bridge = TermBridge.englishTerms(for: node.text)
        let text = bridge.isEmpty ? node.text : "\(node.text) \(bridge)"
        let retrieved = try await context.retriever.retrieve(RetrievalQuery(text: text, k: passagesPerInput, mode: .hybrid))
        // Cited passages first: the follow-up questions should be about what the answer rests on.
        var seen = Set(node.passages.map(\.chunk.id))
        return node.passages + retrieved.filter { seen.insert($0.chunk.id).inserted }
    }

    private func newcomer(node: Node, passages: [RetrievedChunk], seed: String, language: String, used: inout Set<String>) async throws -> [String] {
        if let model = context.languageModel {
            let template = try context.templates.template(named: "fission-newcomer")
            let input = "\(node.text)\n\nPassages:\n\(SourceFormatter.numbered(Array(passages.prefix(3))))"
            let messages = template.render(["topic": seed, "input": input, "language": SourceFormatter.languageName(language)])
            let result = try await model.generate(GenerationRequest(messages: messages, question: node.text, maxTokens: 160, temperature: 0.7))
            return result.text.split(whereSeparator: \.isNewline)
                .map { String($0).trimmingWhitespace().trimming(charactersIn: "-*•0123456789.) ").trimmingWhitespace() }
                .filter { $0.count > 8 }
                .prefix(2).map { $0 }
        }
        return OfflineQuestionWriter.questions(from: passages, count: 2, used: &used)
    }

    private func checker(question: String, passages: [RetrievedChunk]) async throws -> Bool {
        guard let model = context.languageModel else {
            // Offline: the pattern questions are specific by construction; answerability is checked by the expert.
            return true
        }
        let template = try context.templates.template(named: "fission-checker")
        let messages = template.render(["question": question, "sources": SourceFormatter.numbered(Array(passages.prefix(3)))])
        let verdict = try await model.generate(GenerationRequest(messages: messages, question: question, maxTokens: 4, temperature: 0))
        return verdict.text.uppercased().contains("GOOD")
    }

    // MARK: - Records

    private static func record(id: String, question: String, answer: Answer, depth: Int, parent: String?, mode: String) -> FissionRecord {
        let sources = answer.citations.map { citation in
            FissionRecord.Source(document: citation.chunkID.document.rawValue, title: citation.title, page: citation.pageStart, quote: citation.quote)
        }
        var expected: [FissionRecord.Expected] = []
        for source in sources where !expected.contains(where: { $0.document == source.document && $0.page == source.page }) {
            expected.append(.init(document: source.document, page: source.page))
        }
        return FissionRecord(id: id, question: question, answer: answer.text, sources: sources, depth: depth, parent: parent, expected: expected, mode: mode)
    }

    /// Content terms of a question without its quoted spans: offline questions quote the document title
    /// ("According to 'Combined Measurement of…', what is X?"), which would make every pair look alike.
    static func distinguishingTerms(_ question: String) -> Set<String> {
        var unquoted = ""
        var isQuoted = false
        for (index, character) in question.enumerated() {
            let previous = index > 0 ? Array(question)[index - 1] : " "
            // An apostrophe inside a word ("HEP Software Foundation's") is not a quote.
            if character == "'" || character == "‘" || character == "’", !(previous.isLetter && character != "‘") || isQuoted {
                isQuoted.toggle()
                continue
            }
            if !isQuoted { unquoted.append(character) }
        }
        return Set(TextAnalysis.contentTerms(unquoted))
    }

    static func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
        let union = a.union(b).count
        return union == 0 ? 0 : Double(a.intersection(b).count) / Double(union)
    }
}
