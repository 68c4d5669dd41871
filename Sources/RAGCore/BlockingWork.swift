import Foundation

/// Runs work that blocks its thread (a parser waiting for `pdftotext`, a read from a named pipe) on a thread of
/// its own.
///
/// Swift's cooperative pool has one thread per core, two on a small server. Work that waits there holds a thread
/// every request needs: two PDF uploads parsed on the pool would stall searches and `/healthz` until pdftotext
/// finished. A thread per call costs tens of microseconds, nothing next to starting a subprocess.
public enum BlockingWork {
    /// Runs `work` on a new thread and returns its result; cancelling the caller does not stop `work`.
    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            thread.start()
        }
    }
}
