import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import RAGCore

/// The LLM client's HTTP on AsyncHTTPClient: one pooled `HTTPClient` per upstream (scheme, host, port and
/// timeouts), so consecutive questions reuse open connections instead of connecting (and shaking hands over TLS)
/// each time. The clients live for the process; at most `capacity` (64) are kept, the least recently used is
/// shut down when another is needed, and `shutdownAll()` closes the rest when the server stops.
///
/// The upstream is configured by the operator (often a model server on the same machine), so it is not held to
/// the document fetcher's private-address guard.
final class UpstreamHTTPClients: Sendable {
    static let shared = UpstreamHTTPClients(capacity: 64)

    struct Key: Hashable {
        var scheme: String
        var host: String
        var port: Int
        var connectMilliseconds: Int64
        var readMilliseconds: Int64
    }

    private let clients: LeastRecentlyUsed<Key, HTTPClient>

    init(capacity: Int) {
        clients = LeastRecentlyUsed(capacity: capacity)
    }

    /// The pooled client for `url`'s upstream, made on first use.
    func client(for url: URL, connectTimeout: Double, readTimeout: Double) -> HTTPClient {
        let scheme = url.scheme?.lowercased() ?? "http"
        let key = Key(
            scheme: scheme, host: url.host ?? "", port: url.port ?? (scheme == "https" ? 443 : 80),
            connectMilliseconds: Int64(connectTimeout * 1_000), readMilliseconds: Int64(readTimeout * 1_000))
        let (client, evicted) = clients.value(for: key) {
            var settings = HTTPClient.Configuration()
            settings.timeout = .init(connect: .milliseconds(key.connectMilliseconds), read: .milliseconds(key.readMilliseconds))
            // A refused connection fails at once; `OpenAIChatGenerator` retries with its own backoff.
            settings.connectionPool.retryConnectionEstablishment = false
            settings.redirectConfiguration = .disallow
            settings.decompression = .disabled
            return HTTPClient(eventLoopGroupProvider: .singleton, configuration: settings)
        }
        if let evicted { Task { try? await evicted.shutdown() } }
        return client
    }

    /// Shuts every client down (their connections close); a later request makes new ones.
    func shutdownAll() async {
        for client in clients.removeAll() { try? await client.shutdown() }
    }
}

/// One request to an upstream and its response: the head, then the body read piece by piece under a size cap
/// and a deadline for the whole transfer (the client's read timeout bounds each pause between pieces).
struct UpstreamExchange {
    /// Status code.
    var status: Int
    /// Response headers.
    var headers: HTTPHeaders
    private let body: HTTPClientResponse.Body
    private let url: String
    private let maxBytes: Int
    private let deadline: ContinuousClock.Instant
    private let totalTimeout: Double

    /// Sends `request` and waits for the response head until `headTimeout` seconds have passed.
    static func send(
        _ request: HTTPClientRequest, client: HTTPClient, url: String, headTimeout: Double, totalTimeout: Double, maxBytes: Int
    ) async throws -> UpstreamExchange {
        let start = ContinuousClock.now
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, deadline: .now() + .milliseconds(Int64(headTimeout * 1_000)))
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw ChainError.modelServerTimeout(url: url, seconds: headTimeout)
        }
        return UpstreamExchange(
            status: Int(response.status.code), headers: response.headers, body: response.body, url: url, maxBytes: maxBytes,
            deadline: start + .milliseconds(Int64(totalTimeout * 1_000)), totalTimeout: totalTimeout)
    }

    private init(
        status: Int, headers: HTTPHeaders, body: HTTPClientResponse.Body, url: String, maxBytes: Int, deadline: ContinuousClock.Instant,
        totalTimeout: Double
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url
        self.maxBytes = maxBytes
        self.deadline = deadline
        self.totalTimeout = totalTimeout
    }

    /// The body in pieces as they arrive; throws `responseTooLarge` past the cap and `modelServerTimeout` past the
    /// deadline (a body that trickles without end), with the connection closed either way.
    func pieces() -> AsyncThrowingStream<Data, any Error> {
        let body = body
        let (url, maxBytes, deadline, totalTimeout) = (url, maxBytes, deadline, totalTimeout)
        return AsyncThrowingStream { continuation in
            let reader = Task {
                do {
                    var received = 0
                    for try await buffer in body {
                        try Task.checkCancellation()
                        received += buffer.readableBytes
                        guard received <= maxBytes else { throw ChainError.responseTooLarge(url: url, limitBytes: maxBytes) }
                        continuation.yield(Data(buffer.readableBytesView))
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            // The deadline ends the stream by itself, for a body that pauses just under the read timeout each time:
            // the caller gets the timeout at once, whether or not the cancelled read returns promptly (waiting for
            // it, as a task group does, let a loaded host stretch a 1.5 s deadline past a minute).
            let timer = Task {
                try? await Task.sleep(until: deadline, clock: .continuous)
                guard !Task.isCancelled else { return }
                continuation.finish(throwing: ChainError.modelServerTimeout(url: url, seconds: totalTimeout))
                reader.cancel()
            }
            continuation.onTermination = { _ in
                reader.cancel()
                timer.cancel()
            }
        }
    }

    /// The whole body, for error answers and model lists (at most `limit` bytes are kept).
    func collect(limit: Int) async throws -> Data {
        var data = Data()
        for try await piece in pieces() where data.count < limit {
            data.append(piece.prefix(limit - data.count))
        }
        return data
    }
}
