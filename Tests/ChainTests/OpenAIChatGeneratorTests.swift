import Foundation
import RAGCore
import Testing
import TestSupport

@testable import Chain

/// The OpenAI-compatible client against `LoopbackHTTPServer`, a protocol fake on 127.0.0.1 that speaks the
/// chat-completions wire format (JSON and `chat.completion.chunk` Server-Sent Events).
@Suite("OpenAI-compatible chat client")
struct OpenAIChatGeneratorTests {
    static let request = GenerationRequest(
        messages: [ChatMessage(role: .system, content: "Answer from the sources."), ChatMessage(role: .user, content: "What is m_H?")],
        question: "What is m_H?", maxTokens: 64, temperature: 0)

    static func client(_ server: LoopbackHTTPServer, retries: Int = 2, readTimeout: Double = 120) -> OpenAIChatGenerator {
        OpenAIChatGenerator(configuration: .init(
            baseURL: server.baseURL, model: "fake-llm", apiKey: "sk-test", connectTimeout: 10, readTimeout: readTimeout,
            maxRetries: retries, initialBackoff: 0.01, maxBackoff: 2))
    }

    @Test("A JSON completion is returned and the request follows the wire format")
    func nonStreamingCompletion() async throws {
        let server = try LoopbackHTTPServer { _, _ in LoopbackHTTPServer.completion("m_H = 125.09 GeV [1].") }
        defer { server.stop() }
        let result = try await Self.client(server).generate(Self.request)
        #expect(result.text == "m_H = 125.09 GeV [1].")
        #expect(result.model == "fake-llm")
        let sent = try #require(server.requests.first)
        #expect(sent.method == "POST")
        #expect(sent.path == "/v1/chat/completions")
        #expect(sent.headers["authorization"] == "Bearer sk-test")
        #expect(sent.json["model"] as? String == "fake-llm")
        #expect(sent.json["stream"] as? Bool == false)
        #expect(sent.json["max_tokens"] as? Int == 64)
        let messages = try #require(sent.json["messages"] as? [[String: String]])
        #expect(messages.map { $0["role"] } == ["system", "user"])
        #expect(messages.last?["content"] == "What is m_H?")
    }

    @Test("Streamed chunks arrive as pieces, incrementally, until [DONE]")
    func streamingCompletion() async throws {
        let pieces = ["The combined", " Higgs boson mass", " is 125.09 GeV", " [1]."]
        // The server holds the rest of the stream until the client has the first piece: a client that
        // buffered the response would only see it after the server's 60 s gate timeout (generous: the whole suite
        // shares two loaded cores, and a first piece once took over 10 s to arrive there).
        let server = try LoopbackHTTPServer { _, _ in LoopbackHTTPServer.eventStream(pieces, gateAfterFirst: true) }
        defer { server.stop() }
        var received: [String] = []
        for try await piece in Self.client(server).stream(Self.request) {
            if received.isEmpty { server.openGate() }
            received.append(piece)
        }
        #expect(received == pieces)
        #expect(server.requests.first?.json["stream"] as? Bool == true)
        #expect(server.gateOpenedInTime == true)
    }

    @Test("A stream cut before [DONE] is an error, not a short answer")
    func cutStreamFails() async throws {
        let server = try LoopbackHTTPServer { _, _ in LoopbackHTTPServer.eventStream(["The combined", " Higgs", " boson"], cutAfter: 2) }
        defer { server.stop() }
        var received = ""
        await #expect {
            for try await piece in Self.client(server).stream(Self.request) { received += piece }
        } throws: { error in
            guard case ChainError.streamInterrupted = error else { return false }
            return true
        }
        // What arrived before the cut may be shown, never more: AsyncHTTPClient drops body parts it still held
        // when the connection closes mid-body, so the prefix can be shorter than what the server wrote.
        #expect("The combined Higgs".hasPrefix(received))
    }

    @Test("A 429 is retried after the server's Retry-After, then the answer is returned")
    func tooManyRequestsIsRetried() async throws {
        let server = try LoopbackHTTPServer { _, index in
            index == 0
                ? LoopbackHTTPServer.json(status: 429, ["error": ["message": "Rate limit reached", "type": "rate_limit"]], headers: ["Retry-After": "1"])
                : LoopbackHTTPServer.completion("ok")
        }
        defer { server.stop() }
        let start = ContinuousClock.now
        let result = try await Self.client(server).generate(Self.request)
        #expect(result.text == "ok")
        #expect(server.requests.count == 2)
        // Backoff alone would wait 10 ms; the server asked for 1 s.
        #expect(ContinuousClock.now - start >= .milliseconds(950))
    }

    @Test("A persistent 500 fails after the retries with the server's message and status")
    func serverErrorFails() async throws {
        let server = try LoopbackHTTPServer { _, _ in LoopbackHTTPServer.json(status: 500, ["error": ["message": "CUDA out of memory"]]) }
        defer { server.stop() }
        await #expect {
            _ = try await Self.client(server, retries: 2).generate(Self.request)
        } throws: { error in
            guard case ChainError.modelServerError(_, let status, let message) = error else { return false }
            return status == 500 && message == "CUDA out of memory"
        }
        #expect(server.requests.count == 3)
    }

    @Test("A 400 is not retried")
    func clientErrorIsNotRetried() async throws {
        let server = try LoopbackHTTPServer { _, _ in LoopbackHTTPServer.json(status: 400, ["error": ["message": "model 'x' not found"]]) }
        defer { server.stop() }
        await #expect(throws: ChainError.self) { _ = try await Self.client(server).generate(Self.request) }
        #expect(server.requests.count == 1)
    }

    @Test("A server that accepts and never answers hits the read timeout")
    func silentServerTimesOut() async throws {
        let server = try LoopbackHTTPServer { _, _ in [.hang] }
        defer { server.stop() }
        await #expect {
            _ = try await Self.client(server, retries: 0, readTimeout: 0.5).generate(Self.request)
        } throws: { error in
            guard case ChainError.modelServerTimeout = error else { return false }
            return true
        }
    }

    @Test("A closed port is reported as unreachable")
    func closedPortIsUnreachable() async throws {
        let server = try LoopbackHTTPServer { _, _ in [] }
        let closed = server.baseURL
        server.stop()
        let client = OpenAIChatGenerator(configuration: .init(baseURL: closed, model: "m", maxRetries: 1, initialBackoff: 0.01))
        await #expect {
            _ = try await client.generate(Self.request)
        } throws: { error in
            guard case ChainError.modelServerUnreachable = error else { return false }
            return true
        }
    }

    @Test("Retry-After accepts seconds and HTTP dates")
    func retryAfterParsing() {
        #expect(OpenAIChatGenerator.parseRetryAfter("3") == 3)
        #expect(OpenAIChatGenerator.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT") == 0)
        #expect(OpenAIChatGenerator.parseRetryAfter("soon") == nil)
    }

    @Test("Server-Sent Events split across arbitrary byte boundaries give the same payloads")
    func eventParsingIsBoundaryIndependent() {
        let stream = "data: {\"a\":1}\r\n\r\n: keep-alive\n\ndata: line one\ndata: line two\n\nevent: x\ndata: [DONE]\n\n"
        let bytes = Array(stream.utf8)
        var whole = ServerSentEventParser()
        let expected = whole.feed(Data(bytes))
        #expect(expected == ["{\"a\":1}", "line one\nline two", "[DONE]"])
        for size in 1...7 {
            var parser = ServerSentEventParser()
            var payloads: [String] = []
            for start in stride(from: 0, to: bytes.count, by: size) {
                payloads += parser.feed(Data(bytes[start..<min(start + size, bytes.count)]))
            }
            #expect(payloads == expected)
        }
    }

    @Test("The qa chain over an LLM drops a marker that points to no source and reports it in the trace")
    func chainWithLanguageModelRemovesDanglingMarkers() async throws {
        let server = try LoopbackHTTPServer { _, _ in
            LoopbackHTTPServer.completion("The combined mass is 125.09 GeV [2]. It agrees with the diphoton value [9]. Both channels agree [1][2].")
        }
        defer { server.stop() }
        let executor = ChainExecutor(retriever: InMemoryRetriever(), generator: Self.client(server), embedder: HashEmbedder(dimension: 512, trigrams: true))
        let answer = try await executor.run(chain: "qa", question: "What is the combined measured mass of the Higgs boson?")
        #expect(answer.text == "The combined mass is 125.09 GeV [1]. It agrees with the diphoton value. Both channels agree [2][1].")
        #expect(answer.citations.count == 2)
        let cite = try #require(answer.trace.first { $0.step == "cite" })
        #expect(cite.details["dangling"] == "[9]")
        // The prompt the server saw carries the numbered sources and the grounding instructions.
        let messages = try #require(server.requests.first?.json["messages"] as? [[String: String]])
        #expect(messages.first?["content"]?.contains("only the numbered sources") == true)
        #expect(messages.last?["content"]?.contains("[1] ") == true)
    }

    @Test("Streaming the qa chain over an LLM renumbers markers on the fly: the tokens are the final answer and its markers are the citations'")
    func streamedMarkersMatchCitations() async throws {
        // Token boundaries fall inside markers, and [9] points to no source.
        let pieces = [
            "The combined mass is 125.09 GeV [", "2]. It agrees with the diphoton value [", "9", "]. Both channels agree [1][",
            "2", "].",
        ]
        let server = try LoopbackHTTPServer { _, _ in LoopbackHTTPServer.eventStream(pieces) }
        defer { server.stop() }
        let executor = ChainExecutor(retriever: InMemoryRetriever(), generator: Self.client(server), embedder: HashEmbedder(dimension: 512, trigrams: true))
        var tokens: [String] = []
        var final: Answer?
        for try await event in executor.stream(chain: "qa", question: "What is the combined measured mass of the Higgs boson?") {
            switch event {
            case .token(let piece):
                #expect(final == nil, "tokens come before the answer")
                tokens.append(piece)
            case .answer(let answer): final = answer
            case .step: break
            }
        }
        let answer = try #require(final)
        #expect(tokens.count > 1, "the answer streamed in pieces: \(tokens)")
        #expect(tokens.joined() == answer.text)
        #expect(answer.text == "The combined mass is 125.09 GeV [1]. It agrees with the diphoton value. Both channels agree [2][1].")
        // Every marker in the streamed text is a citation's marker, and every citation is used.
        let streamedMarkers = Set(Self.markers(in: tokens.joined()))
        #expect(streamedMarkers == Set(answer.citations.compactMap(\.marker)))
        #expect(answer.citations.map(\.marker) == [1, 2])
        let cite = try #require(answer.trace.first { $0.step == "cite" })
        #expect(cite.details["dangling"] == "[9]")
    }

    /// The numbers of the `[n]` markers in `text`.
    static func markers(in text: String) -> [Int] {
        var numbers: [Int] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "["), let close = rest[open...].firstIndex(of: "]") {
            if let number = Int(rest[rest.index(after: open)..<close]) { numbers.append(number) }
            rest = rest[rest.index(after: close)...]
        }
        return numbers
    }
}
