/// Named, ordered, append-only schema migrations, applied once each (GRDB's `DatabaseMigrator` shape).
///
/// Usage example:
/// ```swift
/// var migrator = DatabaseMigrator()
/// migrator.registerMigration("createCollections") { db in try db.execute("CREATE TABLE collections (…)") }
/// try migrator.migrate(connection)
/// ```
package struct DatabaseMigrator: Sendable {
    private var migrations: [(name: String, body: @Sendable (SQLiteConnection) throws -> Void)] = []

    /// Creates an empty migrator.
    package init() {}

    /// Appends a migration; names must be unique, and a released migration is never edited or reordered.
    package mutating func registerMigration(_ name: String, _ body: @escaping @Sendable (SQLiteConnection) throws -> Void) {
        precondition(!migrations.contains { $0.name == name }, "duplicate migration '\(name)'")
        migrations.append((name, body))
    }

    /// Names of all registered migrations, in order.
    package var names: [String] { migrations.map(\.name) }

    /// Applies the migrations `connection` has not seen, in order, in one write transaction.
    ///
    /// Taking the write lock first means two processes opening a new data folder at once apply each
    /// migration exactly once: the second waits, then finds nothing left to do.
    package func migrate(_ connection: SQLiteConnection) throws {
        try connection.transaction(immediate: true) {
            try connection.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY NOT NULL, applied_at TEXT NOT NULL)")
            let applied = Set(try connection.query("SELECT name FROM schema_migrations") { $0.text(0) })
            let unknown = applied.subtracting(names)
            guard unknown.isEmpty else {
                throw StoreError.unknownMigrations(path: connection.path, names: unknown.sorted())
            }
            for migration in migrations where !applied.contains(migration.name) {
                try migration.body(connection)
                try connection.run(
                    "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                    [.text(migration.name), .text(Timestamp.now())])
            }
        }
    }
}
