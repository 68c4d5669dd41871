import Foundation
import LinearAlgebra
import Testing

/// The AVX512-BF16 linear layer against a Double reference over the same bfloat16-rounded operands. On a CPU
/// without AVX512-BF16 the kernel tests are reported as skipped with the flags it lacks.
@Suite("BFloat16 linear")
struct BFloat16LinearTests {
    /// Deterministic pseudo-random values in [-1, 1).
    func values(_ count: Int, seed: UInt64) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state) >> 40) / Float(1 << 23)
        }
    }

    @Test("Rounding to bfloat16 is to nearest with ties to even, NaN stays NaN, subnormals become zero")
    func rounding() {
        let ulp = Float(1) / 128  // bfloat16 keeps 8 significant bits: 1 + 2⁻⁷ is the next value after 1
        let inputs: [Float] = [1, 1 + ulp / 2, 1 + 3 * ulp / 2, 1 + ulp / 2 + ulp / 1024, -2.5, .infinity, .leastNormalMagnitude / 4, 3.0e38]
        let rounded = BFloat16Weight.rounded(inputs + [.nan])
        #expect(Array(rounded.prefix(inputs.count)) == [1, 1, 1 + 2 * ulp, 1 + ulp, -2.5, .infinity, 0, 3.0e38.bfloat16Expected])
        #expect(rounded.last!.isNaN)
    }

    @Test(
        "The kernel gives x·Wᵀ + b over the rounded operands for any rows, odd inputs, partial panels, either layout, split over threads",
        .enabled(if: BFloat16Weight.isSupportedHere, skipReason),
        arguments: [
            (1, 7, 1), (2, 33, 17), (12, 64, 32), (13, 384, 384), (7, 5, 40), (25, 31, 65), (300, 384, 96), (97, 1536, 33),
            (40, 1, 3),
        ])
    func kernelMatchesReference(rows: Int, input: Int, output: Int) {
        let x = values(rows * input, seed: UInt64(rows * 1000 + input))
        let weightValues = values(output * input, seed: UInt64(output * 7 + 1))
        let w = MatrixView(rows: output, columns: input, copying: weightValues)
        var transposedValues = [Float](repeating: 0, count: weightValues.count)
        for o in 0..<output { for i in 0..<input { transposedValues[i * output + o] = weightValues[o * input + i] } }
        let wT = MatrixView(rows: input, columns: output, copying: transposedValues)
        let b = MatrixView(rows: 1, columns: output, copying: values(output, seed: 99))
        let xr = BFloat16Weight.rounded(x), wr = BFloat16Weight.rounded(weightValues)
        let team = ThreadTeam(size: 2)
        for (weight, useTeam) in [(BFloat16Weight(weight: w), false), (BFloat16Weight(transposedWeight: wT), true)] {
            #expect(weight.inputSize == input && weight.outputSize == output)
            var y = [Float](repeating: .nan, count: rows * output + 3)
            linear(x, rows: rows, bfloat16: weight, bias: b, into: &y, team: useTeam ? team : nil)
            var worst = 0.0
            for r in 0..<rows {
                for o in 0..<output {
                    var expected = Double(b[0, o]), magnitude = abs(Double(b[0, o]))
                    for i in 0..<input {
                        expected += Double(xr[r * input + i]) * Double(wr[o * input + i])
                        magnitude += abs(Double(xr[r * input + i]) * Double(wr[o * input + i]))
                    }
                    worst = max(worst, abs(Double(y[r * output + o]) - expected) / max(magnitude, 1e-30))
                }
            }
            // Products of two 8-bit significands are exact in Float; only the Float sums round.
            #expect(worst < 1e-6, "relative error \(worst), rows \(rows), \(input) → \(output)")
            #expect(y[rows * output].isNaN, "nothing written past rows·out")
        }
        // Without a bias, and against the exact Float product: bfloat16 is close, not equal.
        var plain = [Float](repeating: 0, count: rows * output)
        linear(x, rows: rows, bfloat16: BFloat16Weight(weight: w), bias: nil, into: &plain)
        var exact = [Float](repeating: 0, count: rows * output)
        linear(x, rows: rows, weight: w, bias: nil, into: &exact)
        let dot = zip(plain, exact).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let norms = (plain.reduce(0.0) { $0 + Double($1 * $1) } * exact.reduce(0.0) { $0 + Double($1 * $1) }).squareRoot()
        #expect(dot / norms > 0.999, "cosine of the bfloat16 product to the Float product")
    }

    @Test("The packed weight takes two bytes per weight, rounded up to whole 32-column panels and input pairs")
    func packedSize() {
        let w = MatrixView(rows: 33, columns: 5, copying: values(33 * 5, seed: 4))
        #expect(BFloat16Weight(weight: w).byteCount == 2 * 32 * 3 * 2 * 2)  // 2 panels × 3 pairs × 32 columns × 2 halves × 2 bytes
    }
}

private extension Double {
    /// The bfloat16 nearest to this value (for a normal value far from a tie), as Float.
    var bfloat16Expected: Float {
        let bits = Float(self).bitPattern
        return Float(bitPattern: (bits &+ 0x7fff &+ ((bits >> 16) & 1)) & 0xffff_0000)
    }
}

private let skipReason: Comment = "BFloat16 kernel not run: this CPU lacks \(BFloat16Weight.missingCPUFlags.joined(separator: ", "))"
