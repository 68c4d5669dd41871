/// Finds the chunks that best match a query.
///
/// Usage example:
/// ```swift
/// let hits = try await retriever.retrieve(RetrievalQuery(text: "BESIII luminosity", k: 5, mode: .hybrid))
/// ```
public protocol Retriever: Sendable {
    /// The best chunks for `query`, best first.
    func retrieve(_ query: RetrievalQuery) async throws -> [RetrievedChunk]
}
