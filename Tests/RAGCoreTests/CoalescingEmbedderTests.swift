import Foundation
import RAGCore
import Synchronization
import TestSupport
import Testing

@Suite("Coalescing embedder")
struct CoalescingEmbedderTests {
    @Test("By default the call slots are the cores divided by the threads one call of the model uses")
    func defaultSlotsFollowThreadsPerCall() {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        #expect(CoalescingEmbedder(base: ThreadedEmbedder(threadsPerCall: 1)).maxConcurrentCalls == cores)
        #expect(CoalescingEmbedder(base: ThreadedEmbedder(threadsPerCall: cores)).maxConcurrentCalls == 1)
        #expect(CoalescingEmbedder(base: ThreadedEmbedder(threadsPerCall: cores * 4)).maxConcurrentCalls == 1)
        #expect(CoalescingEmbedder(base: ThreadedEmbedder(threadsPerCall: 1), maxConcurrentCalls: 3).maxConcurrentCalls == 3)
    }

    @Test("Requests that arrive while the model is busy run as one call, and each caller gets its own vectors in order")
    func concurrentRequestsShareOneCall() async throws {
        let base = GatedEmbedder()
        let embedder = CoalescingEmbedder(base: base, maxTexts: 32, maxConcurrentCalls: 1)
        let first = Task { try await embedder.embed(["alpha"]) }
        // Wait until the first call holds the model.
        try await waitUntil { base.calls.withLock { $0.count } >= 1 }

        let texts = [["b"], ["cc", "ddd"], ["eeee"], ["fffff", "gg", "h"]]
        let waiting = texts.map { batch in Task { try await embedder.embed(batch) } }
        // All four are queued behind the held call before it is released.
        try await waitUntil { embedder.queuedRequests == texts.count }
        #expect(base.calls.withLock { $0.count } == 1, "nothing runs while the model is busy")
        base.released.withLock { $0 = true }

        #expect(try await first.value == [GatedEmbedder.vector(for: "alpha")])
        for (batch, task) in zip(texts, waiting) {
            #expect(try await task.value == batch.map(GatedEmbedder.vector(for:)))
        }
        let calls = base.calls.withLock { $0 }
        #expect(calls.count == 2, "\(calls)")
        // The four requests, in the order they queued (task start order is up to the scheduler), as one call.
        #expect(calls.last?.sorted() == texts.flatMap { $0 }.sorted())
        #expect(embedder.batchSizeCounts == [1: 1, 4: 1])
    }

    @Test("A lone request runs at once; the text limit splits a queue; an error reaches only the callers of that call")
    func limitsAndErrors() async throws {
        let base = GatedEmbedder()
        base.holdFirstCall.withLock { $0 = false }
        let embedder = CoalescingEmbedder(base: base, maxTexts: 3, maxConcurrentCalls: 1)
        #expect(try await embedder.embed(["solo"]) == [GatedEmbedder.vector(for: "solo")])
        #expect(base.calls.withLock { $0 } == [["solo"]])

        // Hold a call, queue 2 + 2 + 1 texts: the limit of 3 makes two calls of them ([2], [2, 1]).
        base.holdFirstCall.withLock { $0 = true }
        base.released.withLock { $0 = false }
        let held = Task { try await embedder.embed(["held"]) }
        try await waitUntil { base.calls.withLock { $0.count } >= 2 }
        let a = Task { try await embedder.embed(["a1", "a2"]) }
        try await waitUntil { embedder.queuedRequests == 1 }
        let b = Task { try await embedder.embed(["fail", "b2"]) }
        try await waitUntil { embedder.queuedRequests == 2 }
        let c = Task { try await embedder.embed(["c1"]) }
        try await waitUntil { embedder.queuedRequests == 3 }
        base.released.withLock { $0 = true }

        _ = try await held.value
        #expect(try await a.value.count == 2)
        await #expect(throws: CancellationError.self) { try await b.value }
        await #expect(throws: CancellationError.self) { try await c.value }
        #expect(base.calls.withLock { Array($0.dropFirst(2)) } == [["a1", "a2"], ["fail", "b2", "c1"]])
        #expect(try await embedder.embed([]) == [])
    }

    @Test("With two call slots, a second request starts at once beside a busy call; a third waits for a slot")
    func concurrentSlots() async throws {
        let base = GatedEmbedder()
        let embedder = CoalescingEmbedder(base: base, maxTexts: 32, maxConcurrentCalls: 2)
        let first = Task { try await embedder.embed(["held"]) }
        try await waitUntil { base.calls.withLock { $0.count } >= 1 }
        // The first call is held at the gate; the second slot is free.
        #expect(try await embedder.embed(["beside"]) == [GatedEmbedder.vector(for: "beside")])
        #expect(base.calls.withLock { $0 } == [["held"], ["beside"]])
        base.released.withLock { $0 = true }
        #expect(try await first.value == [GatedEmbedder.vector(for: "held")])
    }

    /// Polls `condition` until it holds; after two minutes fails the test and ends it (going on would leave a call
    /// held at the gate forever, and the test with it).
    private func waitUntil(_ condition: () -> Bool, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("condition not reached within two minutes", sourceLocation: sourceLocation)
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(1))
        }
    }
}
