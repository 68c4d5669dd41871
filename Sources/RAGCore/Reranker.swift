/// Reorders retrieved chunks for a query.
///
/// Usage example:
/// ```swift
/// let best = try await reranker.rerank(hits, for: "tau lepton mass", top: 5)
/// ```
public protocol Reranker: Sendable {
    /// The `top` best chunks of `chunks` for `query`, best first.
    func rerank(_ chunks: [RetrievedChunk], for query: String, top: Int) async throws -> [RetrievedChunk]
}
