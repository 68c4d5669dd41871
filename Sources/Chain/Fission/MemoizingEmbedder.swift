import RAGCore
import Synchronization

/// An embedder that remembers the vectors of the texts it embedded, for one fission run.
///
/// A fission run answers hundreds of questions over overlapping passages: the expert's extractive answer
/// embeds the same candidate sentences again and again (a parent's cited passage is read by each child).
/// Texts seen before are served from memory; only new texts reach the wrapped embedder, in one call.
///
/// Usage example:
/// ```swift
/// let memo = MemoizingEmbedder(wrapping: embedder)
/// let vectors = try await memo.embed(["The detector is a cylinder.", "The magnet is solenoidal."])
/// ```
final class MemoizingEmbedder: Embedder {
    let base: any Embedder
    /// Largest number of vectors kept (about 1.5 kB each for 384 dimensions); past it the memory is cleared.
    let capacity: Int
    private let memory = Mutex<[String: Vector]>([:])
    private let counts = Mutex<(hits: Int, misses: Int)>((0, 0))

    init(wrapping base: any Embedder, capacity: Int = 200_000) {
        self.base = base
        self.capacity = capacity
    }

    var dimension: Int { base.dimension }
    var modelID: String { base.modelID }
    var threadsPerCall: Int { base.threadsPerCall }

    /// Texts served from memory and texts embedded, so far.
    var statistics: (hits: Int, misses: Int) { counts.withLock { $0 } }

    func embed(_ texts: [String]) async throws -> [Vector] {
        var found: [Vector?] = memory.withLock { memory in texts.map { memory[$0] } }
        var missing: [String] = []
        var seen = Set<String>()
        for (index, text) in texts.enumerated() where found[index] == nil && seen.insert(text).inserted { missing.append(text) }
        counts.withLock { $0.hits += texts.count - missing.count; $0.misses += missing.count }
        guard !missing.isEmpty else { return found.map { $0! } }
        let computed = try await base.embed(missing)
        guard computed.count == missing.count else { throw EmbeddingCountMismatch(expected: missing.count, got: computed.count) }
        let fresh = Dictionary(zip(missing, computed), uniquingKeysWith: { first, _ in first })
        memory.withLock { memory in
            if memory.count + fresh.count > capacity { memory.removeAll(keepingCapacity: true) }
            memory.merge(fresh, uniquingKeysWith: { _, new in new })
        }
        for index in texts.indices where found[index] == nil { found[index] = fresh[texts[index]] }
        return found.map { $0! }
    }
}

/// The wrapped embedder returned another number of vectors than texts.
struct EmbeddingCountMismatch: Error, CustomStringConvertible {
    var expected: Int
    var got: Int
    var description: String { "The embedder returned \(got) vectors for \(expected) texts." }
}
