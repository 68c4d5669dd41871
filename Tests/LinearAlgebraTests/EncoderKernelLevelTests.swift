import Foundation
import LinearAlgebra
import Testing

/// Every instruction-set level of the encoder's kernels (packed products, attention, LayerNorm, pooling) against a
/// scalar reference in Double. Levels this CPU lacks are reported as skipped, by name, with the flags it lacks.
@Suite("Encoder kernel levels")
struct EncoderKernelLevelTests {
    @Test("baseline (SSE2) encoder kernels match the scalar reference")
    func baseline() { checkEncoderKernels(.baseline) }

    @Test("AVX2 + FMA + F16C encoder kernels match the scalar reference", .enabled(if: KernelLevel.avx2.isSupportedHere, skipReason(.avx2)))
    func avx2() { checkEncoderKernels(.avx2) }

    @Test("AVX-512 encoder kernels match the scalar reference", .enabled(if: KernelLevel.avx512.isSupportedHere, skipReason(.avx512)))
    func avx512() { checkEncoderKernels(.avx512) }
}

private func checkEncoderKernels(_ level: KernelLevel) {
    checkPackedLinear(level)
    checkHalfWidening(level)
    checkAttention(level)
    checkLayerNorm(level)
    checkMeanPooling(level)
}

/// Rows around every level's tile sizes (3, 6, 12) and their even splits; inputs and outputs off the 16-column panels.
private func checkPackedLinear(_ level: KernelLevel) {
    let shapes = [(1, 7, 16), (2, 33, 17), (3, 16, 40), (5, 9, 1), (6, 20, 33), (7, 5, 16), (11, 31, 20), (12, 8, 16),
                  (13, 384, 50), (14, 17, 16), (25, 12, 48), (37, 6, 7)]
    for (rows, input, output) in shapes {
        let x = values(rows * input, seed: UInt64(rows * 100 + input))
        let exact = values(output * input, seed: UInt64(output * 7 + input))
        let b = MatrixView(rows: 1, columns: output, copying: values(output, seed: UInt64(output)))
        for precision in [PackedWeight.Precision.float32, .float16] {
            // The reference multiplies what the kernel multiplies: the weights after rounding to the panels' precision.
            let w = precision == .float16 ? exact.map { Float(Float16($0)) } : exact
            let packed = PackedWeight(weight: MatrixView(rows: output, columns: input, copying: exact), precision: precision)
            for (threads, withBias) in [(1, true), (1, false), (3, true)] {
                var y = [Float](repeating: .nan, count: rows * output + 3)
                linear(x, rows: rows, packed: packed, bias: withBias ? b : nil, into: &y,
                       team: threads > 1 ? ThreadTeam(size: threads) : nil, level: level)
                var worst = 0.0
                for r in 0..<rows {
                    for o in 0..<output {
                        var expected = withBias ? Double(b[0, o]) : 0
                        for i in 0..<input { expected += Double(x[r * input + i]) * Double(w[o * input + i]) }
                        worst = max(worst, abs(Double(y[r * output + o]) - expected))
                    }
                }
                #expect(worst < 1e-6 * Double(input).squareRoot() * 4, "\(level) \(precision) \(rows)x\(input)→\(output), threads \(threads), bias \(withBias): off by \(worst)")
                #expect(y[(rows * output)...].allSatisfy { $0.isNaN }, "\(level): nothing written past rows·out")
            }
        }
    }
}

/// Every half-precision bit pattern widens exactly (the baseline does it by integer arithmetic, without F16C):
/// one row x = [1] against a (65,536 × 1) weight holding each half gives each half's value.
private func checkHalfWidening(_ level: KernelLevel) {
    let halves = (0...UInt16.max).map { Float(Float16(bitPattern: $0)) }
    let packed = PackedWeight(weight: MatrixView(rows: halves.count, columns: 1, copying: halves), precision: .float16)
    var y = [Float](repeating: 0, count: halves.count)
    linear([1], rows: 1, packed: packed, bias: nil, into: &y, level: level)
    let wrong = zip(halves, y).filter { expected, value in expected.isNaN ? !value.isNaN : expected != value }
    #expect(wrong.isEmpty, "\(level): \(wrong.count) half values widened wrongly, e.g. \(wrong.prefix(3))")
}

private func checkAttention(_ level: KernelLevel) {
    for (heads, headSize, length) in [(2, 4, 5), (2, 20, 17), (3, 32, 38), (1, 16, 1), (12, 32, 13), (1, 7, 12)] {
        let hidden = heads * headSize, start = 1, totalRows = start + length + 1
        let qkv = values(totalRows * 3 * hidden, seed: UInt64(heads * 1000 + length), scale: 3)
        var context = [Float](repeating: -7, count: totalRows * hidden)
        var scores = [Float](repeating: .nan, count: length * length)
        var panels = [Float](repeating: .nan, count: attentionPanelCount(length: length, headSize: headSize))
        selfAttention(
            qkv: qkv, context: &context, scores: &scores, panels: &panels, start: start, length: length, heads: heads,
            headSize: headSize, level: level)
        func element(_ part: Int, _ t: Int, _ h: Int, _ d: Int) -> Double { Double(qkv[(start + t) * 3 * hidden + part * hidden + h * headSize + d]) }
        var worst = 0.0
        for h in 0..<heads {
            for i in 0..<length {
                let logits = (0..<length).map { j in (0..<headSize).reduce(0.0) { $0 + element(0, i, h, $1) * element(1, j, h, $1) } / Double(headSize).squareRoot() }
                let top = logits.max()!
                let weights = logits.map { exp($0 - top) }
                let total = weights.reduce(0, +)
                for d in 0..<headSize {
                    let expected = (0..<length).reduce(0.0) { $0 + weights[$1] / total * element(2, $1, h, d) }
                    worst = max(worst, abs(Double(context[(start + i) * hidden + h * headSize + d]) - expected))
                }
            }
        }
        #expect(worst < 1e-5, "\(level) attention \(heads)×\(headSize), L = \(length): off by \(worst)")
        #expect(context[0..<(start * hidden)].allSatisfy { $0 == -7 } && context[((start + length) * hidden)...].allSatisfy { $0 == -7 },
                "\(level): rows of other sequences untouched")
    }
}

private func checkLayerNorm(_ level: KernelLevel) {
    let rows = 3
    for columns in [1, 5, 16, 33, 384] {
        let input = values(rows * columns + 1, seed: UInt64(columns), scale: 4)
        let residual = values(rows * columns, seed: UInt64(columns + 1))
        let gamma = MatrixView(rows: 1, columns: columns, copying: values(columns, seed: UInt64(columns + 2)))
        let beta = MatrixView(rows: 1, columns: columns, copying: values(columns, seed: UInt64(columns + 3)))
        for withResidual in [true, false] {
            var x = input
            addAndLayerNormalize(
                &x, residual: withResidual ? residual : nil, rows: rows, columns: columns, gamma: gamma, beta: beta,
                epsilon: 1e-12, level: level)
            var worst = 0.0
            for r in 0..<rows {
                let v = (0..<columns).map { Double(input[r * columns + $0]) + (withResidual ? Double(residual[r * columns + $0]) : 0) }
                let mean = v.reduce(0, +) / Double(columns)
                let variance = v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(columns)
                for j in 0..<columns {
                    let expected = (v[j] - mean) / (variance + 1e-12).squareRoot() * Double(gamma[0, j]) + Double(beta[0, j])
                    worst = max(worst, abs(Double(x[r * columns + j]) - expected))
                }
            }
            // A one-column row is all mean: (v − mean) is rounding noise over √ε, as in any float LayerNorm.
            if columns > 1 { #expect(worst < 2e-5, "\(level) LayerNorm, \(columns) columns, residual \(withResidual): off by \(worst)") }
            #expect(x[rows * columns] == input[rows * columns], "\(level): nothing written past rows·columns")
        }
    }
}

private func checkMeanPooling(_ level: KernelLevel) {
    for (rows, columns) in [(1, 3), (13, 384), (5, 17), (2, 16)] {
        let x = values((rows + 2) * columns, seed: UInt64(rows * 31 + columns))
        let pooled = meanPoolNormalized(x, start: 1, length: rows, columns: columns, level: level)
        let sums = (0..<columns).map { j in (1...rows).reduce(0.0) { $0 + Double(x[$1 * columns + j]) } }
        let norm = sums.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let worst = (0..<columns).map { abs(Double(pooled[$0]) - sums[$0] / norm) }.max()!
        #expect(worst < 1e-6, "\(level) mean pooling \(rows)×\(columns): off by \(worst)")
    }
    #expect(meanPoolNormalized([0, 0, 0, 0], start: 0, length: 2, columns: 2, level: level) == [0, 0], "\(level): a zero mean stays zero")
}
