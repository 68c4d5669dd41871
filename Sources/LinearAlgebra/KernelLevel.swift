import CVectorKernels
import Foundation

/// The x86-64 instruction-set level of the numeric kernels (distances, element-wise, the encoder's products,
/// attention, LayerNorm and pooling), chosen at run time.
///
/// `CVectorKernels` compiles the same kernels three times (baseline SSE2, AVX2 + FMA + F16C, AVX-512) with per-function
/// `target` attributes, so every binary carries all three whatever machine built it. `KernelLevel.selected` is
/// the best level this CPU runs, read once from `/proc/cpuinfo`; `HEPCHAIN_KERNELS=baseline|avx2|avx512` in the
/// environment picks a lower one (to compare levels on one machine), never one the CPU lacks.
public enum KernelLevel: String, CaseIterable, Sendable, Comparable {
    case baseline
    case avx2
    case avx512

    /// `/proc/cpuinfo` flags the level's code uses.
    public var requiredCPUFlags: [String] {
        switch self {
        case .baseline: []
        case .avx2: ["avx2", "fma", "f16c"]
        case .avx512: ["avx512f", "avx512bw", "avx512dq", "avx512vl", "avx2", "fma", "f16c"]
        }
    }

    /// Whether this binary has the level (x86-64 builds have all three, others only the baseline).
    public var isCompiled: Bool { table != nil }

    /// Whether a CPU with `features` can run the level's kernels, and this binary has them.
    package func isSupported(by features: CPUFeatures) -> Bool {
        isCompiled && requiredCPUFlags.allSatisfy(features.flags.contains)
    }

    /// Whether this machine's CPU can run the level's kernels.
    public var isSupportedHere: Bool { isSupported(by: CPUFeatures.shared) }

    /// The best level a CPU with `features` runs.
    package static func best(for features: CPUFeatures) -> KernelLevel {
        allCases.last { $0.isSupported(by: features) } ?? .baseline
    }

    /// The level every kernel call of this process uses.
    public static let selected: KernelLevel = {
        let bestHere = KernelLevel.best(for: CPUFeatures.shared)
        guard let requested = ProcessInfo.processInfo.environment["HEPCHAIN_KERNELS"], !requested.isEmpty else { return bestHere }
        guard let level = KernelLevel(rawValue: requested) else {
            fatalError("HEPCHAIN_KERNELS=\(requested): unknown kernel level; use one of \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard level.isSupported(by: CPUFeatures.shared) else {
            fatalError("HEPCHAIN_KERNELS=\(requested): this CPU lacks \(level.requiredCPUFlags.filter { !CPUFeatures.shared.flags.contains($0) }.joined(separator: ", "))")
        }
        return level
    }()

    public static func < (lhs: KernelLevel, rhs: KernelLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    fileprivate var table: UnsafePointer<hepchain_vector_kernels>? {
        switch self {
        case .baseline: hepchain_vector_kernels_baseline()
        case .avx2: hepchain_vector_kernels_avx2()
        case .avx512: hepchain_vector_kernels_avx512()
        }
    }

    /// The level's kernels; only for a level the CPU supports (checked).
    package var kernels: VectorKernelTable {
        let table: VectorKernelTable? = switch self {
        case .baseline: Self.baselineKernels
        case .avx2: Self.avx2Kernels
        case .avx512: Self.avx512Kernels
        }
        guard let table else {
            preconditionFailure("KernelLevel.\(rawValue): this CPU lacks \(requiredCPUFlags.joined(separator: ", "))")
        }
        return table
    }

    private static let baselineKernels = baseline.makeKernels()
    private static let avx2Kernels = avx2.makeKernels()
    private static let avx512Kernels = avx512.makeKernels()

    private func makeKernels() -> VectorKernelTable? {
        guard isSupportedHere, let table else { return nil }
        return VectorKernelTable(level: self, table: table.pointee)
    }
}

/// The function pointers of one level's kernels, as `CVectorKernels` compiled them.
///
/// Sendable: a copy of a constant C table of function pointers to code that lives as long as the process and
/// keeps no state (the `name` pointer is to a string literal); nothing in it is ever written.
package struct VectorKernelTable: @unchecked Sendable {
    package let level: KernelLevel
    let table: hepchain_vector_kernels

    /// The kernels of the selected level.
    package static let selected = KernelLevel.selected.kernels

    @inline(__always)
    package func innerProduct(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        table.inner_product(a, b, count)
    }

    @inline(__always)
    package func squaredL2(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        table.squared_l2(a, b, count)
    }

    /// The two four-row kernels.
    package enum FourRowKernel: Sendable {
        /// Inner products of `q` with each row.
        case innerProduct
        /// Squared L2 distances of `q` to each row.
        case squaredL2
    }

    /// `kernel` of `q` against four rows, in one pass over `q`.
    @inline(__always)
    package func fourRows(
        _ kernel: FourRowKernel, _ q: UnsafePointer<Float>, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
        _ c: UnsafePointer<Float>, _ d: UnsafePointer<Float>, _ count: Int
    ) -> SIMD4<Float> {
        let function = (kernel == .innerProduct ? table.inner_product_4 : table.squared_l2_4)!
        var out = SIMD4<Float>()
        withUnsafeMutableBytes(of: &out) { function(q, a, b, c, d, count, $0.baseAddress!.assumingMemoryBound(to: Float.self)) }
        return out
    }

    @inline(__always)
    package func int8InnerProduct(_ q: UnsafePointer<Float>, _ codes: UnsafePointer<Int8>, _ count: Int) -> Float {
        table.int8_inner_product(q, codes, count)
    }

    /// x ← GELU(x) (erf form) on `count` values.
    @inline(__always)
    package func gelu(_ x: UnsafeMutablePointer<Float>, _ count: Int) {
        table.gelu(x, count)
    }

    /// x ← softmax(x) on `count` values.
    @inline(__always)
    package func softmax(_ x: UnsafeMutablePointer<Float>, _ count: Int) {
        table.softmax(x, count)
    }

    /// y = x · Wᵀ + bias for the output columns of `panels` (a range of 16-column panels) against packed weights:
    /// `PackedWeight`'s layout, `Float` or, with `halves`, IEEE half floats.
    @inline(__always)
    package func packedLinear(
        _ x: UnsafePointer<Float>, rows: Int, panels weights: UnsafeRawPointer, halves: Bool, inputSize: Int, outputSize: Int,
        bias: UnsafePointer<Float>?, y: UnsafeMutablePointer<Float>, panelRange: Range<Int>
    ) {
        table.packed_linear(x, rows, weights, halves ? 1 : 0, inputSize, outputSize, bias, y, panelRange.lowerBound, panelRange.upperBound)
    }

    /// Self-attention of one sequence: `qkv` its (length, 3·heads·headSize) rows, `context` its (length, heads·headSize)
    /// rows; `scores` and `panels` scratch (see `selfAttention`).
    @inline(__always)
    package func attention(
        qkv: UnsafePointer<Float>, length: Int, heads: Int, headSize: Int, scores: UnsafeMutablePointer<Float>,
        panels: UnsafeMutablePointer<Float>, context: UnsafeMutablePointer<Float>
    ) {
        table.attention(qkv, length, heads, headSize, scores, panels, context)
    }

    /// x ← LayerNorm(x + residual) over `rows` rows of `columns`.
    @inline(__always)
    package func addLayerNorm(
        _ x: UnsafeMutablePointer<Float>, residual: UnsafePointer<Float>?, rows: Int, columns: Int, gamma: UnsafePointer<Float>,
        beta: UnsafePointer<Float>, epsilon: Float
    ) {
        table.add_layer_norm(x, residual, rows, columns, gamma, beta, epsilon)
    }

    /// out ← the mean of `rows` rows of `columns` values at `x`, at unit L2 norm.
    @inline(__always)
    package func meanPoolNormalized(_ x: UnsafePointer<Float>, rows: Int, columns: Int, into out: UnsafeMutablePointer<Float>) {
        table.mean_pool_normalized(x, rows, columns, out)
    }
}
