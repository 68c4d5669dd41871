import LinearAlgebra
import Testing

@Suite("Matrix multiply")
struct MatrixMultiplyTests {
    @Test("sgemm matches a naive triple loop, with and without transposes")
    func sgemmMatchesNaive() {
        let a = Matrix(rows: 3, columns: 4, values: (0..<12).map { Float($0) * 0.5 - 2 })
        let b = Matrix(rows: 4, columns: 5, values: (0..<20).map { Float($0 % 7) - 3 })
        var c = Matrix(rows: 3, columns: 5)
        matmul(a, b, into: &c)
        for i in 0..<3 {
            for j in 0..<5 {
                var expected: Float = 0
                for p in 0..<4 { expected += a[i, p] * b[p, j] }
                #expect(abs(c[i, j] - expected) < 1e-4)
            }
        }
        // Bᵀ stored as (5, 4): same product with transposeB.
        var bt = Matrix(rows: 5, columns: 4)
        for i in 0..<4 { for j in 0..<5 { bt[j, i] = b[i, j] } }
        var c2 = Matrix(rows: 3, columns: 5)
        matmul(a, bt, into: &c2, transposeB: .transposed)
        #expect(c2 == c)
    }

    @Test("The OpenBLAS kernel name is reported")
    func coreNameIsReported() {
        #expect(!BLAS.shared.coreName.isEmpty)
        #expect(BLAS.shared.coreName != "unknown")
    }

    @Test("An Intel CPU with AVX-512 gets an AVX-512 kernel; AMD is left to OpenBLAS")
    func coreTypeChoice() {
        let intel = CPUFeatures(cpuinfo: "vendor_id\t: GenuineIntel\nflags\t\t: fpu sse avx2 avx512f avx512_bf16\n")
        #expect(intel.preferredOpenBLASCoreType == "Cooperlake")
        let skylake = CPUFeatures(cpuinfo: "vendor_id\t: GenuineIntel\nflags\t\t: fpu avx2 avx512f\n")
        #expect(skylake.preferredOpenBLASCoreType == "SkylakeX")
        let amd = CPUFeatures(cpuinfo: "vendor_id\t: AuthenticAMD\nflags\t\t: fpu avx2 fma\n")
        #expect(amd.preferredOpenBLASCoreType == nil)
    }

    /// OpenBLAS's generic x86-64 kernel: what Debian's 0.3.21 falls back to on CPUs it does not know, unless
    /// `OPENBLAS_CORETYPE` is set before the library initialises (BLAS.swift).
    static let genericKernel = "Prescott"

    @Test(
        "Where the CPU has AVX-512, the OpenBLAS kernel in use is not the generic Prescott",
        .enabled(if: CPUFeatures.current().flags.contains("avx512f"), "not run: this CPU lacks avx512f"))
    func avx512CPUGetsAVX512Kernel() {
        #expect(BLAS.shared.coreName != Self.genericKernel, "OpenBLAS runs \(BLAS.shared.coreName) on an AVX-512 CPU")
    }

    @Test(
        "Where the CPU has AVX2, the OpenBLAS kernel in use is not the generic Prescott",
        .enabled(if: CPUFeatures.current().flags.contains("avx2"), "not run: this CPU lacks avx2"))
    func avx2CPUGetsVectorKernel() {
        #expect(BLAS.shared.coreName != Self.genericKernel, "OpenBLAS runs \(BLAS.shared.coreName) on an AVX2 CPU")
    }
}
