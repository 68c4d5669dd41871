/// How the graph keeps the copy of each vector that searches walk over.
public enum VectorEncoding: String, Sendable, Codable, Hashable, CaseIterable {
    /// 32-bit floats: exact distances everywhere.
    case float32
    /// An extra 8-bit copy (one scale per vector) that searches walk over, reading a quarter of the bytes; the final
    /// candidates are re-scored with the 32-bit vectors. Costs 25 % more memory. Cosine and inner product only.
    case int8
}

/// Construction and search parameters of an HNSW graph (Malkov & Yashunin, arXiv:1603.09320).
public struct HNSWParameters: Sendable, Codable, Hashable {
    /// Links per node on the upper layers (`M` in the paper); the bottom layer keeps up to `2 · M`.
    public var maxNeighbors: Int
    /// Size of the dynamic candidate list while inserting (`efConstruction`).
    public var efConstruction: Int
    /// Default size of the dynamic candidate list while searching (`ef`); raised to `k` when smaller.
    public var efSearch: Int
    /// Seed of the level generator, so the same inserts in the same order build the same graph.
    public var seed: UInt64
    /// What searches walk over: the 32-bit vectors, or 8-bit codes with 32-bit re-scoring.
    public var encoding: VectorEncoding

    /// Creates parameters; the defaults match hnswlib's usual choice (M = 16, efConstruction = 200).
    public init(
        maxNeighbors: Int = 16, efConstruction: Int = 200, efSearch: Int = 64, seed: UInt64 = 100, encoding: VectorEncoding = .float32
    ) {
        precondition(maxNeighbors >= 2 && maxNeighbors <= 4096, "HNSWParameters: maxNeighbors must be in 2...4096")
        precondition(efConstruction >= 1 && efSearch >= 1, "HNSWParameters: ef values must be positive")
        self.maxNeighbors = maxNeighbors
        self.efConstruction = efConstruction
        self.efSearch = efSearch
        self.seed = seed
        self.encoding = encoding
    }

    /// Links per node on the bottom layer (`Mmax0 = 2 · M`, as the paper recommends).
    public var maxBaseNeighbors: Int { 2 * maxNeighbors }
}
