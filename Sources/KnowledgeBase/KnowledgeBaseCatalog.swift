public import Foundation
public import RAGCore
import Store

/// What a data folder holds, read without an embedding model: collections, documents, counts and the schema.
/// Commands that only list (`hepchain documents`, `hepchain collections`, `hepchain doctor`) open this instead of
/// a `KnowledgeBase`, so they neither load the model nor create a store where there is none.
///
/// Usage example:
/// ```swift
/// let catalog = try KnowledgeBaseCatalog(existingFolder: URL(fileURLWithPath: "data"))
/// for document in try await catalog.documents(in: "default") { print(document.id) }
/// ```
public struct KnowledgeBaseCatalog: Sendable {
    /// The data folder.
    public let folder: URL
    private let store: SQLiteDocumentStore

    /// The database file of the data folder `folder`.
    public static func databaseURL(in folder: URL) -> URL {
        folder.appendingPathComponent(KnowledgeBase.databaseFileName)
    }

    /// Whether `folder` holds a store (its database file exists).
    public static func storeExists(in folder: URL) -> Bool {
        FileManager.default.fileExists(atPath: databaseURL(in: folder).path)
    }

    /// Opens the store in `folder`; throws `KnowledgeBaseError.noStore` when the folder has none (nothing is created).
    public init(existingFolder folder: URL) throws {
        guard Self.storeExists(in: folder) else { throw KnowledgeBaseError.noStore(folder: folder.path) }
        self.folder = folder
        self.store = try SQLiteDocumentStore(path: Self.databaseURL(in: folder).path)
    }

    /// All collections, by name.
    public func collections() async throws -> [CollectionInfo] { try store.collections() }

    /// The documents of a collection.
    public func documents(in collection: String = KnowledgeBase.defaultCollection) async throws -> [StoredDocument] {
        try store.documents(in: collection)
    }

    /// One document, or nil.
    public func document(_ id: DocumentID, in collection: String = KnowledgeBase.defaultCollection) async throws -> StoredDocument? {
        try store.document(id, in: collection)
    }

    /// Document, chunk and vector counts of a collection, and the database's size.
    public func statistics(in collection: String) async throws -> StoreStatistics { try store.statistics(in: collection) }

    /// Applied and known schema migrations (equal when the schema is current).
    public func schema() throws -> (applied: [String], known: [String]) { try store.schema() }
}
