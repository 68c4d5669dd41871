import Foundation
import RAGCore
import Testing

@testable import Chain

/// Benchmarks, not tests: run only through bench/chain.sh (CHAIN_BENCH=<output file>), never by `swift test`.
@Suite("Chain benchmarks", .enabled(if: ProcessInfo.processInfo.environment["CHAIN_BENCH"] != nil), .serialized)
struct ChainBenchmarks {
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }
    static func report(_ lines: [String]) throws {
        guard let path = ProcessInfo.processInfo.environment["CHAIN_BENCH"] else { return }
        let handle = FileHandle(forWritingAtPath: path) ?? {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            return FileHandle(forWritingAtPath: path)
        }()
        handle?.seekToEndOfFile()
        handle?.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        try handle?.close()
    }

    @Test("Offline qa chain: per-step time over the question set, embeddings from the MiniLM fixture")
    func offlineChain() async throws {
        let embedder = FixtureEmbedder.miniLM
        let executor = ChainExecutor(retriever: InMemoryRetriever(), generator: ExtractiveGenerator(embedder: embedder), embedder: embedder)
        let questions = QuestionSet.answerable.map(\.question) + QuestionSet.unanswerable
        var perStep: [String: [Double]] = [:]
        var totals: [Double] = []
        for _ in 0..<20 {
            for question in questions {
                let answer = try await executor.run(question: question)
                for entry in answer.trace { perStep[entry.step, default: []].append(entry.milliseconds) }
                totals.append(answer.trace.reduce(0) { $0 + $1.milliseconds })
            }
        }
        var lines = ["offline qa chain, \(questions.count) questions × 20 runs (fixture embedder: lookup, no model time)"]
        for step in ["condense", "retrieve", "diversify", "rerank", "pack", "prompt", "generate", "cite"] {
            let values = perStep[step] ?? []
            lines.append(String(format: "  %-10@ median %.3f ms  p95 %.3f ms", step as NSString, Self.median(values), Self.percentile(values, 0.95)))
        }
        lines.append(String(format: "  total      median %.3f ms  p95 %.3f ms", Self.median(totals), Self.percentile(totals, 0.95)))
        try Self.report(lines)
    }

    @Test("OpenAI client: request latency and streaming throughput against the loopback protocol fake")
    func clientOverhead() async throws {
        let pieces = (0..<500).map { " token\($0)" }
        // Responses are scripted once: building 500 events per request would time the fake, not the client.
        let streamed = LoopbackHTTPServer.eventStream(pieces)
        let whole = LoopbackHTTPServer.completion("m_H = 125.09 GeV [1].")
        let server = try LoopbackHTTPServer { request, _ in (request.json["stream"] as? Bool) == true ? streamed : whole }
        defer { server.stop() }
        let client = OpenAIChatGenerator(configuration: .init(baseURL: server.baseURL, model: "fake-llm", maxRetries: 0))
        let request = GenerationRequest(messages: [ChatMessage(role: .user, content: "What is m_H?")], question: "What is m_H?")
        let clock = ContinuousClock()
        var latencies: [Double] = []
        for _ in 0..<200 {
            let start = clock.now
            _ = try await client.generate(request)
            let elapsed = clock.now - start
            latencies.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1_000)
        }
        var streamTimes: [Double] = []
        var firstTokens: [Double] = []
        for _ in 0..<20 {
            let start = clock.now
            var first: Duration?
            var count = 0
            for try await _ in client.stream(request) {
                if first == nil { first = clock.now - start }
                count += 1
            }
            #expect(count == pieces.count)
            let elapsed = clock.now - start
            streamTimes.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1_000)
            if let first { firstTokens.append(Double(first.components.attoseconds) / 1e15 + Double(first.components.seconds) * 1_000) }
        }
        try Self.report([
            "OpenAI client against the loopback fake (127.0.0.1, new URLSession per request)",
            String(format: "  non-streaming request  median %.2f ms  p95 %.2f ms (200 requests)", Self.median(latencies), Self.percentile(latencies, 0.95)),
            String(format: "  stream of 500 chunk events  median %.2f ms total, first token %.2f ms, %.0f events/s (20 streams)",
                Self.median(streamTimes), Self.median(firstTokens), 500 / (Self.median(streamTimes) / 1_000)),
        ])
    }
}
