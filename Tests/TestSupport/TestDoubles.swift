public import RAGCore
import Synchronization

/// A language model stand-in that answers every prompt with a fixed text (streamed word by word) and records
/// the requests it saw.
package final class ScriptedGenerator: Generator, Sendable {
    package let reply: @Sendable (GenerationRequest) -> String
    package let model = "scripted"

    package init(reply: @escaping @Sendable (GenerationRequest) -> String) {
        self.reply = reply
    }

    package func generate(_ request: GenerationRequest) async throws -> GenerationResult {
        GenerationResult(text: reply(request), model: model)
    }

    package func stream(_ request: GenerationRequest) -> AsyncThrowingStream<String, any Error> {
        let words = reply(request).split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        return AsyncThrowingStream { continuation in
            for (index, word) in words.enumerated() { continuation.yield(index == 0 ? word : " " + word) }
            continuation.finish()
        }
    }
}

/// A reranker that fails, to check how the executor reports a failing step.
package struct FailingReranker: Reranker {
    package init() {}
    package struct Broken: Error, CustomStringConvertible {
        package var description: String { "cross-encoder weights are missing" }
    }
    package func rerank(_ chunks: [RetrievedChunk], for query: String, top: Int) async throws -> [RetrievedChunk] {
        throw Broken()
    }
}

/// A reranker that reverses the order, so tests can see it ran.
package struct ReversingReranker: Reranker {
    package init() {}
    package func rerank(_ chunks: [RetrievedChunk], for query: String, top: Int) async throws -> [RetrievedChunk] {
        Array(chunks.reversed().prefix(top))
    }
}

/// An embedder that maps every text to the same vector: cosine 1 to everything.
package struct ConstantEmbedder: Embedder {
    package init() {}
    package var dimension: Int { 8 }
    package var modelID: String { "constant" }
    package func embed(_ texts: [String]) async throws -> [Vector] { texts.map { _ in Vector(repeating: 0.353_553_4, count: 8) } }
}

/// An embedder whose vectors are all zero: cosine 0 to everything.
package struct ZeroEmbedder: Embedder {
    package init() {}
    package var dimension: Int { 8 }
    package var modelID: String { "zero" }
    package func embed(_ texts: [String]) async throws -> [Vector] { texts.map { _ in Vector(repeating: 0, count: 8) } }
}

/// Records the texts it embeds (hash vectors).
package final class CountingEmbedder: Embedder, Sendable {
    package init() {}
    private let seen = Mutex<[String]>([])
    package var dimension: Int { 512 }
    package var modelID: String { "counting" }
    package var texts: [String] { seen.withLock { $0 } }
    package func embed(_ texts: [String]) async throws -> [Vector] {
        seen.withLock { $0 += texts }
        return texts.map(HashEmbedder(dimension: 512, trigrams: true).vector)
    }
}
