import CPUHints
import Dispatch
import Foundation
import Synchronization

/// A fixed team of threads for fork–join work that is too short for a thread pool: the caller plus `size - 1`
/// helper threads that stay alive with the team.
///
/// A 13-wordpiece query makes 36 linear-layer calls of 0.1–0.3 ms each. Handing each to
/// `DispatchQueue.concurrentPerform` wakes a pool thread through the kernel and joins it again, tens of
/// microseconds a call on this VM. A team's helpers instead spin (with the CPU's pause hint) between calls for
/// about `spinLimit` pauses, so the next call starts on them within a cache-line transfer; after that they sleep
/// on a semaphore, so an idle team costs no CPU (docs/embedding.md, "Two threads for one query").
///
/// `perform` is safe to call from any thread; while one caller runs the team, another caller's `perform` runs
/// all of its members itself, one after another.
public final class ThreadTeam: Sendable {
    /// Members per `perform` call: the calling thread and `size - 1` helpers.
    public let size: Int
    private let state: TeamState

    /// Pauses a helper spins through, waiting for the next call, before it sleeps (~40–80 µs).
    static let spinLimit = 2_000

    /// - Parameters:
    ///   - size: members per call, the caller included (at least 1).
    ///   - name: the helpers' thread names are `name-1`, `name-2`, … (as `top -H`, `perf` and debuggers show them;
    ///     Linux keeps 15 bytes).
    public init(size: Int, name: String = "hc-team") {
        self.size = max(1, size)
        state = TeamState(helpers: self.size - 1)
        for member in 1..<self.size {
            let state = self.state
            let threadName = "\(name)-\(member)"
            let thread = Thread {
                nameCurrentThread(threadName)
                state.helperLoop(member: member)
            }
            thread.start()
        }
    }

    deinit { state.stop() }

    /// Runs `body(member)` for every member `0..<size` at once, member 0 on the calling thread, and returns when
    /// all have finished. The members' work must be independent (e.g. disjoint output columns).
    public func perform(_ body: @Sendable (_ member: Int) -> Void) {
        guard size > 1, state.busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            for member in 0..<size { body(member) }
            return
        }
        defer { state.busy.store(false, ordering: .releasing) }
        withoutActuallyEscaping(body) { job in
            state.job = job
            state.finished.store(0, ordering: .relaxed)
            state.generation.wrappingAdd(1, ordering: .sequentiallyConsistent)
            for sleeper in state.sleepers where sleeper.asleep.exchange(false, ordering: .sequentiallyConsistent) {
                sleeper.wake.signal()
            }
            job(0)
            var spins = 0
            while state.finished.load(ordering: .acquiring) < size - 1 {
                spins += 1
                // A helper that the hypervisor or the scheduler has descheduled needs this core back.
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
/// holds `busy`, before it publishes a new `generation` (sequentially consistent, so a release), and cleared by
/// it only after every helper has counted itself in `finished`; helpers read it only between observing that
/// generation (acquire) and adding to `finished` (release).
private final class TeamState: @unchecked Sendable {
    let generation = Atomic<Int>(0)
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

    func stop() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        for sleeper in sleepers where sleeper.asleep.exchange(false, ordering: .sequentiallyConsistent) {
            sleeper.wake.signal()
        }
    }

    func helperLoop(member: Int) {
        let sleeper = sleepers[member - 1]
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
            job?(member)
            finished.add(1, ordering: .releasing)
        }
    }
}
