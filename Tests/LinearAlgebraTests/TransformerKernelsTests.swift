import Foundation
import LinearAlgebra
import Testing

@Suite("Transformer kernels")
struct TransformerKernelsTests {
    /// Deterministic pseudo-random values in [-1, 1).
    func values(_ count: Int, seed: UInt64) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state) >> 40) / Float(1 << 23)
        }
    }

    @Test("linear equals x·Wᵀ + b computed naively")
    func linearMatchesNaive() {
        let rows = 5, input = 7, output = 3
        let x = values(rows * input, seed: 1)
        let w = MatrixView(rows: output, columns: input, copying: values(output * input, seed: 2))
        let b = MatrixView(rows: 1, columns: output, copying: values(output, seed: 3))
        var y = [Float](repeating: .nan, count: rows * output + 4)
        linear(x, rows: rows, weight: w, bias: b, into: &y)
        for r in 0..<rows {
            for o in 0..<output {
                var expected = b[0, o]
                for i in 0..<input { expected += x[r * input + i] * w[o, i] }
                #expect(abs(y[r * output + o] - expected) < 1e-5)
            }
        }
        #expect(y[rows * output].isNaN)  // nothing written past rows·out
    }

    @Test(
        "A packed weight gives the naive x·Wᵀ + b for any rows, a partial last panel, either layout and split over threads",
        arguments: [
            (1, 37, 16), (3, 5, 33), (4, 16, 16), (6, 9, 16), (10, 8, 20), (13, 384, 50), (9, 20, 1), (70, 24, 40),
            (15, 48, 17), (20, 64, 32),  // 6 + 5 + 4 and 6 + 6 + 4 + 4 rows
            (5, 7, 16), (7, 3, 16), (11, 32, 17), (14, 40, 16),  // 5, 6 + 1, 6 + 5 and 6 + 4 + 4 rows
        ])
    func packedLinearMatchesNaive(rows: Int, input: Int, output: Int) {
        let x = values(rows * input, seed: 11)
        let w = MatrixView(rows: output, columns: input, copying: values(output * input, seed: 12))
        let wT = MatrixView(rows: input, columns: output, copying: (0..<(input * output)).map { w[$0 % output, $0 / output] })
        let b = MatrixView(rows: 1, columns: output, copying: values(output, seed: 13))
        var expected = [Float](repeating: 0, count: rows * output)
        for r in 0..<rows {
            for o in 0..<output {
                expected[r * output + o] = b[0, o]
                for i in 0..<input { expected[r * output + o] += x[r * input + i] * w[o, i] }
            }
        }
        for (packed, threads, withBias) in [
            (PackedWeight(weight: w), 1, true), (PackedWeight(transposedWeight: wT), 1, true), (PackedWeight(weight: w), 3, true),
            (PackedWeight(weight: w), 2, false),
        ] {
            var y = [Float](repeating: .nan, count: rows * output + 4)
            linear(x, rows: rows, packed: packed, bias: withBias ? b : nil, into: &y, team: threads > 1 ? ThreadTeam(size: threads) : nil)
            let worst = (0..<(rows * output)).map { abs(y[$0] - (expected[$0] - (withBias ? 0 : b[0, $0 % output]))) }.max() ?? 0
            #expect(worst < 1e-4 * Float(input).squareRoot(), "threads \(threads), bias \(withBias): off by \(worst)")
            #expect(y[rows * output].isNaN)  // nothing written past rows·out
        }
    }

    @Test(
        "A float16 packed weight gives x·Ŵᵀ + b exactly for Ŵ = W rounded to half precision, for any rows, panels and threads",
        arguments: [(1, 37, 16), (3, 5, 33), (6, 9, 16), (13, 384, 50), (70, 24, 40)])
    func halfPackedLinearMatchesRoundedWeights(rows: Int, input: Int, output: Int) {
        let x = values(rows * input, seed: 21)
        let exact = values(output * input, seed: 22)
        let w = MatrixView(rows: output, columns: input, copying: exact)
        let rounded = MatrixView(rows: output, columns: input, copying: exact.map { Float(Float16($0)) })
        let b = MatrixView(rows: 1, columns: output, copying: values(output, seed: 23))
        let half = PackedWeight(weight: w, precision: .float16)
        #expect(half.precision == .float16)
        #expect(half.byteCount * 2 == PackedWeight(weight: w).byteCount)
        var reference = [Float](repeating: 0, count: rows * output)
        linear(x, rows: rows, packed: PackedWeight(weight: rounded), bias: b, into: &reference)
        var exactResult = [Float](repeating: 0, count: rows * output)
        linear(x, rows: rows, packed: PackedWeight(weight: w), bias: b, into: &exactResult)
        for threads in [1, 2] {
            var y = [Float](repeating: .nan, count: rows * output + 4)
            linear(x, rows: rows, packed: half, bias: b, into: &y, team: threads > 1 ? ThreadTeam(size: threads) : nil)
            // Same products in the same order as the float32 kernel over the rounded weights: equal bit for bit.
            #expect(Array(y[0..<(rows * output)]) == reference, "threads \(threads)")
            #expect(y[rows * output].isNaN)  // nothing written past rows·out
        }
        // And the rounding is visible but small against the exact weights (relative error ≤ 2⁻¹¹ per weight).
        let worst = (0..<(rows * output)).map { abs(reference[$0] - exactResult[$0]) }.max() ?? 0
        #expect(worst < 1e-3 * Float(input).squareRoot())
    }

    @Test("LayerNorm of x + residual has the naive mean, variance, scale and shift")
    func layerNormMatchesNaive() {
        let rows = 3, columns = 16
        var x = values(rows * columns, seed: 4)
        let original = x
        let residual = values(rows * columns, seed: 5)
        let gamma = MatrixView(rows: 1, columns: columns, copying: values(columns, seed: 6))
        let beta = MatrixView(rows: 1, columns: columns, copying: values(columns, seed: 7))
        addAndLayerNormalize(&x, residual: residual, rows: rows, columns: columns, gamma: gamma, beta: beta, epsilon: 1e-12)
        for r in 0..<rows {
            let v = (0..<columns).map { Double(original[r * columns + $0] + residual[r * columns + $0]) }
            let mean = v.reduce(0, +) / Double(columns)
            let variance = v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(columns)
            for j in 0..<columns {
                let expected = (v[j] - mean) / (variance + 1e-12).squareRoot() * Double(gamma[0, j]) + Double(beta[0, j])
                #expect(abs(Double(x[r * columns + j]) - expected) < 1e-4)
            }
        }
    }

    @Test("GELU equals x·Φ(x) with the C library's erf")
    func geluMatchesErf() {
        var x = values(37, seed: 8).map { $0 * 6 }
        let original = x
        geluInPlace(&x, count: x.count)
        for (value, input) in zip(x, original) {
            let expected = Double(input) * 0.5 * (1 + Foundation.erf(Double(input) / 2.squareRoot()))
            #expect(abs(Double(value) - expected) < 1e-6)
        }
    }

    @Test(
        "Self-attention of one packed sequence equals naive softmax(QKᵀ/√d)V per head, leaving other rows alone",
        arguments: [(2, 4, 5), (2, 20, 17), (3, 32, 38), (1, 16, 1)])
    func attentionMatchesNaive(heads: Int, headSize: Int, length: Int) {
        // Head sizes and lengths off the 16-column panels and the 6/4/1-row blocks of the packed kernel.
        let hidden = heads * headSize, start = 2, totalRows = start + length + 2
        let qkv = values(totalRows * 3 * hidden, seed: UInt64(9 + length)).map { $0 * 3 }
        var packedContext = [Float](repeating: -7, count: totalRows * hidden)
        var sgemmContext = packedContext
        var scores = [Float](repeating: .nan, count: length * length)
        var panels = [Float](repeating: .nan, count: attentionPanelCount(length: length, headSize: headSize))
        selfAttention(
            qkv: qkv, context: &packedContext, scores: &scores, panels: &panels, start: start, length: length, heads: heads,
            headSize: headSize)
        selfAttentionBySGEMM(
            qkv: qkv, context: &sgemmContext, scores: &scores, start: start, length: length, heads: heads, headSize: headSize)
        func q(_ t: Int, _ h: Int, _ d: Int) -> Double { Double(qkv[(start + t) * 3 * hidden + h * headSize + d]) }
        func k(_ t: Int, _ h: Int, _ d: Int) -> Double { Double(qkv[(start + t) * 3 * hidden + hidden + h * headSize + d]) }
        func v(_ t: Int, _ h: Int, _ d: Int) -> Double { Double(qkv[(start + t) * 3 * hidden + 2 * hidden + h * headSize + d]) }
        let scale = 1 / Double(headSize).squareRoot()
        var worst = (packed: 0.0, sgemm: 0.0)
        for h in 0..<heads {
            for i in 0..<length {
                let logits = (0..<length).map { j in (0..<headSize).map { q(i, h, $0) * k(j, h, $0) }.reduce(0, +) * scale }
                let top = logits.max() ?? 0
                let weights = logits.map { Foundation.exp($0 - top) }
                let total = weights.reduce(0, +)
                for d in 0..<headSize {
                    let expected = (0..<length).map { weights[$0] / total * v($0, h, d) }.reduce(0, +)
                    let index = (start + i) * hidden + h * headSize + d
                    worst.packed = max(worst.packed, abs(Double(packedContext[index]) - expected))
                    worst.sgemm = max(worst.sgemm, abs(Double(sgemmContext[index]) - expected))
                }
            }
        }
        #expect(worst.packed < 1e-5)
        #expect(worst.sgemm < 1e-5)
        for context in [packedContext, sgemmContext] {
            #expect(context[0..<(start * hidden)].allSatisfy { $0 == -7 })
            #expect(context[((start + length) * hidden)...].allSatisfy { $0 == -7 })
        }
    }

    @Test("Mean pooling averages the sequence's rows and returns a unit vector")
    func meanPooling() {
        let x: [Float] = [9, 9, 1, 0, 3, 4, 9, 9]
        let pooled = meanPoolNormalized(x, start: 1, length: 2, columns: 2)
        let expected = Float(2 / 8.0.squareRoot())
        #expect(abs(pooled[0] - expected) < 1e-6 && abs(pooled[1] - expected) < 1e-6)
    }
}
