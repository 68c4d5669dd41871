import Foundation
import RAGCore
import Testing

@testable import HTTPAPI
@testable import HepChainApp

/// Rate limiting (429 + Retry-After) and per-request deadlines (408 for a slow body, 503 for slow work),
/// each on its own server over the shared runtime so the shared server keeps its defaults.
@Suite("HTTP API limits", .serialized)
struct LimitsTests {
    @Test("The token bucket allows a burst, refills at the rate, and says how long to wait")
    func tokenBucket() {
        let limiter = RateLimiter(rate: 2, burst: 3)
        let start = ContinuousClock.now
        for _ in 0..<3 { #expect(limiter.acquire("a", now: start).allowed) }
        let refused = limiter.acquire("a", now: start)
        #expect(!refused.allowed)
        #expect(abs(refused.retryAfter - 0.5) < 1e-9)
        #expect(limiter.acquire("b", now: start).allowed, "clients have their own buckets")
        #expect(!limiter.acquire("a", now: start + .milliseconds(400)).allowed)
        #expect(limiter.acquire("a", now: start + .milliseconds(500)).allowed)
        // After a long pause the bucket is full again, not fuller.
        let later = start + .seconds(60)
        for _ in 0..<3 { #expect(limiter.acquire("a", now: later).allowed) }
        #expect(!limiter.acquire("a", now: later).allowed)
    }

    @Test("Full buckets of idle clients are dropped when the table grows")
    func pruning() {
        let limiter = RateLimiter(rate: 10, burst: 2, pruneThreshold: 16)
        let start = ContinuousClock.now
        for client in 0..<16 { _ = limiter.acquire("client-\(client)", now: start) }
        #expect(limiter.clientCount == 16)
        _ = limiter.acquire("late", now: start + .seconds(5))
        #expect(limiter.clientCount == 1, "only the client that just spent a token keeps a bucket")
    }

    @Test("A client over its rate gets 429 with Retry-After and a JSON error, others do not, and it recovers")
    func rateLimit() async throws {
        let server = try await TestServer.variant { configuration in
            configuration.apiKeys = ["test-key", "other-key"]
            configuration.rateLimitPerSecond = 0.25
            configuration.rateLimitBurst = 3
        }
        defer { server.stop() }
        let client = server.client
        let keyA = ["Authorization": "Bearer test-key"]
        let start = ContinuousClock.now
        var allowed = 0
        var refused: LoopbackClient.Reply?
        for _ in 0..<12 {
            let reply = try await client.get("/v1/collections", headers: keyA)
            if reply.status == 429 {
                refused = reply
                break
            }
            #expect(reply.status == 200, "\(reply.text)")
            allowed += 1
        }
        let elapsed = Double((ContinuousClock.now - start).components.seconds) + 1
        let limited = try #require(refused, "no 429 after \(allowed) requests")
        // The burst, plus whatever refilled while the requests ran (slow on a loaded machine).
        #expect(allowed >= 3 && Double(allowed) <= 3 + elapsed * 0.25 + 1, "\(allowed) requests allowed in \(elapsed) s")
        let body = try limited.json()["error"] as? [String: Any]
        #expect(body?["type"] as? String == "rate_limit_error")
        #expect((body?["message"] as? String)?.contains("Too many requests") == true, "\(limited.text)")
        #expect(body?["request_id"] is String)
        let retryAfter = try #require(limited.headers["retry-after"].flatMap(Int.init), "\(limited.headers)")
        #expect((1...4).contains(retryAfter))

        // Another key, and a client without a key (keyed by address), have their own buckets; probes pass.
        #expect(try await client.get("/v1/collections", headers: ["Authorization": "Bearer other-key"]).status == 200)
        #expect(try await client.get("/v1/collections").status == 200)
        #expect(try await client.get("/healthz", headers: keyA).status == 200)
        // An invented key does not escape the limit: it counts against the address, like no key.
        var inventedRefused = false
        for _ in 0..<10 where !inventedRefused {
            inventedRefused = try await client.get("/v1/collections", headers: ["Authorization": "Bearer invented"]).status == 429
        }
        #expect(inventedRefused)
        #expect(try await client.get("/v1/collections").status == 429, "the invented key emptied the address's bucket")

        // After waiting as told, the client is served again.
        var wait = retryAfter
        var recovered = false
        let deadline = ContinuousClock.now + .seconds(60)
        while !recovered && ContinuousClock.now < deadline {
            try await Task.sleep(for: .seconds(wait))
            let reply = try await client.get("/v1/collections", headers: keyA)
            recovered = reply.status == 200
            wait = reply.headers["retry-after"].flatMap(Int.init) ?? 1
        }
        #expect(recovered)
        let metrics = try await client.get("/metrics")
        #expect(metrics.text.contains(#"route="/v1/collections",status="429"}"#), "\(metrics.text.prefix(2000))")
    }

    @Test("An upload whose body trickles in slower than the deadline gets 408 and stores nothing")
    func slowUpload() async throws {
        let server = try await TestServer.variant { configuration in
            configuration.uploadTimeoutSeconds = 3
            configuration.requestTimeoutSeconds = 3
        }
        defer { server.stop() }
        _ = try await server.client.post("/v1/collections", json: ["name": "trickle"], headers: ["Authorization": "Bearer test-key"])
        let body = Data(String(repeating: "The J/psi meson was discovered in 1974. ", count: 50).utf8)
        let head = """
            POST /v1/documents?collection=trickle&filename=slow.txt HTTP/1.1\r
            Host: 127.0.0.1\r
            Authorization: Bearer test-key\r
            Content-Type: text/plain\r
            Content-Length: \(body.count)\r
            \r

            """
        let connection = try RawHTTPConnection(port: server.port)
        let reply = try await connection.trickle(head: head, body: body, interval: 0.25, limit: 90)
        #expect(reply.status == 408, "\(String(decoding: reply.body, as: UTF8.self))")
        #expect(reply.seconds >= 2.5 && reply.seconds < 60, "replied after \(reply.seconds) s")
        #expect(reply.bodyBytesSent < body.count, "the reply came before the body was complete")
        let error = (try JSONSerialization.jsonObject(with: reply.body) as? [String: Any])?["error"] as? [String: Any]
        #expect(error?["type"] as? String == "timeout_error")
        #expect((error?["message"] as? String)?.contains("did not arrive within 3 s") == true, "\(error ?? [:])")
        #expect(reply.headers["connection"] == "close")
        #expect(reply.headers["content-type"]?.hasPrefix("application/json") == true)

        let listed = try await server.client.get("/v1/documents?collection=trickle")
        #expect((try listed.json()["documents"] as? [Any])?.isEmpty == true, "a cut upload stores nothing: \(listed.text)")
        // The server is fine afterwards.
        #expect(try await server.client.get("/healthz").status == 200)
    }

    @Test("A JSON body that trickles in slower than the request deadline gets 408")
    func slowJSONBody() async throws {
        let server = try await TestServer.variant { configuration in configuration.requestTimeoutSeconds = 2 }
        defer { server.stop() }
        let body = Data(#"{"query": "J/psi mass", "k": 3, "mode": "hybrid"}"#.utf8)
        let head = "POST /v1/search HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
        let reply = try await RawHTTPConnection(port: server.port).trickle(head: head, body: body, interval: 0.5, limit: 90)
        #expect(reply.status == 408, "\(String(decoding: reply.body, as: UTF8.self))")
        #expect(reply.seconds < 60)
    }

    @Test("A handler slower than the request deadline gets 503 with a JSON error; other requests are unaffected")
    func slowHandler() async throws {
        let server = try await TestServer.variant(
            configure: { configuration in configuration.requestTimeoutSeconds = 2 },
            services: { services in
                var services = services
                services.answers = StalledAnswers(base: services.answers)
                return services
            })
        defer { server.stop() }
        let start = ContinuousClock.now
        let reply = try await server.client.post("/v1/ask", json: ["question": "What is the mass of the J/ψ meson?"])
        let elapsed = ContinuousClock.now - start
        #expect(reply.status == 503, "\(reply.text)")
        #expect(elapsed >= .milliseconds(1_900) && elapsed < .seconds(60), "\(elapsed)")
        let error = try reply.json()["error"] as? [String: Any]
        #expect(error?["type"] as? String == "service_unavailable")
        #expect((error?["message"] as? String)?.contains("longer than 2 s") == true, "\(reply.text)")
        // Search does not go through the stalled service and answers normally.
        let search = try await server.client.post("/v1/search", json: ["query": "J/psi mass", "k": 2])
        #expect(search.status == 200, "\(search.text)")
    }

    @Test("Invalid limits are rejected with a message naming the setting")
    func invalidConfiguration() {
        #expect(throws: ConfigurationError.self) {
            _ = try ServerConfiguration.resolve(dataFolder: "/nonexistent", configFile: nil, environment: [:]) { $0.rateLimitPerSecond = -1 }
        }
        // A wrong query precision is caught when the configuration is read, not later when the model loads.
        do {
            _ = try ServerConfiguration.resolve(
                dataFolder: "/nonexistent", configFile: nil, environment: ["HEPCHAIN_QUERY_PRECISION": "int8"])
            Issue.record("queryPrecision int8 was accepted")
        } catch {
            #expect("\(error)".contains("queryPrecision must be float32 or float16 or bfloat16; got 'int8'"), "\(error)")
        }
        let configuration = try? ServerConfiguration.resolve(
            dataFolder: "/nonexistent", configFile: nil,
            environment: ["HEPCHAIN_RATE_LIMIT": "5", "HEPCHAIN_RATE_LIMIT_BURST": "10", "HEPCHAIN_REQUEST_TIMEOUT": "30", "HEPCHAIN_UPLOAD_TIMEOUT": "600"])
        #expect(configuration?.rateLimitPerSecond == 5 && configuration?.rateLimitBurst == 10)
        #expect(configuration?.requestTimeoutSeconds == 30 && configuration?.uploadTimeoutSeconds == 600)
    }
}

/// Answers nothing until cancelled: stands in for a generator that hangs.
struct StalledAnswers: AnswerService {
    let base: any AnswerService
    var chains: [String] { base.chains }

    func ask(_ request: AskRequest) async throws -> Answer {
        try await Task.sleep(for: .seconds(3_600))
        throw CancellationError()
    }

    func stream(_ request: AskRequest) -> AsyncThrowingStream<AskEvent, any Error> {
        base.stream(request)
    }
}
