import COpenBLAS

/// Whether an operand is used as stored or transposed.
public enum Transpose: Sendable {
    case none
    case transposed
}

/// C = alpha · op(A) · op(B) + beta · C, through `cblas_sgemm`.
///
/// Shapes are checked before the C call: op(A) is (m, k), op(B) is (k, n), C is (m, n).
public func matmul(
    _ a: Matrix, _ b: Matrix, into c: inout Matrix, transposeA: Transpose = .none, transposeB: Transpose = .none,
    alpha: Float = 1, beta: Float = 0
) {
    let m = transposeA == .none ? a.rows : a.columns
    let k = transposeA == .none ? a.columns : a.rows
    let kB = transposeB == .none ? b.rows : b.columns
    let n = transposeB == .none ? b.columns : b.rows
    precondition(k == kB, "matmul: inner dimensions differ (\(k) vs \(kB))")
    precondition(c.rows == m && c.columns == n, "matmul: output is \(c.rows)x\(c.columns), expected \(m)x\(n)")
    a.values.withUnsafeBufferPointer { aPointer in
        b.values.withUnsafeBufferPointer { bPointer in
            c.values.withUnsafeMutableBufferPointer { cPointer in
                sgemm(
                    transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                    a: aPointer.baseAddress, lda: a.columns, b: bPointer.baseAddress, ldb: b.columns, beta: beta,
                    c: cPointer.baseAddress, ldc: c.columns)
            }
        }
    }
}

/// Raw row-major `cblas_sgemm` for callers that keep their own buffers (the encoder's workspace).
/// op(A) is (m, k) with leading dimension `lda`, op(B) is (k, n) with `ldb`, C is (m, n) with `ldc`.
public func sgemm(
    transposeA: Transpose, transposeB: Transpose, m: Int, n: Int, k: Int, alpha: Float,
    a: UnsafePointer<Float>?, lda: Int, b: UnsafePointer<Float>?, ldb: Int, beta: Float,
    c: UnsafeMutablePointer<Float>?, ldc: Int
) {
    precondition(m >= 0 && n >= 0 && k >= 0, "sgemm: negative shape")
    guard m > 0, n > 0 else { return }
    BLAS.shared.sgemmFunction(
        HEPCHAIN_CBLAS_ROW_MAJOR, transposeA.cblas, transposeB.cblas, Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b,
        Int32(ldb), beta, c, Int32(ldc))
}

/// y = alpha · op(A) · x + beta · y for a row-major A of shape (rows, columns), through `cblas_sgemv`.
public func sgemv(
    transpose: Transpose, rows: Int, columns: Int, alpha: Float, a: UnsafePointer<Float>?, lda: Int,
    x: UnsafePointer<Float>?, beta: Float, y: UnsafeMutablePointer<Float>?
) {
    guard rows > 0, columns > 0 else { return }
    BLAS.shared.sgemvFunction(
        HEPCHAIN_CBLAS_ROW_MAJOR, transpose.cblas, Int32(rows), Int32(columns), alpha, a, Int32(lda), x, 1, beta, y, 1)
}

extension Transpose {
    var cblas: Int32 { self == .none ? HEPCHAIN_CBLAS_NO_TRANS : HEPCHAIN_CBLAS_TRANS }
}
