/// What a committed write changed, so the caller can update its vector index without re-reading the store.
public struct StoreWriteReceipt: Hashable, Sendable, Codable {
    /// Vector keys of the chunks written, in chunk order.
    public var addedKeys: [VectorKey]
    /// Vector keys of the chunks that left the store (a replaced or deleted document's old chunks).
    public var removedKeys: [VectorKey]
    /// The store's change-log sequence just before the write.
    public var sequenceBefore: UInt64
    /// The store's change-log sequence after the write.
    public var sequenceAfter: UInt64

    /// Creates a receipt.
    public init(addedKeys: [VectorKey], removedKeys: [VectorKey], sequenceBefore: UInt64, sequenceAfter: UInt64) {
        self.addedKeys = addedKeys
        self.removedKeys = removedKeys
        self.sequenceBefore = sequenceBefore
        self.sequenceAfter = sequenceAfter
    }
}

/// One entry of a store's vector change log.
public struct VectorChange: Hashable, Sendable, Codable {
    /// What happened to the vector.
    public enum Operation: String, Hashable, Sendable, Codable {
        /// The vector was stored.
        case add
        /// The vector left the store.
        case remove
    }
    /// Position in the log; increases with every change.
    public var sequence: UInt64
    /// The vector's key.
    public var key: VectorKey
    /// Add or remove.
    public var operation: Operation

    /// Creates a change.
    public init(sequence: UInt64, key: VectorKey, operation: Operation) {
        self.sequence = sequence
        self.key = key
        self.operation = operation
    }
}

/// Sizes of one collection in a store.
public struct StoreStatistics: Hashable, Sendable, Codable {
    /// Number of documents.
    public var documents: Int
    /// Number of chunks.
    public var chunks: Int
    /// Number of stored vectors.
    public var vectors: Int
    /// Bytes of the database files on disk (shared by all collections), when the store is file-based.
    public var databaseBytes: Int64

    /// Creates statistics.
    public init(documents: Int, chunks: Int, vectors: Int, databaseBytes: Int64) {
        self.documents = documents
        self.chunks = chunks
        self.vectors = vectors
        self.databaseBytes = databaseBytes
    }
}
