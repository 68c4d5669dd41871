import Foundation
import RAGCore
import TestSupport
import VectorIndex

/// What `IndexBenchmark.run` measured; encodes to the JSON that `hepchain-bench index --json` prints.
struct IndexBenchmarkReport: Codable, Sendable, Hashable {
    /// Recall and speed at one `ef`.
    struct Result: Codable, Sendable, Hashable {
        /// Candidate list size.
        var ef: Int
        /// Mean recall@k against the ground truth.
        var recall: Double
        /// Single-thread, single-query queries per second (wall clock).
        var qps: Double
        /// Queries per second of thread CPU time, which a busy shared machine disturbs less than wall clock.
        var cpuQPS: Double

        enum CodingKeys: String, CodingKey {
            case ef, recall, qps
            case cpuQPS = "cpu_qps"
        }
    }

    /// Vectors indexed.
    var count: Int
    /// Vector length.
    var dimension: Int
    /// Queries run per `ef`.
    var queries: Int
    /// Neighbours per query whose recall is measured.
    var k: Int
    /// Threads used to build.
    var threads: Int
    /// `M`.
    var maxNeighbors: Int
    /// `efConstruction`.
    var efConstruction: Int
    /// Wall-clock build time.
    var buildSeconds: Double
    /// Bytes the index reports holding after the build.
    var memoryBytes: Int
    /// Growth of the process's resident memory over the build (Linux only), to compare with other engines.
    var rssDeltaBytes: Int?
    /// Process CPU time of the build (all threads).
    var buildCPUSeconds: Double
    /// Whether ground truth came from a file or from `ExactIndex`.
    var groundTruth: String
    /// One entry per `ef`, in the order asked.
    var results: [Result]

    enum CodingKeys: String, CodingKey {
        case count, dimension, queries, k, threads, results
        case maxNeighbors = "m"
        case efConstruction = "ef_construction"
        case buildSeconds = "build_seconds"
        case memoryBytes = "memory_bytes"
        case rssDeltaBytes = "rss_delta_bytes"
        case buildCPUSeconds = "build_cpu_seconds"
        case groundTruth = "ground_truth"
    }
}

/// Builds an `HNSWIndex` from ANN-benchmarks files and measures build time, memory, and recall/QPS per `ef`:
/// `hepchain-bench index`, which bench/index/index.sh runs next to hnswlib.
///
/// Usage example:
/// ```swift
/// let report = try IndexBenchmark.run(base: baseURL, queries: queryURL, groundTruth: nil,
///                                     parameters: HNSWParameters(), efs: [16, 32, 64, 128], threads: 1)
/// print(report.results.map { "\($0.ef): \($0.recall) @ \($0.qps) q/s" })
/// ```
enum IndexBenchmark {
    /// Runs the benchmark. Without `groundTruth`, the exact top-k comes from `ExactIndex` (batched `sgemm`).
    static func run(
        base: URL, queries: URL, groundTruth: URL?, parameters: HNSWParameters = .init(), metric: Metric = .cosine,
        efs: [Int] = [16, 32, 64, 128, 256], threads: Int = 1, k: Int = 10
    ) throws -> IndexBenchmarkReport {
        let baseVectors = try VectorFile.readFloatVectors(base)
        let queryVectors = try VectorFile.readFloatVectors(queries)
        guard let dimension = baseVectors.first?.count else {
            throw VectorFile.Failure(path: base.path, reason: "it holds no vectors")
        }
        guard queryVectors.allSatisfy({ $0.count == dimension }) else {
            throw VectorFile.Failure(path: queries.path, reason: "its vectors are not \(dimension)-dimensional")
        }
        let keys = (0 ..< baseVectors.count).map { VectorKey($0) }

        let truth: [[VectorKey]]
        let truthSource: String
        if let groundTruth {
            let rows = try VectorFile.readIntVectors(groundTruth)
            guard rows.count >= queryVectors.count, rows.allSatisfy({ $0.count >= k }) else {
                throw VectorFile.Failure(path: groundTruth.path, reason: "it needs \(queryVectors.count) rows of at least \(k) ids")
            }
            truth = rows.prefix(queryVectors.count).map { $0.prefix(k).map { VectorKey($0) } }
            truthSource = groundTruth.lastPathComponent
        } else {
            let exact = ExactIndex(dimension: dimension, metric: metric)
            try exact.add(baseVectors, keys: keys)
            truth = exact.nearest(to: queryVectors, k: k).map { $0.map(\.key) }
            truthSource = "exact"
        }

        let residentBefore = residentBytes()
        let cpuBefore = cpuSeconds(CLOCK_PROCESS_CPUTIME_ID)
        let index = HNSWIndex(dimension: dimension, metric: metric, parameters: parameters)
        let buildStart = ContinuousClock.now
        try index.add(baseVectors, keys: keys, threads: threads)
        let buildSeconds = (ContinuousClock.now - buildStart).inSeconds
        let buildCPUSeconds = cpuSeconds(CLOCK_PROCESS_CPUTIME_ID) - cpuBefore
        let rssDelta = residentBefore.flatMap { before in residentBytes().map { $0 - before } }

        var results: [IndexBenchmarkReport.Result] = []
        for ef in efs {
            _ = index.nearest(to: queryVectors[0], k: k, ef: ef)  // warm the scratch pool
            var found: [[SearchHit]] = []
            found.reserveCapacity(queryVectors.count)
            let cpuStart = cpuSeconds(CLOCK_THREAD_CPUTIME_ID)
            let start = ContinuousClock.now
            for query in queryVectors { found.append(index.nearest(to: query, k: k, ef: ef)) }
            let wall = (ContinuousClock.now - start).inSeconds
            let cpu = cpuSeconds(CLOCK_THREAD_CPUTIME_ID) - cpuStart
            var hits = 0
            for (answer, expected) in zip(found, truth) {
                let expectedSet = Set(expected)
                hits += answer.filter { expectedSet.contains($0.key) }.count
            }
            results.append(.init(
                ef: ef, recall: Double(hits) / Double(queryVectors.count * k),
                qps: Double(queryVectors.count) / wall, cpuQPS: Double(queryVectors.count) / max(cpu, 1e-9)))
        }
        return IndexBenchmarkReport(
            count: baseVectors.count, dimension: dimension, queries: queryVectors.count, k: k, threads: threads,
            maxNeighbors: parameters.maxNeighbors, efConstruction: parameters.efConstruction, buildSeconds: buildSeconds,
            memoryBytes: index.memoryBytes, rssDeltaBytes: rssDelta, buildCPUSeconds: buildCPUSeconds,
            groundTruth: truthSource, results: results)
    }

    private static func cpuSeconds(_ clock: clockid_t) -> Double {
        var spec = timespec()
        clock_gettime(clock, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
    }

    /// Resident set size from `/proc/self/statm`, or nil where it does not exist.
    private static func residentBytes() -> Int? {
        let text: String
        do {
            text = try String(contentsOfFile: "/proc/self/statm", encoding: .utf8)
        } catch {
            return nil  // not Linux: the report leaves the field out
        }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}

