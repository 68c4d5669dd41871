/// A document as a `DocumentStore` keeps it: identity, provenance, metadata and size, without the text.
public struct StoredDocument: Hashable, Sendable, Codable {
    /// Identity (`arxiv:…` or the source URI).
    public var id: DocumentID
    /// Collection holding the document.
    public var collection: String
    /// Where the document came from.
    public var source: String
    /// Format the loader read (`pdf`, `html`, …).
    public var format: String
    /// Lower-case hex SHA-256 of the bytes the document was parsed from.
    public var contentHash: String
    /// Bibliographic metadata.
    public var metadata: DocumentMetadata
    /// When the bytes were fetched or read, ISO 8601.
    public var fetchedAt: String
    /// Number of chunks stored for the document.
    public var chunkCount: Int

    /// Creates a stored-document record.
    public init(
        id: DocumentID, collection: String, source: String, format: String, contentHash: String,
        metadata: DocumentMetadata, fetchedAt: String, chunkCount: Int = 0
    ) {
        self.id = id
        self.collection = collection
        self.source = source
        self.format = format
        self.contentHash = contentHash
        self.metadata = metadata
        self.fetchedAt = fetchedAt
        self.chunkCount = chunkCount
    }
}
