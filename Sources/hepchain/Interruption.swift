import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT (Ctrl-C) and SIGTERM into a request to stop cleanly: the first one calls `onInterrupt` with the
/// signal number, and the caller winds its work down (`hepchain index` cancels the indexing task, saves the index
/// and prints a summary). A second signal exits at once with status 128 + signal: that is safe too, because every
/// document is stored in its own transaction and the index catches up with the store on the next open.
final class Interruption: Sendable {
    /// The first signal received; shared with the handlers.
    private final class State: Sendable {
        let received = Mutex<Int32?>(nil)
    }

    private let sources: Mutex<[any DispatchSourceSignal]>
    private let state = State()

    /// Starts watching; the default dispositions come back with `stop()`.
    init(onInterrupt: @escaping @Sendable (Int32) -> Void) {
        let state = self.state
        var made: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            // Dispatch sees the signal only when its default action (terminate) is off.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                let isFirst = state.received.withLock { received -> Bool in
                    guard received == nil else { return false }
                    received = number
                    return true
                }
                if isFirst {
                    onInterrupt(number)
                } else {
                    FileHandle.standardError.write(Data("\nStopped at once; stored documents are kept. Run the same command again to resume.\n".utf8))
                    exit(128 + number)
                }
            }
            source.resume()
            made.append(source)
        }
        sources = Mutex(made)
    }

    /// The first signal received, if any.
    var received: Int32? { state.received.withLock { $0 } }

    /// Stops watching and restores the default actions.
    func stop() {
        sources.withLock { sources in
            for source in sources { source.cancel() }
            sources.removeAll()
        }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
