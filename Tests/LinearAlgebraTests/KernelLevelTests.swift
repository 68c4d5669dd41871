import Foundation
import LinearAlgebra
import Testing

/// Every instruction-set level of the distance and element-wise kernels against a scalar reference in Double.
/// Levels this CPU lacks are reported as skipped, by name, with the flags it lacks.
@Suite("Kernel levels")
struct KernelLevelTests {
    @Test("baseline (SSE2) kernels match the scalar reference")
    func baseline() { checkKernels(.baseline) }

    @Test("AVX2 + FMA kernels match the scalar reference", .enabled(if: KernelLevel.avx2.isSupportedHere, skipReason(.avx2)))
    func avx2() { checkKernels(.avx2) }

    @Test("AVX-512 kernels match the scalar reference", .enabled(if: KernelLevel.avx512.isSupportedHere, skipReason(.avx512)))
    func avx512() { checkKernels(.avx512) }

    @Test("The level is chosen from the CPU's flags: the best one whose every flag it has")
    func choice() {
        func level(_ flags: String) -> KernelLevel { KernelLevel.best(for: CPUFeatures(cpuinfo: "vendor_id\t: X\nflags\t\t: \(flags)\n")) }
        #expect(level("fpu sse sse2") == .baseline)
        #expect(level("fpu sse2 avx avx2") == .baseline, "AVX2 without FMA is not the avx2 level")
        #expect(level("fpu sse2 avx avx2 fma") == .baseline, "AVX2 + FMA without F16C is not the avx2 level")
        #expect(level("fpu sse2 avx avx2 fma f16c") == .avx2)
        #expect(level("sse2 avx2 fma f16c avx512f avx512cd") == .avx2, "AVX-512 F without BW, DQ, VL is not enough")
        #expect(level("sse2 avx2 fma f16c avx512f avx512dq avx512bw avx512vl avx512_bf16") == .avx512)
        #expect(level("") == .baseline)
        // This process: the best level of this machine, unless HEPCHAIN_KERNELS asked for a lower one.
        if ProcessInfo.processInfo.environment["HEPCHAIN_KERNELS"] == nil {
            #expect(KernelLevel.selected == KernelLevel.best(for: CPUFeatures.current()))
        }
        let flags = CPUFeatures.current().flags
        if flags.isSuperset(of: ["avx2", "fma", "f16c"]) { #expect(KernelLevel.selected >= .avx2) }
    }
}

/// Why a level's test did not run (also used by EncoderKernelLevelTests).
func skipReason(_ level: KernelLevel) -> Comment {
    let missing = level.requiredCPUFlags.filter { !CPUFeatures.current().flags.contains($0) }
    return "KernelLevel.\(level.rawValue) not run: this CPU lacks \(missing.joined(separator: ", "))"
}

/// Deterministic pseudo-random values in [-scale, scale).
func values(_ count: Int, seed: UInt64, scale: Float = 1) -> [Float] {
    var state = seed
    return (0..<count).map { _ in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Float(Int64(bitPattern: state) >> 40) / Float(1 << 23) * scale
    }
}

/// Lengths below, at and past each vector width (4, 8, 16) and unroll (2×), and MiniLM's 384.
private let lengths = [1, 3, 4, 7, 8, 15, 16, 17, 31, 32, 33, 47, 64, 100, 384, 385]

private func checkKernels(_ level: KernelLevel) {
    let kernels = level.kernels
    #expect(kernels.level == level)
    for n in lengths {
        let rows = (0..<5).map { values(n + 1, seed: UInt64(n * 10 + $0)) }
        let q = values(n + 1, seed: UInt64(n * 10 + 9))
        func referenceInner(_ a: [Float], _ b: [Float]) -> Double { (0..<n).reduce(0) { $0 + Double(a[$1]) * Double(b[$1]) } }
        func referenceL2(_ a: [Float], _ b: [Float]) -> Double { (0..<n).reduce(0) { $0 + pow(Double(a[$1]) - Double(b[$1]), 2) } }
        let tolerance = 1e-6 * Double(n)
        let (inner, l2, inner4, l24) = q.withUnsafeBufferPointer { qp in
            rows[0].withUnsafeBufferPointer { a in
                rows[1].withUnsafeBufferPointer { b in
                    rows[2].withUnsafeBufferPointer { c in
                        rows[3].withUnsafeBufferPointer { d in
                            (kernels.innerProduct(qp.baseAddress!, a.baseAddress!, n), kernels.squaredL2(qp.baseAddress!, a.baseAddress!, n),
                             kernels.fourRows(.innerProduct, qp.baseAddress!, a.baseAddress!, b.baseAddress!, c.baseAddress!, d.baseAddress!, n),
                             kernels.fourRows(.squaredL2, qp.baseAddress!, a.baseAddress!, b.baseAddress!, c.baseAddress!, d.baseAddress!, n))
                        }
                    }
                }
            }
        }
        #expect(abs(Double(inner) - referenceInner(q, rows[0])) < tolerance, "\(level) inner product, n = \(n)")
        #expect(abs(Double(l2) - referenceL2(q, rows[0])) < tolerance * 4, "\(level) squared L2, n = \(n)")
        for r in 0..<4 {
            #expect(abs(Double(inner4[r]) - referenceInner(q, rows[r])) < tolerance, "\(level) four-row inner product \(r), n = \(n)")
            #expect(abs(Double(l24[r]) - referenceL2(q, rows[r])) < tolerance * 4, "\(level) four-row squared L2 \(r), n = \(n)")
        }

        // The index's entry points on this level: per row, and over slots (four-row passes plus a tail).
        let flat = rows.flatMap { Array($0[0..<n]) }
        let query = Array(q[0..<n])
        for kind in [DistanceKind.negativeInnerProduct, .squaredL2] {
            let kernel = DistanceKernel(kind: kind, dimension: n, level: level)
            let expected = (0..<5).map { kind == .squaredL2 ? referenceL2(query, rows[$0]) : -referenceInner(query, rows[$0]) }
            let slots: [UInt32] = [4, 0, 2, 1, 3]
            var distances = [Float](repeating: .nan, count: 6)
            kernel(query, row: 0, flat, slots: slots, count: 5, into: &distances)
            for (position, slot) in slots.enumerated() {
                #expect(abs(Double(distances[position]) - expected[Int(slot)]) < tolerance * 4, "\(level) \(kind) slot \(slot), n = \(n)")
                #expect(abs(Double(kernel(query, row: 0, flat, row: Int(slot))) - expected[Int(slot)]) < tolerance * 4)
            }
            #expect(distances[5].isNaN, "nothing written past count")
        }

        // 8-bit codes.
        let codes = (0..<(2 * n)).map { Int8(truncatingIfNeeded: $0 &* 37 &- 100) }
        var scored = [Float](repeating: .nan, count: 2)
        negativeInnerProducts(query, codes: codes, scales: [0.5, 2], dimension: n, slots: [1, 0], count: 2, into: &scored, level: level)
        for (position, row) in [1, 0].enumerated() {
            let reference = -[0.5, 2][row] * (0..<n).reduce(0.0) { $0 + Double(query[$1]) * Double(codes[row * n + $1]) }
            #expect(abs(Double(scored[position]) - reference) < 1e-5 * Double(n) * 128, "\(level) int8, n = \(n)")
        }

        // GELU against the C library's erf; values past `count` untouched.
        let inputs = values(n, seed: UInt64(n), scale: 6) + [42]
        var activated = inputs
        activated.withUnsafeMutableBufferPointer { kernels.gelu($0.baseAddress!, n) }
        for i in 0..<n {
            let x = Double(inputs[i])
            let expected = x * 0.5 * (1 + erf(x / 2.squareRoot()))
            #expect(abs(Double(activated[i]) - expected) < 1e-6, "\(level) GELU(\(x)), n = \(n)")
        }
        #expect(activated[n] == 42)

        // Softmax over a range where eˣ spans 35 orders of magnitude, against exp in Double.
        let logits = values(n, seed: UInt64(n + 3), scale: 40) + [42]
        var probabilities = logits
        probabilities.withUnsafeMutableBufferPointer { kernels.softmax($0.baseAddress!, n) }
        let maximum = logits[0..<n].max()!
        let total = (0..<n).reduce(0.0) { $0 + exp(Double(logits[$1] - maximum)) }
        for i in 0..<n {
            let expected = exp(Double(logits[i] - maximum)) / total
            #expect(abs(Double(probabilities[i]) - expected) <= 1e-5 * expected, "\(level) softmax, n = \(n), i = \(i)")
        }
        #expect(probabilities[n] == 42)
    }
}
