/// One document to store with its chunks and their vectors (in chunk order), for `BatchWritingStore`.
public struct DocumentWrite: Sendable {
    /// The document row.
    public var record: StoredDocument
    /// Its chunks.
    public var chunks: [Chunk]
    /// One vector per chunk.
    public var vectors: [Vector]

    /// Creates a write.
    public init(record: StoredDocument, chunks: [Chunk], vectors: [Vector]) {
        self.record = record
        self.chunks = chunks
        self.vectors = vectors
    }
}

/// A `DocumentStore` that can write several documents in one transaction: the bulk path of a store copy
/// (`StoreCopier`), where one round trip and one commit per document would dominate.
///
/// Every document of a batch commits or none does, so no document is ever stored in part; a batch must not
/// name a document twice.
///
/// Usage example:
/// ```swift
/// if let batching = target as? any BatchWritingStore {
///     _ = try await batching.replaceDocuments(writes, embeddedBy: modelID)
/// }
/// ```
public protocol BatchWritingStore: DocumentStore {
    /// Replaces each write's document (as `replaceDocument` does), all in one transaction; one receipt per
    /// write, in order, with consecutive change-log ranges.
    func replaceDocuments(_ writes: [DocumentWrite], embeddedBy modelID: String) async throws -> [StoreWriteReceipt]
}
