import ArgumentParser
import Foundation
import RAGCore
import TestSupport
import VectorIndex

/// `--encoding float32|int8`.
func parseEncoding(_ argument: String) throws -> VectorEncoding {
    guard let encoding = VectorEncoding(rawValue: argument) else {
        throw ValidationError("--encoding takes \(VectorEncoding.allCases.map(\.rawValue).joined(separator: " or ")); got '\(argument)'.")
    }
    return encoding
}

/// `--metric cosine|…`.
func parseMetric(_ argument: String) throws -> Metric {
    guard let metric = Metric(rawValue: argument) else {
        throw ValidationError("--metric takes \(Metric.allCases.map(\.rawValue).joined(separator: ", ")); got '\(argument)'.")
    }
    return metric
}

struct Index: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build an HNSW index on .fvecs data and report build time, memory, recall@10 and QPS per ef.",
        discussion: "bench/index/index.sh runs it next to hnswlib on the same files; --json prints hnswlib's JSON shape.")
    @Option(help: "Base vectors (.fvecs).") var base: String
    @Option(help: "Query vectors (.fvecs).") var queries: String
    @Option(help: "Ground truth (.ivecs); computed with the exact index when absent.") var gt: String?
    @Option(help: "M: neighbours per node.") var m = 16
    @Option(help: "efConstruction.") var efConstruction = 200
    @Option(help: "Comma-separated efSearch values.") var ef = "16,32,64,128,256"
    @Option(help: "Build threads.") var threads = 1
    @Option(help: "Stored vector encoding: float32 or int8.", transform: parseEncoding) var encoding = VectorEncoding.float32
    @Option(help: "Distance metric (cosine by default).", transform: parseMetric) var metric = Metric.cosine
    @Option(help: "Also save the built index here (for index-search).") var saveTo: String?
    @Flag(help: "Print one JSON line.") var json = false

    func run() throws {
        let parameters = HNSWParameters(maxNeighbors: m, efConstruction: efConstruction, encoding: encoding)
        let report = try IndexBenchmark.run(
            base: URL(fileURLWithPath: base), queries: URL(fileURLWithPath: queries), groundTruth: gt.map { URL(fileURLWithPath: $0) },
            parameters: parameters, metric: metric, efs: try positiveIntegers(ef, option: "--ef"), threads: threads)
        if let saveTo {
            let index = HNSWIndex(dimension: report.dimension, metric: metric, parameters: parameters)
            let vectors = try VectorFile.readFloatVectors(URL(fileURLWithPath: base))
            try index.add(vectors, keys: (0..<vectors.count).map { VectorKey($0) }, threads: threads)
            try index.save(to: URL(fileURLWithPath: saveTo))
        }
        if json {
            try printJSONLine(report)
            return
        }
        print("\(report.count) × \(report.dimension) vectors, \(report.queries) queries, M=\(report.maxNeighbors), efConstruction=\(report.efConstruction), \(report.threads) build thread(s)")
        print(String(format: "build %.2f s (%.2f s CPU), memory %@", report.buildSeconds, report.buildCPUSeconds, formatBytes(Double(report.memoryBytes))))
        print("ef\trecall@\(report.k)\tQPS (1 thread)\tQPS per CPU second")
        for result in report.results {
            print(String(format: "%d\t%.4f\t%.0f\t%.0f", result.ef, result.recall, result.qps, result.cpuQPS))
        }
    }
}

struct IndexSearch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index-search",
        abstract: "Load a saved index (index --save-to) and only run queries: a profiling aid for the search path.")
    @Option(help: "Saved index file.") var index: String
    @Option(help: "Query vectors (.fvecs).") var queries: String
    @Option(help: "Comma-separated efSearch values.") var ef = "64"
    @Option(help: "Passes over the queries.") var `repeat` = 1

    func run() throws {
        let loaded = try HNSWIndex.load(from: URL(fileURLWithPath: index))
        let queryVectors = try VectorFile.readFloatVectors(URL(fileURLWithPath: queries))
        for ef in try positiveIntegers(ef, option: "--ef") {
            let start = ContinuousClock.now
            var checksum: UInt64 = 0
            for _ in 0..<max(1, `repeat`) {
                for query in queryVectors { checksum &+= loaded.nearest(to: query, k: 10, ef: ef).first?.key ?? 0 }
            }
            let elapsed = ContinuousClock.now - start
            print("ef \(ef): \(elapsed) for \(queryVectors.count * max(1, `repeat`)) queries (checksum \(checksum))")
        }
    }
}

struct Vectors: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write benchmark data: seeded clustered vectors, or the exact nearest neighbours of queries.",
        subcommands: [Synthetic.self, GroundTruth.self])

    struct Synthetic: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Seeded, clustered, normalised vectors (the tests' SyntheticVectors): PREFIX.base.fvecs and PREFIX.query.fvecs.")
        @Option(help: "Base vectors.") var count: Int
        @Option(help: "Query vectors (drawn from the same clusters).") var queries = 1_000
        @Option(help: "Dimension.") var dimension = 384
        @Option(help: "Clusters.") var clusters = 100
        @Option(help: "Seed.") var seed: UInt64 = 42
        @Option(help: "Output prefix.") var out: String

        func run() throws {
            let vectors = SyntheticVectors.clustered(count: count + queries, dimension: dimension, clusters: clusters, seed: seed)
            try VectorFile.writeFloatVectors(Array(vectors.prefix(count)), to: URL(fileURLWithPath: out + ".base.fvecs"))
            try VectorFile.writeFloatVectors(Array(vectors.suffix(queries)), to: URL(fileURLWithPath: out + ".query.fvecs"))
        }
    }

    struct GroundTruth: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ground-truth", abstract: "Exact top-k (cosine, batched sgemm) of every query, as an .ivecs file.")
        @Option(help: "Base vectors (.fvecs).") var base: String
        @Option(help: "Query vectors (.fvecs).") var queries: String
        @Option(name: .short, help: "Neighbours per query.") var k = 100
        @Option(help: "Output .ivecs file.") var out: String

        func run() throws {
            let baseVectors = try VectorFile.readFloatVectors(URL(fileURLWithPath: base))
            let queryVectors = try VectorFile.readFloatVectors(URL(fileURLWithPath: queries))
            guard let dimension = baseVectors.first?.count else {
                throw VectorFile.Failure(path: base, reason: "it holds no vectors")
            }
            let exact = ExactIndex(dimension: dimension, metric: .cosine)
            try exact.add(baseVectors, keys: (0..<baseVectors.count).map { VectorKey($0) })
            let truth = exact.nearest(to: queryVectors, k: k).map { $0.map { Int32($0.key) } }
            try VectorFile.writeIntVectors(truth, to: URL(fileURLWithPath: out))
        }
    }
}
