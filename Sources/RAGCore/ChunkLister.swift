/// Lists every chunk of one document, in order, for work that reads a whole document (summaries).
///
/// A `Retriever` that can also list chunks should conform; without it, the summarize chain falls back to
/// dense retrieval restricted to the document, which may miss chunks of long documents.
///
/// Usage example:
/// ```swift
/// let chunks = try await knowledgeBase.chunks(of: DocumentID("arxiv:1503.07589"))
/// ```
public protocol ChunkLister: Sendable {
    /// All chunks of `document` in ordinal order, with citation data; empty when the document is unknown.
    func chunks(of document: DocumentID) async throws -> [RetrievedChunk]
}
