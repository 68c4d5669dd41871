import Dispatch
import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One part of an HTTP response as it arrives.
enum HTTPResponsePart: Sendable {
    /// Status and headers (lower-cased names); always first.
    case head(status: Int, headers: [String: String])
    /// A piece of the body, as the socket delivered it.
    case body(Data)
}

/// Sends one HTTP request and yields the response head and body pieces as they arrive, using a
/// `URLSession` delegate (FoundationNetworking has no `bytes(for:)` on Linux).
///
/// `connectTimeout` bounds the time until the response head; the session's request timeout
/// (`readTimeout`) bounds each wait for more bytes.
enum HTTPStreamingTransport {
    static func send(_ request: URLRequest, connectTimeout: Double, readTimeout: Double) -> AsyncThrowingStream<HTTPResponsePart, any Error> {
        AsyncThrowingStream { continuation in
            let delegate = StreamingDelegate(continuation: continuation)
            let configuration = URLSessionConfiguration.ephemeral
            configuration.timeoutIntervalForRequest = readTimeout
            configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
            let session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
            let task = session.dataTask(with: request)
            let url = request.url?.absoluteString ?? "?"
            // A Dispatch timer rather than a Task: CPU-bound work on the cooperative pool must not delay it.
            // After the response ends it does nothing: `fail` ignores a finished stream, `cancel` a finished task.
            DispatchQueue.global().asyncAfter(deadline: .now() + connectTimeout) {
                if !delegate.hasResponse.load(ordering: .acquiring) {
                    delegate.fail(ChainError.modelServerTimeout(url: url, seconds: connectTimeout))
                    task.cancel()
                }
            }
            continuation.onTermination = { _ in task.cancel() }
            task.resume()
            // Invalidate once the task ends; the session keeps its delegate alive until then.
            session.finishTasksAndInvalidate()
        }
    }
}

/// Forwards `URLSession` callbacks into an `AsyncThrowingStream`.
private final class StreamingDelegate: NSObject, URLSessionDataDelegate, Sendable {
    let continuation: AsyncThrowingStream<HTTPResponsePart, any Error>.Continuation
    let hasResponse = Atomic<Bool>(false)
    private let isFinished = Atomic<Bool>(false)

    init(continuation: AsyncThrowingStream<HTTPResponsePart, any Error>.Continuation) {
        self.continuation = continuation
    }

    func fail(_ error: any Error) {
        guard !isFinished.exchange(true, ordering: .acquiringAndReleasing) else { return }
        continuation.finish(throwing: error)
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        hasResponse.store(true, ordering: .releasing)
        let http = response as? HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http?.allHeaderFields ?? [:] {
            headers[String(describing: key).lowercased()] = String(describing: value)
        }
        continuation.yield(.head(status: http?.statusCode ?? 0, headers: headers))
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        continuation.yield(.body(data))
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        if let error {
            fail(error)
        } else if !isFinished.exchange(true, ordering: .acquiringAndReleasing) {
            continuation.finish()
        }
    }
}
