import ArgumentParser
import Embedding
import Foundation
import HTTPAPI
import Ingest
import VectorIndex

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks: embedding throughput, vector index recall/QPS, PDF parsing.",
        subcommands: [Embed.self, Index.self, Ingest.self])

    struct Embed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Embed passages (JSON lines {\"text\"}) and report passages/s, tokens/s, GFLOP/s and short-query latency.")
        @Option(help: "Passages file (JSON lines with a \"text\" field).") var passages: String
        @Option(help: "Model folder (default: $HEPCHAIN_MODEL, else models/all-MiniLM-L6-v2).") var model: String?
        @Option(help: "Threads (default: measured best for this machine).") var threads: Int?
        @Option(help: "Runs; the median is reported.") var runs = 3
        @Option(help: "batches (one BLAS thread per worker) or blas (BLAS threads).") var parallelism = "batches"
        @Flag(help: "Print JSON.") var json = false

        struct Line: Decodable { var text: String }

        func run() async throws {
            let folder = model ?? ProcessInfo.processInfo.environment["HEPCHAIN_MODEL"] ?? "models/all-MiniLM-L6-v2"
            var texts: [String] = []
            for (number, line) in try String(contentsOfFile: passages, encoding: .utf8).split(separator: "\n").enumerated() {
                guard let text = try? JSONDecoder().decode(Line.self, from: Data(line.utf8)).text else {
                    throw ValidationError("Line \(number + 1) of '\(passages)' is not a JSON object with a string field \"text\".")
                }
                texts.append(text)
            }
            guard !texts.isEmpty else { throw ValidationError("'\(passages)' holds no JSON lines with a \"text\" field.") }
            let report = try await EmbeddingBenchmark.run(
                modelFolder: URL(fileURLWithPath: folder), passages: texts, threads: threads, runs: runs, parallelism: parallelism)
            if json { try printJSON(report) } else { print(report.summary) }
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
