import Foundation
import RAGCore
import Store

/// A fresh temporary database path, removed by the caller with `removeTemporaryFolder`.
func temporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

/// A store with one collection `c` for 4-dimensional vectors of model `m`.
func makeStore(in folder: URL) throws -> SQLiteDocumentStore {
    let store = try SQLiteDocumentStore(path: folder.appendingPathComponent("test.sqlite").path)
    try store.createCollection(CollectionInfo(name: "c", modelID: "m", dimension: 4, createdAt: "2026-01-01T00:00:00Z"))
    return store
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
