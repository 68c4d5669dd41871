import ArgumentParser
import Embedding
import Foundation
import LinearAlgebra

/// `--parallelism batches|blas`.
func parseParallelism(_ argument: String) throws -> BERTEmbedder.Parallelism {
    switch argument {
    case "batches": return .batches
    case "blas": return .blas
    default: throw ValidationError("--parallelism takes batches or blas; got '\(argument)'.")
    }
}

/// `--query-precision float32|float16`.
func parsePrecision(_ argument: String) throws -> PackedWeight.Precision {
    guard let precision = PackedWeight.Precision(rawValue: argument) else {
        throw ValidationError("--query-precision takes float32, float16 or bfloat16; got '\(argument)'.")
    }
    return precision
}

/// `--bulk-precision float32|bfloat16`.
func parseBulkPrecision(_ argument: String) throws -> BulkPrecision {
    guard let precision = BulkPrecision(rawValue: argument) else {
        throw ValidationError("--bulk-precision takes float32 or bfloat16; got '\(argument)'.")
    }
    return precision
}

struct Embed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Embed passages and report passages/s, tokens/s, GFLOP/s against sgemm, and short-query latency.",
        discussion: """
            Embeds every passage of --passages (JSON lines with a "text" field) --runs times after a warm-up, then
            the short query 200 times with float32 and with float16 query weights. bench/embedding/embed.sh runs it
            next to sentence-transformers on the same passages.
            """)
    @Option(help: "Passages file (JSON lines with a \"text\" field).") var passages: String
    @Option(help: "Model folder (default: $HEPCHAIN_MODEL, else models/all-MiniLM-L6-v2).") var model: String?
    @Option(help: "Threads (default: measured best for this machine).") var threads: Int?
    @Option(help: "Runs; the median is reported.") var runs = 3
    @Option(help: "batches (one BLAS thread per worker) or blas (BLAS threads).", transform: parseParallelism)
    var parallelism = BERTEmbedder.Parallelism.batches
    @Option(help: "Most tokens per encoder batch.") var batchTokens = 2048
    @Flag(help: "Store the weights transposed (the layout before the packed kernel).") var transposedWeights = false
    @Option(help: "Weights for few-row batches: float32, float16 or bfloat16.", transform: parsePrecision)
    var queryPrecision = PackedWeight.Precision.float32
    @Option(help: "Products of large batches: float32 or bfloat16 (default: bfloat16 where the CPU has AVX512-BF16).", transform: parseBulkPrecision)
    var bulkPrecision: BulkPrecision?
    @Flag(help: "Print one JSON line on stdout (the summary goes to stderr).") var json = false

    func run() async throws {
        let texts = try jsonLinesField("text", of: passages)
        let report = try await EmbeddingBenchmark.run(
            modelFolder: modelFolder(model), passages: texts, threads: threads, runs: runs, parallelism: parallelism,
            transposedWeights: transposedWeights, tokensPerBatch: batchTokens, queryPrecision: queryPrecision,
            bulkPrecision: bulkPrecision)
        if json {
            printError(report.summary)
            try printJSONLine(report)
        } else {
            print(report.summary)
        }
    }
}

struct EmbedQuery: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed-query",
        abstract: "Short-query latency alone: quartiles and minimum over --count calls after 20 warm-up calls.",
        discussion: """
            For profiling the query path without the passage runs around it. --sync calls the encoder on this
            thread with the query's token ids (no tokenizer, no hop to another thread), to separate the encoder's
            time from the call's. bench/embedding/query-ab.sh alternates several builds of it.
            """)
    @Option(help: "Model folder (default: $HEPCHAIN_MODEL, else models/all-MiniLM-L6-v2).") var model: String?
    @Option(help: "Timed calls.") var count = 200
    @Option(help: "Threads (default: measured best for this machine).") var threads: Int?
    @Option(help: "Weights for few-row batches: float32, float16 or bfloat16.", transform: parsePrecision)
    var queryPrecision = PackedWeight.Precision.float32
    @Flag(help: "Call the encoder synchronously with token ids.") var sync = false

    func run() async throws {
        let embedder = try BERTEmbedder(modelFolder: modelFolder(model), threads: threads, queryPrecision: queryPrecision)
        let query = EmbeddingBenchmark.defaultQuery
        let ids = embedder.tokenizer.encode(query)
        var latencies: [Double] = []
        for iteration in 0..<(max(1, count) + 20) {
            let start = now()
            if sync {
                _ = embedder.embedSynchronously(tokenIDs: [ids])
            } else {
                _ = try await embedder.embed([query])
            }
            if iteration >= 20 { latencies.append((now() - start) * 1e3) }
        }
        latencies.sort()
        let quartile = { (q: Double) in String(format: "%.2f", percentile(latencies, q)) }
        print("query (\(ids.count) tokens, \(embedder.threads) thread(s)): min \(quartile(0)) ms, q1 \(quartile(0.25)), median \(quartile(0.5)), q3 \(quartile(0.75))")
    }
}
