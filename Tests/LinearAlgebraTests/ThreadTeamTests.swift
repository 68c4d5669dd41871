import Dispatch
import Foundation
import LinearAlgebra
import Synchronization
import Testing

@Suite("Thread team")
struct ThreadTeamTests {
    /// Counts, per member, how often `perform` ran it, and records which threads ran the members.
    /// (An NSLock, not `Mutex`: ThreadSanitizer does not see `Mutex`'s contended path, docs/testing.md.)
    final class Tally: @unchecked Sendable {
        // Sendable: both fields are only touched under `lock`.
        private let lock = NSLock()
        private var counts: [Int]
        private var threadIDs: Set<pthread_t> = []
        init(members: Int) { counts = Array(repeating: 0, count: members) }
        func record(_ member: Int) {
            lock.withLock {
                counts[member] += 1
                threadIDs.insert(pthread_self())
            }
        }
        var snapshot: [Int] { lock.withLock { counts } }
        var threads: Int { lock.withLock { threadIDs.count } }
    }

    @Test("perform runs every member exactly once per call, on the team's threads, and returns after all of them")
    func everyMemberOnce() {
        for size in [1, 2, 3] {
            let team = ThreadTeam(size: size)
            let tally = Tally(members: size)
            let finished = Atomic<Int>(0)
            for call in 1...500 {
                team.perform { member in
                    tally.record(member)
                    // ~20 µs of work, so that spinning helpers claim members while the caller is busy with one.
                    let end = DispatchTime.now().uptimeNanoseconds + 20_000
                    while DispatchTime.now().uptimeNanoseconds < end {}
                    finished.add(1, ordering: .relaxed)
                }
                // Everything a member did is complete and visible when perform returns.
                #expect(finished.load(ordering: .relaxed) == call * size)
            }
            #expect(tally.snapshot == Array(repeating: 500, count: size))
            // Members are claimed by whichever thread gets to them first: never more threads than the team has,
            // and with more than one member the helpers take part.
            #expect(tally.threads <= size)
            #expect(tally.threads > 1 || size == 1)
        }
    }

    @Test("Helpers that went to sleep between calls wake up and take part in the next call")
    func wakesSleepingHelpers() throws {
        let team = ThreadTeam(size: 2)
        let tally = Tally(members: 2)
        var shared = 0
        for _ in 0..<5 {
            Thread.sleep(forTimeInterval: 0.02)  // far past the spin limit: the helper parks on its semaphore
            let threads = Tally(members: 2)
            team.perform { member in
                tally.record(member)
                threads.record(member)
                usleep(20_000)  // while the caller sleeps in its member, a woken helper claims the other one
            }
            if threads.threads == 2 { shared += 1 }
        }
        #expect(tally.snapshot == [5, 5])
        // A helper that never woke would leave both members to the caller in every call.
        #expect(shared >= 1, "the helper took part in \(shared) of 5 calls")
    }

    @Test("Two callers at once both get every member run: one on the team, the other on its own thread")
    func concurrentCallers() async {
        let team = ThreadTeam(size: 2)
        let tallies = [Tally(members: 2), Tally(members: 2)]
        await withTaskGroup(of: Void.self) { group in
            for tally in tallies {
                group.addTask {
                    for _ in 0..<300 { team.perform { tally.record($0) } }
                }
            }
        }
        for tally in tallies { #expect(tally.snapshot == [300, 300]) }
    }

    @Test("Members writing disjoint parts of one buffer produce the whole result")
    func disjointWrites() {
        let team = ThreadTeam(size: 2)
        let count = 10_001
        let output = UnsafeMutableBufferPointer<Int>.allocate(capacity: count)
        defer { output.deallocate() }
        output.initialize(repeating: -1)
        let base = Int(bitPattern: output.baseAddress)
        team.perform { member in
            let pointer = UnsafeMutablePointer<Int>(bitPattern: base)!
            for i in (count * member / 2)..<(count * (member + 1) / 2) { pointer[i] = i * i }
        }
        #expect(output.enumerated().allSatisfy { $0.element == $0.offset * $0.offset })
    }

    @Test("A dropped team stops its helpers instead of leaking spinning threads, and names them")
    func droppedTeamStops() throws {
        // Each team's helper exits when the team is released; if it did not, 200 helpers named "tdrop-1" would stay.
        // (Counted by name: other suites run in parallel and start and stop threads of their own.)
        var teams: [ThreadTeam] = []
        for _ in 0..<200 {
            let team = ThreadTeam(size: 2, name: "tdrop")
            team.perform { _ in }
            teams.append(team)
        }
        // A helper names itself when it first runs, which on a loaded machine may be a moment after `start()`.
        var named = try threadNames().filter { $0 == "tdrop-1" }.count
        for _ in 0..<200 where named < 200 {
            Thread.sleep(forTimeInterval: 0.01)
            named = try threadNames().filter { $0 == "tdrop-1" }.count
        }
        #expect(named == 200)
        teams.removeAll()
        var left = try threadNames().filter { $0 == "tdrop-1" }.count
        for _ in 0..<200 where left > 0 {
            Thread.sleep(forTimeInterval: 0.01)
            left = try threadNames().filter { $0 == "tdrop-1" }.count
        }
        #expect(left == 0, "\(left) helper threads still running")
    }

    /// The names of this process's threads, from /proc (Linux).
    func threadNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").compactMap { task in
            try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
}
