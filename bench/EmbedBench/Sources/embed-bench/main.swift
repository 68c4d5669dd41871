// embed-bench --model DIR --passages FILE.jsonl [--threads N] [--runs 3] [--parallelism batches|blas]
//             [--layout checkpoint|transposed] [--batch-tokens 2048] [--query-precision float32|float16]
//        embed-bench --kernel-rows R
//        embed-bench --gemm-rows R
//        embed-bench --attention L
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
// embed-bench --kernel-rows R: the packed few-row kernel alone, float32 against float16 panels, on MiniLM's
// feed-forward shape (R × 384 → 1536): one weight reused (cache-hot) and 24 distinct weights (streamed from
// memory, as in a real query). Best of 30 passes over 24 products.
if let rows = options["kernel-rows"].flatMap(Int.init) {
    func values(_ count: Int, _ seed: UInt64) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state) >> 40) / Float(1 << 23)
        }
    }
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
// embed-bench --gemm-rows R: one MiniLM layer's four linear shapes at R rows, `sgemm` (repacks the weight every
// call) against the pre-packed kernel, with bias; best of 20 passes of six layers' worth of products each.
if let rows = options["gemm-rows"].flatMap(Int.init) {
    BLAS.shared.setThreads(1)
    func values(_ count: Int, _ seed: UInt64) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state) >> 40) / Float(1 << 23)
        }
    }
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
    var state: UInt64 = 7
    let qkv = (0..<(length * 1152)).map { _ in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Float(Int64(bitPattern: state) >> 40) / Float(1 << 23)
    }
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
