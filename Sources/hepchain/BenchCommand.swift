import ArgumentParser
import Embedding
import Foundation
import HepChainApp
import Ingest
import KnowledgeBase
import RAGCore
import VectorIndex

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks: embedding throughput, vector index recall/QPS, PDF parsing, search latency.",
        subcommands: [Embed.self, Index.self, Ingest.self, Search.self, Translate.self])

    struct Embed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Embed passages (JSON lines {\"text\"}) and report passages/s, tokens/s, GFLOP/s and short-query latency.")
        @Option(help: "Passages file (JSON lines with a \"text\" field).") var passages: String
        @Option(help: "Model folder (default: $HEPCHAIN_MODEL, else models/all-MiniLM-L6-v2).") var model: String?
        @Option(help: "Threads (default: measured best for this machine).") var threads: Int?
        @Option(help: "Runs; the median is reported.") var runs = 3
        @Option(help: "batches (one BLAS thread per worker) or blas (BLAS threads).") var parallelism = "batches"
        @Flag(help: "Print JSON.") var json = false


        func run() async throws {
            let folder = model ?? ProcessInfo.processInfo.environment["HEPCHAIN_MODEL"] ?? "models/all-MiniLM-L6-v2"
            let texts = try jsonLinesField("text", of: passages)
            let report = try await EmbeddingBenchmark.run(
                modelFolder: URL(fileURLWithPath: folder), passages: texts, threads: threads, runs: runs, parallelism: parallelism)
            if json { try printJSON(report) } else { print(report.summary) }
        }
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time knowledge-base searches (query embedding included) per mode and report p50/p90/p99 latency.",
            discussion: """
                Runs every question of --questions (JSON lines with a "question" field, e.g. eval/corpus.jsonl)
                once to warm up, then --runs passes per mode, one search at a time, against the data folder's
                collection. Latency is wall time of KnowledgeBase.search, as the HTTP routes call it.
                """)
        @OptionGroup var options: DataOptions
        @Option(help: "Questions file (JSON lines with a \"question\" field).") var questions: String
        @Option(help: "Comma-separated modes.") var modes = "dense,bm25,hybrid"
        @Option(name: .short, help: "Hits per search.") var k = 10
        @Option(help: "Timed passes over the questions per mode.") var runs = 3
        @Option(help: "Collection to search.") var collection = "default"
        @Flag(help: "Print JSON.") var json = false

        struct Row: Encodable {
            var mode: String
            var searches: Int
            var p50Milliseconds: Double
            var p90Milliseconds: Double
            var p99Milliseconds: Double
            var meanMilliseconds: Double
        }

        func run() async throws {
            let texts = try jsonLinesField("question", of: questions)
            let searchModes = try modes.split(separator: ",").map { name -> SearchMode in
                guard let mode = SearchMode(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                    throw ValidationError("--modes takes dense, bm25 and hybrid separated by commas; got '\(name)'.")
                }
                return mode
            }
            let runtime = try await HepChainRuntime.open(configuration: try options.configuration())
            var rows: [Row] = []
            for mode in searchModes {
                for text in texts { _ = try await runtime.knowledgeBase.search(RetrievalQuery(text: text, k: k, mode: mode), in: collection) }
                var latencies: [Double] = []
                for _ in 0..<max(1, runs) {
                    for text in texts {
                        let start = ContinuousClock.now
                        _ = try await runtime.knowledgeBase.search(RetrievalQuery(text: text, k: k, mode: mode), in: collection)
                        let elapsed = ContinuousClock.now - start
                        latencies.append(Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15)
                    }
                }
                latencies.sort()
                func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(p * Double(latencies.count)))] }
                rows.append(Row(
                    mode: mode.rawValue, searches: latencies.count, p50Milliseconds: percentile(0.5),
                    p90Milliseconds: percentile(0.9), p99Milliseconds: percentile(0.99),
                    meanMilliseconds: latencies.reduce(0, +) / Double(latencies.count)))
            }
            if json { try printJSON(rows); return }
            let statistics = try await runtime.knowledgeBase.statistics(in: collection)
            print("collection '\(collection)': \(statistics.documents) documents, \(statistics.chunks) chunks; k = \(k)")
            print("| mode | searches | p50 ms | p90 ms | p99 ms | mean ms |")
            print("|---|---|---|---|---|---|")
            for row in rows {
                let times = [row.p50Milliseconds, row.p90Milliseconds, row.p99Milliseconds, row.meanMilliseconds]
                print("| \(row.mode) | \(row.searches) | " + times.map { String(format: "%.2f", $0) }.joined(separator: " | ") + " |")
            }
        }
    }

    struct Translate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time loading the glossaries and CC-CEDICT, and translating each question (zh↔en query translation).",
            discussion: """
                Loads the translator as the runtime does (--dictionary, --glossary, configuration) --runs times, then
                translates every question of --questions --runs times after one warm-up pass. Reports the median load
                and per-query percentiles (wall time).
                """)
        @OptionGroup var options: DataOptions
        @Option(help: "Questions file (JSON lines with a \"question\" field).") var questions: String
        @Option(help: "Loads, and timed passes over the questions.") var runs = 5
        @Flag(help: "Print each question's translation note.") var show = false

        func run() async throws {
            let configuration = try options.configuration()
            let texts = try jsonLinesField("question", of: questions)
            func milliseconds(_ duration: Duration) -> Double {
                Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) / 1e15
            }
            func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
            // Process CPU time (`clock()`), next to wall time: on a shared machine the wall clock also counts waiting.
            func cpuMilliseconds() -> Double { Double(clock()) * 1000 / Double(CLOCKS_PER_SEC) }
            var loads: [Double] = []
            var loadCPU: [Double] = []
            var translator = try HepChainRuntime.translator(for: configuration)
            for _ in 0..<max(1, runs) {
                let start = ContinuousClock.now
                let cpuStart = cpuMilliseconds()
                translator = try HepChainRuntime.translator(for: configuration)
                loads.append(milliseconds(ContinuousClock.now - start))
                loadCPU.append(cpuMilliseconds() - cpuStart)
            }
            for text in texts { _ = translator.translate(text) }
            var latencies: [Double] = []
            let cpuStart = cpuMilliseconds()
            for _ in 0..<max(1, runs) {
                for text in texts {
                    let start = ContinuousClock.now
                    _ = translator.translate(text)
                    latencies.append(milliseconds(ContinuousClock.now - start))
                }
            }
            let queryCPU = (cpuMilliseconds() - cpuStart) / Double(latencies.count)
            latencies.sort()
            func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(p * Double(latencies.count)))] }
            let entries = translator.dictionary.map { "CC-CEDICT \($0.entryCount) entries" } ?? "no dictionary"
            print("glossary \(translator.glossary.entries.count) concepts, \(entries); \(texts.count) questions × \(max(1, runs)) passes")
            print(String(
                format: "load (glossaries + dictionary, both directions): median %.1f ms wall (min %.1f), %.1f ms CPU",
                median(loads), loads.min() ?? 0, median(loadCPU)))
            print(String(
                format: "translate per query: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms wall; mean %.3f ms CPU",
                percentile(0.5), percentile(0.9), percentile(0.99), latencies.last ?? 0, queryCPU))
            if show {
                for text in texts { print("\(text)\n    \(translator.translate(text).note)") }
            }
        }
    }

    struct Index: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build an HNSW index on .fvecs data and report build time, memory, recall@10 and QPS per ef.")
        @Option(help: "Base vectors (.fvecs).") var base: String
        @Option(help: "Query vectors (.fvecs).") var queries: String
        @Option(help: "Ground truth (.ivecs); computed with the exact index when absent.") var gt: String?
        @Option(help: "M: neighbours per node.") var m = 16
        @Option(help: "efConstruction.") var efConstruction = 200
        @Option(help: "Comma-separated efSearch values.") var ef = "16,32,64,128,256"
        @Option(help: "Build threads.") var threads = 1
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let efs = try ef.split(separator: ",").map { value -> Int in
                guard let number = Int(value.trimmingCharacters(in: .whitespaces)), number > 0 else {
                    throw ValidationError("--ef takes positive integers separated by commas; got '\(value)'.")
                }
                return number
            }
            let report = try IndexBenchmark.run(
                base: URL(fileURLWithPath: base), queries: URL(fileURLWithPath: queries), groundTruth: gt.map { URL(fileURLWithPath: $0) },
                parameters: HNSWParameters(maxNeighbors: m, efConstruction: efConstruction), efs: efs, threads: threads)
            if json {
                try printJSON(report)
                return
            }
            print("\(report.count) × \(report.dimension) vectors, \(report.queries) queries, M=\(report.maxNeighbors), efConstruction=\(report.efConstruction), \(report.threads) build thread(s)")
            print(String(format: "build %.2f s (%.2f s CPU), memory %@", report.buildSeconds, report.buildCPUSeconds, formatBytes(Double(report.memoryBytes))))
            print("ef\trecall@\(report.k)\tQPS (1 thread)")
            for result in report.results {
                print(String(format: "%d\t%.4f\t%.0f", result.ef, result.recall, result.qps))
            }
        }
    }

    struct Ingest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Parse PDFs and report pages/s and MB/s.")
        @Argument(help: "PDF files or folders.") var paths: [String]
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let report = try IngestBenchmark.run(paths: paths.map { URL(fileURLWithPath: $0) })
            if json {
                try printJSON(report)
                return
            }
            print("\(report.files) files, \(report.pages) pages, \(formatBytes(Double(report.bytes)))")
            print(String(format: "parse: %.1f pages/s, %.2f MB/s; with chunking: %.1f pages/s", report.pagesPerSecond, report.megabytesPerSecond, report.pagesPerSecondWithChunking))
            for failure in report.failures { printError("failed: \(failure)") }
        }
    }
}

/// The string field `field` of every line of a JSON-lines file (blank lines skipped), with an error naming the
/// file and line that lacks it.
private func jsonLinesField(_ field: String, of path: String) throws -> [String] {
    var values: [String] = []
    for (number, line) in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    where !line.allSatisfy(\.isWhitespace) && !line.hasPrefix("//") {
        let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        guard let value = object?[field] as? String else {
            throw ValidationError("Line \(number + 1) of '\(path)' is not a JSON object with a string field \"\(field)\".")
        }
        values.append(value)
    }
    guard !values.isEmpty else { throw ValidationError("'\(path)' holds no JSON lines with a \"\(field)\" field.") }
    return values
}
