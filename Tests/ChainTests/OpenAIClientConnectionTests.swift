import Foundation
import TestSupport
import RAGCore
import Testing

@testable import Chain

/// The LLM client's HTTP on AsyncHTTPClient against `LoopbackHTTPServer`: pooled connections, and answers that
/// never end cut by the size cap or the deadline, and cancellation that reaches the upstream.
@Suite("OpenAI-compatible client connections and limits")
struct OpenAIClientConnectionTests {
    static let request = OpenAIChatGeneratorTests.request

    static func client(_ server: LoopbackHTTPServer, totalTimeout: Double = 600, maxResponseBytes: Int = 16 << 20) -> OpenAIChatGenerator {
        OpenAIChatGenerator(configuration: .init(
            baseURL: server.baseURL, model: "fake-llm", connectTimeout: 10, readTimeout: 120, maxRetries: 0,
            totalTimeout: totalTimeout, maxResponseBytes: maxResponseBytes))
    }

    @Test("Consecutive questions to one upstream reuse one pooled connection")
    func connectionIsReused() async throws {
        let server = try LoopbackHTTPServer(keepAlive: true) { _, index in LoopbackHTTPServer.completion("answer \(index)", keepAlive: true) }
        defer { server.stop() }
        for index in 0..<4 {
            let result = try await Self.client(server).generate(Self.request)
            #expect(result.text == "answer \(index)")
            // The connection goes back to the pool just after the answer is read; give it that moment.
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(server.requests.count == 4)
        // Without pooling each question opens its own (4); under heavy load one return to the pool was once seen
        // to lose the race with the next question (2).
        #expect(server.connectionCount <= 2, "\(server.connectionCount) connections for 4 questions")
    }

    @Test("A stream that never ends is cut at the size cap, not read into memory")
    func endlessStreamIsCutAtTheCap() async throws {
        // 20,000 events of ~200 bytes (~4 MB) against a 64 KB cap: the client must stop long before the end.
        let pieces = Array(repeating: String(repeating: "x", count: 64), count: 20_000)
        let server = try LoopbackHTTPServer { _, _ in LoopbackHTTPServer.eventStream(pieces) }
        defer { server.stop() }
        var received = 0
        await #expect {
            for try await piece in Self.client(server, maxResponseBytes: 64 << 10).stream(Self.request) { received += piece.utf8.count }
        } throws: { error in
            guard case ChainError.responseTooLarge(_, let limit) = error else { return false }
            return limit == 64 << 10
        }
        #expect(received > 0)
        #expect(received < 64 << 10)
    }

    @Test("A stream that trickles without end is cut by the deadline")
    func tricklingStreamIsCutByTheDeadline() async throws {
        // One piece every 200 ms for 10 minutes: each pause is far below the read timeout, so only the deadline stops
        // it. The bound below is far under the 10 minutes and far over 1.5 s: when the whole suite starts at once on
        // two cores, every test's tasks can wait over a minute for a thread (CI once saw 70 s here).
        let pieces = Array(repeating: "tick ", count: 3_000)
        let server = try LoopbackHTTPServer { _, _ in LoopbackHTTPServer.eventStream(pieces, pauseMilliseconds: 200) }
        defer { server.stop() }
        let start = ContinuousClock.now
        var received = ""
        await #expect {
            for try await piece in Self.client(server, totalTimeout: 1.5).stream(Self.request) { received += piece }
        } throws: { error in
            guard case ChainError.modelServerTimeout(_, let seconds) = error else { return false }
            return seconds == 1.5
        }
        let elapsed = ContinuousClock.now - start
        #expect(received.hasPrefix("tick "))
        #expect(elapsed >= .milliseconds(1_400))
        #expect(elapsed < .seconds(300))
        #expect(received.count < pieces.count * 5)
    }

    @Test("Cancelling the caller closes the upstream connection")
    func cancellationReachesTheUpstream() async throws {
        let pieces = Array(repeating: "tick ", count: 1_200)
        let server = try LoopbackHTTPServer { _, _ in LoopbackHTTPServer.eventStream(pieces, pauseMilliseconds: 100) }
        defer { server.stop() }
        let client = Self.client(server)
        let firstPiece = AsyncStream<Void>.makeStream()
        let task = Task {
            for try await _ in client.stream(Self.request) { firstPiece.continuation.yield() }
        }
        for await _ in firstPiece.stream { break }
        task.cancel()
        // The server notices when a write fails on the closed connection; it would otherwise write for 2 minutes.
        let deadline = ContinuousClock.now + .seconds(60)
        while server.brokenWrites == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(server.brokenWrites == 1)
    }
}
