import Chain
import Foundation
import RAGCore
import Testing

@testable import HepChainApp
@testable import HTTPAPI

/// With an LLM answering (a stand-in speaking the OpenAI wire format: `Fixtures/fake_llm.py`), the model is taken
/// from the upstream's `/v1/models` and its token `usage` reaches the OpenAI routes' answers, whole and streamed
/// (issue 23: HepChain used to report its own word count and send `"model": "default"`).
@Suite("LLM usage and model passthrough", .serialized)
struct LLMUsageTests {
    static let script = TestPaths.root.appendingPathComponent("Tests/HTTPAPITests/Fixtures/fake_llm.py")

    /// Starts the stand-in and returns it with its port; the caller terminates it.
    static func startFakeLLM() async throws -> (Process, Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = OpenAIClientTests.interpreter + [script.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Read the port line on a thread of its own (never block the cooperative pool; see ChildProcess).
        let line: String = await withCheckedContinuation { continuation in
            Thread {
                var bytes = Data()
                while !bytes.contains(UInt8(ascii: "\n")) {
                    let more = output.fileHandleForReading.availableData
                    if more.isEmpty { break }
                    bytes.append(more)
                }
                continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
            }.start()
        }
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw URLError(.cannotConnectToHost)
        }
        return (process, port)
    }

    @Test("The upstream's only model is chosen and its usage is passed through, plain and streamed")
    func usagePassthrough() async throws {
        let server = try await TestServer.shared.start()
        let (llm, port) = try await Self.startFakeLLM()
        defer { llm.terminate() }
        let base = try #require(URL(string: "http://127.0.0.1:\(port)/v1"))
        let model = try await OpenAIChatGenerator.chooseModel(configured: nil, baseURL: base, apiKey: nil)
        #expect(model == "fake-llm")

        var executor = server.runtime.executor
        executor.context.generator = OpenAIChatGenerator(configuration: .init(baseURL: base, model: model, maxRetries: 0))
        let answers = ChainAnswerService(executor: executor, knowledgeBase: server.runtime.knowledgeBase)
        let variant = try await TestServer.variant(configure: { _ in }, services: { services in
            var services = services
            services.answers = answers
            return services
        })
        defer { variant.stop() }
        let messages = [["role": "user", "content": "What is the mass of the J/ψ meson?"]]

        let plain = try await variant.client.post("/v1/chat/completions", json: ["model": "hepchain", "messages": messages])
        #expect(plain.status == 200, "\(plain.text)")
        let body = try plain.json()
        #expect(body["usage"] as? [String: Int] == ["prompt_tokens": 123, "completion_tokens": 9, "total_tokens": 132], "\(body)")
        let content = ((body["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any])?["content"] as? String ?? ""
        #expect(content.contains("3096.9"), "the LLM's answer: \(content)")

        let streamed = try await variant.client.post(
            "/v1/chat/completions", json: ["messages": messages, "stream": true, "stream_options": ["include_usage": true]])
        let chunks = LoopbackClient.events(streamed.text).map(\.data).dropLast()
            .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(chunks.last?["usage"] as? [String: Int] == ["prompt_tokens": 123, "completion_tokens": 9, "total_tokens": 132], "\(chunks.last ?? [:])")

        let completion = try await variant.client.post("/v1/completions", json: ["prompt": "What is the mass of the J/ψ meson?"])
        #expect((try completion.json()["usage"] as? [String: Int])?["total_tokens"] == 132)
    }
}
