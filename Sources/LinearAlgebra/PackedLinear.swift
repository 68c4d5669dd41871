import CPUHints

// A linear layer for a handful of rows (a search query is ~10–20 wordpieces).
//
// `cblas_sgemm` copies ("packs") the whole weight matrix into its own panel layout on every call. For a
// 2,048-row batch that copy is a few per cent of the work; for a 13-row query it is as large as the
// multiplication itself, and the query pays it for every one of the 36 weight matrices of a MiniLM.
// `PackedWeight` does that copy once, at load time, into the same kind of layout — panels of 16 output
// columns stored input-major — and `linear(_:rows:packed:bias:into:team:)` multiplies against it with
// 6-, 5- and 4-row × 16-column register blocks (1-row blocks for what is left): per input value, two 8-wide
// weight loads and six broadcasts feed twelve multiply-adds. Every weight comes from memory once per call: the
// first block of rows meets the panel in L2 (prefetched while the previous panel was multiplied), the others
// in cache.

/// A weight matrix W (out, in) repacked for `linear(_:rows:packed:bias:into:)`: `⌈out / 16⌉` panels, each
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
    public static let panelWidth = 16

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
public func linear(
    _ x: [Float], rows: Int, packed weight: PackedWeight, bias: MatrixView?, into y: inout [Float], team: ThreadTeam? = nil
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
    x.withUnsafeBufferPointer { xBuffer in
        y.withUnsafeMutableBufferPointer { yBuffer in
            guard let xBase = xBuffer.baseAddress, let yBase = yBuffer.baseAddress else { return }
            let panelCount = (outputSize + PackedWeight.panelWidth - 1) / PackedWeight.panelWidth
            let precision = weight.precision
            guard let team, team.size > 1, panelCount > 1 else {
                packedProduct(
                    x: xBase, rows: rows, panels: UnsafeRawPointer(weight.storage.base), precision: precision,
                    panelRange: 0..<panelCount, inputSize: inputSize, outputSize: outputSize, bias: bias?.base, y: yBase)
                return
            }
            let parts = team.size
            let operands = PackedOperands(x: xBase, panels: UnsafeRawPointer(weight.storage.base), bias: bias?.base, y: yBase)
            team.perform { part in
                let range = (panelCount * part / parts)..<(panelCount * (part + 1) / parts)
                packedProduct(
                    x: operands.x, rows: rows, panels: operands.panels, precision: precision, panelRange: range,
                    inputSize: inputSize, outputSize: outputSize, bias: operands.bias, y: operands.y)
            }
        }
    }
}

/// The pointers of one `linear(_:rows:packed:bias:into:team:)` or `linear(_:rows:bfloat16:bias:into:team:)` call,
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

/// How `panelProduct` splits `rows` into register blocks: as many blocks of six as still leave a sum of fives and
/// fours, then those; rows that fit no such split (1, 2, 3 and 7) end in single rows (7 is 6 + 1).
@inline(__always)
func rowBlocks(_ rows: Int) -> (six: Int, five: Int, four: Int) {
    var six = rows / 6
    while six >= 0 {
        let rest = rows - six * 6
        for five in 0...(rest / 5) where (rest - five * 5) % 4 == 0 {
            return (six, five, (rest - five * 5) / 4)
        }
        six -= 1
    }
    return (rows / 6, 0, 0)
}

/// Rows in the first register block `panelProduct` forms for `rows` rows (6, 5, 4 or 1).
func firstBlockRows(_ rows: Int) -> Int {
    let blocks = rowBlocks(rows)
    return blocks.six > 0 ? 6 : blocks.five > 0 ? 5 : blocks.four > 0 ? 4 : min(rows, 1)
}

/// The kernel behind `linear(_:rows:packed:bias:into:)`; shapes were checked by the caller.
///
/// Half-precision panels are widened one panel at a time into a `Float` scratch panel (≤ 96 KB, stays in L2) by
/// the first block of rows, as it multiplies; the other blocks read the scratch. (Widening in every block redid
/// it once per block and made the kernel compute-bound at ~40 GFLOP/s; a separate widening pass before the
/// product cost ~10 % of a query.)
private func packedProduct(
    x: UnsafePointer<Float>, rows: Int, panels: UnsafeRawPointer, precision: PackedWeight.Precision, panelRange: Range<Int>,
    inputSize: Int, outputSize: Int, bias: UnsafePointer<Float>?, y: UnsafeMutablePointer<Float>
) {
    let width = PackedWeight.panelWidth
    switch precision {
    case .float32:
        let panelBytes = inputSize * width * 4
        for panel in panelRange {
            let w = panels + panel * panelBytes
            // The last panel "prefetches" itself: harmless, and it keeps one specialisation of the kernel.
            panelProduct(
                x: x, rows: rows, w: w, first: panel * width, inputSize: inputSize, outputSize: outputSize, bias: bias, y: y,
                weights: FloatPanel.self, ahead: NextPanelPrefetch.self, prefetch: panel + 1 < panelRange.upperBound ? w + panelBytes : w)
        }
    case .bfloat16:
        preconditionFailure("packedProduct: bfloat16 weights go to linear(_:rows:bfloat16:…)")
    case .float16:
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: max(1, inputSize) * width * 4, alignment: 64)
        defer { scratch.deallocate() }
        let panelBytes = inputSize * width * 2
        // The first block of rows widens the panel into the scratch as it multiplies; the other rows read the scratch.
        let rows1 = firstBlockRows(rows)
        for panel in panelRange {
            let source = panels + panel * panelBytes
            let next = panel + 1 < panelRange.upperBound ? source + panelBytes : source
            panelProduct(
                x: x, rows: rows1, w: UnsafeRawPointer(scratch), first: panel * width, inputSize: inputSize,
                outputSize: outputSize, bias: bias, y: y, weights: WideningPanel.self, ahead: NextPanelPrefetch.self,
                halves: source, prefetch: next, prefetchStride: 32)
            guard rows > rows1 else { continue }
            panelProduct(
                x: x + rows1 * inputSize, rows: rows - rows1, w: UnsafeRawPointer(scratch), first: panel * width,
                inputSize: inputSize, outputSize: outputSize, bias: bias, y: y + rows1 * outputSize, weights: FloatPanel.self,
                ahead: NextPanelPrefetch.self, prefetch: next, prefetchStride: 32)
        }
    }
}

/// Output columns `first ..< first + 16` (fewer in the last panel) of every row, from one `Float` panel `w`.
///
/// Row `r` of the input starts at `x + r · xStride` and row `r` of the output at `y + r · yStride` (by default
/// `inputSize` and `outputSize`: dense matrices); attention passes the strides of heads inside wider rows.
/// `Weights` says where the weights come from: `FloatPanel` reads `w`; `WideningPanel` reads the halves at
/// `halves`, widens them, and also writes them to `w`, which must then be writable scratch. `Ahead` says whether
/// `prefetch` (the next panel) is asked into L2, at `prefetchStride` bytes per input value, while this one is
/// multiplied; attention, whose panels are already in L1, asks for nothing.
@inline(__always)
func panelProduct<Weights: PanelWeights, Ahead: PanelPrefetch>(
    x: UnsafePointer<Float>, rows: Int, w: UnsafeRawPointer, first: Int, inputSize: Int, outputSize: Int,
    bias: UnsafePointer<Float>?, y: UnsafeMutablePointer<Float>, xStride: Int? = nil, yStride: Int? = nil,
    weights _: Weights.Type, ahead _: Ahead.Type, halves: UnsafeRawPointer? = nil, prefetch: UnsafeRawPointer? = nil,
    prefetchStride: Int = 64
) {
    let xStride = xStride ?? inputSize
    let yStride = yStride ?? outputSize
    typealias Lane = SIMD8<Float>
    let width = PackedWeight.panelWidth

    /// Writes accumulators (two 8-wide halves) plus bias into row `row`, columns `first ..< first + count`.
    @inline(__always)
    func store(_ low: Lane, _ high: Lane, row: Int, first: Int, count: Int, biasLow: Lane, biasHigh: Lane) {
        let values = (low + biasLow, high + biasHigh)
        let target = y + row * yStride + first
        if count == width {
            UnsafeMutableRawPointer(target).storeBytes(of: values.0, as: Lane.self)
            UnsafeMutableRawPointer(target + 8).storeBytes(of: values.1, as: Lane.self)
        } else {
            for j in 0..<count { target[j] = j < 8 ? values.0[j] : values.1[j - 8] }
        }
    }

    let count = min(width, outputSize - first)
    var biasLow = Lane(), biasHigh = Lane()
    if let bias {
        for j in 0..<count {
            if j < 8 { biasLow[j] = bias[first + j] } else { biasHigh[j - 8] = bias[first + j] }
        }
    }
    var row = 0
    // Rows go in blocks of six, five and four, then one. Per input value a block of R rows issues 2R multiply-adds
    // on two FMA pipes of latency 4, so it takes at least max(R, 4) cycles: a lone row costs about as much as four.
    // `rowBlocks` splits the rows into 6s, 5s and 4s wherever it can: 13 rows as 5 + 4 + 4 instead of 6 + 6 + 1
    // took 15 % less time (`hepchain-bench kernel packed 13`, docs/benchmarks/embedding.md).
    let blocks = rowBlocks(rows)
    let sixRowEnd = blocks.six * 6
    let fiveRowEnd = sixRowEnd + blocks.five * 5
    let fourRowEnd = fiveRowEnd + blocks.four * 4
    // Six rows at a time: twelve independent accumulators keep both FMA pipes busy through the FMA latency
    // (eight, in the four-row block below, do not quite).
    while row + 6 <= sixRowEnd {
        let x0 = x + row * xStride, x1 = x0 + xStride, x2 = x1 + xStride
        let x3 = x2 + xStride, x4 = x3 + xStride, x5 = x4 + xStride
        var a0 = Lane(), b0 = Lane(), a1 = Lane(), b1 = Lane(), a2 = Lane(), b2 = Lane()
        var a3 = Lane(), b3 = Lane(), a4 = Lane(), b4 = Lane(), a5 = Lane(), b5 = Lane()
        for k in 0..<inputSize {
            Ahead.touch(prefetch, k &* prefetchStride)
            let (low, high) = Weights.load(w, halves, k)
            let v0 = Lane(repeating: x0[k]), v1 = Lane(repeating: x1[k]), v2 = Lane(repeating: x2[k])
            a0 = a0.addingProduct(v0, low); b0 = b0.addingProduct(v0, high)
            a1 = a1.addingProduct(v1, low); b1 = b1.addingProduct(v1, high)
            a2 = a2.addingProduct(v2, low); b2 = b2.addingProduct(v2, high)
            let v3 = Lane(repeating: x3[k]), v4 = Lane(repeating: x4[k]), v5 = Lane(repeating: x5[k])
            a3 = a3.addingProduct(v3, low); b3 = b3.addingProduct(v3, high)
            a4 = a4.addingProduct(v4, low); b4 = b4.addingProduct(v4, high)
            a5 = a5.addingProduct(v5, low); b5 = b5.addingProduct(v5, high)
        }
        store(a0, b0, row: row, first: first, count: count, biasLow: biasLow, biasHigh: biasHigh)
        store(a1, b1, row: row + 1, first: first, count: count, biasLow: biasLow, biasHigh: biasHigh)
        store(a2, b2, row: row + 2, first: first, count: count, biasLow: biasLow, biasHigh: biasHigh)
        store(a3, b3, row: row + 3, first: first, count: count, biasLow: biasLow, biasHigh: biasHigh)
        store(a4, b4, row: row + 4, first: first, count: count, biasLow: biasLow, biasHigh: biasHigh)
        store(a5, b5, row: row + 5, first: first, count: count, biasLow: biasLow, biasHigh: biasHigh)
        row += 6
    }
    while row + 5 <= fiveRowEnd {
        let x0 = x + row * xStride, x1 = x0 + xStride, x2 = x1 + xStride, x3 = x2 + xStride, x4 = x3 + xStride
        var a0 = Lane(), b0 = Lane(), a1 = Lane(), b1 = Lane(), a2 = Lane(), b2 = Lane()
        var a3 = Lane(), b3 = Lane(), a4 = Lane(), b4 = Lane()
        for k in 0..<inputSize {
            Ahead.touch(prefetch, k &* prefetchStride)
            let (low, high) = Weights.load(w, halves, k)
            let v0 = Lane(repeating: x0[k]), v1 = Lane(repeating: x1[k]), v2 = Lane(repeating: x2[k])
            a0 = a0.addingProduct(v0, low); b0 = b0.addingProduct(v0, high)
            a1 = a1.addingProduct(v1, low); b1 = b1.addingProduct(v1, high)
            a2 = a2.addingProduct(v2, low); b2 = b2.addingProduct(v2, high)
            let v3 = Lane(repeating: x3[k]), v4 = Lane(repeating: x4[k])
            a3 = a3.addingProduct(v3, low); b3 = b3.addingProduct(v3, high)
            a4 = a4.addingProduct(v4, low); b4 = b4.addingProduct(v4, high)
        }
        store(a0, b0, row: row, first: first, count: count, biasLow: biasLow, biasHigh: biasHigh)
        store(a1, b1, row: row + 1, first: first, count: count, biasLow: biasLow, biasHigh: biasHigh)
        store(a2, b2, row: row + 2, first: first, count: count, biasLow: biasLow, biasHigh: biasHigh)
        store(a3, b3, row: row + 3, first: first, count: count, biasLow: biasLow, biasHigh: biasHigh)
        store(a4, b4, row: row + 4, first: first, count: count, biasLow: biasLow, biasHigh: biasHigh)
        row += 5
    }
    while row + 4 <= fourRowEnd {
        let x0 = x + row * xStride, x1 = x0 + xStride, x2 = x1 + xStride, x3 = x2 + xStride
        var a0 = Lane(), b0 = Lane(), a1 = Lane(), b1 = Lane()
        var a2 = Lane(), b2 = Lane(), a3 = Lane(), b3 = Lane()
        for k in 0..<inputSize {
            Ahead.touch(prefetch, k &* prefetchStride)
            let (low, high) = Weights.load(w, halves, k)
            let v0 = Lane(repeating: x0[k]), v1 = Lane(repeating: x1[k])
            let v2 = Lane(repeating: x2[k]), v3 = Lane(repeating: x3[k])
            a0 = a0.addingProduct(v0, low); b0 = b0.addingProduct(v0, high)
            a1 = a1.addingProduct(v1, low); b1 = b1.addingProduct(v1, high)
            a2 = a2.addingProduct(v2, low); b2 = b2.addingProduct(v2, high)
            a3 = a3.addingProduct(v3, low); b3 = b3.addingProduct(v3, high)
        }
        store(a0, b0, row: row, first: first, count: count, biasLow: biasLow, biasHigh: biasHigh)
        store(a1, b1, row: row + 1, first: first, count: count, biasLow: biasLow, biasHigh: biasHigh)
        store(a2, b2, row: row + 2, first: first, count: count, biasLow: biasLow, biasHigh: biasHigh)
        store(a3, b3, row: row + 3, first: first, count: count, biasLow: biasLow, biasHigh: biasHigh)
        row += 4
    }
    while row < rows {
        let x0 = x + row * xStride
        var a0 = Lane(), b0 = Lane()
        for k in 0..<inputSize {
            Ahead.touch(prefetch, k &* prefetchStride)
            let v0 = Lane(repeating: x0[k])
            let (low, high) = Weights.load(w, halves, k)
            a0 = a0.addingProduct(v0, low)
            b0 = b0.addingProduct(v0, high)
        }
        store(a0, b0, row: row, first: first, count: count, biasLow: biasLow, biasHigh: biasHigh)
        row += 1
    }
}

/// Where `panelProduct` reads its weights, fixed at compile time so that its inner loops test nothing.
protocol PanelWeights {
    /// The 16 weights of input `k` as two 8-wide halves.
    static func load(_ w: UnsafeRawPointer, _ halves: UnsafeRawPointer?, _ k: Int) -> (SIMD8<Float>, SIMD8<Float>)
}

/// A `Float` panel (or the scratch a first block has already widened).
enum FloatPanel: PanelWeights {
    @inline(__always)
    static func load(_ w: UnsafeRawPointer, _ halves: UnsafeRawPointer?, _ k: Int) -> (SIMD8<Float>, SIMD8<Float>) {
        (w.loadUnaligned(fromByteOffset: k &* 64, as: SIMD8<Float>.self),
         w.loadUnaligned(fromByteOffset: k &* 64 &+ 32, as: SIMD8<Float>.self))
    }
}

/// A half-precision panel, widened (F16C `vcvtph2ps`) and written to the `Float` scratch `w` on the way.
enum WideningPanel: PanelWeights {
    @inline(__always)
    static func load(_ w: UnsafeRawPointer, _ halves: UnsafeRawPointer?, _ k: Int) -> (SIMD8<Float>, SIMD8<Float>) {
        let packed = halves.unsafelyUnwrapped.loadUnaligned(fromByteOffset: k &* 32, as: SIMD16<Float16>.self)
        let widened = (SIMD8<Float>(packed.lowHalf), SIMD8<Float>(packed.highHalf))
        let scratch = UnsafeMutableRawPointer(mutating: w)
        scratch.storeBytes(of: widened.0, toByteOffset: k &* 64, as: SIMD8<Float>.self)
        scratch.storeBytes(of: widened.1, toByteOffset: k &* 64 &+ 32, as: SIMD8<Float>.self)
        return widened
    }
}

/// Whether `panelProduct` asks for the next panel while it multiplies this one, fixed at compile time.
protocol PanelPrefetch {
    static func touch(_ next: UnsafeRawPointer?, _ offset: Int)
}

enum NoPrefetch: PanelPrefetch {
    @inline(__always)
    static func touch(_ next: UnsafeRawPointer?, _ offset: Int) {}
}

enum NextPanelPrefetch: PanelPrefetch {
    @inline(__always)
    static func touch(_ next: UnsafeRawPointer?, _ offset: Int) { hepchain_prefetch_l2(next.unsafelyUnwrapped + offset) }
}
