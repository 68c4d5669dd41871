import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1
import RAGCore

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

/// Fetches http(s) URLs for ingestion on AsyncHTTPClient: pooled connections, a streamed body that is refused
/// as soon as it passes the size cap (memory stays bounded by the cap, however long the body), a read timeout
/// and a deadline for the whole transfer, redirects followed one hop at a time, and an address guard applied
/// to the address actually connected to.
///
/// Each hop resolves the host once (`AddressGuard.pin`), refuses it if any of its addresses is loopback,
/// private, link-local or metadata (unless allowed), and connects to the checked address while keeping the
/// name in the `Host` header and the TLS server name, so a DNS answer that changes between check and connect
/// (rebinding) cannot redirect the connection.
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
        /// Seconds for the whole transfer, redirects included.
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
        /// Test hook: answers name lookups instead of the system resolver (nil: `getaddrinfo`). Lets a test
        /// make a name resolve to a chosen address; never set outside tests.
        public var resolver: (@Sendable (String) -> [[UInt8]])?

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
        let start = ContinuousClock.now
        let deadline = NIODeadline.now() + .milliseconds(Int64(configuration.totalTimeout * 1000))
        var current = url
        var redirects = 0
        while true {
            let pinned = try AddressGuard.pin(
                current, allowPrivateAddresses: configuration.allowPrivateAddresses, allowedHosts: configuration.allowedHosts,
                redirect: redirects > 0, resolver: configuration.resolver)
            let client = FetchClients.shared.client(for: pinned, configuration: configuration)
            var request = HTTPClientRequest(url: current.absoluteString)
            request.headers.add(name: "User-Agent", value: configuration.userAgent)
            let response: HTTPClientResponse
            do {
                response = try await client.execute(request, deadline: deadline)
            } catch {
                throw transportFailure(error, url: url, hop: current, elapsed: ContinuousClock.now - start)
            }
            let status = Int(response.status.code)
            if (300..<400).contains(status), let location = response.headers.first(name: "Location") {
                guard let next = URL(string: location, relativeTo: current)?.absoluteURL else {
                    throw IngestError.fetchFailed(url: url.absoluteString, reason: "redirect to an unreadable location '\(location.prefix(200))'")
                }
                redirects += 1
                guard redirects <= configuration.maxRedirects else {
                    throw IngestError.fetchFailed(url: url.absoluteString, reason: "more than \(configuration.maxRedirects) redirects")
                }
                current = next
                continue
            }
            guard (200..<300).contains(status) else { throw IngestError.httpStatus(url: url.absoluteString, status: status) }
            if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > configuration.maxBytes {
                throw IngestError.tooLarge(source: url.absoluteString, limit: "\(Self.megabytes(configuration.maxBytes)) (Content-Length \(length))")
            }
            let expected = response.headers.first(name: "Content-Length").flatMap(Int.init)
            let data = try await collect(response.body, expectedBytes: expected, url: url, start: start)
            let declared = response.headers.first(name: "Content-Type")
            return FetchedResource(
                data: data, contentType: Self.effectiveContentType(declared: declared, data: data), finalURL: current, statusCode: status)
        }
    }

    /// Reads the body chunk by chunk (the client reads more only as chunks are taken), stopping as soon as it
    /// passes the cap: an endless body costs at most the cap in memory.
    private func collect(_ body: HTTPClientResponse.Body, expectedBytes: Int?, url: URL, start: ContinuousClock.Instant) async throws -> Data {
        var data = Data()
        if let expectedBytes { data.reserveCapacity(min(expectedBytes, configuration.maxBytes)) }
        do {
            for try await chunk in body {
                guard data.count + chunk.readableBytes <= configuration.maxBytes else {
                    throw IngestError.tooLarge(source: url.absoluteString, limit: Self.megabytes(configuration.maxBytes))
                }
                data.append(contentsOf: chunk.readableBytesView)
                // AsyncHTTPClient's deadline ends at the response head; a body trickling in faster than the
                // read timeout is stopped here. (One that stops altogether hits the read timeout.)
                if ContinuousClock.now - start > .milliseconds(Int64(configuration.totalTimeout * 1000)) {
                    throw transportFailure(HTTPClientError.deadlineExceeded, url: url, hop: url, elapsed: ContinuousClock.now - start, bytes: data.count)
                }
            }
        } catch let error as IngestError {
            throw error
        } catch {
            throw transportFailure(error, url: url, hop: url, elapsed: ContinuousClock.now - start, bytes: data.count)
        }
        return data
    }

    static func megabytes(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MB" : "\(bytes) bytes"
    }

    /// A transport error in words that say what happened and what to do: a connection refused (nothing listens
    /// there), a timeout, a body that arrives too slowly, a dropped connection.
    func transportFailure(_ error: any Error, url: URL, hop: URL, elapsed: Duration, bytes: Int? = nil) -> IngestError {
        if let error = error as? IngestError { return error }
        let host = hop.host ?? ""
        let port = hop.port.map { ":\($0)" } ?? ""
        let seconds = String(format: "%g", configuration.readTimeout)
        let total = String(format: "%g", configuration.totalTimeout)
        let received = bytes.map { " (\($0) bytes received)" } ?? ""
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout, .tlsHandshakeTimeout:
                return .fetchFailed(url: url.absoluteString, reason: "timed out: no connection to \(host)\(port) within \(seconds) s; the server is slow or unreachable")
            case .readTimeout:
                return .fetchFailed(url: url.absoluteString, reason: "timed out: no answer from \(host)\(port) within \(seconds) s\(received); the server is slow or unreachable")
            case .deadlineExceeded:
                return .fetchFailed(url: url.absoluteString, reason: "the transfer did not finish within \(total) s\(received); the server sends too slowly (or without end). Download the file and upload it instead")
            case .remoteConnectionClosed:
                return .fetchFailed(url: url.absoluteString, reason: "\(host)\(port) closed the connection before the response was complete\(received)")
            default:
                break
            }
        }
        if error is CancellationError {
            return .fetchFailed(url: url.absoluteString, reason: "the fetch was cancelled after \(elapsed)")
        }
        let text = "\(error)"
        if text.contains("refused") || text.contains("errno: 111") {
            return .fetchFailed(url: url.absoluteString, reason: "connection refused by \(host)\(port): nothing accepts connections there (wrong port, server down, or a firewall)")
        }
        if text.contains("unreachable") {
            return .fetchFailed(url: url.absoluteString, reason: "no network route to \(host)\(port) (\(text.prefix(200)))")
        }
        if text.lowercased().contains("certificate") || text.contains("TLS") || text.contains("SSL") {
            return .fetchFailed(url: url.absoluteString, reason: "the TLS connection to \(host) failed (\(text.prefix(200))); check the machine's clock and CA certificates (ca-certificates)")
        }
        return .fetchFailed(url: url.absoluteString, reason: String(text.prefix(300)))
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

/// One pooled `HTTPClient` per upstream: per host and checked address (the address is pinned through
/// AsyncHTTPClient's `dnsOverride`, which keeps the host name for `Host` and TLS), and per timeout. Kept for
/// the life of the process, at most `capacity`; the least recently used is shut down when a new one is needed.
final class FetchClients: Sendable {
    static let shared = FetchClients(capacity: 64)

    private struct Key: Hashable {
        var host: String
        var address: String?
        var readTimeoutMilliseconds: Int64
    }

    private let clients: LeastRecentlyUsed<Key, HTTPClient>

    init(capacity: Int) {
        clients = LeastRecentlyUsed(capacity: capacity)
    }

    /// The client for `target`, made on first use.
    func client(for target: AddressGuard.PinnedTarget, configuration: Fetcher.Configuration) -> HTTPClient {
        let milliseconds = Int64(configuration.readTimeout * 1000)
        let key = Key(host: target.host, address: target.address, readTimeoutMilliseconds: milliseconds)
        let (client, evicted) = clients.value(for: key) {
            var settings = HTTPClient.Configuration()
            settings.redirectConfiguration = .disallow  // each hop is checked by `Fetcher.fetch`
            settings.timeout = .init(connect: .milliseconds(milliseconds), read: .milliseconds(milliseconds))
            settings.connectionPool.retryConnectionEstablishment = false  // a refused connection fails at once
            settings.decompression = .disabled
            if let address = target.address { settings.dnsOverride = [target.host: address] }
            return HTTPClient(eventLoopGroupProvider: .singleton, configuration: settings)
        }
        if let evicted { Task { try? await evicted.shutdown() } }
        return client
    }
}
