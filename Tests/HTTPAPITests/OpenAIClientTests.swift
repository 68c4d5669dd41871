import Foundation
import TestSupport
import Testing

/// The real `openai` Python client from PyPI (installed by `make setup`) against the real server.
@Suite("OpenAI Python client", .serialized)
struct OpenAIClientTests {
    static let script = TestPaths.root.appendingPathComponent("Tests/HTTPAPITests/Fixtures/openai_client.py")

    /// The project's Python, where `make setup` installed the client: `$HEPCHAIN_PYTHON`, else the venv
    /// `.venv/bin/python3` (Debian's own Python refuses pip installs, PEP 668), else `python3` on PATH.
    static var interpreter: [String] {
        if let path = ProcessInfo.processInfo.environment["HEPCHAIN_PYTHON"], !path.isEmpty { return [path] }
        let venv = TestPaths.root.appendingPathComponent(".venv/bin/python3")
        if FileManager.default.isExecutableFile(atPath: venv.path) { return [venv.path] }
        return ["python3"]
    }

    /// Runs the project's Python with `arguments…` (see `ChildProcess`: the script talks to the server in this process).
    static func python(_ arguments: [String]) async throws -> ChildProcess.Run {
        try await ChildProcess(executable: URL(fileURLWithPath: "/usr/bin/env"), arguments: Self.interpreter + arguments).run()
    }

    @Test("Chat completions (plain and streamed, with citations), embeddings (float and base64) and models through openai.OpenAI")
    func openAIClient() async throws {
        let probe = try await Self.python(["-c", "import openai, sys; print(openai.__version__)"])
        if probe.status == 127 || probe.errors.contains("No such file") {
            Issue.record("python3 is not installed; run `make setup` (it installs the openai client this test needs).")
            return
        }
        guard probe.status == 0 else {
            Issue.record("The openai Python module is missing (\(probe.errors.split(separator: "\n").last ?? "")); run `make setup`, which installs it.")
            return
        }
        let server = try await TestServer.shared.start()
        let run = try await Self.python([Self.script.path, server.client.base.absoluteString + "/v1", server.apiKey])
        try #require(run.status == 0, "the script failed (status \(run.status)):\n\(run.errors)\n\(run.output)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any], "\(run.output)")

        let chat = try #require(report["chat"] as? [String: Any])
        #expect(chat["object"] as? String == "chat.completion")
        #expect(chat["role"] as? String == "assistant")
        #expect(chat["finish_reason"] as? String == "stop")
        let content = chat["content"] as? String ?? ""
        #expect(content.contains("3096"), "\(content)")
        let citations = chat["citations"] as? [[String: Any]] ?? []
        #expect(!citations.isEmpty, "the extra citations field reaches the client: \(chat)")
        #expect(citations.allSatisfy { $0["source"] is String && $0["marker"] is Int })
        // Every [n] in the answer names a citation.
        let markers = Set(citations.compactMap { $0["marker"] as? Int })
        for marker in 1...max(1, markers.max() ?? 1) where content.contains("[\(marker)]") { #expect(markers.contains(marker)) }

        let stream = try #require(report["stream"] as? [String: Any])
        #expect(stream["objects"] as? [String] == ["chat.completion.chunk"])
        #expect(stream["finish_reasons"] as? [String] == ["stop"])
        #expect(stream["content"] as? String == content, "the streamed text is the plain answer's text")
        #expect(((stream["citations"] as? [[String: Any]]) ?? []).count == citations.count)

        let embeddings = try #require(report["embeddings"] as? [String: Any])
        #expect(embeddings["count"] as? Int == 2)
        #expect(embeddings["float_dimensions"] as? [Int] == [384, 384])
        #expect(embeddings["default_dimension"] as? Int == 384, "the client's default base64 request decodes to 384 floats")
        let first = embeddings["default_first"] as? Double ?? .nan
        let floatFirst = embeddings["float_first"] as? Double ?? .nan
        #expect(abs(first - floatFirst) < 1e-6, "base64 and float give the same vector")
        #expect(embeddings["base64_type"] as? String == "str")
        #expect(embeddings["base64_bytes"] as? Int == 384 * 4)

        let models = report["models"] as? [String] ?? []
        #expect(models.contains("hepchain") && models.contains("qa@default"), "\(models)")
        let unknown = report["unknown_model"] as? [String: Any]
        #expect(unknown?["status"] as? Int == 404, "\(report["unknown_model"] ?? "nil")")
    }
}
