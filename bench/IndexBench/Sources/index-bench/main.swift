// index-bench --base B.fvecs --queries Q.fvecs [--gt G.ivecs] [--m 16] [--ef-construction 200]
//             [--ef 16,32,64,128,256] [--threads 1] [--metric cosine] [--json]
//             index-bench --synthetic N --dimension D --queries-count Q --out PREFIX  (writes PREFIX.base/query.fvecs)
import Foundation
import VectorIndex

var options: [String: String] = [:]
var flags: Set<String> = []
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    guard argument.hasPrefix("--") else { fatalError("unexpected argument '\(argument)'") }
    let name = String(argument.dropFirst(2))
    if name == "json" { flags.insert(name) } else if let value = arguments.popFirst() { options[name] = value }
}

let parsed = options
func integer(_ name: String, _ fallback: Int) -> Int { parsed[name].flatMap { Int($0) } ?? fallback }

do {
    if let synthetic = options["synthetic"].flatMap({ Int($0) }), let prefix = options["out"] {
        let queries = integer("queries-count", 1_000)
        let vectors = SyntheticVectors.clustered(
            count: synthetic + queries, dimension: integer("dimension", 384), clusters: integer("clusters", 100),
            seed: UInt64(integer("seed", 42)))
        try VectorFile.writeFloatVectors(Array(vectors.prefix(synthetic)), to: URL(fileURLWithPath: prefix + ".base.fvecs"))
        try VectorFile.writeFloatVectors(Array(vectors.suffix(queries)), to: URL(fileURLWithPath: prefix + ".query.fvecs"))
        exit(0)
    }
    if let indexPath = options["search-only"], let queries = options["queries"] {
        // Profiling aid: load a saved index (built once with --save-to) and only run queries.
        let index = try HNSWIndex.load(from: URL(fileURLWithPath: indexPath))
        let queryVectors = try VectorFile.readFloatVectors(URL(fileURLWithPath: queries))
        for ef in (options["ef"] ?? "64").split(separator: ",").compactMap({ Int($0) }) {
            let start = ContinuousClock.now
            var checksum: UInt64 = 0
            for _ in 0 ..< integer("repeat", 1) {
                for query in queryVectors { checksum &+= index.nearest(to: query, k: 10, ef: ef).first?.key ?? 0 }
            }
            let elapsed = ContinuousClock.now - start
            print("ef \(ef): \(elapsed) for \(queryVectors.count * integer("repeat", 1)) queries (\(checksum))")
        }
        exit(0)
    }
    if let output = options["write-gt"], let base = options["base"], let queries = options["queries"] {
        let baseVectors = try VectorFile.readFloatVectors(URL(fileURLWithPath: base))
        let queryVectors = try VectorFile.readFloatVectors(URL(fileURLWithPath: queries))
        let exact = ExactIndex(dimension: baseVectors[0].count, metric: .cosine)
        try exact.add(baseVectors, keys: (0 ..< baseVectors.count).map { UInt64($0) })
        let truth = exact.nearest(to: queryVectors, k: integer("k", 100)).map { $0.map { Int32($0.key) } }
        try VectorFile.writeIntVectors(truth, to: URL(fileURLWithPath: output))
        exit(0)
    }
    guard let base = options["base"], let queries = options["queries"] else {
        FileHandle.standardError.write(Data("usage: index-bench --base B.fvecs --queries Q.fvecs [--gt G.ivecs] ...\n".utf8))
        exit(2)
    }
    let parameters = HNSWParameters(
        maxNeighbors: integer("m", 16), efConstruction: integer("ef-construction", 200),
        encoding: options["encoding"].flatMap(VectorEncoding.init(rawValue:)) ?? .float32)
    let efs = (options["ef"] ?? "16,32,64,128,256").split(separator: ",").compactMap { Int($0) }
    let metric = options["metric"].flatMap(Metric.init(rawValue:)) ?? .cosine
    let report = try IndexBenchmark.run(
        base: URL(fileURLWithPath: base), queries: URL(fileURLWithPath: queries),
        groundTruth: options["gt"].map { URL(fileURLWithPath: $0) }, parameters: parameters, metric: metric, efs: efs,
        threads: integer("threads", 1))
    if let path = options["save-to"] {
        let index = HNSWIndex(dimension: report.dimension, metric: metric, parameters: parameters)
        let vectors = try VectorFile.readFloatVectors(URL(fileURLWithPath: base))
        try index.add(vectors, keys: (0 ..< vectors.count).map { UInt64($0) }, threads: integer("threads", 1))
        try index.save(to: URL(fileURLWithPath: path))
    }
    if flags.contains("json") {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(report), as: UTF8.self))
    } else {
        print("built \(report.count) × \(report.dimension) in \(report.buildSeconds) s with \(report.threads) thread(s); memory \(report.memoryBytes) bytes")
        for result in report.results {
            print("ef \(result.ef)\trecall@\(report.k) \(String(format: "%.4f", result.recall))\tqps \(Int(result.qps))\tcpu-qps \(Int(result.cpuQPS))")
        }
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
