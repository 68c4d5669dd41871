public import RAGCore
import LinearAlgebra

/// Brute-force (flat) nearest-neighbour search: exact results, the oracle for HNSW recall, the right choice for
/// small collections, and the engine behind very selective filters. Single queries scan with SIMD kernels;
/// batches of queries go through `cblas_sgemm` in blocks of rows.
///
/// Usage example:
/// ```swift
/// let exact = ExactIndex(dimension: 384, metric: .cosine)
/// try exact.add(vectors, keys: keys)
/// let truth = exact.nearest(to: queries, k: 10)   // one sgemm per block of 4,096 rows
/// ```
public final class ExactIndex: VectorStore {
    /// Length of every vector.
    public let dimension: Int
    /// Similarity measure.
    public let metric: Metric
    private let storage: ReadWriteLock<Storage>

    /// Rows of vectors with their keys; removal moves the last row into the hole.
    private struct Storage: Sendable {
        var vectors: [Float] = []
        var squaredNorms: [Float] = []
        var keys: [VectorKey] = []
        var rowOfKey: [VectorKey: Int] = [:]
    }

    /// An empty index.
    public init(dimension: Int, metric: Metric = .cosine) {
        precondition(dimension > 0, "ExactIndex: dimension must be positive")
        self.dimension = dimension
        self.metric = metric
        self.storage = ReadWriteLock(Storage())
    }

    /// Number of vectors.
    public var count: Int { storage.read { $0.keys.count } }

    /// Bytes held by vectors, norms, keys and the key map.
    public var memoryBytes: Int {
        storage.read { $0.vectors.capacity * 4 + $0.squaredNorms.capacity * 4 + $0.keys.capacity * 8 + $0.rowOfKey.capacity * 16 }
    }

    /// Adds vectors; a key already present is replaced.
    public func add(_ vectors: [Vector], keys: [VectorKey]) throws {
        guard vectors.count == keys.count else { throw IndexError.countMismatch(vectors: vectors.count, keys: keys.count) }
        for (vector, key) in zip(vectors, keys) {
            guard vector.count == dimension else { throw IndexError.dimensionMismatch(expected: dimension, found: vector.count) }
            guard vector.allSatisfy(\.isFinite) else { throw IndexError.nonFiniteVector(key: key) }
        }
        storage.write { storage in
            storage.vectors.reserveCapacity((storage.keys.count + vectors.count) * dimension)
            for (vector, key) in zip(vectors, keys) {
                let prepared = vector.prepared(for: metric)
                let squaredNorm = dot(prepared, prepared)
                if let row = storage.rowOfKey[key] {
                    storage.vectors.replaceSubrange(row * dimension ..< (row + 1) * dimension, with: prepared)
                    storage.squaredNorms[row] = squaredNorm
                } else {
                    storage.rowOfKey[key] = storage.keys.count
                    storage.keys.append(key)
                    storage.vectors.append(contentsOf: prepared)
                    storage.squaredNorms.append(squaredNorm)
                }
            }
        }
    }

    /// Removes vectors; unknown keys are ignored.
    public func remove(keys: [VectorKey]) {
        storage.write { storage in
            for key in keys {
                guard let row = storage.rowOfKey.removeValue(forKey: key) else { continue }
                let last = storage.keys.count - 1
                if row != last {
                    let lastKey = storage.keys[last]
                    storage.vectors.replaceSubrange(row * dimension ..< (row + 1) * dimension,
                                                    with: storage.vectors[last * dimension ..< (last + 1) * dimension])
                    storage.squaredNorms[row] = storage.squaredNorms[last]
                    storage.keys[row] = lastKey
                    storage.rowOfKey[lastKey] = row
                }
                storage.vectors.removeLast(dimension)
                storage.squaredNorms.removeLast()
                storage.keys.removeLast()
            }
        }
    }

    /// The `k` most similar vectors that `isAllowed` accepts, best first.
    public func nearest(to query: Vector, k: Int, isAllowed: (@Sendable (VectorKey) -> Bool)?) -> [SearchHit] {
        precondition(query.count == dimension, "ExactIndex: query dimension \(query.count) ≠ index dimension \(dimension)")
        guard k > 0 else { return [] }
        let prepared = query.prepared(for: metric)
        let distance = DistanceKernel(kind: metric.distanceKind, dimension: dimension)
        return storage.read { storage in
            var best = NeighborHeap<FarthestFirst>()
            best.reserve(k + 1)
            for row in storage.keys.indices {
                if let isAllowed, !isAllowed(storage.keys[row]) { continue }
                let d = distance(prepared, row: 0, storage.vectors, row: row)
                if best.count < k {
                    best.push(Neighbor(distance: d, slot: UInt32(row)))
                } else if d < best.top.distance {
                    best.pop()
                    best.push(Neighbor(distance: d, slot: UInt32(row)))
                }
            }
            return Self.hits(from: &best, keys: storage.keys, metric: metric)
        }
    }

    /// The `k` most similar vectors for each query, best first: scores come from one `sgemm` per block of rows,
    /// (queries, d) @ (block, d)ᵀ, so many queries cost little more than one.
    public func nearest(to queries: [Vector], k: Int, isAllowed: (@Sendable (VectorKey) -> Bool)? = nil) -> [[SearchHit]] {
        guard k > 0, !queries.isEmpty else { return queries.map { _ in [] } }
        var flatQueries: [Float] = []
        flatQueries.reserveCapacity(queries.count * dimension)
        for query in queries {
            precondition(query.count == dimension, "ExactIndex: query dimension \(query.count) ≠ index dimension \(dimension)")
            flatQueries.append(contentsOf: query.prepared(for: metric))
        }
        let blockRows = 4096
        let queryBlock = 256
        return storage.read { storage in
            let rowCount = storage.keys.count
            var heaps = [NeighborHeap<FarthestFirst>](repeating: NeighborHeap(), count: queries.count)
            var scores = [Float](repeating: 0, count: min(queryBlock, queries.count) * min(blockRows, max(rowCount, 1)))
            var queryStart = 0
            while queryStart < queries.count {
                let queryCount = min(queryBlock, queries.count - queryStart)
                let queryRows = Array(flatQueries[queryStart * dimension ..< (queryStart + queryCount) * dimension])
                var rowStart = 0
                while rowStart < rowCount {
                    let block = min(blockRows, rowCount - rowStart)
                    // scores (queryCount, block) = queries (queryCount, d) @ rows (block, d)ᵀ
                    innerProducts(queries: queryRows, queryCount: queryCount, rows: storage.vectors, rowStart: rowStart,
                                  rowCount: block, dimension: dimension, into: &scores)
                    for q in 0 ..< queryCount {
                        for r in 0 ..< block {
                            let row = rowStart + r
                            let product = scores[q * block + r]
                            // ‖q − x‖² = ‖q‖² − 2⟨q, x⟩ + ‖x‖²; ‖q‖² is the same for every row, so it is left out of the ranking.
                            let d = metric == .l2 ? storage.squaredNorms[row] - 2 * product : -product
                            if heaps[queryStart + q].count < k || d < heaps[queryStart + q].top.distance {
                                if let isAllowed, !isAllowed(storage.keys[row]) { continue }
                                heaps[queryStart + q].push(Neighbor(distance: d, slot: UInt32(row)))
                                if heaps[queryStart + q].count > k { heaps[queryStart + q].pop() }
                            }
                        }
                    }
                    rowStart += block
                }
                queryStart += queryCount
            }
            return queries.indices.map { q in
                var hits = Self.hits(from: &heaps[q], keys: storage.keys, metric: metric)
                if metric == .l2 {
                    let queryNorm = dot(Array(flatQueries[q * dimension ..< (q + 1) * dimension]), Array(flatQueries[q * dimension ..< (q + 1) * dimension]))
                    for i in hits.indices { hits[i].score -= queryNorm }
                }
                return hits
            }
        }
    }

    private static func hits(from heap: inout NeighborHeap<FarthestFirst>, keys: [VectorKey], metric: Metric) -> [SearchHit] {
        var hits = [SearchHit](repeating: SearchHit(key: 0, score: 0), count: heap.count)
        for position in hits.indices.reversed() {
            let neighbor = heap.pop()
            hits[position] = SearchHit(key: keys[Int(neighbor.slot)], score: metric.score(fromDistance: neighbor.distance))
        }
        return hits
    }
}
