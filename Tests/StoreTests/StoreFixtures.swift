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

