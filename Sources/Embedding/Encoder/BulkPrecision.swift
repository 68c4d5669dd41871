public import LinearAlgebra
import Foundation

/// Element type of the products of large batches (bulk embedding: more than `BERTEncoder.packedRowLimit` packed
/// rows); small batches (queries) use `PackedWeight.Precision`.
public enum BulkPrecision: String, Sendable, CaseIterable {
    /// Exact `Float` weights and activations on OpenBLAS `sgemm`.
    case float32
    /// Weights and activations rounded to bfloat16, products summed in `Float` (`linear(_:rows:bfloat16:…)`):
    /// CPUs with AVX512-BF16 only. Cosine to the `Float` embedding ≥ 0.999 (test "BF16 bulk embeddings …").
    case bfloat16

    /// The environment variable that overrides the default: `float32` or `bfloat16`.
    public static let environmentVariable = "HEPCHAIN_BULK_PRECISION"

    /// Whether this machine can run the precision.
    public var isSupportedHere: Bool {
        switch self {
        case .float32: true
        case .bfloat16: BFloat16Weight.isSupportedHere
        }
    }

    /// The CPU flags this machine lacks for the precision (empty when it runs it).
    public var missingCPUFlags: [String] { isSupportedHere ? [] : BFloat16Weight.missingCPUFlags }

    /// `HEPCHAIN_BULK_PRECISION` if set, else `bfloat16` where the CPU has AVX512-BF16, else `float32`.
    /// - Throws: `EmbeddingError.unsupportedPrecision` for an unknown value or one this CPU cannot run.
    /// `environment` is the process's when nil.
    public static func resolved(_ requested: BulkPrecision?, environment: [String: String]? = nil) throws -> BulkPrecision {
        let environment = environment ?? ProcessInfo.processInfo.environment
        var choice = requested
        if choice == nil, let value = environment[environmentVariable], !value.isEmpty {
            guard let parsed = BulkPrecision(rawValue: value) else {
                throw EmbeddingError.unsupportedPrecision(
                    value: value, reason: "\(environmentVariable) must be \(allCases.map(\.rawValue).joined(separator: " or "))")
            }
            choice = parsed
        }
        guard let choice else { return BFloat16Weight.isSupportedHere ? .bfloat16 : .float32 }
        guard choice.isSupportedHere else {
            throw EmbeddingError.unsupportedPrecision(
                value: choice.rawValue, reason: "this CPU lacks \(choice.missingCPUFlags.joined(separator: ", "))")
        }
        return choice
    }
}
