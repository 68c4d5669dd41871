import ArgumentParser
import Chain
import Foundation
import HepChainApp
import Hummingbird
import Logging
import NIOCore
import RAGCore

/// The chain's own cost: per-step time of a real chain over a data folder, and the OpenAI-compatible client
/// against a loopback server that speaks the protocol (the only stand-in: no language model runs here).
struct ChainBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chain", abstract: "Chain benchmarks: per-step time of a chain, and the OpenAI client's overhead.",
        subcommands: [Steps.self, Client.self])

    /// Median and 95th percentile of `values`, in the unit they are in.
    static func summary(_ values: [Double]) -> (median: Double, p95: Double) {
        let sorted = values.sorted()
        return sorted.isEmpty ? (0, 0) : (percentile(sorted, 0.5), percentile(sorted, 0.95))
    }

    struct Steps: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a chain over every question of --questions and report each step's median and p95 time.",
            discussion: """
                Opens the data folder's knowledge base as the server does (the configured embedder and generator),
                runs every question once to warm up, then --runs passes, one question at a time; times are the
                chain trace's (ChainExecutor), so retrieval includes embedding the question.
                """)
        @OptionGroup var options: DataOptions
        @Option(help: "Questions file (JSON lines with a \"question\" field).") var questions: String
        @Option(help: "Chain to run.") var chain = "qa"
        @Option(help: "Timed passes over the questions.") var runs = 3

        func run() async throws {
            let texts = try questionTexts(questions)
            let runtime = try await HepChainRuntime.open(configuration: try options.configuration())
            for text in texts { _ = try await runtime.executor.run(chain: chain, question: text) }
            var perStep: [String: [Double]] = [:]
            var order: [String] = []
            var totals: [Double] = []
            for _ in 0..<max(1, runs) {
                for text in texts {
                    let start = ContinuousClock.now
                    let answer = try await runtime.executor.run(chain: chain, question: text)
                    totals.append((ContinuousClock.now - start).inMilliseconds)
                    for entry in answer.trace {
                        if perStep[entry.step] == nil { order.append(entry.step) }
                        perStep[entry.step, default: []].append(entry.milliseconds)
                    }
                }
            }
            print("chain '\(chain)', \(texts.count) questions × \(max(1, runs)) passes")
            func line(_ name: String, _ values: [Double]) {
                let (median, p95) = ChainBench.summary(values)
                print("  " + name.padding(toLength: 10, withPad: " ", startingAt: 0) + String(format: " median %8.3f ms  p95 %8.3f ms", median, p95))
            }
            for step in order { line(step, perStep[step] ?? []) }
            line("total", totals)
        }
    }

    struct Client: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "OpenAIChatGenerator against a loopback OpenAI-compatible server: request latency and stream rate.",
            discussion: """
                Serves POST /v1/chat/completions on 127.0.0.1 (a port of its own): a JSON completion, or with
                "stream": true an SSE stream of --events chunk events written one at a time, then [DONE]. Times
                --requests non-streaming requests and --streams streams.
                """)
        @Option(help: "Non-streaming requests.") var requests = 200
        @Option(help: "Streams.") var streams = 20
        @Option(help: "Chunk events per stream.") var events = 500

        func run() async throws {
            let pieces = (0..<max(1, events)).map { " token\($0)" }
            let (port, server) = try await Self.startServer(pieces: pieces)
            defer { server.cancel() }
            let client = OpenAIChatGenerator(configuration: .init(
                baseURL: URL(string: "http://127.0.0.1:\(port)/v1")!, model: "loopback", maxRetries: 0))
            let request = GenerationRequest(messages: [ChatMessage(role: .user, content: "What is m_H?")], question: "What is m_H?")
            for _ in 0..<5 { _ = try await client.generate(request) }
            var latencies: [Double] = []
            for _ in 0..<max(1, requests) {
                let start = ContinuousClock.now
                _ = try await client.generate(request)
                latencies.append((ContinuousClock.now - start).inMilliseconds)
            }
            var streamTimes: [Double] = []
            var firstTokens: [Double] = []
            for _ in 0..<max(1, streams) {
                let start = ContinuousClock.now
                var first: Double?
                var count = 0
                for try await _ in client.stream(request) {
                    if first == nil { first = (ContinuousClock.now - start).inMilliseconds }
                    count += 1
                }
                guard count == pieces.count else {
                    throw ValidationError("The stream delivered \(count) of \(pieces.count) events.")
                }
                streamTimes.append((ContinuousClock.now - start).inMilliseconds)
                if let first { firstTokens.append(first) }
            }
            let request50 = ChainBench.summary(latencies)
            let stream50 = ChainBench.summary(streamTimes)
            print("OpenAI client against a loopback server (127.0.0.1)")
            print(String(format: "  non-streaming request  median %.2f ms  p95 %.2f ms (%d requests)", request50.median, request50.p95, latencies.count))
            print(String(
                format: "  stream of %d chunk events  median %.2f ms total, first token %.2f ms, %.0f events/s (%d streams)",
                pieces.count, stream50.median, ChainBench.summary(firstTokens).median,
                Double(pieces.count) / (stream50.median / 1_000), streamTimes.count))
        }

        /// Starts the loopback server; returns its port and the task running it (cancel it to stop).
        static func startServer(pieces: [String]) async throws -> (Int, Task<Void, any Error>) {
            let completion = #"{"id":"bench","object":"chat.completion","model":"loopback","choices":[{"index":0,"message":{"role":"assistant","content":"m_H = 125.09 GeV [1]."},"finish_reason":"stop"}]}"#
            let events = pieces.map { piece -> String in
                let content = String(decoding: try! JSONEncoder().encode(piece), as: UTF8.self)
                return "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\(content)}}]}\n\n"
            } + ["data: [DONE]\n\n"]
            let router = Router()
            router.post("/v1/chat/completions") { request, _ -> Response in
                let body = try await request.body.collect(upTo: 1 << 20)
                let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
                guard (object?["stream"] as? Bool) == true else {
                    return Response(
                        status: .ok, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(string: completion)))
                }
                return Response(
                    status: .ok, headers: [.contentType: "text/event-stream"],
                    body: .init { writer in
                        for event in events { try await writer.write(ByteBuffer(string: event)) }
                        try await writer.finish(nil)
                    })
            }
            var logger = Logger(label: "loopback-llm")
            logger.logLevel = .critical  // cancelling the server at the end makes Hummingbird log an error
            let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
            let app = Application(
                router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
            let task = Task {
                defer { continuation.finish() }
                try await app.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else {
                task.cancel()
                throw ValidationError("The loopback server did not start.")
            }
            return (port, task)
        }
    }
}
