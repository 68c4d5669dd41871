public import Foundation
public import RAGCore
import Store
import Synchronization

/// Searchable documents: a document store (documents, chunks, vectors, full text; SQLite in the data folder by
/// default) plus one vector index per collection, an embedder, a loader and a chunker.
///
/// Data folder layout:
/// ```
/// <folder>/hepchain.sqlite        documents, chunks, vectors, FTS5, change log (+ -wal, -shm)
/// <folder>/indexes/<collection>.<ext>   vector index per collection, rebuilt from the database when stale
/// ```
///
/// Usage example:
/// ```swift
/// let knowledgeBase = try await KnowledgeBase.open(
///     folder: URL(fileURLWithPath: "data"), store: try SQLiteDocumentStore(path: "data/hepchain.sqlite"), embedder: embedder, indexFactory: factory, loader: loader, chunker: chunker)
/// let report = try await knowledgeBase.ingest(sources: [URL(fileURLWithPath: "corpora/sample")]) { print($0) }
/// let hits = try await knowledgeBase.search(RetrievalQuery(text: "BESIII charmonium", k: 5))
/// ```
public final class KnowledgeBase: Retriever {
    /// Collection used when none is named; created on open.
    public static let defaultCollection = "default"

    /// The data folder.
    public let folder: URL
    /// Tuning knobs.
    public let configuration: KnowledgeBaseConfiguration
    let store: any DocumentStore
    let embedder: any Embedder
    /// The embedder for search queries: concurrent queries share one model call (ingestion uses `embedder`).
    let queryEmbedder: CoalescingEmbedder
    let loader: any DocumentLoader
    let chunker: any Chunker
    let indexes: CollectionIndexes
    /// Vector keys of recently returned chunks, so `vectors(for:)` (MMR in the chains) reads stored vectors
    /// instead of embedding the chunks again. Bounded: cleared when it passes `recentKeyLimit`.
    let recentKeys = Mutex<[ChunkID: VectorKey]>([:])
    static let recentKeyLimit = 16_384

    init(
        folder: URL, store: any DocumentStore, embedder: any Embedder, indexFactory: VectorIndexFactory,
        loader: any DocumentLoader, chunker: any Chunker, configuration: KnowledgeBaseConfiguration
    ) {
        self.folder = folder
        self.store = store
        self.embedder = embedder
        self.queryEmbedder = CoalescingEmbedder(
            base: embedder, maxTexts: configuration.queryBatchLimit, maxConcurrentCalls: configuration.concurrentQueryBatches)
        self.loader = loader
        self.chunker = chunker
        self.configuration = configuration
        self.indexes = CollectionIndexes(
            store: store, factory: indexFactory, folder: folder.appendingPathComponent("indexes"),
            saveInterval: configuration.indexSaveInterval)
    }

    /// Opens the knowledge base over `store` (which the composition root chose and opened), with its vector
    /// index files in `folder/indexes`, creating the default collection for `embedder`'s model if needed.
    public static func open(
        folder: URL, store: any DocumentStore, embedder: any Embedder, indexFactory: VectorIndexFactory,
        loader: any DocumentLoader, chunker: any Chunker, configuration: KnowledgeBaseConfiguration = .init()
    ) async throws -> KnowledgeBase {
        if !(store is any VectorSearchingStore) {
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent("indexes"), withIntermediateDirectories: true)
        }
        let knowledgeBase = KnowledgeBase(
            folder: folder, store: store, embedder: embedder, indexFactory: indexFactory, loader: loader, chunker: chunker,
            configuration: configuration)
        if try await store.collection(named: defaultCollection) == nil {
            do {
                _ = try await knowledgeBase.createCollection(defaultCollection)
            } catch StoreError.collectionExists {
                // Another process created it between the check and the insert.
            }
        }
        return knowledgeBase
    }

    // MARK: - Collections

    /// Creates a collection for this knowledge base's embedding model.
    @discardableResult
    public func createCollection(_ name: String) async throws -> CollectionInfo {
        let info = CollectionInfo(
            name: name, modelID: embedder.modelID, dimension: embedder.dimension, createdAt: Timestamp.now())
        try await store.createCollection(info)
        return info
    }

    /// All collections.
    public func collections() async throws -> [CollectionInfo] {
        try await store.collections()
    }

    /// Deletes a collection with its documents and its index file.
    public func deleteCollection(_ name: String) async throws {
        try await store.deleteCollection(named: name)
        try await indexes.drop(name)
    }

    /// The collection, checked against the embedder's model and dimension.
    func requireCollection(_ name: String) async throws -> CollectionInfo {
        guard let info = try await store.collection(named: name) else { throw StoreError.collectionNotFound(name: name) }
        guard info.modelID == embedder.modelID, info.dimension == embedder.dimension else {
            throw KnowledgeBaseError.embedderMismatch(
                collection: name, expectedModel: info.modelID, expectedDimension: info.dimension, model: embedder.modelID,
                dimension: embedder.dimension)
        }
        return info
    }

    // MARK: - Documents

    /// All documents of a collection.
    public func documents(in collection: String = defaultCollection) async throws -> [StoredDocument] {
        try await store.documents(in: collection)
    }

    /// One document, or nil.
    public func document(_ id: DocumentID, in collection: String = defaultCollection) async throws -> StoredDocument? {
        try await store.document(id, in: collection)
    }

    /// Deletes a document from the store, the full-text index and the vector index; false if it did not exist.
    @discardableResult
    public func deleteDocument(_ id: DocumentID, in collection: String = defaultCollection) async throws -> Bool {
        let info = try await requireCollection(collection)
        try await indexes.prepare(info)
        guard let receipt = try await store.deleteDocument(id, in: collection) else { return false }
        try await indexes.apply(receipt, vectors: [], to: info)
        return true
    }

    // MARK: - Maintenance

    /// Writes index changes that are only in memory to the index files; call it before the process exits
    /// (skipping it loses no data: the next open catches the files up from the change log).
    public func flush() async throws {
        try await indexes.flush()
    }

    /// Opens the collection's index (recovering it if needed) and returns sizes.
    public func statistics(in collection: String = defaultCollection) async throws -> KnowledgeBaseStatistics {
        let info = try await requireCollection(collection)
        let counts = try await store.statistics(in: collection)
        if indexes.isStoreSearching {
            // The store's own index holds every stored vector; there is no index file.
            return KnowledgeBaseStatistics(
                collection: collection, documents: counts.documents, chunks: counts.chunks, vectors: counts.vectors,
                indexedVectors: counts.vectors, indexBytes: 0, databaseBytes: counts.databaseBytes, indexRecovery: nil)
        }
        let index = try await indexes.index(for: info)
        let indexFile = indexes.fileURL(for: collection)
        let attributes = try? FileManager.default.attributesOfItem(atPath: indexFile.path)
        return KnowledgeBaseStatistics(
            collection: collection, documents: counts.documents, chunks: counts.chunks, vectors: counts.vectors,
            indexedVectors: index.count, indexBytes: (attributes?[.size] as? NSNumber)?.int64Value ?? 0,
            databaseBytes: counts.databaseBytes, indexRecovery: await indexes.recovery(of: collection))
    }
}
