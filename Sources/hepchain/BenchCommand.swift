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
            } else {
                print(report.table)
            }
        }
    }

    struct Ingest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Parse PDFs and report pages/s and MB/s.")
        @Argument(help: "PDF files or folders.") var paths: [String]
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let report = try await IngestBenchmark.run(paths: paths.map { URL(fileURLWithPath: $0) })
            if json {
                try printJSON(report)
            } else {
                print(report.table)
            }
        }
    }
}
