/// A nearest-neighbour index over vectors identified by keys. Knows nothing of documents.
///
/// Usage example:
/// ```swift
/// let index: any VectorStore = ExactIndex(dimension: 384, metric: .cosine)
/// try index.add([vector], keys: [42])
/// let hits = index.nearest(to: query, k: 10)
/// ```
public protocol VectorStore: Sendable {
    /// Length of every vector.
    var dimension: Int { get }
    /// Number of live (not removed) vectors.
    var count: Int { get }
    /// Adds vectors; a key already present is replaced.
    func add(_ vectors: [Vector], keys: [VectorKey]) throws
    /// Removes vectors; unknown keys are ignored.
    func remove(keys: [VectorKey])
    /// The `k` most similar vectors that `isAllowed` accepts, best first.
    func nearest(to query: Vector, k: Int, isAllowed: (@Sendable (VectorKey) -> Bool)?) -> [SearchHit]
}

extension VectorStore {
    /// The `k` most similar vectors, best first.
    public func nearest(to query: Vector, k: Int) -> [SearchHit] {
        nearest(to: query, k: k, isAllowed: nil)
    }
}
