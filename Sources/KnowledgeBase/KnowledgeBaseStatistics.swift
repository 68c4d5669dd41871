/// Sizes of one collection: store counts, index count and file sizes.
public struct KnowledgeBaseStatistics: Hashable, Sendable, Codable {
    /// Collection name.
    public var collection: String
    /// Number of documents.
    public var documents: Int
    /// Number of chunks.
    public var chunks: Int
    /// Number of stored vectors.
    public var vectors: Int
    /// Number of vectors in the live index.
    public var indexedVectors: Int
    /// Size of the index file, 0 before the first save.
    public var indexBytes: Int64
    /// Size of the database files (shared by all collections).
    public var databaseBytes: Int64
    /// How the index was brought up to date when it was opened.
    public var indexRecovery: IndexRecovery?
}
