import Dispatch
import Embedding
import Foundation
import LinearAlgebra

/// Throughput and latency of `BERTEmbedder` on given passages, with the achieved GFLOP/s set against the
/// `cblas_sgemm` rate measured on the same machine and thread setting: `hepchain-bench embed`, which
/// bench/embedding/embed.sh runs next to sentence-transformers.
///
/// Usage example:
/// ```swift
/// let report = try await EmbeddingBenchmark.run(modelFolder: folder, passages: texts, queries: ["higgs mass"])
/// print(report.summary)
/// ```
enum EmbeddingBenchmark {
    /// Measured figures of one benchmark.
    struct Report: Sendable, Codable {
        /// Model folder name.
        var model: String
        /// OpenBLAS kernel (`openblas_get_corename`).
        var blasKernel: String
        /// Level of HepChain's own distance and element-wise kernels (`baseline`, `avx2`, `avx512`).
        var vectorKernels: String
        /// Threads used by the embedder.
        var threads: Int
        /// `batches` (one single-threaded BLAS worker per thread) or `blas` (one worker, threaded BLAS).
        var parallelism: String
        /// Element type of the large batches' products: `float32` (OpenBLAS) or `bfloat16`.
        var bulkPrecision: String
        /// Number of passages embedded per run.
        var passages: Int
        /// Wordpieces per run after truncation, `[CLS]`/`[SEP]` included.
        var tokens: Int
        /// Wall time of each run, tokenization included.
        var runSeconds: [Double]
        /// Process CPU time (user + system) of each run: a steadier figure on a shared machine.
        var runCPUSeconds: [Double]
        /// Passages per second of the median run.
        var passagesPerSecond: Double
        /// Tokens per second of the median run.
        var tokensPerSecond: Double
        /// Model FLOPs (matrix products and attention) per second of the median run.
        var achievedGFLOPS: Double
        /// `cblas_sgemm` rate on a (2048×384)·(384×1536) product with the same threading.
        var sgemmGFLOPS: Double
        /// Median latency of embedding one short query, in milliseconds.
        var queryLatencyMilliseconds: Double
        /// Wordpieces of the short query, `[CLS]`/`[SEP]` included.
        var queryTokens: Int
        /// Median latency of the same query with float16 query weights (`queryPrecision: .float16`), when the run
        /// itself used float32; nil otherwise.
        var halfPrecisionQueryLatencyMilliseconds: Double?
        /// Cosine between the query's float16-weight and float32-weight vectors (the 0.999 rule's figure).
        var halfPrecisionQueryCosine: Double?

        /// One line per figure, for terminals.
        var summary: String {
            let runs = zip(runSeconds, runCPUSeconds).map { String(format: "%.2f (CPU %.2f)", $0, $1) }.joined(separator: ", ")
            return """
                model \(model), OpenBLAS \(blasKernel), vector kernels \(vectorKernels), bulk \(bulkPrecision), \(threads) thread(s), parallelism \(parallelism)
                \(passages) passages, \(tokens) tokens; runs (s): \(runs)
                \(String(format: "%.1f", passagesPerSecond)) passages/s, \(String(format: "%.0f", tokensPerSecond)) tokens/s
                \(String(format: "%.1f", achievedGFLOPS)) GFLOP/s achieved vs \(String(format: "%.1f", sgemmGFLOPS)) GFLOP/s sgemm (\(String(format: "%.0f", 100 * achievedGFLOPS / max(sgemmGFLOPS, 1e-9)))%)
                short query (\(queryTokens) tokens): \(String(format: "%.2f", queryLatencyMilliseconds)) ms median\(halfPrecisionQueryLatencyMilliseconds.map { String(format: "; with float16 query weights %.2f ms", $0) } ?? "")
                """
        }
    }

    /// The short query whose latency the report gives (13 wordpieces with MiniLM's vocabulary); the same text as
    /// bench/embed_reference.py's.
    static let defaultQuery = "What is the mass of the Higgs boson?"

    /// Embeds `passages` `runs` times and a short query 200 times; `parallelism` is `.batches` or `.blas`.
    static func run(
        modelFolder: URL, passages: [String], queries: [String] = [defaultQuery],
        threads: Int? = nil, runs: Int = 3, parallelism mode: BERTEmbedder.Parallelism = .batches, transposedWeights: Bool = false,
        tokensPerBatch: Int = 2048, queryPrecision: PackedWeight.Precision = .float32, bulkPrecision: BulkPrecision? = nil
    ) async throws -> Report {
        let embedder = try BERTEmbedder(
            modelFolder: modelFolder, threads: threads, parallelism: mode, tokensPerBatch: tokensPerBatch,
            transposesWeights: transposedWeights, queryPrecision: queryPrecision, bulkPrecision: bulkPrecision)
        let sequences = passages.map { embedder.tokenizer.encode($0) }
        let tokens = sequences.reduce(0) { $0 + $1.count }
        let flops = sequences.reduce(0.0) { $0 + embedder.encoderFLOPs(sequenceLength: $1.count) }

        _ = try await embedder.embed(Array(passages.prefix(64)))  // warm-up: page in weights, grow workspaces
        var seconds: [Double] = []
        var cpuSeconds: [Double] = []
        for _ in 0..<max(1, runs) {
            let start = DispatchTime.now().uptimeNanoseconds
            let cpuStart = processCPUSeconds()
            _ = try await embedder.embed(passages)
            seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            cpuSeconds.append(processCPUSeconds() - cpuStart)
        }
        let median = seconds.sorted()[seconds.count / 2]

        let query = queries.first ?? "higgs mass"
        let queryLatency = try await medianLatency(of: embedder, query: query)
        // The fastest mode that keeps cosine ≥ 0.999: the same query on float16 query weights.
        var half: (latency: Double, cosine: Double)?
        if queryPrecision == .float32 {
            let halfEmbedder = try BERTEmbedder(
                modelFolder: modelFolder, threads: threads, parallelism: mode, tokensPerBatch: tokensPerBatch,
                transposesWeights: transposedWeights, queryPrecision: .float16)
            let exact = try await embedder.embed([query])[0]
            let rounded = try await halfEmbedder.embed([query])[0]
            let cosine = zip(exact, rounded).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            half = (try await medianLatency(of: halfEmbedder, query: query), cosine)
        }

        return Report(
            model: embedder.modelID, blasKernel: BLAS.shared.coreName, vectorKernels: KernelLevel.selected.rawValue,
            threads: embedder.threads,
            parallelism: mode == .blas ? "blas" : "batches", bulkPrecision: embedder.bulkPrecision.rawValue, passages: passages.count, tokens: tokens,
            runSeconds: seconds, runCPUSeconds: cpuSeconds, passagesPerSecond: Double(passages.count) / median,
            tokensPerSecond: Double(tokens) / median, achievedGFLOPS: flops / median / 1e9,
            sgemmGFLOPS: sgemmRate(threads: embedder.threads, parallelism: mode),
            queryLatencyMilliseconds: queryLatency, queryTokens: embedder.tokenizer.encode(query).count,
            halfPrecisionQueryLatencyMilliseconds: half?.latency, halfPrecisionQueryCosine: half?.cosine)
    }

    /// Median wall time of embedding `query` alone, over 200 calls after 20 warm-up calls, in milliseconds.
    static func medianLatency(of embedder: BERTEmbedder, query: String) async throws -> Double {
        var latencies: [Double] = []
        for iteration in 0..<220 {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try await embedder.embed([query])
            if iteration >= 20 { latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6) }
        }
        latencies.sort()
        return latencies[latencies.count / 2]
    }

    /// GFLOP/s of `cblas_sgemm` on the encoder's largest product shape, x (2048, 384) · Wᵀ (384, 1536):
    /// with `.batches`, `threads` callers each on single-threaded BLAS; with `.blas`, one caller on `threads`.
    static func sgemmRate(threads: Int, parallelism: BERTEmbedder.Parallelism) -> Double {
        let rows = 2048, input = 384, output = 1536
        let callers = parallelism == .batches ? threads : 1
        let weight = MatrixView(rows: output, columns: input, copying: (0..<(output * input)).map { Float($0 % 7) * 0.01 })
        let x = (0..<(rows * input)).map { Float($0 % 5) * 0.1 }
        let repetitions = 12
        let start = DispatchTime.now().uptimeNanoseconds
        DispatchQueue.concurrentPerform(iterations: callers) { _ in
            var y = [Float](repeating: 0, count: rows * output)
            for _ in 0..<repetitions { linear(x, rows: rows, weight: weight, bias: nil, into: &y) }
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return 2 * Double(rows * input * output) * Double(repetitions * callers) / elapsed / 1e9
    }
}
