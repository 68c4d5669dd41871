// embed-bench --model DIR --passages FILE.jsonl [--threads N] [--runs 3] [--parallelism batches|blas]
//             [--layout checkpoint|transposed] [--batch-tokens 2048] [--query-precision float32|float16]
//        embed-bench --model DIR --queries N [--threads N] [--query-precision float32|float16] [--sync 1]
//        embed-bench --fork-join N
//        embed-bench --kernel-rows R
//        embed-bench --gemm-rows R
//        embed-bench --attention L
//        embed-bench --fma-peak N
//        embed-bench --read-bandwidth MB
// Prints the report as one JSON line on stdout and a summary on stderr.
import Embedding
import LinearAlgebra
import Foundation

var options: [String: String] = [:]
var arguments = CommandLine.arguments.dropFirst()
while let key = arguments.popFirst() {
    guard key.hasPrefix("--"), let value = arguments.popFirst() else {
        FileHandle.standardError.write(Data("usage: embed-bench --model DIR --passages FILE.jsonl [--threads N] [--runs N] [--parallelism batches|blas]\n".utf8))
        exit(2)
    }
    options[String(key.dropFirst(2))] = value
}
/// Deterministic pseudo-random values in [-1, 1) (a 64-bit LCG), the operands of the kernel modes below.
func values(_ count: Int, _ seed: UInt64) -> [Float] {
    var state = seed
    return (0..<count).map { _ in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Float(Int64(bitPattern: state) >> 40) / Float(1 << 23)
    }
}

// embed-bench --kernel-rows R: the packed few-row kernel alone, float32 against float16 panels, on MiniLM's
// feed-forward shape (R × 384 → 1536): one weight reused (cache-hot) and 24 distinct weights (streamed from
// memory, as in a real query). Best of 30 passes over 24 products.
if let rows = options["kernel-rows"].flatMap(Int.init) {
    let (input, output) = (384, 1536)
    let weight = MatrixView(rows: output, columns: input, copying: values(output * input, 1))
    let x = values(rows * input, 2)
    var y = [Float](repeating: 0, count: rows * output)
    for precision in PackedWeight.Precision.allCases {
        let distinct = (0..<24).map { _ in PackedWeight(weight: weight, precision: precision) }
        for (name, set) in [("hot", [distinct[0]]), ("24 distinct", distinct)] {
            var best = Double.infinity
            for _ in 0..<30 {
                let start = DispatchTime.now().uptimeNanoseconds
                for _ in 0..<(24 / set.count) { for packed in set { linear(x, rows: rows, packed: packed, bias: nil, into: &y) } }
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            let gflops = 2.0 * Double(rows * input * output * 24) / best / 1e9
            print("\(precision.rawValue) \(name): \(String(format: "%.2f", best * 1e3)) ms per 24 products, \(String(format: "%.1f", gflops)) GFLOP/s")
        }
    }
    exit(0)
}
// embed-bench --fork-join N: what handing two threads one short job costs, `DispatchQueue.concurrentPerform`
// against a `ThreadTeam`, when the calls come back to back and when the caller works G µs between them (as a
// query does between products: LayerNorm, GELU, attention); N calls each, microseconds per call beyond the gap.
if let calls = options["fork-join"].flatMap(Int.init) {
    let team = ThreadTeam(size: 2)
    var sink = [Float](repeating: 1, count: 1024)
    func busy(_ microseconds: Int) {
        let end = DispatchTime.now().uptimeNanoseconds + UInt64(microseconds) * 1000
        var i = 0
        while DispatchTime.now().uptimeNanoseconds < end { sink[i & 1023] += 1; i += 1 }
    }
    for gap in [0, 10, 30, 100, 300] {
        var results: [String] = []
        for (name, forkJoin) in [
            ("concurrentPerform", { DispatchQueue.concurrentPerform(iterations: 2) { _ in } }),
            ("ThreadTeam", { team.perform { _ in } }),
        ] as [(String, () -> Void)] {
            for _ in 0..<100 { busy(gap); forkJoin() }
            var spent: UInt64 = 0
            for _ in 0..<calls {
                busy(gap)
                let start = DispatchTime.now().uptimeNanoseconds
                forkJoin()
                spent += DispatchTime.now().uptimeNanoseconds - start
            }
            results.append("\(name) \(String(format: "%.2f", Double(spent) / Double(calls) / 1e3)) µs")
        }
        print("gap \(gap) µs: \(results.joined(separator: ", "))")
    }
    print("(checksum \(sink[0]))")
    exit(0)
}
// embed-bench --gemm-rows R: one MiniLM layer's four linear shapes at R rows, `sgemm` (repacks the weight every
// call) against the pre-packed kernel, with bias; best of 20 passes of six layers' worth of products each.
if let rows = options["gemm-rows"].flatMap(Int.init) {
    BLAS.shared.setThreads(1)
    var totals = (sgemm: 0.0, packed: 0.0, flops: 0.0)
    for (input, output) in [(384, 1152), (384, 384), (384, 1536), (1536, 384)] {
        let weights = (0..<6).map { MatrixView(rows: output, columns: input, copying: values(output * input, UInt64(3 + $0))) }
        let packed = weights.map { PackedWeight(weight: $0) }
        let bias = MatrixView(rows: 1, columns: output, copying: values(output, 2))
        let x = values(rows * input, 1)
        var y = [Float](repeating: 0, count: rows * output)
        func best(_ body: () -> Void) -> Double {
            var best = Double.infinity
            for _ in 0..<20 {
                let start = DispatchTime.now().uptimeNanoseconds
                body()
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            return best
        }
        let viaSgemm = best { for w in weights { linear(x, rows: rows, weight: w, bias: bias, into: &y) } }
        let viaPacked = best { for w in packed { linear(x, rows: rows, packed: w, bias: bias, into: &y) } }
        let flops = 2.0 * Double(rows * input * output * 6)
        totals = (totals.sgemm + viaSgemm, totals.packed + viaPacked, totals.flops + flops)
        print("\(input)→\(output): sgemm \(String(format: "%.1f", flops / viaSgemm / 1e9)) GFLOP/s, packed \(String(format: "%.1f", flops / viaPacked / 1e9)) GFLOP/s")
    }
    print("layer total: sgemm \(String(format: "%.1f", totals.flops / totals.sgemm / 1e9)) GFLOP/s, packed \(String(format: "%.1f", totals.flops / totals.packed / 1e9)) GFLOP/s")
    exit(0)
}
// embed-bench --attention L: one MiniLM layer's attention (12 heads of 32) over a sequence of L tokens, the
// packed kernel against two `sgemm` calls per head; best of 30 passes of 24 sequences each, alternated.
if let length = options["attention"].flatMap(Int.init) {
    BLAS.shared.setThreads(1)
    let qkv = values(length * 1152, 7)
    var context = [Float](repeating: 0, count: length * 384)
    var scores = [Float](repeating: 0, count: length * length)
    var panels = [Float](repeating: 0, count: attentionPanelCount(length: length, headSize: 32))
    var best = (packed: Double.infinity, sgemm: Double.infinity)
    for _ in 0..<30 {
        var start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<24 {
            selfAttention(qkv: qkv, context: &context, scores: &scores, panels: &panels, start: 0, length: length, heads: 12, headSize: 32)
        }
        best.packed = min(best.packed, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<24 {
            selfAttentionBySGEMM(qkv: qkv, context: &context, scores: &scores, start: 0, length: length, heads: 12, headSize: 32)
        }
        best.sgemm = min(best.sgemm, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    let flops = 24.0 * 12 * 4 * Double(length * length * 32)
    print("attention L=\(length): packed \(String(format: "%.2f", best.packed * 1e3)) ms (\(String(format: "%.1f", flops / best.packed / 1e9)) GFLOP/s), sgemm \(String(format: "%.2f", best.sgemm * 1e3)) ms (\(String(format: "%.1f", flops / best.sgemm / 1e9)) GFLOP/s)")
    exit(0)
}
// embed-bench --fma-peak N: the core's arithmetic ceiling: twelve independent chains of 8-wide fused multiply-adds
// (no memory traffic), N million iterations, best of 5. Every GEMM figure here is a fraction of this.
if let iterations = options["fma-peak"].flatMap(Int.init) {
    var best = Double.infinity
    var sink: Float = 0
    for _ in 0..<5 {
        var a0 = SIMD8<Float>(repeating: 0.1), a1 = a0 * 2, a2 = a0 * 3, a3 = a0 * 4, a4 = a0 * 5, a5 = a0 * 6
        var a6 = a0 * 7, a7 = a0 * 8, a8 = a0 * 9, a9 = a0 * 10, a10 = a0 * 11, a11 = a0 * 12
        let m = SIMD8<Float>(repeating: 0.999999), c = SIMD8<Float>(repeating: 1e-7)
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<(iterations * 1_000_000) {
            a0 = c.addingProduct(a0, m); a1 = c.addingProduct(a1, m); a2 = c.addingProduct(a2, m)
            a3 = c.addingProduct(a3, m); a4 = c.addingProduct(a4, m); a5 = c.addingProduct(a5, m)
            a6 = c.addingProduct(a6, m); a7 = c.addingProduct(a7, m); a8 = c.addingProduct(a8, m)
            a9 = c.addingProduct(a9, m); a10 = c.addingProduct(a10, m); a11 = c.addingProduct(a11, m)
        }
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        sink += (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11).sum()
    }
    let gflops = Double(iterations) * 1e6 * 12 * 16 / best / 1e9
    print("FMA peak, one thread: \(String(format: "%.1f", gflops)) GFLOP/s (checksum \(sink))")
    exit(0)
}
// embed-bench --read-bandwidth MB: how fast one thread reads memory it has not touched recently: sums a buffer of
// MB megabytes (larger than the L3 cache), 8 floats per load, best of 10 passes. A query streams its 42 MB of
// weights at about this rate.
if let megabytes = options["read-bandwidth"].flatMap(Int.init) {
    let count = megabytes * 1_000_000 / 4
    let buffer = [Float](repeating: 1, count: count)
    var best = Double.infinity
    var sink: Float = 0
    buffer.withUnsafeBytes { raw in
        for _ in 0..<10 {
            var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), s2 = SIMD8<Float>(), s3 = SIMD8<Float>()
            let start = DispatchTime.now().uptimeNanoseconds
            var offset = 0
            while offset + 128 <= raw.count {
                s0 += raw.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                s1 += raw.loadUnaligned(fromByteOffset: offset + 32, as: SIMD8<Float>.self)
                s2 += raw.loadUnaligned(fromByteOffset: offset + 64, as: SIMD8<Float>.self)
                s3 += raw.loadUnaligned(fromByteOffset: offset + 96, as: SIMD8<Float>.self)
                offset += 128
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            sink += (s0 + s1 + s2 + s3).sum()
        }
    }
    print("read bandwidth, one thread, \(megabytes) MB: \(String(format: "%.1f", Double(count * 4) / best / 1e9)) GB/s (checksum \(sink))")
    exit(0)
}
// embed-bench --model DIR --queries N [--sync 1]: only the short-query latency (the report's query, embedded N
// times after 20 warm-up calls): quartiles and minimum, for profiling the query path without the passage runs
// around it. `--sync 1` calls the encoder on this thread with the query's token ids (no tokenizer, no hop to a
// Dispatch thread and back), to separate the encoder's time from the call's.
if let model = options["model"], let count = options["queries"].flatMap(Int.init) {
    let embedder = try BERTEmbedder(
        modelFolder: URL(fileURLWithPath: model), threads: options["threads"].flatMap(Int.init),
        queryPrecision: options["query-precision"].flatMap(PackedWeight.Precision.init(rawValue:)) ?? .float32)
    let query = EmbeddingBenchmark.defaultQuery
    let ids = embedder.tokenizer.encode(query)
    var latencies: [Double] = []
    for iteration in 0..<(count + 20) {
        let start = DispatchTime.now().uptimeNanoseconds
        if options["sync"] == "1" {
            _ = embedder.embedSynchronously(tokenIDs: [ids])
        } else {
            _ = try await embedder.embed([query])
        }
        if iteration >= 20 { latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6) }
    }
    latencies.sort()
    let quantile = { (q: Double) in String(format: "%.2f", latencies[min(latencies.count - 1, Int(q * Double(latencies.count)))]) }
    print("query (\(ids.count) tokens, \(embedder.threads) thread(s)): min \(quantile(0)) ms, q1 \(quantile(0.25)), median \(quantile(0.5)), q3 \(quantile(0.75))")
    exit(0)
}
guard let model = options["model"], let passagesFile = options["passages"] else {
    FileHandle.standardError.write(Data("embed-bench: --model and --passages are required\n".utf8))
    exit(2)
}
let lines = try String(contentsOfFile: passagesFile, encoding: .utf8).split(separator: "\n")
let passages: [String] = try lines.map { line in
    let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    return object?["text"] as? String ?? ""
}
let report = try await EmbeddingBenchmark.run(
    modelFolder: URL(fileURLWithPath: model), passages: passages, threads: options["threads"].flatMap(Int.init),
    runs: options["runs"].flatMap(Int.init) ?? 3, parallelism: options["parallelism"] ?? "batches",
    transposedWeights: options["layout"] == "transposed", tokensPerBatch: options["batch-tokens"].flatMap(Int.init) ?? 2048,
    queryPrecision: options["query-precision"].flatMap(PackedWeight.Precision.init(rawValue:)) ?? .float32)
FileHandle.standardError.write(Data((report.summary + "\n").utf8))
let encoder = JSONEncoder()
encoder.outputFormatting = [.sortedKeys]
print(String(decoding: try encoder.encode(report), as: UTF8.self))
