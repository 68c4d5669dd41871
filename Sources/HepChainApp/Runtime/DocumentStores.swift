public import Foundation
public import KnowledgeBase
public import RAGCore
import PostgresStore
import Store

/// Chooses and opens the document store the configuration names — the one place that knows the backends.
/// Today: SQLite in the data folder (`<data>/hepchain.sqlite`, with the vector index files beside it).
public enum DocumentStores {
    /// File name of the SQLite database inside the data folder.
    public static let databaseFileName = "hepchain.sqlite"

    /// The SQLite database file of the data folder `folder`.
    public static func databaseURL(in folder: URL) -> URL {
        folder.appendingPathComponent(databaseFileName)
    }

    /// Opens the configured store: PostgreSQL + pgvector when `store` is a `postgres://` URL (searches read from
    /// `storeReadReplicas` when given), else SQLite in the data folder. With `existing` (commands that only
    /// read) or a read-only server, nothing is created: a data folder without a SQLite store is
    /// `KnowledgeBaseError.noStore`, a database without the HepChain schema `PostgresStoreError.noSchema`;
    /// otherwise the store (or schema) is created on first use.
    public static func open(_ configuration: ServerConfiguration, existing: Bool) async throws -> any DocumentStore {
        if let url = configuration.store {
            return try await PostgresDocumentStore.connect(
                PostgresStoreConfiguration(url: url),
                readReplicas: try configuration.storeReadReplicas.map { try PostgresStoreConfiguration(url: $0) },
                createSchema: !existing && !configuration.servesReadOnly)
        }
        let folder = URL(fileURLWithPath: configuration.dataFolder)
        let database = databaseURL(in: folder)
        if existing, !FileManager.default.fileExists(atPath: database.path) {
            throw KnowledgeBaseError.noStore(folder: configuration.dataFolder)
        }
        if configuration.servesReadOnly {
            guard FileManager.default.fileExists(atPath: database.path) else { throw KnowledgeBaseError.noStore(folder: configuration.dataFolder) }
            return try SQLiteDocumentStore(path: database.path, readOnly: true)
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try SQLiteDocumentStore(path: database.path)
    }

    /// A catalog of an existing store, for commands that list without loading the model.
    public static func catalog(_ configuration: ServerConfiguration) async throws -> KnowledgeBaseCatalog {
        KnowledgeBaseCatalog(store: try await open(configuration, existing: true))
    }
}
