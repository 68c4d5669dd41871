import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// The time limit of one request, from its head to the head of its response: reading the body, the
/// handler's work, and writing the response head. (The body of a streamed answer is written after the
/// head and runs past it; jobs run in the background and have none.)
///
/// `DeadlineResponder` runs the router under a deadline: when it passes, the handler's task is cancelled,
/// and the error middleware, seeing the expired deadline, answers 408 if the request body was still
/// arriving and 503 if the work was too slow. Reading the request body goes through `TrackedBody`, which
/// records progress and turns a body cut short by cancellation into an error, so a handler never sees a
/// truncated upload as a complete one.
final class RequestDeadline: Sendable {
    /// The deadline of the request this task serves (set by `DeadlineResponder`).
    @TaskLocal static var current: RequestDeadline?

    private struct State {
        var expired = false
        var bodyStarted = false
        var bodyFinished = false
        var bodyBytes = 0
    }

    /// Seconds the request may take.
    let seconds: Double
    /// Whether this is an upload (`POST /v1/documents`), which has its own limit and advice.
    let isUpload: Bool
    private let state = Mutex(State())

    init(seconds: Double, isUpload: Bool) {
        self.seconds = seconds
        self.isUpload = isUpload
    }

    /// Marks the deadline as passed.
    func expire() { state.withLock { $0.expired = true } }

    /// Whether the deadline has passed.
    var hasExpired: Bool { state.withLock { $0.expired } }

    func bodyReadStarted() { state.withLock { $0.bodyStarted = true } }
    func bodyReceived(_ bytes: Int) { state.withLock { $0.bodyBytes += bytes } }
    func bodyFinished() { state.withLock { $0.bodyFinished = true } }

    /// The error to answer with once the deadline has passed: 408 while the body was still arriving
    /// (the client was too slow), 503 once it had arrived (the server was).
    var error: APIError {
        let snapshot = state.withLock { $0 }
        let limit = Self.format(seconds)
        if snapshot.bodyStarted && !snapshot.bodyFinished {
            return APIError(
                .requestTimeout,
                "The request body did not arrive within \(limit) s (\(snapshot.bodyBytes) bytes received); the server stopped waiting. Send the body at once, or raise \(isUpload ? "uploadTimeoutSeconds" : "requestTimeoutSeconds").")
        }
        if isUpload {
            return APIError(
                .serviceUnavailable,
                "The upload was not indexed within \(limit) s and was stopped; nothing was stored. Retry later, or add documents by URL so they are indexed as a background job.")
        }
        return APIError(
            .serviceUnavailable, "The request took longer than \(limit) s and was stopped; try a smaller k or a simpler question, or retry later.")
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
    }
}

/// A request body that reports its progress to a deadline and fails, rather than ends, when the task
/// reading it is cancelled before the body is complete.
struct TrackedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    let base: RequestBody
    let deadline: RequestDeadline

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: RequestBody.AsyncIterator
        let deadline: RequestDeadline

        mutating func next() async throws -> ByteBuffer? {
            deadline.bodyReadStarted()
            if let chunk = try await base.next() {
                deadline.bodyReceived(chunk.readableBytes)
                return chunk
            }
            // A cancelled read may look like the end of the body; it is not.
            try Task.checkCancellation()
            deadline.bodyFinished()
            return nil
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), deadline: deadline)
    }
}

/// Runs the inner responder (the router with all middleware) under a `RequestDeadline`.
struct DeadlineResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context: Sendable {
    typealias Context = Inner.Context

    let inner: Inner
    /// Seconds for every request but uploads; 0 = no limit.
    let requestSeconds: Double
    /// Seconds for `POST /v1/documents`; 0 = no limit.
    let uploadSeconds: Double

    func respond(to request: Request, context: Context) async throws -> Response {
        let isUpload = request.method == .post && request.uri.path == "/v1/documents"
        let seconds = isUpload ? uploadSeconds : requestSeconds
        guard seconds > 0 else { return try await inner.respond(to: request, context: context) }
        let deadline = RequestDeadline(seconds: seconds, isUpload: isUpload)
        var tracked = request
        tracked.body = RequestBody(asyncSequence: TrackedBody(base: request.body, deadline: deadline))
        let work = tracked
        return try await withThrowingTaskGroup(of: Response?.self) { group in
            group.addTask {
                try await RequestDeadline.$current.withValue(deadline) { try await inner.respond(to: work, context: context) }
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                if !Task.isCancelled { deadline.expire() }
                return nil
            }
            while let finished = try await group.next() {
                group.cancelAll()
                // The work's response, or (the timer fired) the error middleware's answer once it stops.
                if let response = finished { return response }
            }
            throw CancellationError()
        }
    }
}
