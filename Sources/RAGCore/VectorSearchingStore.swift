/// A `DocumentStore` that searches its stored vectors itself (an index inside the database), so the knowledge
/// base keeps no index file of its own and every process on the store sees each commit at once.
///
/// `SQLiteDocumentStore` does not conform (the knowledge base keeps an HNSW index beside it);
/// `PostgresDocumentStore` does (pgvector's HNSW).
///
/// Usage example:
/// ```swift
/// if let searching = store as? any VectorSearchingStore {
///     let hits = try await searching.nearest(to: query, in: "default", filter: SearchFilter(), limit: 10)
/// }
/// ```
public protocol VectorSearchingStore: DocumentStore {
    /// The `limit` chunks of `collection` that `filter` accepts whose vectors are most similar (cosine) to
    /// `query`, best first; `score` is the cosine similarity.
    func nearest(to query: Vector, in collection: String, filter: SearchFilter, limit: Int) async throws -> [SearchHit]
}
