/// An embedding vector. Embedders return them L2-normalised, so inner product equals cosine similarity.
public typealias Vector = [Float]

/// The key of a vector in a `VectorStore`. The knowledge base maps chunks to keys; the index knows only keys.
public typealias VectorKey = UInt64

/// One result of a vector search: a key and its similarity (higher is closer, for every metric).
public struct SearchHit: Hashable, Sendable, Codable {
    /// Key of the matching vector.
    public var key: VectorKey
    /// Similarity: inner product or cosine, or negated squared L2 distance.
    public var score: Float
    /// Creates a hit.
    public init(key: VectorKey, score: Float) {
        self.key = key
        self.score = score
    }
}
