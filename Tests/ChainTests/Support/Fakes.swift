import RAGCore
import Synchronization

@testable import Chain

/// A language model stand-in that answers every prompt with a fixed text (streamed word by word) and records
/// the requests it saw.
final class ScriptedGenerator: Generator, Sendable {
    let reply: @Sendable (GenerationRequest) -> String
    let model = "scripted"

    init(reply: @escaping @Sendable (GenerationRequest) -> String) {
        self.reply = reply
    }

    func generate(_ request: GenerationRequest) async throws -> GenerationResult {
        GenerationResult(text: reply(request), model: model)
    }

    func stream(_ request: GenerationRequest) -> AsyncThrowingStream<String, any Error> {
        let words = reply(request).split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        return AsyncThrowingStream { continuation in
            for (index, word) in words.enumerated() { continuation.yield(index == 0 ? word : " " + word) }
            continuation.finish()
        }
    }
}

/// A reranker that fails, to check how the executor reports a failing step.
struct FailingReranker: Reranker {
    struct Broken: Error, CustomStringConvertible {
        var description: String { "cross-encoder weights are missing" }
    }
    func rerank(_ chunks: [RetrievedChunk], for query: String, top: Int) async throws -> [RetrievedChunk] {
        throw Broken()
    }
}

/// A reranker that reverses the order, so tests can see it ran.
struct ReversingReranker: Reranker {
    func rerank(_ chunks: [RetrievedChunk], for query: String, top: Int) async throws -> [RetrievedChunk] {
        Array(chunks.reversed().prefix(top))
    }
}

/// Test calibration for the hash embedder (its cosines run lower than MiniLM's).
extension ExtractiveGenerator {
    static func hashed() -> ExtractiveGenerator {
        ExtractiveGenerator(embedder: HashEmbedder(), calibration: .init(embeddingWeight: 0.5, minimumEvidence: 0.45, minimumCoverage: 0.45, minimumSimilarity: 0.3))
    }
}

/// An embedder that maps every text to the same vector: cosine 1 to everything.
struct ConstantEmbedder: Embedder {
    var dimension: Int { 8 }
    var modelID: String { "constant" }
    func embed(_ texts: [String]) async throws -> [Vector] { texts.map { _ in Vector(repeating: 0.353_553_4, count: 8) } }
}

/// An embedder whose vectors are all zero: cosine 0 to everything.
struct ZeroEmbedder: Embedder {
    var dimension: Int { 8 }
    var modelID: String { "zero" }
    func embed(_ texts: [String]) async throws -> [Vector] { texts.map { _ in Vector(repeating: 0, count: 8) } }
}

/// Records the texts it embeds (hash vectors).
final class CountingEmbedder: Embedder, Sendable {
    private let seen = Mutex<[String]>([])
    var dimension: Int { 512 }
    var modelID: String { "counting" }
    var texts: [String] { seen.withLock { $0 } }
    func embed(_ texts: [String]) async throws -> [Vector] {
        seen.withLock { $0 += texts }
        return texts.map(HashEmbedder().vector)
    }
}
