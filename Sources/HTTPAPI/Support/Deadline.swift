import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// The time limit of one request, from its head to the head of its response: reading the body, the
/// handler's work, and writing the response head. (The body of a streamed answer is written after the
/// head and runs past it; jobs run in the background and have none.)
///
/// `DeadlineResponder` runs the router under a deadline: when it passes, the handler's task is cancelled
/// and the caller is answered at once, 408 if the request body was still arriving and 503 if the work was
/// too slow, without waiting for the work to reach a cancellation point. Reading the request body goes
/// through `TrackedBody`, which records progress and turns a body cut short by cancellation into an
/// error, so a handler never sees a truncated upload as a complete one.
final class RequestDeadline: Sendable {
    /// The deadline of the request this task serves (set by `DeadlineResponder`).
    @TaskLocal static var current: RequestDeadline?

    private struct State {
        var expired = false
        var bodyStarted = false
        var bodyFinished = false
        var bodyBytes = 0
        /// A read of the body is under way (only one task may read it at a time).
        var isReading = false
        /// The responder has answered without the work: the body must not be read any more.
        var isAbandoned = false
    }

    /// Seconds the request may take; 0: no limit.
    let seconds: Double
    /// Whether this is an upload (`POST /v1/documents`), which has its own limit and advice.
    let isUpload: Bool
    /// Whether the upload names URLs to fetch (a JSON body) rather than carrying the document.
    let isFetch: Bool
    private let state = Mutex(State())

    init(seconds: Double, isUpload: Bool, isFetch: Bool = false) {
        self.seconds = seconds
        self.isUpload = isUpload
        self.isFetch = isFetch
    }

    /// Marks the deadline as passed.
    func expire() { state.withLock { $0.expired = true } }

    /// Whether the deadline has passed.
    var hasExpired: Bool { state.withLock { $0.expired } }

    /// A read of the body begins; throws once the responder has abandoned the body.
    func bodyReadStarting() throws {
        try state.withLock { state throws(CancellationError) in
            if state.isAbandoned { throw CancellationError() }
            state.bodyStarted = true
            state.isReading = true
        }
    }

    /// A read of the body ended with `bytes` (nil: the read failed or found the end).
    func bodyReadEnded(bytes: Int?) {
        state.withLock { state in
            state.isReading = false
            state.bodyBytes += bytes ?? 0
        }
    }

    func bodyFinished() { state.withLock { $0.bodyFinished = true } }

    /// Stops further reads of the body so the server may read (drain) it itself; false when a read is under
    /// way, which the cancelled work will end shortly (a body read is a cancellation point).
    func abandonBody() -> Bool {
        state.withLock { state in
            guard !state.isReading else { return false }
            state.isAbandoned = true
            return true
        }
    }

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
        if isFetch {
            return APIError(
                .serviceUnavailable,
                "The documents at the given URLs were not fetched and indexed within \(limit) s and were stopped; nothing was stored. The source sends too slowly (or without end): download the file and upload it, or raise uploadTimeoutSeconds.")
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
            try deadline.bodyReadStarting()
            let chunk: ByteBuffer?
            do {
                chunk = try await base.next()
            } catch {
                deadline.bodyReadEnded(bytes: nil)
                throw error
            }
            deadline.bodyReadEnded(bytes: chunk?.readableBytes)
            if let chunk { return chunk }
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

/// What ended the wait for a request's work.
private enum WorkOutcome: Sendable {
    case finished, expired, clientGone, cancelled
}

/// The first of several events to happen; the waiter is resumed exactly once.
private final class FirstOutcome: Sendable {
    private struct State {
        var outcome: WorkOutcome?
        var waiter: CheckedContinuation<WorkOutcome, Never>?
    }

    private let state = Mutex(State())

    /// Records `outcome` unless another came first.
    func settle(_ outcome: WorkOutcome) {
        let waiter = state.withLock { state -> CheckedContinuation<WorkOutcome, Never>? in
            guard state.outcome == nil else { return nil }
            state.outcome = outcome
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: outcome)
    }

    /// Waits for the first outcome.
    func wait() async -> WorkOutcome {
        await withCheckedContinuation { continuation in
            let settled = state.withLock { state -> WorkOutcome? in
                if state.outcome == nil { state.waiter = continuation }
                return state.outcome
            }
            if let settled { continuation.resume(returning: settled) }
        }
    }
}

/// Runs the inner responder (the router with all middleware) in a task of its own, under a
/// `RequestDeadline`, and stops it when the deadline passes or the client goes.
///
/// The caller gets its 408/503 when the deadline passes, not when the cancelled work next checks for
/// cancellation (at 64 concurrent answers that took 12 s instead of 5). Work whose client has closed the
/// connection is cancelled, so abandoned answers stop taking the CPU from live ones. The work keeps its
/// place in the `WorkLimiter` until it has really stopped.
struct DeadlineResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context == HepChainRequestContext {
    typealias Context = Inner.Context

    let inner: Inner
    /// Seconds for every request but uploads; 0 = no limit.
    let requestSeconds: Double
    /// Seconds for `POST /v1/documents`; 0 = no limit.
    let uploadSeconds: Double
    /// The server's connections, to learn when a client goes.
    let connections: ConnectionRegistry

    func respond(to request: Request, context: Context) async throws -> Response {
        let isUpload = request.method == .post && request.uri.path == "/v1/documents"
        let seconds = isUpload ? uploadSeconds : requestSeconds
        let isFetch = isUpload && request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true
        let deadline = RequestDeadline(seconds: seconds, isUpload: isUpload, isFetch: isFetch)
        var tracked = request
        tracked.body = RequestBody(asyncSequence: TrackedBody(base: request.body, deadline: deadline))
        let first = FirstOutcome()
        let work = Task { [tracked, inner] in
            defer { first.settle(.finished) }
            return try await RequestDeadline.$current.withValue(deadline) { try await inner.respond(to: tracked, context: context) }
        }
        let timer: Task<Void, Never>? =
            seconds > 0
            ? Task {
                try? await Task.sleep(for: .seconds(seconds))
                if !Task.isCancelled { first.settle(.expired) }
            } : nil
        let observer = connections.onClientGone(context.connection) { first.settle(.clientGone) }
        let outcome = await withTaskCancellationHandler {
            await first.wait()
        } onCancel: {
            first.settle(.cancelled)
        }
        timer?.cancel()
        connections.stopObserving(context.connection, token: observer)
        switch outcome {
        case .finished:
            return try await work.value
        case .expired:
            deadline.expire()
            work.cancel()
            // Answer now unless the work is in the middle of a body read, which cancellation ends at once;
            // then the error middleware answers, seeing the expired deadline.
            guard deadline.abandonBody() else { return try await work.value }
            let error = deadline.error
            context.logger.warning("request deadline passed", metadata: ["status": "\(error.status.code)", "seconds": "\(seconds)"])
            return jsonErrorResponse(error, requestID: context.id)
        case .clientGone, .cancelled:
            work.cancel()
            context.logger.info("client gone; work cancelled", metadata: ["path": "\(request.uri.path)"])
            return try await work.value
        }
    }
}
