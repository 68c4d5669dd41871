import Foundation

// Kernels of a transformer encoder over row-major activations packed as (rows, columns) in `[Float]`.
// Weights come in as read-only `MatrixView`s; activations live in the caller's workspace arrays.
// Shapes are checked with `precondition` before any pointer arithmetic or BLAS call.

// MARK: - Linear layers

/// y (rows, out) = x (rows, in) · Wᵀ + b, with W stored (out, in) as in PyTorch checkpoints.
///
/// Only the first `rows * in` values of `x` and `rows * out` values of `y` are used, so workspace
/// buffers sized for the largest batch can be reused for smaller ones.
public func linear(_ x: [Float], rows: Int, weight: MatrixView, bias: MatrixView?, into y: inout [Float]) {
    sgemmLinear(x, rows: rows, weight: weight, isTransposed: false, bias: bias, into: &y)
}

/// y (rows, out) = x (rows, in) · W + b, with W stored (in, out), i.e. already transposed.
public func linear(_ x: [Float], rows: Int, transposedWeight weight: MatrixView, bias: MatrixView?, into y: inout [Float]) {
    sgemmLinear(x, rows: rows, weight: weight, isTransposed: true, bias: bias, into: &y)
}

/// Both `linear` layouts on `sgemm`: W is (out, in), or (in, out) when `isTransposed`.
private func sgemmLinear(_ x: [Float], rows: Int, weight: MatrixView, isTransposed: Bool, bias: MatrixView?, into y: inout [Float]) {
    let inputSize = isTransposed ? weight.rows : weight.columns
    let outputSize = isTransposed ? weight.columns : weight.rows
    precondition(x.count >= rows * inputSize, "linear: input holds \(x.count) values, needs \(rows)x\(inputSize)")
    precondition(y.count >= rows * outputSize, "linear: output holds \(y.count) values, needs \(rows)x\(outputSize)")
    if let bias { precondition(bias.count == outputSize, "linear: bias has \(bias.count) values, expected \(outputSize)") }
    guard rows > 0 else { return }
    x.withUnsafeBufferPointer { xBuffer in
        y.withUnsafeMutableBufferPointer { yBuffer in
            guard let xBase = xBuffer.baseAddress, let yBase = yBuffer.baseAddress else { return }
            if let bias {
                // Start from the bias in every row and accumulate the product onto it (beta = 1).
                for row in 0..<rows {
                    (yBase + row * outputSize).update(from: bias.base, count: outputSize)
                }
            }
            // x (rows, in) @ Wᵀ (in, out) -> y (rows, out); W's leading dimension is its stored row length.
            sgemm(
                transposeA: .none, transposeB: isTransposed ? .none : .transposed, m: rows, n: outputSize, k: inputSize,
                alpha: 1, a: xBase, lda: inputSize, b: weight.base, ldb: weight.columns, beta: bias == nil ? 0 : 1,
                c: yBase, ldc: outputSize)
        }
    }
}

/// The transpose of `matrix` as a new (columns, rows) view.
public func transposed(_ matrix: MatrixView) -> MatrixView {
    var values = [Float](repeating: 0, count: matrix.count)
    for r in 0..<matrix.rows {
        for c in 0..<matrix.columns { values[c * matrix.rows + r] = matrix.base[r * matrix.columns + c] }
    }
    return MatrixView(rows: matrix.columns, columns: matrix.rows, copying: values)
}

// MARK: - Embedding lookup

/// Writes row `table[indices[i]]` into row `i` of `output` (rows of `table.columns` values), or adds it
/// when `accumulate` is true.
public func gatherRows(_ table: MatrixView, indices: [Int], into output: inout [Float], accumulate: Bool) {
    let width = table.columns
    precondition(output.count >= indices.count * width, "gatherRows: output too small")
    output.withUnsafeMutableBufferPointer { outBuffer in
        guard let outBase = outBuffer.baseAddress else { return }
        for (row, index) in indices.enumerated() {
            precondition(index >= 0 && index < table.rows, "gatherRows: index \(index) outside 0..<\(table.rows)")
            let source = table.base + index * width
            let target = outBase + row * width
            if accumulate {
                for j in 0..<width { target[j] += source[j] }
            } else {
                target.update(from: source, count: width)
            }
        }
    }
}

// MARK: - Normalisation

/// x ← LayerNorm(x + residual) row by row: (v − mean) / √(var + ε) · γ + β. Pass `residual: nil` to
/// normalise `x` alone. In the kernel level chosen for this CPU, or `level`.
public func addAndLayerNormalize(
    _ x: inout [Float], residual: [Float]?, rows: Int, columns: Int, gamma: MatrixView, beta: MatrixView,
    epsilon: Float, level: KernelLevel = .selected
) {
    precondition(x.count >= rows * columns, "layerNorm: input too small")
    precondition(gamma.count == columns && beta.count == columns, "layerNorm: γ/β size differs from \(columns)")
    if let residual { precondition(residual.count >= rows * columns, "layerNorm: residual too small") }
    let kernels = level.kernels
    x.withUnsafeMutableBufferPointer { xBuffer in
        guard let xBase = xBuffer.baseAddress else { return }
        func normalizeRows(_ residualBase: UnsafePointer<Float>?) {
            kernels.addLayerNorm(xBase, residual: residualBase, rows: rows, columns: columns, gamma: gamma.base, beta: beta.base, epsilon: epsilon)
        }
        if let residual {
            residual.withUnsafeBufferPointer { normalizeRows($0.baseAddress) }
        } else {
            normalizeRows(nil)
        }
    }
}

// MARK: - Activation

/// x ← GELU(x) = x · ½ · (1 + erf(x / √2)), the exact (erf) form BERT uses, on the first `count` values.
/// erf is Abramowitz & Stegun 7.1.26 (absolute error ≤ 1.5e-7), in the kernel level chosen for this CPU.
public func geluInPlace(_ x: inout [Float], count: Int) {
    precondition(x.count >= count, "gelu: buffer too small")
    x.withUnsafeMutableBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return }
        VectorKernelTable.selected.gelu(base, count)
    }
}

// MARK: - Attention

/// Floats of scratch `selfAttention` needs for a sequence of `length` tokens and heads of `headSize`: the keys
/// of one head packed into panels of 16 (`⌈length / 16⌉ · 16 · headSize`) and its values likewise
/// (`⌈headSize / 16⌉ · 16 · length`).
public func attentionPanelCount(length: Int, headSize: Int) -> Int {
    let width = PackedWeight.panelWidth
    return (length + width - 1) / width * width * headSize + (headSize + width - 1) / width * width * length
}

/// Multi-head scaled dot-product self-attention for one sequence of a packed batch, without padding.
///
/// `qkv` is (totalRows, 3·hidden) with each row `[q | k | v]`, heads side by side inside each part; the
/// sequence occupies rows `start ..< start + length`. For each head h:
/// `context[rows, h] = softmax(Q_h K_hᵀ / √headSize) V_h`, written to `context` (totalRows, hidden).
/// `scores` is scratch of at least `length * length` floats, `panels` of `attentionPanelCount(length:headSize:)`.
///
/// Both products run on the packed-weight kernel of `linear(_:rows:packed:bias:into:team:level:)`, in the kernel
/// level chosen for this CPU (or `level`): each head's keys (scaled by 1/√headSize) and values are copied into
/// 16-column panels, and Q_h and the probabilities are read in place through their row strides. `sgemm` would
/// re-pack both operands of 2 × heads small products per sequence and layer; this packs only the (length ×
/// headSize) ones, which is 1/length of the arithmetic.
public func selfAttention(
    qkv: [Float], context: inout [Float], scores: inout [Float], panels: inout [Float], start: Int, length: Int,
    heads: Int, headSize: Int, level: KernelLevel = .selected
) {
    let hidden = heads * headSize
    let qkvWidth = 3 * hidden
    precondition(qkv.count >= (start + length) * qkvWidth, "attention: qkv buffer too small")
    precondition(context.count >= (start + length) * hidden, "attention: context buffer too small")
    precondition(scores.count >= length * length, "attention: scores buffer too small")
    precondition(panels.count >= attentionPanelCount(length: length, headSize: headSize), "attention: panel buffer too small")
    guard length > 0, headSize > 0 else { return }
    let kernels = level.kernels
    qkv.withUnsafeBufferPointer { qkvBuffer in
        context.withUnsafeMutableBufferPointer { contextBuffer in
            scores.withUnsafeMutableBufferPointer { scoresBuffer in
                panels.withUnsafeMutableBufferPointer { panelsBuffer in
                    guard let qkvBase = qkvBuffer.baseAddress, let contextBase = contextBuffer.baseAddress,
                        let scoresBase = scoresBuffer.baseAddress, let panelsBase = panelsBuffer.baseAddress
                    else { return }
                    kernels.attention(
                        qkv: qkvBase + start * qkvWidth, length: length, heads: heads, headSize: headSize, scores: scoresBase,
                        panels: panelsBase, context: contextBase + start * hidden)
                }
            }
        }
    }
}

/// `selfAttention` on two `sgemm` calls per head, as the encoder did before the packed kernel took over: kept as
/// the reference the tests compare against and the baseline of `hepchain-bench kernel attention`.
///
/// `qkv` is (totalRows, 3·hidden) with each row `[q | k | v]`, heads side by side inside each part; the
/// sequence occupies rows `start ..< start + length`. For each head h:
/// `context[rows, h] = softmax(Q_h K_hᵀ / √headSize) V_h`, written to `context` (totalRows, hidden).
/// `scores` is scratch of at least `length * length` floats.
public func selfAttentionBySGEMM(
    qkv: [Float], context: inout [Float], scores: inout [Float], start: Int, length: Int, heads: Int,
    headSize: Int
) {
    let hidden = heads * headSize
    let qkvWidth = 3 * hidden
    precondition(qkv.count >= (start + length) * qkvWidth, "attention: qkv buffer too small")
    precondition(context.count >= (start + length) * hidden, "attention: context buffer too small")
    precondition(scores.count >= length * length, "attention: scores buffer too small")
    guard length > 0 else { return }
    let scale = 1 / Float(headSize).squareRoot()
    qkv.withUnsafeBufferPointer { qkvBuffer in
        context.withUnsafeMutableBufferPointer { contextBuffer in
            scores.withUnsafeMutableBufferPointer { scoresBuffer in
                guard let qkvBase = qkvBuffer.baseAddress, let contextBase = contextBuffer.baseAddress,
                    let scoresBase = scoresBuffer.baseAddress
                else { return }
                let rowsBase = qkvBase + start * qkvWidth
                for head in 0..<heads {
                    let q = rowsBase + head * headSize
                    let k = q + hidden
                    let v = q + 2 * hidden
                    // Q_h (L, d) @ K_hᵀ (d, L) · scale -> scores (L, L)
                    sgemm(
                        transposeA: .none, transposeB: .transposed, m: length, n: length, k: headSize,
                        alpha: scale, a: q, lda: qkvWidth, b: k, ldb: qkvWidth, beta: 0, c: scoresBase, ldc: length)
                    for row in 0..<length { VectorKernelTable.selected.softmax(scoresBase + row * length, length) }
                    // P (L, L) @ V_h (L, d) -> context (L, d) at column head·d
                    sgemm(
                        transposeA: .none, transposeB: .none, m: length, n: headSize, k: length, alpha: 1,
                        a: scoresBase, lda: length, b: v, ldb: qkvWidth, beta: 0,
                        c: contextBase + start * hidden + head * headSize, ldc: hidden)
                }
            }
        }
    }
}

// MARK: - Pooling

/// The mean of rows `start ..< start + length` of `x` (rows of `columns` values), scaled to unit L2 norm, in the
/// kernel level chosen for this CPU (or `level`).
public func meanPoolNormalized(_ x: [Float], start: Int, length: Int, columns: Int, level: KernelLevel = .selected) -> [Float] {
    precondition(x.count >= (start + length) * columns, "meanPool: buffer too small")
    guard length > 0, columns > 0 else { return [Float](repeating: 0, count: columns) }
    let kernels = level.kernels
    return [Float](unsafeUninitializedCapacity: columns) { mean, initialized in
        x.withUnsafeBufferPointer { buffer in
            kernels.meanPoolNormalized(buffer.baseAddress! + start * columns, rows: length, columns: columns, into: mean.baseAddress!)
        }
        initialized = columns
    }
}
