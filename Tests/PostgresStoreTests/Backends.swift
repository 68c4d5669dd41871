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

/// A document record with the given identity and metadata.
func record(
    _ id: String, collection: String = "c", hash: String = "h", categories: [String] = [], date: String? = nil,
    source: String? = nil, arxivVersion: Int? = nil
) -> StoredDocument {
    StoredDocument(
        id: DocumentID(id), collection: collection, source: source ?? id, format: "text", contentHash: hash,
        metadata: DocumentMetadata(title: "Title of \(id)", arxivVersion: arxivVersion, categories: categories, date: date),
        fetchedAt: "2026-01-01T00:00:00Z")
}

/// Chunks with the given texts, one page each.
func chunks(_ id: String, _ texts: [String], language: String = "en") -> [Chunk] {
    texts.enumerated().map { index, text in
        Chunk(id: ChunkID(document: DocumentID(id), ordinal: index), text: text, pageStart: index + 1, pageEnd: index + 1,
              sectionPath: ["Section \(index)"], language: language)
    }
}

/// Deterministic unit vectors, one per text.
func vectors(_ count: Int, seed: Float = 1) -> [Vector] {
    (0..<count).map { index in
        let raw: [Float] = [seed, Float(index + 1), 1, Float(index % 3)]
        let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return raw.map { $0 / norm }
    }
}
