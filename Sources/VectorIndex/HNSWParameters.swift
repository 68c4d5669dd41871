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

    /// Creates parameters; the defaults match hnswlib's usual choice (M = 16, efConstruction = 200).
    public init(maxNeighbors: Int = 16, efConstruction: Int = 200, efSearch: Int = 64, seed: UInt64 = 100) {
        precondition(maxNeighbors >= 2 && maxNeighbors <= 4096, "HNSWParameters: maxNeighbors must be in 2...4096")
        precondition(efConstruction >= 1 && efSearch >= 1, "HNSWParameters: ef values must be positive")
        self.maxNeighbors = maxNeighbors
        self.efConstruction = efConstruction
        self.efSearch = efSearch
        self.seed = seed
    }

    /// Links per node on the bottom layer (`Mmax0 = 2 · M`, as the paper recommends).
    public var maxBaseNeighbors: Int { 2 * maxNeighbors }
}
