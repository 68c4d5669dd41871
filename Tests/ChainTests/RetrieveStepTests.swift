import RAGCore
import Testing
import TestSupport

@testable import Chain

@Suite("Retrieve step")
struct RetrieveStepTests {
    /// A passage of `document` titled `title`.
    static func passage(_ text: String, document: String, title: String, ordinal: Int) -> RetrievedChunk {
        let id = ChunkID(document: DocumentID(document), ordinal: ordinal)
        let chunk = Chunk(id: id, text: text, pageStart: ordinal + 1, pageEnd: ordinal + 1, sectionPath: [])
        let citation = Citation(chunkID: id, title: title, source: "file:///corpora/\(document).pdf", arxivID: nil, pageStart: 1, pageEnd: 1, section: nil)
        return RetrievedChunk(chunk: chunk, score: 0, citation: citation)
    }

    static let drellYan = "Measurement of charged-current Drell-Yan cross-sections at high transverse masses with the ATLAS detector"
    static let susy = "Search for squarks and gluinos in final states with jets and missing transverse momentum with the ATLAS detector"

    /// The Drell-Yan paper's many chunks repeat its title's words, so it fills the list for a question naming both
    /// papers; the squark paper's luminosity sentence names neither paper.
    static let chunks: [RetrievedChunk] = (0..<6).map { ordinal in
        passage(
            "The charged-current Drell-Yan cross-section is measured at high transverse masses (part \(ordinal)) with the ATLAS detector.",
            document: "dy", title: drellYan, ordinal: ordinal)
    } + [
        passage("A sample of 140 fb-1 of collision data, an integrated luminosity recorded in 2015-2018, is used.", document: "dy", title: drellYan, ordinal: 6),
        passage("A search for squarks and gluinos with the ATLAS detector is presented.", document: "susy", title: susy, ordinal: 0),
        passage("Data-quality criteria resulted in a total integrated luminosity of 3.2 fb-1 in 2015.", document: "susy", title: susy, ordinal: 1),
        passage("Squarks and gluinos are excluded up to masses of 1.5 TeV.", document: "susy", title: susy, ordinal: 2),
    ]

    /// The list a real index gives for a question naming two papers: the Drell-Yan paper's chunks, which repeat
    /// the words of its title, fill it, the squark paper comes last with its abstract; searches within one
    /// document go to an in-memory BM25 over the chunks. Records the queries.
    final class FilledList: Retriever, @unchecked Sendable {
        // @unchecked: `queries` is appended to by one test task at a time and read after the step returns.
        var queries: [RetrievalQuery] = []
        let inner = InMemoryRetriever(chunks: RetrieveStepTests.chunks)

        func retrieve(_ query: RetrievalQuery) async throws -> [RetrievedChunk] {
            queries.append(query)
            guard query.filter.documents != nil else {
                return Array((RetrieveStepTests.chunks.prefix(4) + [RetrieveStepTests.chunks[7]]).prefix(query.k)).enumerated().map { rank, hit in
                    var hit = hit
                    hit.score = 1 / Double(rank + 1)
                    return hit
                }
            }
            return try await inner.retrieve(query)
        }
    }

    @Test("A question about two papers is also searched inside each, without the words that name the papers")
    func twoPapersAreSearchedApart() async throws {
        let question = "Compare the integrated luminosity used by the ATLAS squark/gluino search and by the ATLAS high-mass charged-current Drell-Yan measurement."
        let retriever = FilledList()
        let context = ChainContext(retriever: retriever, generator: ExtractiveGenerator(embedder: nil))
        var state = ChainState(question: question)
        let details = try await RetrieveStep(k: 5, mode: .bm25, documents: 2, perDocument: 1).run(&state, context: context)
        #expect(state.candidates.prefix(5).map(\.chunk.text) == (RetrieveStepTests.chunks.prefix(4) + [RetrieveStepTests.chunks[7]]).map(\.chunk.text), "the list itself is unchanged")
        let added = state.candidates.dropFirst(5)
        #expect(added.map(\.chunk.text).contains { $0.contains("3.2 fb-1") }, "\(added.map(\.chunk.text))")
        #expect(added.map(\.chunk.text).contains { $0.contains("140 fb-1") }, "\(added.map(\.chunk.text))")
        #expect(added.allSatisfy { $0.score == 1 }, "each document's best takes the list's first score")
        #expect(details["output"]?.contains("2 from documents searched apart") == true, "\(details)")
        let apart = retriever.queries.dropFirst()
        #expect(apart.map { $0.filter.documents ?? [] } == [[DocumentID("dy")], [DocumentID("susy")]])
        #expect(apart.allSatisfy { $0.text == "Compare the integrated luminosity used by the and by the high-mass" }, "\(apart.map(\.text))")

        var single = ChainState(question: "What integrated luminosity does the ATLAS squark/gluino search use?")
        _ = try await RetrieveStep(k: 5, mode: .bm25, documents: 2, perDocument: 1).run(&single, context: context)
        #expect(single.candidates.count == 5, "a question asking one thing is not searched apart")
        var onePaper = ChainState(question: "What cross-section does the Drell-Yan measurement report? What integrated luminosity does it use?")
        _ = try await RetrieveStep(k: 5, mode: .bm25, documents: 2, perDocument: 1).run(&onePaper, context: context)
        #expect(onePaper.candidates.count == 5, "two questions about one paper do not search the list's other papers")
    }

    @Test("Removing the naming words keeps a word with any other term")
    func removingWords() {
        let naming = Set(TextAnalysis.contentTerms(Self.susy))
        #expect(RetrieveStep.removingWords(of: naming, from: "the squark/gluino search integrated luminosity") == "the integrated luminosity")
    }
}
