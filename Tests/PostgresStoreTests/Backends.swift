import Foundation
import PostgresStore
import RAGCore
import Store
import Testing

/// The document-store backends the contract suite runs against: SQLite always, PostgreSQL when
/// `HEPCHAIN_TEST_POSTGRES` names a server (scripts/run-tests.sh starts one and sets it; with `CI=true` a
/// missing server fails `postgresIsConfiguredOnCI` instead of silently testing SQLite alone).
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// The backends available in this run.
    static var available: [Backend] {
        postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    /// The test server's URL, from the environment.
    static var postgresURL: String? {
        guard let url = ProcessInfo.processInfo.environment["HEPCHAIN_TEST_POSTGRES"], !url.isEmpty else { return nil }
        return url
    }

    /// A fresh, empty store (its own SQLite file, or its own PostgreSQL schema) with a way to open a second
    /// handle on the same data, as another process would.
    func makeEmptyStore() async throws -> TestStore {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("contract-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let path = folder.appendingPathComponent("test.sqlite").path
            return TestStore(store: try SQLiteDocumentStore(path: path), location: path, backend: self, cleanup: folder)
        case .postgres:
            let url = try Self.freshSchemaURL()
            return TestStore(store: try await PostgresDocumentStore.connect(PostgresStoreConfiguration(url: url)), location: url, backend: self, cleanup: nil)
        }
    }

    /// A store with one collection `c` for 4-dimensional vectors of model `m`.
    func makeStore() async throws -> TestStore {
        let test = try await makeEmptyStore()
        try await test.store.createCollection(CollectionInfo(name: "c", modelID: "m", dimension: 4, createdAt: "2026-01-01T00:00:00Z"))
        return test
    }

    /// The test server's URL with a schema of its own, so tests running in parallel never see each other's rows.
    static func freshSchemaURL() throws -> String {
        guard let base = postgresURL else { throw TestSetupError(message: "HEPCHAIN_TEST_POSTGRES is not set") }
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        return base + (base.contains("?") ? "&" : "?") + "schema=\(schema)"
    }
}

struct TestSetupError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// A store under test and where it lives.
struct TestStore: Sendable {
    let store: any DocumentStore
    /// The SQLite path or the PostgreSQL URL.
    let location: String
    let backend: Backend
    let cleanup: URL?

    /// A second, independent handle on the same data (another process's view).
    func reopen() async throws -> any DocumentStore {
        switch backend {
        case .sqlite: try SQLiteDocumentStore(path: location)
        case .postgres: try await PostgresDocumentStore.connect(PostgresStoreConfiguration(url: location))
        }
    }

    func remove() {
        if let postgres = store as? PostgresDocumentStore { postgres.close() }
        if let cleanup { try? FileManager.default.removeItem(at: cleanup) }
    }
}

