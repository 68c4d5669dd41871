import Foundation
import RAGCore
import TestSupport
import Testing

@testable import Chain

/// What HepChain takes from the upstream LLM server (issue 23): its token `usage`, passed through to the answer,
/// and its model name, from `GET /models` when none is configured.
@Suite("OpenAI upstream usage and model choice")
struct OpenAIUpstreamTests {
    @Test("The upstream's usage reaches GenerationResult and the chain's Answer")
    func usagePassesThrough() async throws {
        let server = try LoopbackHTTPServer { _, _ in LoopbackHTTPServer.completion("m_H = 125.09 GeV [1].") }
        defer { server.stop() }
        let generator = OpenAIChatGenerator(configuration: .init(baseURL: server.baseURL, model: "fake-llm", maxRetries: 0))
        let result = try await generator.generate(OpenAIChatGeneratorTests.request)
        #expect(result.usage == TokenUsage(promptTokens: 10, completionTokens: 5, totalTokens: 15))

        var state = ChainState(question: "What is m_H?")
        let id = ChunkID(document: DocumentID("d"), ordinal: 0)
        state.sources = [
            RetrievedChunk(
                chunk: Chunk(id: id, text: "The Higgs boson mass is 125.09 GeV.", pageStart: 1, pageEnd: 1), score: 1,
                citation: Citation(chunkID: id, title: "H", source: "s", arxivID: nil, pageStart: 1, pageEnd: 1, section: nil))
        ]
        state.messages = [ChatMessage(role: .user, content: "What is m_H?")]
        let context = ChainContext(retriever: EmptyRetriever(), generator: generator)
        _ = try await GenerateStep().run(&state, context: context)
        #expect(state.usage?.totalTokens == 15)
        #expect(ChainExecutor.answer(from: state, trace: []).usage?.promptTokens == 10)
    }

    @Test("A streamed answer asks for usage and passes the upstream's final usage chunk through to the chain's Answer")
    func streamedUsagePassesThrough() async throws {
        let server = try LoopbackHTTPServer { _, _ in
            LoopbackHTTPServer.eventStream(["m_H = ", "125.09 GeV [1]."], usage: ["prompt_tokens": 21, "completion_tokens": 7, "total_tokens": 28])
        }
        defer { server.stop() }
        let generator = OpenAIChatGenerator(configuration: .init(baseURL: server.baseURL, model: "fake-llm", maxRetries: 0))
        var events: [GenerationEvent] = []
        for try await event in generator.streamEvents(OpenAIChatGeneratorTests.request) { events.append(event) }
        #expect(events == [.text("m_H = "), .text("125.09 GeV [1]."), .usage(TokenUsage(promptTokens: 21, completionTokens: 7))])
        let options = server.requests.first?.json["stream_options"] as? [String: Bool]
        #expect(options == ["include_usage": true])
        // Plain `stream` still yields the text alone.
        var pieces: [String] = []
        for try await piece in generator.stream(OpenAIChatGeneratorTests.request) { pieces.append(piece) }
        #expect(pieces == ["m_H = ", "125.09 GeV [1]."])
    }

    @Test("Without a configured model the only one the upstream serves is chosen; none or several is an error naming them")
    func modelChoice() async throws {
        let one = try LoopbackHTTPServer { request, _ in
            request.path == "/v1/models" ? LoopbackHTTPServer.json(status: 200, ["object": "list", "data": [["id": "llama-3-8b", "object": "model"]]]) : []
        }
        defer { one.stop() }
        #expect(try await OpenAIChatGenerator.chooseModel(configured: nil, baseURL: one.baseURL, apiKey: nil) == "llama-3-8b")
        #expect(try await OpenAIChatGenerator.chooseModel(configured: "mine", baseURL: one.baseURL, apiKey: nil) == "mine")

        let two = try LoopbackHTTPServer { _, _ in
            LoopbackHTTPServer.json(status: 200, ["object": "list", "data": [["id": "a"], ["id": "b"]]])
        }
        defer { two.stop() }
        do {
            _ = try await OpenAIChatGenerator.chooseModel(configured: nil, baseURL: two.baseURL, apiKey: nil)
            Issue.record("two served models must not be guessed between")
        } catch let error as ChainError {
            #expect("\(error)".contains("--llm-model") && "\(error)".contains("a, b"), "\(error)")
        }
    }
}
