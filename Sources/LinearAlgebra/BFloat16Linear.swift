import CVectorKernels
import Foundation

/// A weight matrix W (out, in) rounded to bfloat16 once, in the panel layout of `CVectorKernels`'
/// `hepchain_bf16_linear` (32 output columns per panel, pairs of inputs side by side for `vdpbf16ps`).
///
/// `linear(_:rows:bfloat16:bias:into:team:)` multiplies activations rounded to bfloat16 per call against it and
/// sums in `Float`: twice the multiply-adds per instruction of the `Float` kernels and half the weight bytes,
/// at 8 significant bits per operand. Only CPUs with AVX512-BF16 run it (`isSupportedHere`).
public struct BFloat16Weight: Sendable {
    /// Columns of the input (W's `in`).
    public let inputSize: Int
    /// Columns of the output (W's `out`).
    public let outputSize: Int
    /// The packed halves, 64-byte aligned (each `Float` slot holds two bfloat16 values).
    let storage: MatrixView

    /// Output columns per panel.
    public static let panelWidth = Int(HEPCHAIN_BF16_PANEL_WIDTH)

    /// `/proc/cpuinfo` flags the kernel uses.
    public static let requiredCPUFlags = ["avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512_bf16"]

    /// Whether a CPU with `features` runs the kernel, and this binary has it (x86-64 builds).
    package static func isSupported(by features: CPUFeatures) -> Bool {
        hepchain_bf16_gemm_compiled() != 0 && requiredCPUFlags.allSatisfy(features.flags.contains)
    }

    /// Whether this machine runs the kernel.
    public static var isSupportedHere: Bool { isSupported(by: CPUFeatures.shared) }

    /// The flags of `requiredCPUFlags` this machine lacks (for skip messages and errors).
    public static var missingCPUFlags: [String] {
        hepchain_bf16_gemm_compiled() == 0 ? ["an x86-64 build"] : requiredCPUFlags.filter { !CPUFeatures.shared.flags.contains($0) }
    }

    /// Packs W stored (out, in), as in PyTorch checkpoints.
    public init(weight: MatrixView) {
        self.init(weight, outputSize: weight.rows, inputSize: weight.columns, strideOut: weight.columns, strideIn: 1)
    }

    /// Packs W stored already transposed, (in, out).
    public init(transposedWeight weight: MatrixView) {
        self.init(weight, outputSize: weight.columns, inputSize: weight.rows, strideOut: 1, strideIn: weight.columns)
    }

    private init(_ weight: MatrixView, outputSize: Int, inputSize: Int, strideOut: Int, strideIn: Int) {
        let halves = hepchain_bf16_packed_count(outputSize, inputSize)
        self.storage = MatrixView(rows: 1, columns: max(1, halves / 2)) { bytes in
            hepchain_bf16_pack(
                weight.base, outputSize, inputSize, strideOut, strideIn, bytes.baseAddress!.assumingMemoryBound(to: UInt16.self))
        }
        self.inputSize = inputSize
        self.outputSize = outputSize
    }

    /// Bytes held by the panels.
    public var byteCount: Int { storage.count * MemoryLayout<Float>.stride }

    /// `values` rounded to bfloat16 as the kernel rounds its input (to nearest, ties to even), as `Float`s.
    public static func rounded(_ values: [Float]) -> [Float] {
        var result = [Float](repeating: 0, count: values.count)
        hepchain_bf16_round(values, &result, values.count)
        return result
    }
}

/// y (rows, out) = bf16(x) (rows, in) · Wᵀ + b against a `BFloat16Weight`, summed in `Float`.
///
/// Only on a CPU where `BFloat16Weight.isSupportedHere` (checked). With a `team`, the output panels are split
/// into one contiguous range per member.
public func linear(
    _ x: [Float], rows: Int, bfloat16 weight: BFloat16Weight, bias: MatrixView?, into y: inout [Float], team: ThreadTeam? = nil
) {
    let inputSize = weight.inputSize
    let outputSize = weight.outputSize
    precondition(BFloat16Weight.isSupportedHere, "linear(bfloat16:): this CPU lacks \(BFloat16Weight.missingCPUFlags.joined(separator: ", "))")
    precondition(x.count >= rows * inputSize, "linear: input holds \(x.count) values, needs \(rows)x\(inputSize)")
    precondition(y.count >= rows * outputSize, "linear: output holds \(y.count) values, needs \(rows)x\(outputSize)")
    if let bias { precondition(bias.count == outputSize, "linear: bias has \(bias.count) values, expected \(outputSize)") }
    guard rows > 0, outputSize > 0 else { return }
    let panelCount = (outputSize + BFloat16Weight.panelWidth - 1) / BFloat16Weight.panelWidth
    x.withUnsafeBufferPointer { xBuffer in
        y.withUnsafeMutableBufferPointer { yBuffer in
            let operands = PackedOperands(
                x: xBuffer.baseAddress!, panels: UnsafeRawPointer(weight.storage.base), bias: bias?.base, y: yBuffer.baseAddress!)
            let run = { @Sendable (range: Range<Int>) in
                hepchain_bf16_linear(
                    operands.x, rows, inputSize, operands.panels.assumingMemoryBound(to: UInt16.self), outputSize, operands.bias,
                    operands.y, range.lowerBound, range.upperBound)
            }
            forEachPanelRange(panelCount, team: team, run)
        }
    }
}
