import RAGCore

/// Summarizes one document by map-reduce: its chunks, in order, are cut into groups that fit `mapBudget`;
/// each group is summarized (map), then the partial summaries are combined (reduce). Every summary sentence
/// keeps an `[n]` marker to the chunk it came from, so the cite step can point to pages.
///
/// With a language model both phases use the `summarize-map`/`summarize-reduce` templates. Offline, map
/// picks each group's two most central sentences (those whose content words recur most across the whole
/// document) and reduce keeps the `sentences` most central of those, in document order.
public struct SummarizeStep: ChainStep {
    /// Most chunks read from the document.
    public var maximumChunks: Int
    /// Token budget of one map group.
    public var mapBudget: Int
    /// Sentences in the offline summary.
    public var sentences: Int
    /// Template of the map phase.
    public var mapTemplate: PromptTemplate
    /// Template of the reduce phase.
    public var reduceTemplate: PromptTemplate

    /// Creates the step.
    public init(maximumChunks: Int = 400, mapBudget: Int = 1_500, sentences: Int = 6, mapTemplate: PromptTemplate, reduceTemplate: PromptTemplate) {
        self.maximumChunks = maximumChunks
        self.mapBudget = mapBudget
        self.sentences = sentences
        self.mapTemplate = mapTemplate
        self.reduceTemplate = reduceTemplate
    }

    /// `summarize`.
    public var name: String { "summarize" }
    public var reads: Set<ChainField> { [] }
    public var writes: Set<ChainField> { [.answer, .sources] }
    public var needsQuestion: Bool { false }

    /// Fills `sources` with the document's chunks and `answer` with the summary.
    public func run(_ state: inout ChainState, context: ChainContext) async throws -> [String: String] {
        guard let document = state.options.document ?? state.options.filter.documents?.first else { throw ChainError.noDocument(nil) }
        var filter = state.options.filter
        filter.documents = [document]
        let listed: [RetrievedChunk]
        if let lister = context.retriever as? any ChunkLister {
            listed = try await lister.chunks(of: document)
        } else {
            // Dense search inside one document returns its chunks nearest to the query, whatever their words.
            let queryText = state.question.trimmingWhitespace().isEmpty ? "summary of the main results" : state.question
            listed = try await context.retriever.retrieve(RetrievalQuery(text: queryText, k: maximumChunks, mode: .dense, filter: filter))
        }
        let chunks = Array(listed.filter { $0.chunk.id.document == document }.sorted { $0.chunk.id.ordinal < $1.chunk.id.ordinal }.prefix(maximumChunks))
        guard !chunks.isEmpty else { throw ChainError.noDocument(document.rawValue) }
        state.sources = chunks

        var groups: [Range<Int>] = []
        var start = 0
        var used = 0
        for (index, chunk) in chunks.enumerated() {
            let cost = context.tokenCounter.tokenCount(chunk.chunk.text)
            if index > start, used + cost > mapBudget {
                groups.append(start..<index)
                start = index
                used = 0
            }
            used += cost
        }
        groups.append(start..<chunks.count)

        let title = chunks[0].citation.title ?? document.rawValue
        if let model = context.languageModel {
            var partials: [String] = []
            for group in groups {
                let messages = mapTemplate.render([
                    "document": title, "sources": SourceFormatter.numbered(Array(chunks[group])),
                    "language": SourceFormatter.languageName(state.language),
                ])
                let result = try await model.generate(GenerationRequest(messages: messages, question: state.question, sources: Array(chunks[group]), maxTokens: 256))
                partials.append(Self.shiftMarkers(result.text, by: group.lowerBound))
            }
            let messages = reduceTemplate.render([
                "document": title, "input": partials.joined(separator: "\n\n"), "language": SourceFormatter.languageName(state.language),
            ])
            let request = GenerationRequest(messages: messages, question: state.question, sources: chunks, maxTokens: state.options.maxTokens ?? 512)
            if var sink = context.tokenSink(sourceCount: chunks.count) {
                var text = ""
                for try await piece in model.stream(request) {
                    text += piece
                    sink.send(piece)
                }
                sink.finish()
                state.answer = text
            } else {
                state.answer = try await model.generate(request).text
            }
            state.model = model.model
        } else {
            state.answer = offlineSummary(chunks, groups: groups)
            state.model = "extractive"
            if var sink = context.tokenSink(sourceCount: chunks.count) {
                sink.send(state.answer)
                sink.finish()
            }
        }
        state.hasGenerated = true
        return [
            "input": "\(chunks.count) chunks of \(document.rawValue)",
            "output": "\(groups.count) map groups, summary of \(state.answer.count) characters",
        ]
    }

    private func offlineSummary(_ chunks: [RetrievedChunk], groups: [Range<Int>]) -> String {
        struct Candidate {
            var chunkIndex: Int
            var order: Int
            var text: String
            var centrality: Double
        }
        var frequency: [String: Int] = [:]
        for chunk in chunks {
            for term in Set(TextAnalysis.contentTerms(chunk.chunk.text)) { frequency[term, default: 0] += 1 }
        }
        func centrality(_ sentence: String) -> Double {
            let terms = TextAnalysis.contentTerms(sentence)
            guard !terms.isEmpty else { return 0 }
            // Terms in one chunk only are noise; terms in every chunk are boilerplate. Reward the middle.
            let total = terms.reduce(0.0) { sum, term in
                let count = Double(frequency[term] ?? 0)
                return sum + (count > 1 ? min(count, Double(chunks.count) * 0.6) : 0)
            }
            return total / Double(terms.count).squareRoot()
        }
        var mapped: [Candidate] = []
        var order = 0
        for group in groups {
            var local: [Candidate] = []
            for index in group {
                for sentence in TextAnalysis.sentences(in: chunks[index].chunk.text) where ExtractiveGenerator.isQuotable(sentence) {
                    local.append(Candidate(chunkIndex: index, order: order, text: sentence, centrality: centrality(sentence)))
                    order += 1
                }
            }
            mapped += local.sorted { $0.centrality > $1.centrality }.prefix(2)
        }
        let reduced = mapped.sorted { $0.centrality > $1.centrality }.prefix(sentences).sorted { $0.order < $1.order }
        return reduced.map { ExtractiveGenerator.withMarker(CitationResolver.removingMarkers($0.text), marker: $0.chunkIndex + 1) }.joined(separator: " ")
    }

    /// Rewrites group-local markers `[i]` to document-wide `[offset + i]`.
    static func shiftMarkers(_ text: String, by offset: Int) -> String {
        guard offset > 0 else { return text }
        var output = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "[") {
            output += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "]"), let number = Int(rest[rest.index(after: open)..<close]) else {
                output.append("[")
                rest = rest[rest.index(after: open)...]
                continue
            }
            output += "[\(number + offset)]"
            rest = rest[rest.index(after: close)...]
        }
        return output + rest
    }
}
