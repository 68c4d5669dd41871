import RAGCore
import TestSupport
import Testing

@testable import Chain

/// The contract every `Generator` must keep: streamed pieces add up to the generated text, and the model
/// name is not empty. Run on the offline generator and on the OpenAI client against the protocol fake.
@Suite("Generator contract")
struct GeneratorContractTests {
    static func checkContract(_ generator: any Generator, _ request: GenerationRequest) async throws {
        let whole = try await generator.generate(request)
        var streamed = ""
        for try await piece in generator.stream(request) { streamed += piece }
        #expect(streamed == whole.text)
        #expect(!generator.model.isEmpty)
    }

    @Test("The extractive generator streams exactly what it generates", arguments: QuestionSet.answerable.map(\.question) + QuestionSet.unanswerable)
    func extractive(_ question: String) async throws {
        let sources = try await InMemoryRetriever().retrieve(RetrievalQuery(text: question + " " + TermBridge.englishTerms(for: question), k: 6))
        try await Self.checkContract(ExtractiveGenerator(embedder: FixtureEmbedder.miniLM), GenerationRequest(messages: [], question: question, sources: sources))
    }

    @Test("The OpenAI client streams exactly what it generates")
    func openAI() async throws {
        let text = "The combined mass is 125.09 GeV [1]. 希格斯玻色子的质量为125.09 GeV [1]。"
        let pieces = text.split(separator: " ").enumerated().map { $0.offset == 0 ? String($0.element) : " " + $0.element }
        let server = try LoopbackHTTPServer { request, _ in
            (request.json["stream"] as? Bool) == true ? LoopbackHTTPServer.eventStream(pieces) : LoopbackHTTPServer.completion(text)
        }
        defer { server.stop() }
        let client = OpenAIChatGenerator(configuration: .init(baseURL: server.baseURL, model: "fake-llm", maxRetries: 0))
        try await Self.checkContract(client, GenerationRequest(messages: [ChatMessage(role: .user, content: "m_H?")], question: "m_H?"))
    }
}
