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
    private let fourRowFunction: @Sendable (UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>, Int) -> SIMD4<Float>

    /// A kernel for rows of `dimension` floats, running the `level` variant (by default the one chosen for this
    /// CPU; tests pass each level the CPU supports).
    package init(kind: DistanceKind, dimension: Int, level: KernelLevel = .selected) {
        precondition(dimension > 0, "DistanceKernel: dimension must be positive")
        self.kind = kind
        self.dimension = dimension
        let kernels = level.kernels
        switch kind {
        case .negativeInnerProduct:
            function = { -kernels.innerProduct($0, $1, $2) }
            fourRowFunction = { -kernels.fourRows(.innerProduct, $0, $1, $2, $3, $4, $5) }
        case .squaredL2:
            function = { kernels.squaredL2($0, $1, $2) }
            fourRowFunction = { kernels.fourRows(.squaredL2, $0, $1, $2, $3, $4, $5) }
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

    /// Distances from row `queryRow` of `query` to the rows `slots[0 ..< count]` of `rows`, into
    /// `distances[0 ..< count]`. Faster than one call per row on vectors that are not in cache: it first touches
    /// one cache line of every row, so their memory misses overlap (hnswlib issues `_mm_prefetch` for the same
    /// reason), then scores four rows per pass over the query.
    package func callAsFunction(
        _ query: [Float], row queryRow: Int, _ rows: [Float], slots: [UInt32], count: Int, into distances: inout [Float]
    ) {
        let queryStart = queryRow * dimension
        precondition(queryRow >= 0 && queryStart + dimension <= query.count, "DistanceKernel: query row out of bounds")
        precondition(count >= 0 && count <= slots.count && count <= distances.count, "DistanceKernel: count out of bounds")
        let rowLimit = rows.count / dimension
        for position in 0 ..< count {
            precondition(Int(slots[position]) < rowLimit, "DistanceKernel: row out of bounds")
        }
        guard count > 0 else { return }
        query.withUnsafeBufferPointer { queryBuffer in
            rows.withUnsafeBufferPointer { rowBuffer in
                distances.withUnsafeMutableBufferPointer { output in
                    guard let q = queryBuffer.baseAddress.map({ $0 + queryStart }), let base = rowBuffer.baseAddress,
                          let out = output.baseAddress else { return }
                    // Touch the first line of every row so their cache misses are in flight together. The sum is
                    // kept (times zero, which the compiler may not fold for floats) so the loads are not removed.
                    var touched: Float = 0
                    for position in 0 ..< count { touched += base[Int(slots[position]) * dimension] }
                    let keep = touched * 0
                    var position = 0
                    while position + 4 <= count {
                        let four = fourRowFunction(
                            q, base + Int(slots[position]) * dimension, base + Int(slots[position + 1]) * dimension,
                            base + Int(slots[position + 2]) * dimension, base + Int(slots[position + 3]) * dimension, dimension)
                        out[position] = four[0] + keep
                        out[position + 1] = four[1]
                        out[position + 2] = four[2]
                        out[position + 3] = four[3]
                        position += 4
                    }
                    // One to three rows left: score them four-wide with the last row repeated; the repeats hit L1.
                    if position < count {
                        let last = base + Int(slots[count - 1]) * dimension
                        func row(_ offset: Int) -> UnsafePointer<Float> {
                            position + offset < count ? base + Int(slots[position + offset]) * dimension : last
                        }
                        let four = fourRowFunction(q, row(0), row(1), row(2), row(3), dimension)
                        for offset in 0 ..< count - position { out[position + offset] = four[offset] + keep }
                        position = count
                    }
                    while position < count {
                        out[position] = function(q, base + Int(slots[position]) * dimension, dimension) + keep
                        position += 1
                    }
                }
            }
        }
    }
}

// The kernels themselves are C, compiled for each instruction-set level (CVectorKernels, KernelLevel.swift).

// MARK: - 8-bit codes

/// `−scale[row] · ⟨query, codes[row]⟩` for the rows `slots[0 ..< count]` of `codes` (rows of `dimension` Int8),
/// into `distances`: the approximate negated inner product of a float query with 8-bit-quantised rows.
package func negativeInnerProducts(
    _ query: [Float], codes: [Int8], scales: [Float], dimension: Int, slots: [UInt32], count: Int, into distances: inout [Float],
    level: KernelLevel = .selected
) {
    precondition(dimension > 0 && query.count >= dimension, "negativeInnerProducts: query shorter than dimension")
    precondition(count >= 0 && count <= slots.count && count <= distances.count, "negativeInnerProducts: count out of bounds")
    let rowLimit = min(codes.count / dimension, scales.count)
    for position in 0 ..< count {
        precondition(Int(slots[position]) < rowLimit, "negativeInnerProducts: row out of bounds")
    }
    guard count > 0 else { return }
    let kernels = level.kernels
    query.withUnsafeBufferPointer { queryBuffer in
        codes.withUnsafeBufferPointer { codeBuffer in
            distances.withUnsafeMutableBufferPointer { output in
                guard let q = queryBuffer.baseAddress, let base = codeBuffer.baseAddress, let out = output.baseAddress else { return }
                var touched: Int8 = 0
                for position in 0 ..< count { touched &+= base[Int(slots[position]) * dimension] }
                let keep = Float(touched) * 0
                for position in 0 ..< count {
                    let slot = Int(slots[position])
                    out[position] = -scales[slot] * kernels.int8InnerProduct(q, base + slot * dimension, dimension) + keep
                }
            }
        }
    }
}

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
