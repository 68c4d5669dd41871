public import Foundation
public import RAGCore

/// What a data folder holds, read without an embedding model: collections, documents, counts and the schema.
/// Commands that only list (`hepchain documents`, `hepchain collections`, `hepchain doctor`) open this instead of
/// a `KnowledgeBase`, so they neither load the model nor create a store where there is none.
///
/// Usage example:
/// ```swift
/// let catalog = KnowledgeBaseCatalog(store: try SQLiteDocumentStore(path: "data/hepchain.sqlite"))
/// for document in try await catalog.documents(in: "default") { print(document.id) }
/// ```
public struct KnowledgeBaseCatalog: Sendable {
    private let store: any DocumentStore

    /// A catalog over `store`, which the composition root opened (nothing is created here).
    public init(store: any DocumentStore) {
        self.store = store
    }

    /// All collections, by name.
    public func collections() async throws -> [CollectionInfo] { try await store.collections() }

    /// The documents of a collection.
    public func documents(in collection: String = KnowledgeBase.defaultCollection) async throws -> [StoredDocument] {
        try await store.documents(in: collection)
    }

    /// One document, or nil.
    public func document(_ id: DocumentID, in collection: String = KnowledgeBase.defaultCollection) async throws -> StoredDocument? {
        try await store.document(id, in: collection)
    }

    /// The number of pages of a document (the last page a chunk reaches); nil when it has no chunks.
    public func pageCount(of id: DocumentID, in collection: String = KnowledgeBase.defaultCollection) async throws -> Int? {
        try await KnowledgeBase.pageCount(of: id, in: collection, store: store)
    }

    /// Document, chunk and vector counts of a collection, and the database's size.
    public func statistics(in collection: String) async throws -> StoreStatistics { try await store.statistics(in: collection) }

    /// Applied and known schema migrations (equal when the schema is current); nil for a store without migrations.
    public func schema() async throws -> (applied: [String], known: [String])? {
        try await (store as? any SchemaMigrated)?.schema()
    }
}
