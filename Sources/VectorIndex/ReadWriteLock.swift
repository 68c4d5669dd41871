import Foundation

/// A value shared by many readers and one writer at a time, writers first: once a writer waits, new readers
/// wait behind it, so a stream of searches cannot starve inserts. Built on `NSCondition` (a pthread mutex and
/// condition variable, which ThreadSanitizer understands).
final class ReadWriteLock<Value>: @unchecked Sendable {
    // Sendable: `value`, `readers`, `isWriting` and `waitingWriters` are only touched while `condition` is
    // locked, except `value`, which readers read between `beginRead`/`endRead` (no writer can be active then)
    // and the writer mutates between `beginWrite`/`endWrite` (no reader or other writer can be active then).
    private var value: Value
    private let condition = NSCondition()
    private var readers = 0
    private var isWriting = false
    private var waitingWriters = 0

    /// Wraps `value`.
    init(_ value: Value) { self.value = value }

    /// Runs `body` with shared read access; many readers may run at once.
    func read<Result>(_ body: (Value) throws -> Result) rethrows -> Result {
        condition.lock()
        while isWriting || waitingWriters > 0 { condition.wait() }
        readers += 1
        condition.unlock()
        defer {
            condition.lock()
            readers -= 1
            if readers == 0 { condition.broadcast() }
            condition.unlock()
        }
        return try body(value)
    }

    /// Runs `body` with exclusive write access.
    func write<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        condition.lock()
        waitingWriters += 1
        while isWriting || readers > 0 { condition.wait() }
        waitingWriters -= 1
        isWriting = true
        condition.unlock()
        defer {
            condition.lock()
            isWriting = false
            condition.broadcast()
            condition.unlock()
        }
        return try body(&value)
    }
}


/// A value behind a lock that ThreadSanitizer can see: `NSLock`, a pthread mutex, which TSan intercepts.
///
/// The index used `Synchronization.Mutex` here. On Linux its contended path (a short spin, then a PI futex that
/// the kernel acquires and releases for the thread) lives in the Swift runtime, which is not instrumented, so
/// under contention TSan sees no happens-before edge and reports the protected accesses as races: `make test`'s
/// ThreadSanitizer run failed that way on the scratch pool (`HNSWIndex.takeScratch`) once in several runs. The
/// critical sections here are a few instructions long, so the pthread mutex costs nothing measurable.
final class Locked<Value>: @unchecked Sendable {
    // Sendable: `value` is only read or written inside `withLock`, while `lock` is held.
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }

    /// Runs `body` with exclusive access to the value.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
