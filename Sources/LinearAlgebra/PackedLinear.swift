import CVectorKernels

// A linear layer for a handful of rows (a search query is ~10–20 wordpieces).
//
// `cblas_sgemm` copies ("packs") the whole weight matrix into its own panel layout on every call. For a
// 2,048-row batch that copy is a few per cent of the work; for a 13-row query it is as large as the
// multiplication itself, and the query pays it for every one of the 36 weight matrices of a MiniLM.
// `PackedWeight` does that copy once, at load time, into the same kind of layout — panels of 16 output
// columns stored input-major — and `linear(_:rows:packed:bias:into:team:level:)` multiplies against it in the
// kernel level chosen for this CPU (`packed_linear` in CVectorKernels/encoder_kernels_body.h): tiles of up to 12 rows
// × 16 columns on AVX-512 (one zmm accumulator per row), 6 on AVX2 (two ymm), 3 on SSE2. Every weight comes from
// memory once per call: the first tile of rows meets the panel in L2 (prefetched while the previous panel was
// multiplied), the others in cache.

/// A weight matrix W (out, in) repacked for `linear(_:rows:packed:bias:into:team:level:)`: `⌈out / 16⌉` panels, each
/// holding W's 16 output columns for every input, input-major (`in × 16` values; the last panel is zero-padded).
///
/// The panels hold `Float` or, with `.float16`, IEEE half floats: half the bytes to stream per product (a
/// 13-row query waits on reading MiniLM's 42 MB of weights about as long as it computes). Halves widen to
/// `Float` (F16C `vcvtph2ps`) one panel at a time; products and sums stay in `Float`, so the result is exactly
/// that of `Float` weights rounded to half precision. Measured gain: docs/benchmarks/embedding.md.
public struct PackedWeight: Sendable {
    /// Element type of the panels.
    public enum Precision: String, Sendable, Codable, CaseIterable {
        /// Exact: the checkpoint's values.
        case float32
        /// Rounded to half precision (11 significant bits; relative error ≤ 2⁻¹¹ per weight).
        case float16
        /// Weights and activations rounded to bfloat16 (8 significant bits), products on `vdpbf16ps` summed in
        /// `Float`: a `BFloat16Weight` inside. CPUs with AVX512-BF16 only (`BFloat16Weight.isSupportedHere`).
        case bfloat16
    }

    /// Columns of the input (W's `in`).
    public let inputSize: Int
    /// Columns of the output (W's `out`).
    public let outputSize: Int
    /// Element type of the panels.
    public let precision: Precision
    /// The panel bytes, 64-byte aligned (for `.float16`, each `Float` slot holds two halves; unused for `.bfloat16`).
    let storage: MatrixView
    /// The weight in bfloat16 panels, for `.bfloat16`; nil otherwise.
    let bfloat16: BFloat16Weight?

    /// Output columns per panel.
    public static let panelWidth = Int(HEPCHAIN_PANEL_WIDTH)

    /// Packs W stored (out, in), as in PyTorch checkpoints.
    public init(weight: MatrixView, precision: Precision = .float32) {
        if precision == .bfloat16 {
            self.init(converted: BFloat16Weight(weight: weight))
            return
        }
        self.init(inputSize: weight.columns, outputSize: weight.rows, precision: precision) { output, input in
            weight.base[output * weight.columns + input]
        }
    }

    /// Packs W stored already transposed, (in, out).
    public init(transposedWeight weight: MatrixView, precision: Precision = .float32) {
        if precision == .bfloat16 {
            self.init(converted: BFloat16Weight(transposedWeight: weight))
            return
        }
        self.init(inputSize: weight.rows, outputSize: weight.columns, precision: precision) { output, input in
            weight.base[input * weight.columns + output]
        }
    }

    private init(inputSize: Int, outputSize: Int, precision: Precision, element: (_ output: Int, _ input: Int) -> Float) {
        let width = Self.panelWidth
        let panels = (outputSize + width - 1) / width
        let values = max(2, panels * inputSize * width)
        // Written straight into the final storage, once: the panels of MiniLM are 42 MB as Float.
        // Half precision puts two halves in each Float slot (`values` is even: panels are 16 wide).
        let slots = precision == .float16 ? values / 2 : values
        self.storage = MatrixView(rows: 1, columns: slots) { bytes in
            for panel in 0..<panels {
                for column in 0..<min(width, outputSize - panel * width) {
                    let output = panel * width + column
                    for input in 0..<inputSize {
                        let index = (panel * inputSize + input) * width + column
                        switch precision {
                        case .float32: bytes.storeBytes(of: element(output, input), toByteOffset: index * 4, as: Float.self)
                        case .float16: bytes.storeBytes(of: Float16(element(output, input)), toByteOffset: index * 2, as: Float16.self)
                        case .bfloat16: preconditionFailure("PackedWeight: bfloat16 weights are BFloat16Weight panels")
                        }
                    }
                }
            }
        }
        self.inputSize = inputSize
        self.outputSize = outputSize
        self.precision = precision
        self.bfloat16 = nil
    }

    private init(converted: BFloat16Weight) {
        inputSize = converted.inputSize
        outputSize = converted.outputSize
        precision = .bfloat16
        storage = MatrixView(rows: 1, columns: 1) { _ in }
        bfloat16 = converted
    }

    /// Bytes held by the panels.
    public var byteCount: Int { bfloat16?.byteCount ?? storage.count * MemoryLayout<Float>.stride }
}

/// y (rows, out) = x (rows, in) · Wᵀ + b against a `PackedWeight`; the result equals
/// `linear(_:rows:weight:bias:into:)` up to float summation order.
///
/// Meant for few rows (the encoder uses it below its measured crossover with `sgemm`); any row count works.
/// With a `team`, the output columns are split into one contiguous range of panels per member, computed at once.
/// `level` is the kernels' instruction-set level (tests pass each one the CPU has).
public func linear(
    _ x: [Float], rows: Int, packed weight: PackedWeight, bias: MatrixView?, into y: inout [Float], team: ThreadTeam? = nil,
    level: KernelLevel = .selected
) {
    let inputSize = weight.inputSize
    let outputSize = weight.outputSize
    precondition(x.count >= rows * inputSize, "linear: input holds \(x.count) values, needs \(rows)x\(inputSize)")
    precondition(y.count >= rows * outputSize, "linear: output holds \(y.count) values, needs \(rows)x\(outputSize)")
    if let bias { precondition(bias.count == outputSize, "linear: bias has \(bias.count) values, expected \(outputSize)") }
    guard rows > 0, inputSize > 0 else { return }
    if let converted = weight.bfloat16 {
        return linear(x, rows: rows, bfloat16: converted, bias: bias, into: &y, team: team)
    }
    let kernels = level.kernels
    let halves = weight.precision == .float16
    let panelCount = (outputSize + PackedWeight.panelWidth - 1) / PackedWeight.panelWidth
    x.withUnsafeBufferPointer { xBuffer in
        y.withUnsafeMutableBufferPointer { yBuffer in
            guard let xBase = xBuffer.baseAddress, let yBase = yBuffer.baseAddress else { return }
            let operands = PackedOperands(x: xBase, panels: UnsafeRawPointer(weight.storage.base), bias: bias?.base, y: yBase)
            let run = { @Sendable (range: Range<Int>) in
                kernels.packedLinear(
                    operands.x, rows: rows, panels: operands.panels, halves: halves, inputSize: inputSize, outputSize: outputSize,
                    bias: operands.bias, y: operands.y, panelRange: range)
            }
            forEachPanelRange(panelCount, team: team, run)
        }
    }
}

/// Runs `body` over panels `0 ..< count`: in one call, or with a `team` of more than one thread, split into one
/// contiguous range per member, all at once.
func forEachPanelRange(_ count: Int, team: ThreadTeam?, _ body: @Sendable (Range<Int>) -> Void) {
    guard let team, team.size > 1, count > 1 else {
        body(0..<count)
        return
    }
    let parts = team.size
    team.perform { part in body((count * part / parts)..<(count * (part + 1) / parts)) }
}

/// The pointers of one `linear(_:rows:packed:bias:into:team:level:)` or `linear(_:rows:bfloat16:bias:into:team:)` call,
/// handed to its worker threads.
///
/// Sendable: the workers only read `x`, `panels` and `bias`, and each writes its own disjoint range of output
/// columns of `y`; `ThreadTeam.perform` returns only after every worker has finished, while the caller's
/// `withUnsafe…Pointer` scopes still keep all four buffers alive and unmoved.
struct PackedOperands: @unchecked Sendable {
    let x: UnsafePointer<Float>
    let panels: UnsafeRawPointer
    let bias: UnsafePointer<Float>?
    let y: UnsafeMutablePointer<Float>
}
