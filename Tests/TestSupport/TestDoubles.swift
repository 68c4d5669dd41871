public import RAGCore
package import Foundation
package import Synchronization

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

/// A retriever that finds nothing, for chains whose steps do not retrieve.
package struct EmptyRetriever: Retriever {
    package init() {}
    package func retrieve(_ query: RetrievalQuery) async throws -> [RetrievedChunk] { [] }
}

/// A stand-in model: the vector of a text is its length and first character code; a call can be held at a gate,
/// and every call's texts are recorded.
package final class GatedEmbedder: Embedder {
    package init() {}

    package let dimension = 2
    package let modelID = "gated"
    package let calls = Mutex<[[String]]>([])
    package let holdFirstCall = Mutex(true)
    package let released = Mutex(false)

    package func embed(_ texts: [String]) async throws -> [Vector] {
        calls.withLock { $0.append(texts) }
        if holdFirstCall.withLock({ hold in defer { hold = false }; return hold }) {
            while !released.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(2)) }
        }
        if texts.contains("fail") { throw CancellationError() }
        return texts.map { Self.vector(for: $0) }
    }

    package static func vector(for text: String) -> Vector {
        [Float(text.count), Float(text.unicodeScalars.first?.value ?? 0)]
    }
}

/// A stand-in that says each call keeps `threadsPerCall` threads busy.
package struct ThreadedEmbedder: Embedder {
    package init(threadsPerCall: Int) { self.threadsPerCall = threadsPerCall }

    package let dimension = 1
    package let modelID = "threaded"
    package let threadsPerCall: Int
    package func embed(_ texts: [String]) async throws -> [Vector] { texts.map { _ in [1] } }
}

/// Counts the child's embedding calls across concurrent ingest tasks.
package actor CallCounter {
    package init() {}

    private var calls = 0
    package func next() -> Int {
        calls += 1
        return calls
    }
}

/// An embedder that is slow, and that stops answering for good after `stallAfter` calls, so the child can never
/// finish the batch: the kill always lands mid-batch, however loaded the machine is. When it stalls it writes
/// `stalledMarker`, which tells the parent the committed documents will not change any more.
package struct StallingEmbedder: Embedder {
    package let inner = HashEmbedder(dimension: 1024, modelID: "fake-hash-1024")
    package let counter = CallCounter()
    package let stallAfter: Int
    package let stalledMarker: URL

    package init(stallAfter: Int, stalledMarker: URL) {
        self.stallAfter = stallAfter
        self.stalledMarker = stalledMarker
    }

    package var dimension: Int { inner.dimension }
    package var modelID: String { inner.modelID }
    package func embed(_ texts: [String]) async throws -> [Vector] {
        try await Task.sleep(for: .milliseconds(20))
        if await counter.next() > stallAfter {
            _ = FileManager.default.createFile(atPath: stalledMarker.path, contents: Data())
            try await Task.sleep(for: .seconds(3600))
        }
        return try await inner.embed(texts)
    }
}
