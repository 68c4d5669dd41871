// Distance kernels for the vector index: the one audited place where it reads vectors through pointers.
// Every entry point checks its bounds with `precondition` before touching memory.

/// What a `DistanceKernel` computes. Smaller is closer for every kind, so the index can use one ordering.
package enum DistanceKind: Sendable, Hashable {
    /// `-⟨a, b⟩`: inner product (and cosine, on normalised vectors), negated.
    case negativeInnerProduct
    /// `‖a − b‖²`.
    case squaredL2
}

/// A distance between fixed-length rows of flat row-major `[Float]` buffers, chosen once per index
/// (hnswlib's `SpaceInterface::get_dist_func`), so search loops never branch on the metric.
package struct DistanceKernel: Sendable {
    /// What the kernel computes.
    package let kind: DistanceKind
    /// Length of every row.
    package let dimension: Int
    private let function: @Sendable (UnsafePointer<Float>, UnsafePointer<Float>, Int) -> Float

    /// A kernel for rows of `dimension` floats.
    package init(kind: DistanceKind, dimension: Int) {
        precondition(dimension > 0, "DistanceKernel: dimension must be positive")
        self.kind = kind
        self.dimension = dimension
        switch kind {
        case .negativeInnerProduct: function = { -innerProductKernel($0, $1, $2) }
        case .squaredL2: function = squaredL2Kernel
        }
    }

    /// Distance between row `aRow` of `a` and row `bRow` of `b` (each row is `dimension` floats).
    @inline(__always)
    package func callAsFunction(_ a: [Float], row aRow: Int, _ b: [Float], row bRow: Int) -> Float {
        let aStart = aRow * dimension
        let bStart = bRow * dimension
        precondition(aRow >= 0 && bRow >= 0 && aStart + dimension <= a.count && bStart + dimension <= b.count,
                     "DistanceKernel: row out of bounds")
        return a.withUnsafeBufferPointer { aBuffer in
            b.withUnsafeBufferPointer { bBuffer in
                guard let aBase = aBuffer.baseAddress, let bBase = bBuffer.baseAddress else { return .infinity }
                return function(aBase + aStart, bBase + bStart, dimension)
            }
        }
    }
}

// MARK: - Kernels

// Two 8-wide accumulators: four independent SSE registers on the x86-64 baseline, two AVX registers when
// built for AVX, which hides the add latency without spilling.
@inline(__always)
private func innerProductKernel(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
    #if DEBUG
    // Unoptimised SIMD code costs microseconds per element block; BLAS keeps debug-built tests usable.
    return debugInnerProduct(a, b, count)
    #else
    var sum0 = SIMD8<Float>()
    var sum1 = SIMD8<Float>()
    var i = 0
    while i + 16 <= count {
        sum0 += UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
            * UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
        sum1 += UnsafeRawPointer(a + i + 8).loadUnaligned(as: SIMD8<Float>.self)
            * UnsafeRawPointer(b + i + 8).loadUnaligned(as: SIMD8<Float>.self)
        i += 16
    }
    var total = (sum0 + sum1).sum()
    while i < count {
        total += a[i] * b[i]
        i += 1
    }
    return total
    #endif
}

@inline(__always)
private func squaredL2Kernel(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
    var sum0 = SIMD8<Float>()
    var sum1 = SIMD8<Float>()
    var i = 0
    while i + 16 <= count {
        let d0 = UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
            - UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
        let d1 = UnsafeRawPointer(a + i + 8).loadUnaligned(as: SIMD8<Float>.self)
            - UnsafeRawPointer(b + i + 8).loadUnaligned(as: SIMD8<Float>.self)
        sum0 += d0 * d0
        sum1 += d1 * d1
        i += 16
    }
    var total = (sum0 + sum1).sum()
    while i < count {
        let d = a[i] - b[i]
        total += d * d
        i += 1
    }
    return total
}

#if DEBUG
// y (1,) = a (1, count) @ b (count,)
private func debugInnerProduct(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
    var result: Float = 0
    withUnsafeMutablePointer(to: &result) { y in
        sgemv(transpose: .none, rows: 1, columns: count, alpha: 1, a: a, lda: count, x: b, beta: 0, y: y)
    }
    return result
}
#endif

// MARK: - Batched scoring

/// Inner products of many queries with a block of rows, through one `cblas_sgemm`:
/// scores (queryCount, rowCount) = queries (queryCount, d) @ rows[rowStart ..< rowStart + rowCount] (rowCount, d)ᵀ.
package func innerProducts(
    queries: [Float], queryCount: Int, rows: [Float], rowStart: Int, rowCount: Int, dimension: Int,
    into scores: inout [Float]
) {
    precondition(queryCount >= 0 && rowCount >= 0 && rowStart >= 0 && dimension > 0, "innerProducts: negative shape")
    precondition(queries.count >= queryCount * dimension, "innerProducts: queries shorter than queryCount × dimension")
    precondition((rowStart + rowCount) * dimension <= rows.count, "innerProducts: row block out of bounds")
    precondition(scores.count >= queryCount * rowCount, "innerProducts: scores shorter than queryCount × rowCount")
    guard queryCount > 0, rowCount > 0 else { return }
    queries.withUnsafeBufferPointer { queryBuffer in
        rows.withUnsafeBufferPointer { rowBuffer in
            scores.withUnsafeMutableBufferPointer { scoreBuffer in
                sgemm(
                    transposeA: .none, transposeB: .transposed, m: queryCount, n: rowCount, k: dimension, alpha: 1,
                    a: queryBuffer.baseAddress, lda: dimension,
                    b: rowBuffer.baseAddress.map { $0 + rowStart * dimension }, ldb: dimension, beta: 0,
                    c: scoreBuffer.baseAddress, ldc: rowCount)
            }
        }
    }
}
