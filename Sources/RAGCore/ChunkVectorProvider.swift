/// Returns the stored embeddings of chunks, so steps that compare chunks (MMR diversification) need not
/// embed them again.
///
/// Usage example:
/// ```swift
/// let vectors = try await knowledgeBase.vectors(for: hits.map(\.chunk.id))   // nil where none is stored
/// ```
public protocol ChunkVectorProvider: Sendable {
    /// One stored vector per id, in order; nil for a chunk without one.
    func vectors(for ids: [ChunkID]) async throws -> [Vector?]
}
