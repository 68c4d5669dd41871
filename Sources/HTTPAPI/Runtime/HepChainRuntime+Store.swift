import Foundation
import KnowledgeBase
import PostgresStore
import RAGCore
import Store

extension HepChainRuntime {
    /// The configured document store: PostgreSQL + pgvector when `store` is a `postgres://` URL (searches read
    /// from `storeReadReplicas` when given), else SQLite in the data folder (created with its index folder).
    static func store(for configuration: ServerConfiguration) async throws -> any DocumentStore {
        if let url = configuration.store {
            return try await PostgresDocumentStore.connect(
                PostgresStoreConfiguration(url: url),
                readReplicas: try configuration.storeReadReplicas.map { try PostgresStoreConfiguration(url: $0) })
        }
        let folder = URL(fileURLWithPath: configuration.dataFolder)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("indexes"), withIntermediateDirectories: true)
        return try SQLiteDocumentStore(path: folder.appendingPathComponent(KnowledgeBase.databaseFileName).path)
    }
}
