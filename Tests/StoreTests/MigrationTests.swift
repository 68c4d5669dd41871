import Foundation
import RAGCore
import Store
import Testing
import TestSupport

@Suite("Schema migrations")
struct MigrationTests {
    @Test("Opening a database twice applies each migration exactly once, in order")
    func appliedOnce() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("m.sqlite").path
        _ = try SQLiteDocumentStore(path: path)
        _ = try SQLiteDocumentStore(path: path)
        let connection = try SQLiteConnection(path: path)
        let applied = try connection.query("SELECT name FROM schema_migrations ORDER BY rowid") { $0.text(0) }
        #expect(applied == Schema.migrator.names)
        let journal = try connection.queryFirst("PRAGMA journal_mode") { $0.text(0) }
        #expect(journal == "wal")
    }

    @Test("A database with a migration this program does not know is refused")
    func unknownMigration() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("m.sqlite").path
        _ = try SQLiteDocumentStore(path: path)
        let connection = try SQLiteConnection(path: path)
        try connection.run("INSERT INTO schema_migrations (name, applied_at) VALUES ('fromTheFuture', 'now')")
        #expect(throws: StoreError.unknownMigrations(path: path, names: ["fromTheFuture"])) {
            _ = try SQLiteDocumentStore(path: path)
        }
    }

    @Test("A failing migration rolls back every migration of its run")
    func failureRollsBack() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let connection = try SQLiteConnection(path: folder.appendingPathComponent("m.sqlite").path)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("createA") { db in try db.execute("CREATE TABLE a (x INTEGER)") }
        migrator.registerMigration("broken") { db in try db.execute("CREATE TABLE oops (") }
        #expect(throws: StoreError.self) { try migrator.migrate(connection) }
        let tables = try connection.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'a'") { $0.text(0) }
        #expect(tables.isEmpty)
    }

    @Test("SQLite errors read like GRDB's: code, message and the statement")
    func errorMessage() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let connection = try SQLiteConnection(path: folder.appendingPathComponent("m.sqlite").path)
        try connection.execute("CREATE TABLE t (x INTEGER NOT NULL)")
        do {
            try connection.run("INSERT INTO t (x) VALUES (NULL)")
            Issue.record("the insert should have failed")
        } catch let error as StoreError {
            #expect(error.description == "SQLite error 19: NOT NULL constraint failed: t.x - while executing `INSERT INTO t (x) VALUES (NULL)`")
        }
    }
}
