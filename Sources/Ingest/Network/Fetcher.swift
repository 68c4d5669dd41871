public import Foundation
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Bytes fetched from a URL, with the content type (declared, or sniffed when the server says nothing useful).
public struct FetchedResource: Sendable {
    /// Body bytes.
    public var data: Data
    /// `Content-Type`, e.g. `text/html; charset=gbk`; sniffed from the bytes when missing or `application/octet-stream`.
    public var contentType: String?
    /// URL after redirects.
    public var finalURL: URL
    /// HTTP status code.
    public var statusCode: Int

    /// Creates a fetched resource.
    public init(data: Data, contentType: String?, finalURL: URL, statusCode: Int) {
        self.data = data
        self.contentType = contentType
        self.finalURL = finalURL
        self.statusCode = statusCode
    }
}

/// Fetches http(s) URLs for ingestion with timeouts, a size cap, a redirect limit, content-type sniffing, and a
/// guard that refuses loopback, private, link-local and metadata addresses (also on every redirect) unless allowed.
///
/// Usage example:
/// ```swift
/// let fetcher = Fetcher(configuration: .init(maxBytes: 50 << 20))
/// let resource = try await fetcher.fetch(ArxivID(identifier: "2303.12712").pdfURL)
/// let document = try AutoLoader().parse(resource.data, source: resource.finalURL.absoluteString, contentType: resource.contentType)
/// ```
public struct Fetcher: Sendable {
    /// Limits and policy.
    public struct Configuration: Sendable {
        /// Seconds to wait for a connection or between bytes before giving up.
        public var readTimeout: Double
        /// Seconds for the whole transfer.
        public var totalTimeout: Double
        /// Largest body accepted, in bytes.
        public var maxBytes: Int
        /// Most redirects followed.
        public var maxRedirects: Int
        /// Whether loopback, private and link-local addresses may be fetched (tests, trusted intranets).
        public var allowPrivateAddresses: Bool
        /// Hosts exempt from the address guard (an intranet wiki), matched exactly against the URL's host.
        public var allowedHosts: Set<String>
        /// `User-Agent` header.
        public var userAgent: String

        /// Creates a configuration; the defaults suit arXiv PDFs and institute pages.
        public init(
            readTimeout: Double = 20, totalTimeout: Double = 120, maxBytes: Int = 64 << 20, maxRedirects: Int = 5,
            allowPrivateAddresses: Bool = false, allowedHosts: Set<String> = [], userAgent: String = "HepChain/0.1"
        ) {
            self.allowedHosts = allowedHosts
            self.readTimeout = readTimeout
            self.totalTimeout = totalTimeout
            self.maxBytes = maxBytes
            self.maxRedirects = maxRedirects
            self.allowPrivateAddresses = allowPrivateAddresses
            self.userAgent = userAgent
        }
    }

    /// Limits and policy.
    public let configuration: Configuration

    /// Creates a fetcher.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Fetches `url`, following redirects within the limits; non-2xx answers are errors.
    public func fetch(_ url: URL) async throws -> FetchedResource {
        try AddressGuard.check(url, allowPrivateAddresses: configuration.allowPrivateAddresses, allowedHosts: configuration.allowedHosts)
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.timeoutIntervalForRequest = configuration.readTimeout
        sessionConfiguration.timeoutIntervalForResource = configuration.totalTimeout
        sessionConfiguration.httpAdditionalHeaders = ["User-Agent": configuration.userAgent]
        sessionConfiguration.urlCache = nil
        let delegate = FetchDelegate(configuration: configuration)
        let session = URLSession(configuration: sessionConfiguration, delegate: delegate, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        var request = URLRequest(url: url)
        request.timeoutInterval = configuration.readTimeout
        let task = session.dataTask(with: request)
        // Cancelling the calling task (Ctrl-C in `hepchain index`) cancels the transfer instead of waiting for it.
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<FetchDelegate.Outcome, Never>) in
                delegate.start(task, continuation: continuation)
            }
        } onCancel: {
            task.cancel()
        }
        if let failure = outcome.failure { throw failure }
        guard let response = outcome.response else {
            throw IngestError.fetchFailed(url: url.absoluteString, reason: "no response")
        }
        let finalURL = response.url ?? url
        guard (200..<300).contains(response.statusCode) else {
            if (300..<400).contains(response.statusCode) {
                throw IngestError.fetchFailed(url: url.absoluteString, reason: "redirect not followed (status \(response.statusCode))")
            }
            throw IngestError.httpStatus(url: url.absoluteString, status: response.statusCode)
        }
        let declared = response.value(forHTTPHeaderField: "Content-Type")
        return FetchedResource(
            data: outcome.data, contentType: Self.effectiveContentType(declared: declared, data: outcome.data),
            finalURL: finalURL, statusCode: response.statusCode)
    }

    /// The declared type, unless it is missing or generic; then a type sniffed from the first bytes.
    static func effectiveContentType(declared: String?, data: Data) -> String? {
        let mediaType = declared?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        let generic = ["", "application/octet-stream", "binary/octet-stream", "application/x-download", "application/force-download"]
        guard generic.contains(mediaType) else { return declared }
        switch AutoLoader.sniff(data.prefix(4_096), name: "", contentType: nil) {
        case .pdf: return "application/pdf"
        case .gzip: return "application/gzip"
        case .latexArchive: return "application/x-tar"
        case .html: return "text/html"
        case .feed: return "application/atom+xml"
        case .latex: return "application/x-tex"
        case .markdown: return "text/markdown"
        case .text: return TextDecoder.looksBinary(data) ? "application/octet-stream" : "text/plain"
        }
    }
}

/// Collects one transfer's response and body, enforcing the size cap and checking every redirect target.
final class FetchDelegate: NSObject, URLSessionDataDelegate, Sendable {
    struct Outcome: Sendable {
        var response: HTTPURLResponse?
        var data = Data()
        var failure: IngestError?
    }

    private struct State: Sendable {
        var outcome = Outcome()
        var redirects = 0
        var continuation: CheckedContinuation<Outcome, Never>?
    }

    private let configuration: Fetcher.Configuration
    private let state = Mutex(State())

    init(configuration: Fetcher.Configuration) {
        self.configuration = configuration
    }

    func start(_ task: URLSessionDataTask, continuation: CheckedContinuation<Outcome, Never>) {
        state.withLock { $0.continuation = continuation }
        task.resume()
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        let original = task.originalRequest?.url?.absoluteString ?? ""
        guard let target = request.url else {
            completionHandler(nil)
            return
        }
        let redirects = state.withLock { state -> Int in
            state.redirects += 1
            return state.redirects
        }
        if redirects > configuration.maxRedirects {
            fail(.fetchFailed(url: original, reason: "more than \(configuration.maxRedirects) redirects"), task: task, cancelling: false)
            completionHandler(nil)
            return
        }
        do {
            try AddressGuard.check(target, allowPrivateAddresses: configuration.allowPrivateAddresses, allowedHosts: configuration.allowedHosts, redirect: true)
        } catch {
            fail(error as? IngestError ?? .blockedURL(url: target.absoluteString, reason: "\(error)"), task: task, cancelling: false)
            completionHandler(nil)
            return
        }
        completionHandler(request)
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        let url = response.url?.absoluteString ?? ""
        if response.expectedContentLength > Int64(configuration.maxBytes) {
            fail(.tooLarge(source: url, limit: "\(configuration.maxBytes >> 20) MB (Content-Length \(response.expectedContentLength))"), task: dataTask)
            completionHandler(.cancel)
            return
        }
        state.withLock { $0.outcome.response = response as? HTTPURLResponse }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let isOverLimit = state.withLock { state -> Bool in
            guard state.outcome.failure == nil else { return false }
            state.outcome.data.append(data)
            return state.outcome.data.count > configuration.maxBytes
        }
        if isOverLimit {
            fail(.tooLarge(source: dataTask.originalRequest?.url?.absoluteString ?? "", limit: "\(configuration.maxBytes >> 20) MB"), task: dataTask)
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let continuation = state.withLock { state -> CheckedContinuation<Outcome, Never>? in
            if let error, state.outcome.failure == nil {
                let url = task.originalRequest?.url?.absoluteString ?? ""
                state.outcome.failure = Self.transportFailure(error as NSError, url: url, task: task, timeout: configuration.readTimeout)
            }
            defer { state.continuation = nil }
            return state.continuation
        }
        let outcome = state.withLock { $0.outcome }
        continuation?.resume(returning: outcome)
    }

    /// A transport error in words that say what happened and what to do: a name that does not resolve, a
    /// connection refused (nothing listens there), a timeout, no network.
    static func transportFailure(_ error: NSError, url: String, task: URLSessionTask, timeout: Double) -> IngestError {
        let host = task.currentRequest?.url?.host ?? task.originalRequest?.url?.host ?? ""
        let port = task.currentRequest?.url?.port.map { ":\($0)" } ?? ""
        switch error.code {
        case NSURLErrorTimedOut:
            return .fetchFailed(url: url, reason: "timed out: no answer from \(host)\(port) within \(String(format: "%g", timeout)) s; the server is slow or unreachable")
        case NSURLErrorCannotFindHost, NSURLErrorDNSLookupFailed:
            return .hostNotFound(url: url, host: host, reason: error.localizedDescription, temporary: error.code == NSURLErrorDNSLookupFailed)
        case NSURLErrorCannotConnectToHost:
            return .fetchFailed(url: url, reason: "connection refused by \(host)\(port): nothing accepts connections there (wrong port, server down, or a firewall)")
        case NSURLErrorNotConnectedToInternet, NSURLErrorNetworkConnectionLost:
            return .fetchFailed(url: url, reason: "no network connection (\(error.localizedDescription))")
        case NSURLErrorSecureConnectionFailed, NSURLErrorServerCertificateUntrusted, NSURLErrorServerCertificateHasBadDate,
            NSURLErrorServerCertificateNotYetValid, NSURLErrorServerCertificateHasUnknownRoot:
            return .fetchFailed(url: url, reason: "the TLS connection to \(host) failed (\(error.localizedDescription)); check the machine's clock and CA certificates (ca-certificates)")
        default:
            return .fetchFailed(url: url, reason: error.localizedDescription)
        }
    }

    /// Records the first failure; `cancelling` is false inside the redirect callback, where declining the
    /// redirect already ends the task (cancelling there makes FoundationNetworking deliver the callback twice).
    private func fail(_ error: IngestError, task: URLSessionTask, cancelling: Bool = true) {
        let isFirst = state.withLock { state -> Bool in
            guard state.outcome.failure == nil else { return false }
            state.outcome.failure = error
            return true
        }
        if isFirst, cancelling { task.cancel() }
    }
}
