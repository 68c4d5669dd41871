import Foundation
import RAGCore
import Synchronization
import Testing

@testable import HTTPAPI
@testable import HepChainApp

/// Clients that hold connections, trickle heads, pile up expensive requests or leave before their answer:
/// each defect of issue 23 (items 5 and 7) reproduced on its own server over the shared runtime.
@Suite(
    "HTTP API under hostile clients", .serialized,
    .enabled(
        if: ProcessInfo.processInfo.environment["HEPCHAIN_HOSTILE_TESTS"] == "1",
        "run by scripts/hostile-tests.sh: its 2,000 sockets and piled-up answers starve the event loops and timers of the other suites"))
struct HostileClientTests {
    @Test("A request head sent one line at a time is closed at the idle timeout, never answered")
    func slowHead() async throws {
        let server = try await TestServer.variant { $0.idleTimeoutSeconds = 1.5; $0.publicReads = true }
        defer { server.stop() }
        let connection = try RawHTTPConnection(port: server.port)
        let lines = ["GET /healthz HTTP/1.1", "Host: 127.0.0.1"] + (0..<30).map { "X-Slow-\($0): \($0)" }
        let closedAfter = await connection.trickleHeadLines(lines, interval: 0.5, limit: 5)
        let seconds = try #require(closedAfter, "the connection was still open after 15 s of header lines")
        #expect(seconds >= 1.2 && seconds < 4, "closed after \(seconds) s")
        #expect(try await server.client.get("/healthz").status == 200)
    }

    @Test("Idle connections, new or kept alive after a response, are closed after the idle timeout")
    func idleConnections() async throws {
        let server = try await TestServer.variant { $0.idleTimeoutSeconds = 2; $0.publicReads = true }
        defer { server.stop() }
        let silent = try RawHTTPConnection(port: server.port)
        let opened = Date()
        let silentClosed = try #require(await silent.closedAt(limit: 20), "a silent connection stayed open")
        let silentSeconds = silentClosed.timeIntervalSince(opened)
        #expect(silentSeconds >= 1.8 && silentSeconds < 6, "closed after \(silentSeconds) s")

        let keptAlive = try RawHTTPConnection(port: server.port)
        #expect(keptAlive.sendText("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
        let reply = try #require(await keptAlive.readReply(limit: 20))
        #expect(reply.status == 200)
        // The reply was written before it was read, so this under-counts the idle time, never over-counts it.
        let replied = Date()
        let keptAliveClosed = try #require(await keptAlive.closedAt(limit: 20), "a kept-alive connection stayed open")
        let keptAliveSeconds = keptAliveClosed.timeIntervalSince(replied)
        #expect(keptAliveSeconds >= 1 && keptAliveSeconds < 6, "closed \(keptAliveSeconds) s after the reply")
    }

    @Test("2,000 idle connections are all closed after the idle timeout, and search answers while they are open")
    func manyIdleConnections() async throws {
        let idleSeconds = 10.0
        let server = try await TestServer.variant { $0.idleTimeoutSeconds = idleSeconds; $0.publicReads = true }
        defer { server.stop() }
        let port = server.port
        DescriptorLimit.raiseToHardLimit()  // the test process holds both ends of every connection
        let start = Date()
        let connections = try await RawHTTPConnection.onThread {
            Result { try (0..<2_000).map { _ in try RawHTTPConnection(port: port) } }
        }.get()
        let openingSeconds = Date().timeIntervalSince(start)
        let search = try await server.client.post("/v1/search", json: ["query": "J/psi mass", "k": 3])
        #expect(search.status == 200, "\(search.text)")
        if Date().timeIntervalSince(start) < idleSeconds - 1 {
            let open = await RawHTTPConnection.onThread { connections.filter { !$0.closedWithin(seconds: 0.001) }.count }
            #expect(open == 2_000, "only \(open) of 2,000 connections open before the idle timeout")
        }
        // Every one of them is closed by the server within the timeout and a margin for a loaded machine.
        let waitUntil = start.addingTimeInterval(openingSeconds + idleSeconds + 5)
        try await Task.sleep(for: .seconds(max(0, waitUntil.timeIntervalSinceNow)))
        let open = await RawHTTPConnection.onThread { connections.filter { !$0.closedWithin(seconds: 0.01) }.count }
        #expect(open == 0, "\(open) of 2,000 idle connections still open after the idle timeout (opening took \(openingSeconds) s)")
        #expect(try await server.client.get("/healthz").status == 200)
    }

    @Test("Answers over the concurrency limit get 503 with Retry-After at once; search still answers; leaving clients free their places")
    func loadShedding() async throws {
        let answers = ObservedAnswers()
        let server = try await TestServer.variant(
            configure: { configuration in
                configuration.maxConcurrentAnswers = 2
                configuration.publicReads = true
                configuration.requestTimeoutSeconds = 0  // only clients leaving may end the stalled answers
            },
            services: { services in
                var services = services
                answers.base = services.answers
                services.answers = answers
                return services
            })
        defer { server.stop() }
        let ask = #"{"question": "What is the mass of the J/psi meson?"}"#
        let request = "POST /v1/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(ask.utf8.count)\r\n\r\n\(ask)"
        let first = try RawHTTPConnection(port: server.port)
        let second = try RawHTTPConnection(port: server.port)
        #expect(first.sendText(request) && second.sendText(request))
        try await answers.waitUntil(started: 2)

        let start = ContinuousClock.now
        let shed = try await server.client.post("/v1/ask", json: ["question": "What is the mass of the J/psi meson?"])
        #expect(ContinuousClock.now - start < .seconds(2), "shed at once")
        #expect(shed.status == 503, "\(shed.text)")
        #expect(shed.headers["retry-after"] == "1")
        #expect(shed.errorMessage?.contains("maxConcurrentAnswers = 2") == true, "\(shed.text)")
        let search = try await server.client.post("/v1/search", json: ["query": "J/psi mass", "k": 3])
        #expect(search.status == 200, "search has its own limit: \(search.text)")

        // The two clients leave: their work is cancelled and their places are free again.
        first.shutdownBoth()
        second.shutdownBoth()
        try await answers.waitUntil(cancelled: 2)
        let third = try RawHTTPConnection(port: server.port)
        #expect(third.sendText(request))
        try await answers.waitUntil(started: 3)
        third.shutdownBoth()
        try await answers.waitUntil(cancelled: 3)
    }

    @Test("A slow answer that ignores cancellation still gets its 503 within 10 % of the request timeout")
    func deadlineHolds() async throws {
        let server = try await TestServer.variant(
            configure: { configuration in
                configuration.requestTimeoutSeconds = 2
                configuration.publicReads = true
            },
            services: { services in
                var services = services
                services.answers = UncooperativeAnswers(base: services.answers, seconds: 6)
                return services
            })
        defer { server.stop() }
        let start = ContinuousClock.now
        let reply = try await server.client.post("/v1/ask", json: ["question": "What is the mass of the J/psi meson?"])
        let elapsed = ContinuousClock.now - start
        #expect(reply.status == 503, "\(reply.text)")
        #expect(elapsed >= .milliseconds(1_950) && elapsed <= .milliseconds(2_200), "answered after \(elapsed)")
        #expect(reply.errorMessage?.contains("longer than 2 s") == true, "\(reply.text)")
    }
}

/// Answers nothing until cancelled, and counts the questions it was given and the cancellations it saw.
final class ObservedAnswers: AnswerService, Sendable {
    private struct Counts {
        var base: (any AnswerService)?
        var started = 0
        var cancelled = 0
    }

    private let counts = Mutex(Counts())

    var base: (any AnswerService)? {
        get { counts.withLock { $0.base } }
        set { counts.withLock { $0.base = newValue } }
    }

    var chains: [String] { base?.chains ?? ["qa"] }

    func ask(_ request: AskRequest) async throws -> Answer {
        counts.withLock { $0.started += 1 }
        do {
            try await Task.sleep(for: .seconds(3_600))
        } catch {
            counts.withLock { $0.cancelled += 1 }
            throw error
        }
        throw CancellationError()
    }

    func stream(_ request: AskRequest) -> AsyncThrowingStream<AskEvent, any Error> {
        AsyncThrowingStream { $0.finish(throwing: CancellationError()) }
    }

    /// Waits (at most 10 s) until at least `started` questions arrived or `cancelled` were cancelled.
    func waitUntil(started: Int = 0, cancelled: Int = 0) async throws {
        let end = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < end {
            let now = counts.withLock { ($0.started, $0.cancelled) }
            if now.0 >= started && now.1 >= cancelled { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        let now = counts.withLock { ($0.started, $0.cancelled) }
        Issue.record("waited 10 s for \(started) started and \(cancelled) cancelled; have \(now.0) and \(now.1)")
    }
}

/// Blocks a thread for `seconds` without looking at cancellation: a generator stuck in a call it cannot leave.
struct UncooperativeAnswers: AnswerService {
    let base: any AnswerService
    let seconds: Double
    var chains: [String] { base.chains }

    func ask(_ request: AskRequest) async throws -> Answer {
        let seconds = seconds
        try await BlockingWork.run { Thread.sleep(forTimeInterval: seconds) }
        return try await base.ask(request)
    }

    func stream(_ request: AskRequest) -> AsyncThrowingStream<AskEvent, any Error> { base.stream(request) }
}
