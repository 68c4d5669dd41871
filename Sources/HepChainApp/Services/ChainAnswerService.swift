import Chain
public import KnowledgeBase
public import RAGCore

/// `AnswerService` over the chain executor, retrieving from the request's collection.
struct ChainAnswerService: AnswerService {
    let executor: ChainExecutor
    let knowledgeBase: KnowledgeBase

    var chains: [String] { executor.library.chains.keys.sorted() }

    func ask(_ request: AskRequest) async throws -> Answer {
        try await executor(for: request.collection).run(
            chain: request.chain, question: request.question, history: request.history, options: ChainOptions(filter: request.filter))
    }

    func stream(_ request: AskRequest) -> AsyncThrowingStream<AskEvent, any Error> {
        // The executor renumbers markers while streaming, so the tokens concatenate to the answer's text.
        let events = executor(for: request.collection).stream(
            chain: request.chain, question: request.question, history: request.history, options: ChainOptions(filter: request.filter))
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await event in events {
                        switch event {
                        case .token(let text):
                            continuation.yield(.token(text))
                        case .answer(let answer):
                            continuation.yield(.done(answer))
                        case .step: break
                        }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private func executor(for collection: String) -> ChainExecutor {
        var executor = executor
        executor.context.retriever = CollectionRetriever(knowledgeBase: knowledgeBase, collection: collection)
        return executor
    }
}

/// Retrieves from one named collection (the chains' retriever for a request; also `hepchain fission`).
public struct CollectionRetriever: Retriever {
    let knowledgeBase: KnowledgeBase
    let collection: String

    /// A retriever over `collection` of `knowledgeBase`.
    public init(knowledgeBase: KnowledgeBase, collection: String) {
        self.knowledgeBase = knowledgeBase
        self.collection = collection
    }

    /// The best chunks of the collection for `query`.
    public func retrieve(_ query: RetrievalQuery) async throws -> [RetrievedChunk] {
        try await knowledgeBase.search(query, in: collection)
    }
}

extension CollectionRetriever: ChunkVectorProvider {
    /// The stored vectors of retrieved chunks (MMR diversification reuses them instead of embedding again).
    public func vectors(for ids: [ChunkID]) async throws -> [Vector?] {
        try await knowledgeBase.vectors(for: ids)
    }
}
