// embed-bench --model DIR --passages FILE.jsonl [--threads N] [--runs 3] [--parallelism batches|blas]
//             [--layout checkpoint|transposed] [--batch-tokens 2048] [--query-precision float32|float16]
//        embed-bench --kernel-rows R
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
