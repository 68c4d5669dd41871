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
    /// `storeReadReplicas` when given; the schema is created on first connect), else SQLite in the data folder.
    /// With `existing`, a data folder without a SQLite store is an error (`KnowledgeBaseError.noStore`) instead
    /// of a new, empty store: commands that only read pass it.
    public static func open(_ configuration: ServerConfiguration, existing: Bool) async throws -> any DocumentStore {
        if let url = configuration.store {
            return try await PostgresDocumentStore.connect(
                PostgresStoreConfiguration(url: url),
                readReplicas: try configuration.storeReadReplicas.map { try PostgresStoreConfiguration(url: $0) })
        }
        let folder = URL(fileURLWithPath: configuration.dataFolder)
        let database = databaseURL(in: folder)
        if existing, !FileManager.default.fileExists(atPath: database.path) {
            throw KnowledgeBaseError.noStore(folder: configuration.dataFolder)
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try SQLiteDocumentStore(path: database.path)
    }

    /// A catalog of an existing store, for commands that list without loading the model.
    public static func catalog(_ configuration: ServerConfiguration) async throws -> KnowledgeBaseCatalog {
        KnowledgeBaseCatalog(store: try await open(configuration, existing: true))
    }
}
