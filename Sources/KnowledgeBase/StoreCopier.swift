public import RAGCore
import Store

/// Copies every collection and document (chunks and stored vectors, no re-embedding) from one document store
/// to another, e.g. an embedded SQLite store into PostgreSQL (`hepchain migrate`).
///
/// Resumable: a document the target already holds with the same content hash and chunk count is skipped, so
/// an interrupted copy is finished by running it again. Each document is one transaction in the target, or, when
/// the target is a `BatchWritingStore`, documents go in batches of about `batchChunks` chunks per transaction
/// (each document still all or nothing; an interruption loses at most the open batch, which the re-run writes).
///
/// Usage example:
/// ```swift
/// let report = try await StoreCopier.copy(from: sqliteStore, to: postgresStore) { print($0) }
/// ```
public enum StoreCopier {
    /// What a copy did.
    public struct Report: Sendable, Hashable {
        /// Collections created in the target.
        public var collectionsCreated = 0
        /// Documents written to the target.
        public var documentsCopied = 0
        /// Documents the target already held unchanged.
        public var documentsSkipped = 0
        /// Chunks written to the target.
        public var chunksCopied = 0
    }

    /// Chunks per transaction when the target writes in batches.
    public static let batchChunks = 2_000

    /// Copies `source` into `target`; `progress` hears one line per collection and every 100 documents.
    public static func copy(
        from source: any DocumentStore, to target: any DocumentStore, progress: (@Sendable (String) -> Void)? = nil
    ) async throws -> Report {
        let batching = target as? any BatchWritingStore
        var report = Report()
        for collection in try await source.collections() {
            if let existing = try await target.collection(named: collection.name) {
                guard existing.modelID == collection.modelID, existing.dimension == collection.dimension else {
                    throw StoreError.modelMismatch(
                        collection: collection.name, expectedModel: existing.modelID, expectedDimension: existing.dimension,
                        model: collection.modelID, dimension: collection.dimension)
                }
            } else {
                try await target.createCollection(collection)
                report.collectionsCreated += 1
            }
            // In the source's key order, so chunks keep their relative order (BM25 breaks score ties by key).
            var documents: [(document: StoredDocument, keys: Set<VectorKey>)] = []
            for document in try await source.documents(in: collection.name) {
                let keys = try await source.chunkKeys(matching: SearchFilter(documents: [document.id]), in: collection.name)
                documents.append((document, keys))
            }
            documents.sort { ($0.keys.min() ?? .max) < ($1.keys.min() ?? .max) }
            progress?("collection '\(collection.name)': \(documents.count) documents")
            var pending: [DocumentWrite] = []
            func flush() async throws {
                guard let batching, !pending.isEmpty else { return }
                _ = try await batching.replaceDocuments(pending, embeddedBy: collection.modelID)
                pending.removeAll()
            }
            for (position, (document, keys)) in documents.enumerated() {
                try Task.checkCancellation()
                if let present = try await target.document(document.id, in: collection.name),
                    present.contentHash == document.contentHash, present.chunkCount == document.chunkCount
                {
                    report.documentsSkipped += 1
                } else {
                    let chunks = try await source.chunks(keys: Array(keys))
                    let vectors = try await source.vectors(keys: Array(keys))
                    let ordered = keys.compactMap { key in chunks[key].map { (key, $0.chunk) } }.sorted { $0.1.id.ordinal < $1.1.id.ordinal }
                    let orderedVectors = ordered.compactMap { vectors[$0.0] }
                    guard orderedVectors.count == ordered.count else {
                        throw StoreError.corruptRow(
                            table: "vectors", detail: "document '\(document.id.rawValue)' has chunks without a stored vector")
                    }
                    if batching != nil {
                        pending.append(DocumentWrite(record: document, chunks: ordered.map(\.1), vectors: orderedVectors))
                        if pending.reduce(0, { $0 + $1.chunks.count }) >= batchChunks { try await flush() }
                    } else {
                        _ = try await target.replaceDocument(
                            document, chunks: ordered.map(\.1), vectors: orderedVectors, embeddedBy: collection.modelID)
                    }
                    report.documentsCopied += 1
                    report.chunksCopied += ordered.count
                }
                if (position + 1) % 100 == 0 { progress?("  \(position + 1)/\(documents.count) documents") }
            }
            try await flush()
        }
        return report
    }
}
