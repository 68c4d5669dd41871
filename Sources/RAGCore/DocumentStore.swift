/// Durable storage of collections, documents, chunks, vectors and a full-text index: the source of truth
/// from which a vector index can always be rebuilt.
///
/// Every write is one transaction and appends to a change log of vector adds and removes, whose sequence
/// lets a vector index file tell whether it is stale (see `PersistentVectorStore.userCheckpoint`).
/// `SQLiteDocumentStore` implements it; a PostgreSQL backend can implement the same calls.
///
/// Usage example:
/// ```swift
/// let store: any DocumentStore = try SQLiteDocumentStore(path: "data/hepchain.sqlite")
/// try await store.createCollection(CollectionInfo(name: "default", modelID: "all-MiniLM-L6-v2", dimension: 384, createdAt: now))
/// let receipt = try await store.replaceDocument(record, chunks: chunks, vectors: vectors, embeddedBy: embedder.modelID)
/// let hits = try await store.lexicalSearch("charmonium BESIII", in: "default", filter: SearchFilter(), limit: 10)
/// ```
public protocol DocumentStore: Sendable {
    // MARK: - Collections

    /// Creates a collection; fails if the name is taken.
    func createCollection(_ collection: CollectionInfo) async throws
    /// All collections, by name.
    func collections() async throws -> [CollectionInfo]
    /// The named collection, or nil.
    func collection(named name: String) async throws -> CollectionInfo?
    /// Deletes a collection with its documents, chunks, vectors and full-text rows.
    func deleteCollection(named name: String) async throws

    // MARK: - Documents

    /// The document with `id` in `collection`, or nil.
    func document(_ id: DocumentID, in collection: String) async throws -> StoredDocument?
    /// A document whose content hash is `contentHash`, or nil.
    func document(contentHash: String, in collection: String) async throws -> StoredDocument?
    /// All documents of `collection`, by id.
    func documents(in collection: String) async throws -> [StoredDocument]
    /// Atomically replaces the document `record.id` (if present) by `record` with `chunks` and one vector per
    /// chunk made by `modelID`; refuses vectors whose model or dimension differ from the collection's.
    func replaceDocument(
        _ record: StoredDocument, chunks: [Chunk], vectors: [Vector], embeddedBy modelID: String
    ) async throws -> StoreWriteReceipt
    /// Deletes a document with its chunks, vectors and full-text rows; nil when it did not exist.
    func deleteDocument(_ id: DocumentID, in collection: String) async throws -> StoreWriteReceipt?

    // MARK: - Retrieval

    /// Chunks with their citation data (score 0) for the given vector keys; unknown keys are left out.
    func chunks(keys: [VectorKey]) async throws -> [VectorKey: RetrievedChunk]
    /// Vector keys of the chunks of `collection` that `filter` accepts.
    func chunkKeys(matching filter: SearchFilter, in collection: String) async throws -> Set<VectorKey>
    /// BM25 ranking of the chunks of `collection` that `filter` accepts, best first; `score` is higher for better.
    func lexicalSearch(_ text: String, in collection: String, filter: SearchFilter, limit: Int) async throws -> [SearchHit]
    /// Builds whatever `lexicalSearch` keeps in memory, so the first query does not pay for it.
    func prepareLexicalSearch() async throws

    // MARK: - Vectors and the change log

    /// The last sequence number of the change log (0 when empty).
    func latestSequence() async throws -> UInt64
    /// The sequence up to which `collection`'s changes have been pruned; its changes at or below it are gone.
    func prunedSequence(in collection: String) async throws -> UInt64
    /// Changes of `collection` with sequence above `sequence`, oldest first.
    func changes(after sequence: UInt64, in collection: String) async throws -> [VectorChange]
    /// Deletes `collection`'s changes up to and including `sequence`, once its index file holds them.
    func pruneChanges(through sequence: UInt64, in collection: String) async throws
    /// Stored vectors for `keys`; unknown keys are left out.
    func vectors(keys: [VectorKey]) async throws -> [VectorKey: Vector]
    /// Calls `body` with pages of all vectors of `collection`, all read in one snapshot; returns that snapshot's latest sequence.
    func forEachVector(
        in collection: String, pageSize: Int, _ body: ([VectorKey], [Vector]) throws -> Void
    ) async throws -> UInt64

    // MARK: - Sizes

    /// Counts for `collection`.
    func statistics(in collection: String) async throws -> StoreStatistics
}

extension DocumentStore {
    /// Nothing to prepare for a store that ranks on demand.
    public func prepareLexicalSearch() async throws {}
}

/// A store whose schema is built by named, append-only migrations, so `hepchain doctor` can tell whether it is current.
public protocol SchemaMigrated: Sendable {
    /// Applied and known migration names (equal when the schema is current).
    func schema() async throws -> (applied: [String], known: [String])
}
