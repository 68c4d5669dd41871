import Dispatch
import Foundation
import RAGCore
import Testing

@Suite("Blocking work")
struct BlockingWorkTests {
    @Test("Blocked work runs on threads of its own: four times as many calls as cores block at once, and all return")
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
                            _ = release.wait(timeout: .now() + 330)
                            return index
                        }
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
        }
        // Every call is blocked at the same time, four times as many as the pool has threads: each has a thread
        // of its own. (Polled, so this test holds no pool thread. The deadline is generous: in the full suite
        // other tests keep the pool busy, and the tasks above need it for a moment to start.)
        var blocked = 0
        let deadline = ContinuousClock.now + .seconds(300)
        while blocked < calls, ContinuousClock.now < deadline {
            if started.wait(timeout: .now()) == .success { blocked += 1 } else { try await Task.sleep(for: .milliseconds(5)) }
        }
        #expect(blocked == calls)

        for _ in 0..<calls { release.signal() }
        #expect(try await results.value.sorted() == Array(0..<calls))
    }

    @Test("An error thrown by the work reaches the caller")
    func errorsPropagate() async {
        struct Failure: Error, Equatable {}
        await #expect(throws: Failure()) { try await BlockingWork.run { throw Failure() } }
    }
}
