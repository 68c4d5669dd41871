import Chain
import Foundation
import RAGCore
import TestSupport
import Testing

/// `/metrics` through swift-metrics and swift-prometheus, parsed by the real `prometheus_client` (issue 23): process,
/// build, HTTP, per-stage (chain steps, search, embedding) and LLM families.
@Suite("Prometheus metrics", .serialized)
struct MetricsTests {
    static let parser = TestPaths.root.appendingPathComponent("Tests/HTTPAPITests/Fixtures/parse_metrics.py")

    @Test("A scrape parses with prometheus_client and has process, build, HTTP, per-stage and LLM families")
    func scrape() async throws {
        let server = try await TestServer.shared.start()
        #expect(try await server.client.post("/v1/search", json: ["query": "J/psi mass"]).status == 200)
        #expect(try await server.client.post("/v1/ask", json: ["question": "What is the mass of the J/ψ meson?"]).status == 200)
        #expect(try await server.client.post("/v1/embeddings", json: ["input": ["a", "b"]]).status == 200)
        // An LLM that cannot be reached: a real failure of the real client, counted by kind.
        let unreachable = OpenAIChatGenerator(configuration: .init(baseURL: URL(string: "http://127.0.0.1:9/v1")!, model: "m", maxRetries: 0))
        await #expect(throws: ChainError.self) { _ = try await unreachable.generate(GenerationRequest(messages: [], question: "q")) }

        let scrape = try await server.client.get("/metrics")
        #expect(scrape.status == 200)
        #expect(scrape.headers["content-type"]?.hasPrefix("text/plain") == true)
        let run = try await ChildProcess(
            executable: URL(fileURLWithPath: "/usr/bin/env"), arguments: OpenAIClientTests.interpreter + [Self.parser.path],
            input: scrape.body, timeout: .seconds(120)
        ).run(sourceLocation: #_sourceLocation)
        try #require(run.status == 0, "prometheus_client could not parse /metrics (run `make setup`):\n\(run.errors.suffix(2_000))")
        let families = try #require(try JSONSerialization.jsonObject(with: run.outputData) as? [String: [String: Any]])
        func samples(_ family: String) -> [[Any]] { families[family]?["samples"] as? [[Any]] ?? [] }
        func value(_ family: String, where match: ([String: String]) -> Bool = { _ in true }) -> Double? {
            samples(family).first { match(($0[1] as? [String: String]) ?? [:]) }.flatMap { $0[2] as? Double }
        }

        // Process and build.
        let rss = try #require(value("process_resident_memory_bytes"), "\(families.keys.sorted())")
        #expect(rss > 10_000_000 && rss < 64_000_000_000)
        #expect((value("process_open_fds") ?? 0) > 3)
        #expect((value("process_cpu_seconds_total") ?? 0) > 0)
        #expect((value("process_start_time_seconds") ?? 0) > 1.7e9)
        let build = try #require(samples("hepchain_build_info").first?[1] as? [String: String])
        #expect(build["version"] != nil && build["model"] == "all-MiniLM-L6-v2" && build["vector_kernels"] != nil, "\(build)")
        // HTTP.
        #expect(families["hepchain_http_requests"]?["type"] as? String == "counter")
        #expect((value("hepchain_http_requests") { $0["route"] == "/v1/search" && $0["status"] == "200" } ?? 0) >= 1)
        #expect(families["hepchain_http_request_duration_seconds"]?["type"] as? String == "histogram")
        // Per stage, recorded below HTTP through swift-metrics.
        for step in ["retrieve", "generate"] {
            let count = samples("hepchain_chain_step_seconds").first {
                ($0[0] as? String) == "hepchain_chain_step_seconds_count" && ($0[1] as? [String: String])?["step"] == step
            }
            #expect((count?[2] as? Double ?? 0) >= 1, "step \(step): \(samples("hepchain_chain_step_seconds").prefix(3))")
        }
        #expect(families["hepchain_search_seconds"]?["type"] as? String == "histogram")
        #expect(families["hepchain_search_stage_seconds"] != nil)
        #expect(samples("hepchain_embedding_seconds").contains { ($0[0] as? String) == "hepchain_embedding_seconds_count" && ($0[2] as? Double ?? 0) >= 1 })
        #expect((value("hepchain_embedded_texts") ?? 0) >= 2)
        // LLM.
        #expect(families["hepchain_llm_time_to_first_token_seconds"]?["type"] as? String == "histogram")
        #expect(families["hepchain_llm_request_seconds"] != nil)
        #expect((value("hepchain_llm_errors") { $0["kind"] == "unreachable" } ?? 0) >= 1, "\(samples("hepchain_llm_errors"))")
        // Knowledge base.
        #expect((value("hepchain_chunks") ?? 0) > 0)
    }
}
