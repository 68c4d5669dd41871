import CPUHints
import Dispatch
import Foundation
import Synchronization

/// A fixed team of threads for fork–join work that is too short for a thread pool: the caller plus `size - 1`
/// helper threads that stay alive with the team.
///
/// A 13-wordpiece query makes 36 linear-layer calls of 0.1–0.3 ms each, 10–30 µs apart. By then
/// `DispatchQueue.concurrentPerform`'s pool thread has gone to sleep, and waking it costs 3–6 µs a call on this
/// VM. A team's helpers instead spin (with the CPU's pause hint) between calls for about `spinLimit` pauses, so
/// the next call costs ~0.3 µs; after that they sleep on a semaphore, so an idle team costs no CPU
/// (`hepchain-bench kernel fork-join`; docs/embedding.md, "Few rows").
///
/// Members are claimed, not assigned: the caller and the helpers take the next unclaimed member until none is
/// left, so a helper the scheduler has not run yet delays nothing (on a loaded machine the caller runs them all,
/// as `concurrentPerform` would). `perform` is safe to call from any thread; while one caller runs the team,
/// another caller's `perform` runs all of its members itself, one after another.
public final class ThreadTeam: Sendable {
    /// Members per `perform` call: the calling thread and `size - 1` helpers.
    public let size: Int
    private let state: TeamState

    /// Pauses a helper spins through, waiting for the next call, before it sleeps (under 100 µs here: at a
    /// 100 µs gap, `hepchain-bench kernel fork-join` finds it asleep). A count, not a time: x86 `pause` takes 10–140
    /// cycles depending on the CPU, and ARM `yield` far less, so measure again on another machine.
    static let spinLimit = 2_000

    /// - Parameters:
    ///   - size: members per call, the caller included (at least 1).
    ///   - name: the helpers' thread names are `name-1`, `name-2`, … (as `top -H`, `perf` and debuggers show them;
    ///     Linux keeps 15 bytes).
    public init(size: Int, name: String = "hc-team") {
        self.size = max(1, size)
        state = TeamState(helpers: self.size - 1)
        for helper in 1..<self.size {
            let (state, size) = (self.state, self.size)
            let threadName = "\(name)-\(helper)"
            let thread = Thread {
                nameCurrentThread(threadName)
                state.helperLoop(helper: helper, size: size)
            }
            thread.start()
        }
    }

    deinit { state.stop() }

    /// Runs `body(member)` for every member `0..<size`, each exactly once, and returns when all have finished.
    /// The calling thread and the helpers claim members as they get to them, so on an idle machine they run at
    /// once and on a busy one the caller may run them all. The members' work must be independent (e.g. disjoint
    /// output columns).
    public func perform(_ body: @Sendable (_ member: Int) -> Void) {
        guard size > 1, state.busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            for member in 0..<size { body(member) }
            return
        }
        defer { state.busy.store(false, ordering: .releasing) }
        withoutActuallyEscaping(body) { job in
            state.job = job
            state.finished.store(0, ordering: .relaxed)
            state.next.store(0, ordering: .releasing)
            state.generation.wrappingAdd(1, ordering: .sequentiallyConsistent)
            for sleeper in state.sleepers where sleeper.asleep.exchange(false, ordering: .sequentiallyConsistent) {
                sleeper.wake.signal()
            }
            // The caller claims members too, so a helper the scheduler has not run yet delays nothing: on a busy
            // machine the caller ends up running them all, as `concurrentPerform` would.
            state.runMembers(size: size)
            var spins = 0
            while state.finished.load(ordering: .acquiring) < size {
                spins += 1
                // A helper that claimed a member and was then descheduled needs this core back.
                if spins % 4_096 == 0 { sched_yield() } else { hepchain_spin_pause() }
            }
            state.job = nil
        }
    }
}

/// Sets the running thread's name for the OS (Foundation's `Thread.name` does not reach it on Linux, and Glibc's
/// module does not export `pthread_setname_np`: the kernel's own file for it is used instead).
private func nameCurrentThread(_ name: String) {
    #if os(Linux)
    try? name.write(toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)
    #elseif canImport(Darwin)
    _ = pthread_setname_np(name)
    #endif
}

/// What a `ThreadTeam` shares with its helper threads (which do not keep the team itself alive).
///
/// Sendable: every stored property except `job` is atomic or immutable. `job` is written only by the thread that
/// holds `busy`: before it resets `next` (release) for a call, and cleared only after all members have counted
/// themselves in `finished`. A thread reads it only after claiming a member from `next` (acquire), i.e. between
/// that reset and the member's count in `finished` (release).
private final class TeamState: @unchecked Sendable {
    let generation = Atomic<Int>(0)
    /// The next member of the current call to claim; `size` or more when all are claimed (and between calls).
    let next = Atomic<Int>(Int.max / 2)
    /// Members of the current call that have finished.
    let finished = Atomic<Int>(0)
    let busy = Atomic<Bool>(false)
    let stopping = Atomic<Bool>(false)
    var job: (@Sendable (Int) -> Void)?
    let sleepers: [Sleeper]

    /// One helper's parking place: it sets `asleep` and waits on `wake`; whoever resets `asleep` signals `wake`.
    final class Sleeper: Sendable {
        let asleep = Atomic<Bool>(false)
        let wake = DispatchSemaphore(value: 0)
    }

    init(helpers: Int) {
        sleepers = (0..<helpers).map { _ in Sleeper() }
    }

    /// Claims and runs members of the current call until none is left.
    func runMembers(size: Int) {
        while true {
            let member = next.add(1, ordering: .acquiringAndReleasing).oldValue
            guard member < size else { return }
            run(member)
            finished.add(1, ordering: .releasing)
        }
    }

    /// Calls `job` for one member. Not inlined: the reference it takes to the closure must be released before the
    /// member is counted in `finished`, or the caller's `withoutActuallyEscaping` could see it and trap.
    @inline(never)
    private func run(_ member: Int) {
        guard let job else { preconditionFailure("ThreadTeam: member \(member) claimed with no call in flight") }
        job(member)
    }

    func stop() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        for sleeper in sleepers where sleeper.asleep.exchange(false, ordering: .sequentiallyConsistent) {
            sleeper.wake.signal()
        }
    }

    func helperLoop(helper: Int, size: Int) {
        let sleeper = sleepers[helper - 1]
        var seen = 0  // the initial generation: a call made before this thread started is still seen as new
        while true {
            var spins = 0
            var current = generation.load(ordering: .acquiring)
            while current == seen {
                if stopping.load(ordering: .relaxed) { return }
                spins += 1
                if spins < ThreadTeam.spinLimit {
                    hepchain_spin_pause()
                } else {
                    // Park. The store and the re-check are sequentially consistent, as are the caller's generation
                    // bump and its exchange of `asleep`: either this helper sees the new generation, or the caller
                    // sees `asleep` and signals.
                    sleeper.asleep.store(true, ordering: .sequentiallyConsistent)
                    if generation.load(ordering: .sequentiallyConsistent) == seen
                        && !stopping.load(ordering: .sequentiallyConsistent)
                    {
                        sleeper.wake.wait()
                    } else if !sleeper.asleep.exchange(false, ordering: .sequentiallyConsistent) {
                        sleeper.wake.wait()  // a caller took the flag and signals: consume it
                    }
                    spins = 0
                }
                current = generation.load(ordering: .acquiring)
            }
            seen = current
            runMembers(size: size)
        }
    }
}
