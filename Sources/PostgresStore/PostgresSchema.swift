import Store

/// The PostgreSQL schema as named, append-only migrations (each a list of statements run in one transaction).
/// Never edit a released migration; append a new one.
///
/// Differences from the SQLite schema (docs/postgres.md): vectors live in `chunks.embedding` (pgvector
/// `vector`, no fixed dimension, so collections of different models share the table); each collection gets a
/// partial HNSW index over `embedding::vector(N)` created with the collection; the change log is written by
/// the store in commit order (sequences come from the `store_meta` counter row, whose row lock orders
/// concurrent writers), not by triggers; the BM25 source is `chunks.lexical` (the in-memory index ranks).
enum PostgresSchema {
    /// Migrations in order: name and statements.
    static let migrations: [(name: String, statements: [String])] = [
        (
            "createTables",
            [
                """
                CREATE TABLE collections (
                    id SERIAL UNIQUE,
                    name TEXT PRIMARY KEY,
                    model_id TEXT NOT NULL,
                    dimension INTEGER NOT NULL CHECK (dimension > 0 AND dimension <= 16000),
                    index_type TEXT NOT NULL CHECK (index_type IN ('vector', 'halfvec')),
                    created_at TEXT NOT NULL
                )
                """,
                StoredTables.documents(.postgres),
            ] + StoredTables.documentIndexes + [
                "CREATE INDEX documents_by_category ON documents USING gin (categories)",
                StoredTables.chunks(
                    .postgres, afterDocument: ["collection_id INTEGER NOT NULL"],
                    atEnd: ["lexical TEXT NOT NULL", "embedding vector NOT NULL"]),
                "CREATE INDEX chunks_by_collection ON chunks (collection_id, id)",
                """
                CREATE TABLE vector_changes (
                    sequence BIGINT PRIMARY KEY,
                    collection TEXT NOT NULL,
                    chunk BIGINT NOT NULL,
                    operation TEXT NOT NULL CHECK (operation IN ('add', 'remove'))
                )
                """,
                "CREATE INDEX vector_changes_by_collection ON vector_changes (collection, sequence)",
                "CREATE TABLE store_meta (key TEXT PRIMARY KEY, value BIGINT NOT NULL)",
                "INSERT INTO store_meta (key, value) VALUES ('latest_sequence', 0), ('pruned_sequence', 0)",
            ]
        ),
    ]

    /// The optional Citus migration (docs/SCALE-OUT.md): every statement only Citus accepts, kept out of the
    /// base migrations. Run once on the coordinator, on an empty store, by an operator who chose Citus; it is
    /// not applied automatically and not run in CI (no Citus here).
    static let citusStatements: [String] = [
        "ALTER TABLE chunks DROP CONSTRAINT chunks_pkey",
        "ALTER TABLE chunks ADD PRIMARY KEY (document, id)",
        "ALTER TABLE documents DROP CONSTRAINT documents_collection_document_id_key",
        "SELECT create_reference_table('collections')",
        "SELECT create_reference_table('store_meta')",
        "SELECT create_distributed_table('documents', 'id')",
        "SELECT create_distributed_table('chunks', 'document', colocate_with => 'documents')",
        "SELECT create_distributed_table('vector_changes', 'chunk')",
    ]

    /// Names of the migrations this build knows, in order.
    static var names: [String] { migrations.map(\.name) }

    /// Key of the advisory lock every process takes while migrating (any schema): two processes starting on
    /// a new database at once apply each migration once, and the second sees the first's tables.
    static let migrationLockKey: Int64 = 0x4865_7043_6861_696E  // "HepChain"

    /// Name of the HNSW index of the collection with row id `id`.
    static func vectorIndexName(collectionID: Int) -> String { "chunks_hnsw_\(collectionID)" }
}
