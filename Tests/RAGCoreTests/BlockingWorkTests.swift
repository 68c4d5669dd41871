import Dispatch
import Foundation
import RAGCore
import Testing

@Suite("Blocking work")
struct BlockingWorkTests {
    @Test("Blocked work, more calls than cores, leaves the cooperative pool free for other tasks, and returns its results")
    func blockedWorkDoesNotStarveThePool() async throws {
        let calls = 4 * ProcessInfo.processInfo.activeProcessorCount
        let release = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        let results = Task {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<calls {
                    group.addTask {
                        try await BlockingWork.run {
                            started.signal()
                            // Bounded, so a broken implementation fails the test instead of hanging it.
                            _ = release.wait(timeout: .now() + 20)
                            return index
                        }
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
        }
        // Every call is blocked at once: each has its own thread. (Polled, so this test holds no pool thread.)
        var blocked = 0
        let deadline = ContinuousClock.now + .seconds(20)
        while blocked < calls, ContinuousClock.now < deadline {
            if started.wait(timeout: .now()) == .success { blocked += 1 } else { try await Task.sleep(for: .milliseconds(5)) }
        }
        #expect(blocked == calls)

        // While they block, work on the cooperative pool still runs at once.
        let clock = ContinuousClock()
        let elapsed = await clock.measure {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<calls { group.addTask { _ = (0..<1_000).reduce(0, +) } }
            }
        }
        #expect(elapsed < .seconds(5), "pool tasks waited \(elapsed) behind blocked work")

        for _ in 0..<calls { release.signal() }
        #expect(try await results.value.sorted() == Array(0..<calls))
    }

    @Test("An error thrown by the work reaches the caller")
    func errorsPropagate() async {
        struct Failure: Error, Equatable {}
        await #expect(throws: Failure()) { try await BlockingWork.run { throw Failure() } }
    }
}
