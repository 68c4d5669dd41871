public import Foundation
public import RAGCore

/// An approximate nearest-neighbour index: an HNSW graph (Malkov & Yashunin) that many threads may search while
/// one writer adds or removes vectors, saved to and loaded from a versioned, checksummed file.
///
/// Usage example:
/// ```swift
/// let index = HNSWIndex(dimension: 384, metric: .cosine)
/// try index.add(vectors, keys: keys)
/// let hits = index.nearest(to: query, k: 10)                       // best first
/// let recent = index.nearest(to: query, k: 10, isAllowed: { years[$0]! >= 2020 })
/// try index.save(to: URL(fileURLWithPath: "data/index.hnsw"))
/// let again = try HNSWIndex.load(from: URL(fileURLWithPath: "data/index.hnsw"))
/// ```
///
/// Searches take a shared lock for one query; each insert takes the exclusive lock for that one vector, so searches
/// interleave with a long batch of inserts. Removed vectors are never returned; once they exceed a tenth of the
/// live ones, their slots are unlinked (neighbour lists repaired) and reused.
public final class HNSWIndex: PersistentVectorStore {
    /// Length of every vector.
    public let dimension: Int
    /// Similarity measure.
    public let metric: Metric
    /// Construction and search parameters.
    public let parameters: HNSWParameters
    /// A filter that accepts less than this fraction of the vectors is answered by exact search instead of the
    /// graph; above it, the graph walk (which must skip rejected nodes) is cheaper. See `docs/vector-index.md`.
    public let exactFilterFraction: Double

    private let graph: ReadWriteLock<HNSWGraph>
    private let userCheckpointValue: Locked<UInt64>
    private let writer = Locked<Void>(())
    private let scratchPool = Locked<[SearchScratch]>([])

    /// An empty index.
    public init(dimension: Int, metric: Metric = .cosine, parameters: HNSWParameters = .init(), exactFilterFraction: Double = 0.02) {
        self.dimension = dimension
        self.metric = metric
        self.parameters = parameters
        self.exactFilterFraction = exactFilterFraction
        self.graph = ReadWriteLock(HNSWGraph(dimension: dimension, metric: metric, parameters: parameters))
        self.userCheckpointValue = Locked(0)
    }

    private init(graph: HNSWGraph, userCheckpoint: UInt64) {
        self.dimension = graph.dimension
        self.metric = graph.metric
        self.parameters = graph.parameters
        self.exactFilterFraction = 0.02
        self.graph = ReadWriteLock(graph)
        self.userCheckpointValue = Locked(userCheckpoint)
    }

    /// Number of live vectors.
    public var count: Int { graph.read { $0.count } }

    /// An opaque number saved in the file header; the knowledge base stores its change sequence here to tell a
    /// stale index file from a current one.
    public var userCheckpoint: UInt64 {
        get { userCheckpointValue.withLock { $0 } }
        set { userCheckpointValue.withLock { $0 = newValue } }
    }

    /// Bytes held by the vectors, the links, the key map and the search scratch pool.
    public var memoryBytes: Int {
        graph.read { $0.memoryBytes } + scratchPool.withLock { $0.reduce(0) { $0 + $1.memoryBytes } }
    }

    // MARK: - Search

    /// The `k` most similar vectors that `isAllowed` accepts, best first, searched with `parameters.efSearch`.
    public func nearest(to query: Vector, k: Int, isAllowed: (@Sendable (VectorKey) -> Bool)?) -> [SearchHit] {
        nearest(to: query, k: k, ef: parameters.efSearch, isAllowed: isAllowed)
    }

    /// The `k` most similar vectors that `isAllowed` accepts, best first, with a candidate list of `ef`
    /// (raised to `k` when smaller): larger is slower and finds more of the true neighbours.
    public func nearest(to query: Vector, k: Int, ef: Int, isAllowed: (@Sendable (VectorKey) -> Bool)? = nil) -> [SearchHit] {
        precondition(query.count == dimension, "HNSWIndex: query dimension \(query.count) ≠ index dimension \(dimension)")
        guard k > 0 else { return [] }
        let prepared = query.prepared(for: metric)
        var scratch = takeScratch()
        defer { returnScratch(scratch) }
        return graph.read { graph in
            let found: [Neighbor]
            if let isAllowed {
                let fraction = graph.estimatedSelectivity(isAllowed)
                if fraction < exactFilterFraction {
                    found = graph.exactSearch(query: prepared, k: k, isAllowed: isAllowed, scratch: &scratch)
                } else {
                    let approximate = graph.search(query: prepared, k: k, ef: ef, isAllowed: isAllowed, scratch: &scratch)
                    // A short list means the walk ran out of allowed nodes it could reach; exact search is the truth.
                    found = approximate.count < k
                        ? graph.exactSearch(query: prepared, k: k, isAllowed: isAllowed, scratch: &scratch) : approximate
                }
            } else {
                found = graph.search(query: prepared, k: k, ef: ef, isAllowed: nil, scratch: &scratch)
            }
            return found.map { SearchHit(key: graph.keys[Int($0.slot)], score: metric.score(fromDistance: $0.distance)) }
        }
    }

    // MARK: - Add and remove

    /// Adds vectors; a key already present is replaced. Throws before changing anything when a vector has the
    /// wrong dimension or a non-finite value.
    public func add(_ vectors: [Vector], keys: [VectorKey]) throws {
        try add(vectors, keys: keys, threads: 1)
    }

    /// Adds vectors using `threads` threads: one inserts them one by one (the graph hnswlib would build);
    /// more run the searches of each batch in parallel (see `HNSWGraph+Batch.swift`).
    public func add(_ vectors: [Vector], keys: [VectorKey], threads: Int) throws {
        guard vectors.count == keys.count else { throw IndexError.countMismatch(vectors: vectors.count, keys: keys.count) }
        for (vector, key) in zip(vectors, keys) {
            guard vector.count == dimension else { throw IndexError.dimensionMismatch(expected: dimension, found: vector.count) }
            guard vector.allSatisfy(\.isFinite) else { throw IndexError.nonFiniteVector(key: key) }
        }
        guard !vectors.isEmpty else { return }
        let limit = Int(UInt32.max - 1)
        try writer.withLock { _ in
            try graph.write { graph in
                guard graph.slotCount + vectors.count - graph.freeSlots.count <= limit else {
                    throw IndexError.capacityExceeded(limit: limit)
                }
                graph.reserveSlots(graph.slotCount + max(0, vectors.count - graph.freeSlots.count))
            }
            var scratch = takeScratch()
            defer { returnScratch(scratch) }
            var position = 0
            while position < vectors.count {
                let graphCount = graph.read { $0.count }
                // Serial inserts until the graph is large enough that a batch is a small part of it.
                if threads <= 1 || graphCount < Self.serialPrefix {
                    let prepared = vectors[position].prepared(for: metric)
                    graph.write { graph in
                        graph.insert(prepared, key: keys[position], scratch: &scratch)
                        if graph.needsRepair { graph.repairTombstones(scratch: &scratch) }
                    }
                    position += 1
                    continue
                }
                let batchSize = min(vectors.count - position, max(64, min(Self.maxBatch, graphCount / 8)))
                let range = position ..< position + batchSize
                insertBatch(vectors[range].map { $0.prepared(for: metric) }, keys: Array(keys[range]), threads: threads, scratch: &scratch)
                position += batchSize
            }
        }
    }

    private static let serialPrefix = 1_024
    private static let maxBatch = 1_024

    private func insertBatch(_ batch: [Vector], keys: [VectorKey], threads: Int, scratch: inout SearchScratch) {
        let levels = graph.write { graph in batch.map { _ in graph.randomLevel() } }
        let flat: [Float] = {
            var rows: [Float] = []
            rows.reserveCapacity(batch.count * dimension)
            for vector in batch { rows.append(contentsOf: vector) }
            return rows
        }()
        let plans = graph.read { graph in
            parallelMap(count: batch.count, threads: threads) { position, scratch in
                graph.plan(position: position, level: levels[position], batch: flat, scratch: &scratch)
            }
        }
        let overflow = graph.write { graph in graph.link(batch: batch, keys: keys, levels: levels, plans: plans) }
        let pruned = graph.read { graph in
            parallelMap(count: overflow.count, threads: threads) { index, scratch in graph.prune(overflow[index], scratch: &scratch) }
        }
        graph.write { graph in
            for (list, neighbors) in zip(overflow, pruned) { graph.setNeighbors(of: list.slot, level: list.level, to: neighbors) }
            if graph.needsRepair { graph.repairTombstones(scratch: &scratch) }
        }
    }

    /// Removes vectors; unknown keys are ignored. Searches never return a removed key, even before its slot is
    /// repaired and reused.
    public func remove(keys: [VectorKey]) {
        writer.withLock { _ in
            var scratch = takeScratch()
            defer { returnScratch(scratch) }
            graph.write { graph in
                for key in keys { graph.remove(key: key) }
                if graph.needsRepair { graph.repairTombstones(scratch: &scratch) }
            }
        }
    }

    /// Unlinks every removed vector now and makes its slot reusable (this otherwise happens once removed vectors
    /// exceed a tenth of the live ones).
    public func compact() {
        writer.withLock { _ in
            var scratch = takeScratch()
            defer { returnScratch(scratch) }
            graph.write { $0.repairTombstones(scratch: &scratch) }
        }
    }

    /// True when the index holds `key`.
    public func contains(_ key: VectorKey) -> Bool { graph.read { $0.slotOfKey[key] != nil } }

    /// The stored vector of `key` (normalised for `.cosine`), or nil when absent.
    public func vector(for key: VectorKey) -> Vector? {
        graph.read { graph in
            guard let slot = graph.slotOfKey[key] else { return nil }
            let start = Int(slot) * graph.dimension
            return Array(graph.vectors[start ..< start + graph.dimension])
        }
    }

    // MARK: - Persistence

    /// Writes the index to `url` atomically: to a temporary file in the same folder, flushed, then renamed over
    /// `url`, so a crash leaves either the old file or the new one.
    public func save(to url: URL) throws {
        let checkpoint = userCheckpoint
        let data = graph.read { $0.encoded(userCheckpoint: checkpoint) }
        try IndexFile.writeAtomically(data, to: url)
    }

    /// Loads an index written by `save(to:)`; throws `IndexError` naming the file when it is missing, truncated,
    /// corrupt or of another format version.
    public static func load(from url: URL) throws -> HNSWIndex {
        let data = try IndexFile.read(url)
        let (graph, checkpoint) = try HNSWGraph.decode(data, path: url.path)
        return HNSWIndex(graph: graph, userCheckpoint: checkpoint)
    }

    /// Loads an index and checks that it holds vectors of `dimension`.
    public static func load(from url: URL, expectingDimension dimension: Int) throws -> HNSWIndex {
        let index = try load(from: url)
        guard index.dimension == dimension else {
            throw IndexError.fileDimensionMismatch(path: url.path, expected: dimension, found: index.dimension)
        }
        return index
    }

    // MARK: - Scratch pool

    private func takeScratch() -> SearchScratch {
        scratchPool.withLock { $0.popLast() } ?? SearchScratch()
    }

    private func returnScratch(_ scratch: SearchScratch) {
        scratchPool.withLock { pool in
            if pool.count < 16 { pool.append(scratch) }
        }
    }
}
