#if canImport(Glibc)
import Glibc
#endif
import Foundation
import RAGCore
import Synchronization

/// An exclusive advisory lock (`flock`) on `<data folder>/index.lock`, held by a writer that must run alone:
/// two `hepchain index` runs over one data folder would otherwise both find the same files new, embed them
/// twice and both report them indexed. The second run waits for the first; then the files the first stored
/// are unchanged and skipped. The kernel drops the lock when the process ends, however it ends (kill -9
/// included), so a crash leaves nothing to clean up.
///
/// Usage example:
/// ```swift
/// let lock = try await DataFolderLock.acquire(folder: "./data") { print("another run holds the data folder; waiting") }
/// defer { lock.release() }
/// ```
public final class DataFolderLock: Sendable {
    /// The lock file's name inside the data folder.
    public static let fileName = "index.lock"

    /// The open lock file; -1 once released.
    private let descriptor: Mutex<Int32>

    private init(descriptor: Int32) {
        self.descriptor = Mutex(descriptor)
    }

    /// Takes the lock, waiting (polling every `interval` seconds) while another process holds it; `onWait` is
    /// called once, when the lock is first found taken. Cancelling the task stops the wait.
    /// - Throws: `ServiceError` (`.unavailable`) when the lock file cannot be opened or locked.
    public static func acquire(folder: String, interval: Double = 0.2, onWait: () -> Void = {}) async throws -> DataFolderLock {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = URL(fileURLWithPath: folder).appendingPathComponent(fileName).path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ServiceError(.unavailable, "Cannot open the lock file '\(path)': \(String(cString: strerror(errno))). Check that the data folder is writable.")
        }
        var hasWaited = false
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw ServiceError(.unavailable, "Cannot lock '\(path)': \(reason).")
            }
            if !hasWaited {
                hasWaited = true
                onWait()
            }
            do {
                try await Task.sleep(for: .milliseconds(Int(interval * 1_000)))
            } catch {
                close(descriptor)
                throw error
            }
        }
        return DataFolderLock(descriptor: descriptor)
    }

    /// Releases the lock; safe to call more than once.
    public func release() {
        descriptor.withLock { descriptor in
            guard descriptor >= 0 else { return }
            close(descriptor)  // closing the only descriptor of the open file drops the flock
            descriptor = -1
        }
    }

    deinit { release() }
}
