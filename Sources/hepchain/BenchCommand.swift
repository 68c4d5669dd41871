import ArgumentParser
import Embedding
import Foundation
import HTTPAPI
import Ingest
import VectorIndex

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks: embedding throughput, vector index recall/QPS, PDF parsing.",
        subcommands: [Index.self, Ingest.self])

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
