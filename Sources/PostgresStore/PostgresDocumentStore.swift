import Foundation
public import Logging
import PostgresNIO
public import RAGCore
import Store
import Synchronization

/// A `DocumentStore` on PostgreSQL with pgvector: any number of servers and indexing workers on one database.
///
/// - One transaction per document write; the change-log sequences are taken from one counter row as the last
///   step of the transaction, so they follow commit order across processes and `changes(after:)` never skips
///   a write that commits late.
/// - Two processes writing the same document queue on a per-document advisory lock; the later one replaces
///   the earlier (one row per document id, as in SQLite).
/// - Dense search runs in SQL on each collection's HNSW index (`VectorSearchingStore`); BM25 ranks in the same
///   in-memory `LexicalIndex` as the SQLite store, built from `chunks.lexical` and caught up from the change
///   log, so both backends rank alike.
///
/// Usage example:
/// ```swift
/// let store = try await PostgresDocumentStore.connect(PostgresStoreConfiguration(url: "postgres://hepchain@localhost/hepchain"))
/// defer { store.close() }
/// let hits = try await store.nearest(to: query, in: "default", filter: SearchFilter(), limit: 10)
/// ```
public final class PostgresDocumentStore: VectorSearchingStore, BatchWritingStore {
    /// Where it is connected and how it indexes.
    public let configuration: PostgresStoreConfiguration
    let client: PostgresClient
    /// A streaming replica that searches read from (nil: they read from the primary).
    let replica: PostgresClient?
    /// The replica's URL, for messages.
    let replicaURL: String?
    private let runner: Task<Void, Never>
    let logger: Logger
    /// Collections by name, as read from the table (id, dimension and index type are immutable once created).
    let collectionCache = Mutex<[String: CollectionRow]>([:])
    /// The in-memory BM25 index and the change-log sequence it reflects (nil until the first lexical search).
    let lexical = Mutex<LexicalState>(LexicalState())
    /// True between `suspendVectorIndexes` and `resumeVectorIndexes`: new collections get their index then.
    let vectorIndexesSuspended = Mutex<Bool>(false)

    struct LexicalState {
        var index: LexicalIndex?
        var applied: UInt64 = 0
    }

    /// A collection with the row id that names its HNSW index.
    struct CollectionRow: Sendable {
        var info: CollectionInfo
        var id: Int
        var indexType: PostgresStoreConfiguration.VectorIndexType
    }

    private init(
        configuration: PostgresStoreConfiguration, client: PostgresClient, replica: (PostgresClient, String)?, logger: Logger
    ) {
        self.configuration = configuration
        self.client = client
        self.replica = replica?.0
        self.replicaURL = replica?.1
        self.logger = logger
        self.runner = Task {
            await withDiscardingTaskGroup { group in
                group.addTask { await client.run() }
                if let replica { group.addTask { await replica.0.run() } }
            }
        }
    }

    deinit {
        runner.cancel()
    }

    /// Connects, creates the schema if needed and applies pending migrations (under an advisory lock, so
    /// several processes may start at once). With `readReplicas`, searches (dense, BM25, chunk reads) go to one
    /// of them, picked at random per process so several servers spread over them; writes and document lookups
    /// go to the primary.
    ///
    /// With `createSchema: false` (read commands) nothing is written: a database without the schema is
    /// `PostgresStoreError.noSchema`, one that lacks a migration is `PostgresStoreError.schemaOutdated`.
    public static func connect(
        _ configuration: PostgresStoreConfiguration, readReplicas: [PostgresStoreConfiguration] = [], createSchema: Bool = true,
        logger: Logger = Logger(label: "hepchain.postgres")
    ) async throws -> PostgresDocumentStore {
        let client = try makeClient(configuration, logger: logger)
        let replica = try readReplicas.randomElement().map { (try makeClient($0, logger: logger), $0.displayURL) }
        let store = PostgresDocumentStore(configuration: configuration, client: client, replica: replica, logger: logger)
        do {
            try await store.migrate(createSchema: createSchema)
        } catch {
            store.close()
            throw error
        }
        await store.warmConnections(client, count: configuration.minConnections)
        if let replica = store.replica { await store.warmConnections(replica, count: configuration.minConnections) }
        return store
    }

    /// Takes `count` connections of `client` at once and runs one statement on each that loads pgvector and the
    /// catalog entries of the searched tables, so the first searches of a burst find open, warm backends instead of
    /// waiting ~30 ms each for a new one. A failure is logged: the searches themselves will report it.
    private func warmConnections(_ client: PostgresClient, count: Int) async {
        guard count > 0 else { return }
        do {
            try await Self.warm(client, count: count, logger: logger)
        } catch {
            logger.warning("warming \(count) connections failed: \(error)")
        }
    }

    /// Nested leases: each connection stays leased while the next is taken, so all `count` are distinct.
    private static func warm(_ client: PostgresClient, count: Int, logger: Logger) async throws {
        guard count > 0 else { return }
        try await client.withConnection { connection in
            try await connection.query(
                "SELECT c.id, c.embedding <=> c.embedding FROM chunks c JOIN documents d ON d.id = c.document LIMIT 1", logger: logger)
            try await warm(client, count: count - 1, logger: logger)
        }
    }

    private static func makeClient(_ configuration: PostgresStoreConfiguration, logger: Logger) throws -> PostgresClient {
        var clientConfiguration = PostgresClient.Configuration(
            host: configuration.host, port: configuration.port, username: configuration.user,
            password: configuration.password, database: configuration.database, tls: try Self.tls(configuration.tls))
        clientConfiguration.options.maximumConnections = configuration.maxConnections
        clientConfiguration.options.minimumConnections = configuration.minConnections
        clientConfiguration.options.connectTimeout = .seconds(10)
        clientConfiguration.options.additionalStartupParameters = [
            ("search_path", "\(configuration.schema), public"),
            ("application_name", "hepchain"),
            // Read by pgvector when it loads; strict_order keeps filtered HNSW scans going until `limit` rows
            // pass the filter, in exact distance order.
            ("hnsw.ef_search", String(configuration.efSearch)),
            ("hnsw.iterative_scan", "strict_order"),
            ("random_page_cost", String(configuration.randomPageCost)),
        ]
        return PostgresClient(configuration: clientConfiguration, backgroundLogger: logger)
    }

    /// Closes the connections; calls made afterwards fail.
    public func close() {
        runner.cancel()
    }

    private static func tls(_ mode: PostgresStoreConfiguration.TLSMode) throws -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }

    // MARK: - Running statements

    /// Runs `body` on a pooled connection, wrapping driver errors with `action`.
    func withConnection<Result: Sendable>(
        _ action: String, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch {
            throw PostgresStoreError.wrap(error, action: action, url: configuration.displayURL)
        }
    }

    /// Runs `body` in one transaction (`BEGIN` … `COMMIT`, `ROLLBACK` on error), keeping `body`'s own errors.
    func transaction<Result: Sendable>(
        _ action: String, readOnly: Bool = false, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await withConnection(action) { connection in
            try await connection.query(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN", logger: logger)
            let result: Result
            do {
                result = try await body(connection)
            } catch {
                // A broken connection rolls back by itself; the original error is the one worth reporting.
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
            try await connection.query("COMMIT", logger: logger)
            return result
        }
    }

    /// Runs one read-only statement of a search on the replica (or the primary without one) and collects its rows.
    func searchRows(_ action: String, _ query: PostgresQuery) async throws -> [PostgresRow] {
        guard let replica else { return try await rows(action, query) }
        do {
            return try await replica.withConnection { connection in try await connection.query(query, logger: logger).collect() }
        } catch {
            throw PostgresStoreError.wrap(error, action: action, url: replicaURL ?? configuration.displayURL)
        }
    }

    /// Runs one statement outside a transaction and collects its rows.
    func rows(_ action: String, _ query: PostgresQuery) async throws -> [PostgresRow] {
        try await withConnection(action) { connection in
            try await connection.query(query, logger: logger).collect()
        }
    }

    // MARK: - Schema

    /// Migrates on a connection of its own (not the pool), so an unreachable server or a refused login fails
    /// at once with the driver's reason instead of after the pool's retries.
    private func migrate(createSchema: Bool) async throws {
        let schema = configuration.schema
        var direct = PostgresConnection.Configuration(
            host: configuration.host, port: configuration.port, username: configuration.user, password: configuration.password,
            database: configuration.database, tls: try Self.connectionTLS(configuration.tls))
        direct.options.connectTimeout = .seconds(10)
        let url = configuration.displayURL
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: direct, id: 0, logger: logger)
        } catch {
            throw PostgresStoreError.wrap(error, action: "connecting", url: url)
        }
        do {
            if createSchema {
                try await connection.query("SELECT pg_advisory_lock(\(PostgresSchema.migrationLockKey))", logger: logger)
                try await Self.migrate(connection, schema: schema, url: url, logger: logger)
            } else {
                try await Self.checkSchema(connection, schema: schema, url: url, logger: logger)
            }
        } catch {
            try? await connection.close()
            throw PostgresStoreError.wrap(error, action: "applying schema migrations", url: url)
        }
        // Closing the session releases the advisory lock.
        try? await connection.close()
    }

    private static func connectionTLS(_ mode: PostgresStoreConfiguration.TLSMode) throws -> PostgresConnection.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
    }

    /// For read-only opens: the schema must exist with every migration this build knows, and none it does not.
    private static func checkSchema(_ connection: PostgresConnection, schema: String, url: String, logger: Logger) async throws {
        let exists = try await connection.query(
            "SELECT to_regclass(\(schema + ".schema_migrations")) IS NOT NULL", logger: logger
        ).collect().first?.decode(Bool.self) ?? false
        guard exists else { throw PostgresStoreError.noSchema(url: url, schema: schema) }
        let applied = try await appliedMigrations(connection, schema: schema, logger: logger)
        let unknown = applied.filter { !PostgresSchema.names.contains($0) }
        guard unknown.isEmpty else { throw PostgresStoreError.unknownMigrations(url: url, names: unknown) }
        let missing = PostgresSchema.names.filter { !applied.contains($0) }
        guard missing.isEmpty else { throw PostgresStoreError.schemaOutdated(url: url, missing: missing) }
    }

    private static func appliedMigrations(_ connection: PostgresConnection, schema: String, logger: Logger) async throws -> [String] {
        var applied: [String] = []
        for try await name in try await connection.query(
            SQLText.query("SELECT name FROM \(schema).schema_migrations ORDER BY position"), logger: logger
        ).decode(String.self) {
            applied.append(name)
        }
        return applied
    }

    private static func migrate(_ connection: PostgresConnection, schema: String, url: String, logger: Logger) async throws {
        let extensions = try await connection.query("SELECT 1 FROM pg_extension WHERE extname = 'vector'", logger: logger).collect()
        if extensions.isEmpty {
            do {
                try await connection.query("CREATE EXTENSION IF NOT EXISTS vector SCHEMA public", logger: logger)
            } catch let error as PSQLError {
                throw PostgresStoreError.missingVectorExtension(url: url, detail: error.serverInfo?[.message] ?? "\(error.code)")
            }
        }
        // The schema name was checked to be a plain identifier (PostgresStoreConfiguration.isPlainIdentifier).
        try await connection.query(SQLText.query("CREATE SCHEMA IF NOT EXISTS \(schema)"), logger: logger)
        try await connection.query(
            SQLText.query("""
                CREATE TABLE IF NOT EXISTS \(schema).schema_migrations (
                    position INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                """), logger: logger)
        let applied = try await appliedMigrations(connection, schema: schema, logger: logger)
        let unknown = applied.filter { !PostgresSchema.names.contains($0) }
        guard unknown.isEmpty else { throw PostgresStoreError.unknownMigrations(url: url, names: unknown) }
        for (position, migration) in PostgresSchema.migrations.enumerated() where !applied.contains(migration.name) {
            try await connection.query("BEGIN", logger: logger)
            do {
                try await connection.query(SQLText.query("SET LOCAL search_path = \(schema), public"), logger: logger)
                for statement in migration.statements {
                    try await connection.query(SQLText.query(statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (position, name) VALUES (\(position), \(migration.name))", logger: logger)
                try await connection.query("COMMIT", logger: logger)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    /// The migrations applied to this database, in order, and the ones this build knows.
    public func schema() async throws -> (applied: [String], known: [String]) {
        let rows = try await rows("reading the schema version", "SELECT name FROM schema_migrations ORDER BY position")
        return (try rows.map { try $0.decode(String.self) }, PostgresSchema.names)
    }

    // MARK: - Collections

    /// Creates a collection and its HNSW index; fails if the name is taken or invalid.
    public func createCollection(_ collection: CollectionInfo) async throws {
        guard SQLiteDocumentStore.isValidCollectionName(collection.name) else {
            throw StoreError.invalidCollectionName(name: collection.name)
        }
        let indexType = configuration.vectorIndex
        let m = configuration.hnswM, efConstruction = configuration.hnswEfConstruction
        do {
            try await transaction("creating the collection '\(collection.name)'") { connection in
                let rows = try await connection.query(
                    """
                    INSERT INTO collections (name, model_id, dimension, index_type, created_at)
                    VALUES (\(collection.name), \(collection.modelID), \(collection.dimension), \(indexType.rawValue), \(collection.createdAt))
                    ON CONFLICT (name) DO NOTHING RETURNING id
                    """, logger: logger
                ).collect()
                guard let id = try rows.first?.decode(Int.self) else {
                    throw StoreError.collectionExists(name: collection.name)
                }
                if !vectorIndexesSuspended.withLock({ $0 }) {
                    try await connection.query(
                        Self.createVectorIndex(id: id, type: indexType, dimension: collection.dimension, m: m, efConstruction: efConstruction),
                        logger: logger)
                }
            }
        } catch PostgresStoreError.server(let state, _, _) where state == "23505" {
            throw StoreError.collectionExists(name: collection.name)
        }
    }

    /// The HNSW index of one collection. Identifiers and numbers only: the id is ours, the dimension an Int
    /// checked by the table.
    static func createVectorIndex(
        id: Int, type: PostgresStoreConfiguration.VectorIndexType, dimension: Int, m: Int, efConstruction: Int
    ) -> PostgresQuery {
        SQLText.query("""
            CREATE INDEX IF NOT EXISTS \(PostgresSchema.vectorIndexName(collectionID: id)) ON chunks
            USING hnsw ((embedding::\(type.rawValue)(\(dimension))) \(type.rawValue)_cosine_ops)
            WITH (m = \(m), ef_construction = \(efConstruction)) WHERE collection_id = \(id)
            """)
    }

    /// Starts a bulk load (`hepchain migrate`, the benchmark), as pgvector recommends: the HNSW index of every
    /// collection that holds no chunks yet is dropped, and collections created meanwhile get none, so the load
    /// inserts rows only and `resumeVectorIndexes` builds each index once (far cheaper than one graph insert
    /// per vector). Collections that already hold chunks keep their index (servers may be searching them).
    /// Until the resume, dense search on a collection without its index scans exactly.
    public func suspendVectorIndexes() async throws {
        vectorIndexesSuspended.withLock { $0 = true }
        let rows = try await rows(
            "listing empty collections",
            "SELECT k.id FROM collections k WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.collection_id = k.id)")
        for row in rows {
            let id = try row.decode(Int.self)
            _ = try await self.rows(
                "dropping a vector index", SQLText.query("DROP INDEX IF EXISTS \(PostgresSchema.vectorIndexName(collectionID: id))"))
        }
    }

    /// Builds the HNSW index of every collection that has none (one `CREATE INDEX` each, with a larger
    /// `maintenance_work_mem` and parallel workers) and ends the suspension.
    public func resumeVectorIndexes() async throws {
        let rows = try await rows("listing collections", "SELECT id, dimension, index_type FROM collections")
        for row in rows {
            let (id, dimension, type) = try row.decode((Int, Int, String).self)
            try await transaction("building a vector index") { connection in
                try await connection.query("SET LOCAL maintenance_work_mem = '512MB'", logger: logger)
                try await connection.query("SET LOCAL max_parallel_maintenance_workers = 2", logger: logger)
                try await connection.query(
                    Self.createVectorIndex(
                        id: id, type: PostgresStoreConfiguration.VectorIndexType(rawValue: type) ?? .vector, dimension: dimension,
                        m: configuration.hnswM, efConstruction: configuration.hnswEfConstruction),
                    logger: logger)
            }
        }
        vectorIndexesSuspended.withLock { $0 = false }
        // Planner statistics now, not when autovacuum gets to the tables (a minute or more): without them a loaded
        // collection is estimated at a few rows, and dense search scans and sorts it exactly.
        _ = try await self.rows("analyzing the loaded tables", "ANALYZE chunks, documents")
    }

    /// Names of the HNSW indexes in this store's schema (for tests and `hepchain doctor`-style checks).
    package func vectorIndexNames() async throws -> [String] {
        try await rows(
            "listing vector indexes",
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE 'chunks_hnsw_%' ORDER BY indexname"
        ).map { try $0.decode(String.self) }
    }

    /// All collections, by name.
    public func collections() async throws -> [CollectionInfo] {
        try await rows("listing collections", "SELECT name, model_id, dimension, created_at FROM collections ORDER BY name")
            .map { row in
                let (name, model, dimension, created) = try row.decode((String, String, Int, String).self)
                return CollectionInfo(name: name, modelID: model, dimension: dimension, createdAt: created)
            }
    }

    /// The named collection, or nil.
    public func collection(named name: String) async throws -> CollectionInfo? {
        try await collectionRow(name)?.info
    }

    /// The named collection with its row id (cached once read: a collection never changes, only disappears).
    func collectionRow(_ name: String) async throws -> CollectionRow? {
        if let cached = collectionCache.withLock({ $0[name] }) { return cached }
        let rows = try await rows(
            "reading the collection '\(name)'",
            "SELECT name, model_id, dimension, created_at, id, index_type FROM collections WHERE name = \(name)")
        guard let row = rows.first else { return nil }
        let (name, model, dimension, created, id, type) = try row.decode((String, String, Int, String, Int, String).self)
        let collection = CollectionRow(
            info: CollectionInfo(name: name, modelID: model, dimension: dimension, createdAt: created), id: id,
            indexType: PostgresStoreConfiguration.VectorIndexType(rawValue: type) ?? .vector)
        collectionCache.withLock { $0[name] = collection }
        return collection
    }

    /// Deletes a collection with its documents, chunks, index and change log.
    public func deleteCollection(named name: String) async throws {
        let receipt = try await transaction("deleting the collection '\(name)'") { connection in
            let rows = try await connection.query("DELETE FROM collections WHERE name = \(name) RETURNING id", logger: logger).collect()
            guard let id = try rows.first?.decode(Int.self) else { throw StoreError.collectionNotFound(name: name) }
            try await connection.query(
                SQLText.query("DROP INDEX IF EXISTS \(PostgresSchema.vectorIndexName(collectionID: id))"), logger: logger)
            try await connection.query("DELETE FROM vector_changes WHERE collection = \(name)", logger: logger)
            try await connection.query("DELETE FROM store_meta WHERE key = \("pruned_sequence:" + name)", logger: logger)
            // One step of the log marks the deletion, and everything up to it counts as pruned: other processes
            // see the sequence move and rebuild their lexical index instead of catching up.
            let after = try await Self.advanceSequence(by: 1, connection, logger: logger)
            try await connection.query(
                "UPDATE store_meta SET value = \(Int64(after)) WHERE key = 'pruned_sequence'", logger: logger)
            return StoreWriteReceipt(addedKeys: [], removedKeys: [], sequenceBefore: after - 1, sequenceAfter: after)
        }
        collectionCache.withLock { $0[name] = nil }
        applyLexical(receipt) { $0.removeCollection(name) }
    }

    // MARK: - Change-log sequence

    /// Takes `count` sequence numbers from the counter row and returns the last. The row stays locked until the
    /// transaction ends, so a concurrent writer gets its numbers only after this one commits: sequences follow
    /// commit order. Call it as the last write of a transaction, to hold the lock briefly.
    static func advanceSequence(by count: Int, _ connection: PostgresConnection, logger: Logger) async throws -> UInt64 {
        let rows = try await connection.query(
            "UPDATE store_meta SET value = value + \(Int64(count)) WHERE key = 'latest_sequence' RETURNING value", logger: logger
        ).collect()
        guard let value = try rows.first?.decode(Int64.self) else {
            throw StoreError.corruptRow(table: "store_meta", detail: "the row 'latest_sequence' is missing")
        }
        return UInt64(value)
    }

    /// Applies a committed write to the in-memory BM25 index when it reflected the state just before it;
    /// otherwise the next lexical search catches up from the change log.
    func applyLexical(_ receipt: StoreWriteReceipt, update: (inout LexicalIndex) -> Void) {
        lexical.withLock { state in
            guard var index = state.index, state.applied == receipt.sequenceBefore else { return }
            state.index = nil  // the only reference, so `update` mutates in place
            update(&index)
            state = LexicalState(index: index, applied: receipt.sequenceAfter)
        }
    }
}
