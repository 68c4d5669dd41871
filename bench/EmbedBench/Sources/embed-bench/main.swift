// embed-bench --model DIR --passages FILE.jsonl [--threads N] [--runs 3] [--parallelism batches|blas]
//             [--layout checkpoint|transposed] [--batch-tokens 2048] [--query-precision float32|float16]
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
