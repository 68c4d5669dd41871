import Foundation
import Synchronization

/// Embeds concurrent small requests (search queries) together: requests that arrive while every model call
/// slot is busy wait for a slot and then run as one batch.
///
/// An encoder streams all of its weights once per call, whatever the batch; eight 13-token queries cost little
/// more as one 104-row call than one query alone. A request that finds a free slot (`maxConcurrentCalls`, one per
/// core by default) starts at once, so latency at low load is unchanged, and under load the batches grow by
/// themselves (dynamic batching, as inference servers do). Bulk ingestion should call the base embedder
/// directly, so queries never queue behind a long batch of passages.
///
/// Usage example:
/// ```swift
/// let queries = CoalescingEmbedder(base: bertEmbedder)
/// let vector = try await queries.embed(["What is the J/ψ width?"])   // batched with concurrent callers
/// ```
public final class CoalescingEmbedder: Embedder {
    /// The embedder that does the work.
    public let base: any Embedder
    /// Most texts in one combined call (a single larger request still runs, alone).
    public let maxTexts: Int
    /// Most calls to `base` at the same time.
    public let maxConcurrentCalls: Int

    public var dimension: Int { base.dimension }
    public var modelID: String { base.modelID }

    private struct Request {
        var texts: [String]
        var continuation: CheckedContinuation<[Vector], any Error>
    }

    private struct State {
        var waiting: [Request] = []
        var running = 0
    }

    private let state = Mutex(State())
    private let batchSizes = Mutex<[Int: Int]>([:])

    /// Wraps `base`; at most `maxTexts` texts are combined into one call, and at most `maxConcurrentCalls`
    /// calls run at once (nil: as many as the cores hold, `cores ÷ base.threadsPerCall`).
    public init(base: any Embedder, maxTexts: Int = 32, maxConcurrentCalls: Int? = nil) {
        self.base = base
        self.maxTexts = max(1, maxTexts)
        self.maxConcurrentCalls = max(1, maxConcurrentCalls ?? ProcessInfo.processInfo.activeProcessorCount / max(1, base.threadsPerCall))
    }

    /// Requests waiting for a call slot.
    public var queuedRequests: Int { state.withLock { $0.waiting.count } }

    /// How many combined calls carried how many requests, e.g. `[1: 40, 6: 12]`; for benchmarks and tests.
    public var batchSizeCounts: [Int: Int] { batchSizes.withLock { $0 } }

    public func embed(_ texts: [String]) async throws -> [Vector] {
        guard !texts.isEmpty else { return [] }
        return try await withCheckedThrowingContinuation { continuation in
            let startsRunner = state.withLock { state in
                state.waiting.append(Request(texts: texts, continuation: continuation))
                guard state.running < maxConcurrentCalls else { return false }
                state.running += 1
                return true
            }
            if startsRunner { Task { await self.runUntilIdle() } }
        }
    }

    /// Runs the waiting requests batch after batch until none is left.
    private func runUntilIdle() async {
        while true {
            let batch: [Request] = state.withLock { state in
                guard !state.waiting.isEmpty else {
                    state.running -= 1
                    return []
                }
                var taken = 0
                var texts = 0
                for request in state.waiting {
                    if taken > 0 && texts + request.texts.count > maxTexts { break }
                    taken += 1
                    texts += request.texts.count
                }
                let batch = Array(state.waiting.prefix(taken))
                state.waiting.removeFirst(taken)
                return batch
            }
            guard !batch.isEmpty else { return }
            batchSizes.withLock { $0[batch.count, default: 0] += 1 }
            do {
                let texts = batch.flatMap(\.texts)
                let vectors = try await base.embed(texts)
                guard vectors.count == texts.count else {
                    throw CoalescingEmbedderError.countMismatch(expected: texts.count, got: vectors.count)
                }
                var offset = 0
                for request in batch {
                    request.continuation.resume(returning: Array(vectors[offset..<offset + request.texts.count]))
                    offset += request.texts.count
                }
            } catch {
                for request in batch { request.continuation.resume(throwing: error) }
            }
        }
    }
}

/// The base embedder broke its contract.
public enum CoalescingEmbedderError: UserFacingError, Equatable {
    /// It returned a different number of vectors than texts.
    case countMismatch(expected: Int, got: Int)

    public var kind: ErrorKind { .internal }

    public var description: String {
        switch self {
        case .countMismatch(let expected, let got):
            "The embedder returned \(got) vectors for \(expected) texts. This is a bug in the embedder; report it with the model folder."
        }
    }
}
