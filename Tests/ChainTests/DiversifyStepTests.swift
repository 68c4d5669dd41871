import RAGCore
import Testing
import TestSupport

@testable import Chain

@Suite("Diversification")
struct DiversifyStepTests {
    @Test("MMR uses the retriever's stored vectors instead of embedding the chunks again")
    func storedVectorsAreUsed() async throws {
        let retriever = VectorServingRetriever()
        let counting = CountingEmbedder()
        let executor = ChainExecutor(retriever: retriever, generator: ExtractiveGenerator(embedder: nil), embedder: counting)
        _ = try await executor.run(question: "What gluino mass is excluded at 95% confidence level?")
        #expect(retriever.served.count > 1)
        #expect(counting.texts.count == 1, "only the query is embedded")
    }

    @Test("MMR with λ = 0 spreads picks over documents before repeating one")
    func diversityPrefersNewDocuments() async throws {
        var state = ChainState(question: "Higgs boson mass measurement")
        state.candidates = try await InMemoryRetriever().retrieve(RetrievalQuery(text: "Higgs boson mass measurement detector", k: 10))
        let context = ChainContext(retriever: InMemoryRetriever(), generator: ExtractiveGenerator(embedder: nil), embedder: HashEmbedder(dimension: 512, trigrams: true))
        _ = try await DiversifyStep(lambda: 0.3, k: 3).run(&state, context: context)
        let documents = state.candidates.map(\.chunk.id.document)
        #expect(Set(documents).count >= 2, "\(documents)")
        var relevanceOnly = ChainState(question: "Higgs boson mass measurement")
        relevanceOnly.candidates = try await InMemoryRetriever().retrieve(RetrievalQuery(text: "Higgs boson mass measurement detector", k: 10))
        let before = relevanceOnly.candidates.prefix(3).map(\.chunk.id)
        _ = try await DiversifyStep(lambda: 1, k: 3).run(&relevanceOnly, context: ChainContext(retriever: InMemoryRetriever(), generator: ExtractiveGenerator(embedder: nil)))
        #expect(relevanceOnly.candidates.map(\.chunk.id) == Array(before), "λ = 1 keeps the retrieval order")
    }

    @Test("The retriever's first hit is kept however far its embedding is from the question (a title page for 'who wrote')")
    func firstHitIsKept() async throws {
        var state = ChainState(question: "Higgs boson mass measurement")
        state.candidates = try await InMemoryRetriever().retrieve(RetrievalQuery(text: "Higgs boson mass measurement detector", k: 10))
        // Put the least relevant candidate first, as BM25 puts a title page first for a question naming the paper.
        let last = try #require(state.candidates.last)
        state.candidates = [last] + state.candidates.dropLast()
        let context = ChainContext(retriever: InMemoryRetriever(), generator: ExtractiveGenerator(embedder: nil), embedder: HashEmbedder(dimension: 512, trigrams: true))
        _ = try await DiversifyStep(lambda: 0.7, k: 3).run(&state, context: context)
        #expect(state.candidates.first?.chunk.id == last.chunk.id)
        #expect(state.candidates.count == 3)
    }

    @Test("A Chinese question's relevance is measured with its English reading, not the Chinese text the English model cannot read")
    func chineseQuestionIsReadInEnglish() async throws {
        struct Reading: QueryTranslator {
            func translate(_ query: String) -> QueryTranslation {
                QueryTranslation(lexical: query + " gluino mass", dense: "gluino mass", direction: .chineseToEnglish, terms: [], note: "test reading")
            }
        }
        var state = ChainState(question: "胶微子质量是多少？")
        state.candidates = try await InMemoryRetriever().retrieve(RetrievalQuery(text: "gluino mass excluded", k: 10))
        let counting = CountingEmbedder()
        var context = ChainContext(retriever: InMemoryRetriever(), generator: ExtractiveGenerator(embedder: nil), embedder: counting)
        context.translator = Reading()
        _ = try await DiversifyStep(lambda: 0.7, k: 3).run(&state, context: context)
        #expect(counting.texts.first == "gluino mass", "\(counting.texts.prefix(1))")
    }
}

