import Foundation
import RAGCore
import Store
import Testing
import TestSupport

@Suite("SQLite document store")
struct SQLiteDocumentStoreTests {
    @Test("A stored document comes back with its chunks, vectors and metadata")
    func roundTrip() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try makeStore(in: folder)
        let texts = ["The J/psi is a charmonium state.", "BESIII collected ten billion J/psi events."]
        let stored = vectors(2)
        let receipt = try store.replaceDocument(
            record("doc1", categories: ["hep-ex"], date: "2023-05-01"), chunks: chunks("doc1", texts), vectors: stored, embeddedBy: "m")
        #expect(receipt.addedKeys.count == 2)
        #expect(receipt.removedKeys.isEmpty)
        #expect(receipt.sequenceAfter == receipt.sequenceBefore + 2)

        let document = try #require(try store.document(DocumentID("doc1"), in: "c"))
        #expect(document.chunkCount == 2)
        #expect(document.metadata.categories == ["hep-ex"])
        #expect(document.metadata.year == 2023)
        let retrieved = try store.chunks(keys: receipt.addedKeys)
        #expect(receipt.addedKeys.map { retrieved[$0]?.chunk.text } == texts)
        #expect(retrieved[receipt.addedKeys[1]]?.citation.pageStart == 2)
        #expect(retrieved[receipt.addedKeys[1]]?.citation.section == "Section 1")
        let readBack = try store.vectors(keys: receipt.addedKeys)
        #expect(receipt.addedKeys.map { readBack[$0] } == stored)
    }

    @Test("Replacing a document removes its old chunks from the store, the full-text index and the vectors")
    func replacement() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try makeStore(in: folder)
        let first = try store.replaceDocument(
            record("doc1", hash: "a"), chunks: chunks("doc1", ["obsolete gluino limits", "more obsolete text"]),
            vectors: vectors(2), embeddedBy: "m")
        let second = try store.replaceDocument(
            record("doc1", hash: "b"), chunks: chunks("doc1", ["fresh squark limits"]), vectors: vectors(1, seed: 2),
            embeddedBy: "m")
        #expect(Set(second.removedKeys) == Set(first.addedKeys))
        #expect(try store.lexicalSearch("gluino", in: "c", filter: SearchFilter(), limit: 10).isEmpty)
        #expect(try store.lexicalSearch("squark", in: "c", filter: SearchFilter(), limit: 10).map(\.key) == second.addedKeys)
        #expect(try store.vectors(keys: first.addedKeys).isEmpty)
        #expect(try store.chunks(keys: first.addedKeys).isEmpty)
        let changes = try store.changes(after: first.sequenceAfter, in: "c")
        #expect(changes.filter { $0.operation == .remove }.map(\.key).sorted() == first.addedKeys.sorted())
        #expect(changes.filter { $0.operation == .add }.map(\.key) == second.addedKeys)
        #expect(try store.statistics(in: "c").chunks == 1)
    }

    @Test("Deleting a document deletes its chunks, vectors and full-text rows and logs the removals")
    func deletion() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try makeStore(in: folder)
        let added = try store.replaceDocument(record("doc1"), chunks: chunks("doc1", ["alpha beta", "gamma"]), vectors: vectors(2), embeddedBy: "m")
        _ = try store.replaceDocument(record("doc2", hash: "h2"), chunks: chunks("doc2", ["alpha delta"]), vectors: vectors(1), embeddedBy: "m")
        let receipt = try #require(try store.deleteDocument(DocumentID("doc1"), in: "c"))
        #expect(receipt.removedKeys.sorted() == added.addedKeys.sorted())
        #expect(try store.deleteDocument(DocumentID("doc1"), in: "c") == nil)
        #expect(try store.lexicalSearch("alpha", in: "c", filter: SearchFilter(), limit: 10).count == 1)
        let statistics = try store.statistics(in: "c")
        #expect(statistics.documents == 1 && statistics.chunks == 1 && statistics.vectors == 1)
        let connection = try SQLiteConnection(path: store.path)
        #expect(try connection.queryFirst("SELECT count(*) FROM chunks_fts") { $0.int(0) } == 1)
    }

    @Test("A collection refuses vectors of another model or dimension")
    func modelMismatch() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try makeStore(in: folder)
        #expect(throws: StoreError.modelMismatch(collection: "c", expectedModel: "m", expectedDimension: 4, model: "other", dimension: 4)) {
            _ = try store.replaceDocument(record("d"), chunks: chunks("d", ["x"]), vectors: vectors(1), embeddedBy: "other")
        }
        #expect(throws: StoreError.modelMismatch(collection: "c", expectedModel: "m", expectedDimension: 4, model: "m", dimension: 3)) {
            _ = try store.replaceDocument(record("d"), chunks: chunks("d", ["x"]), vectors: [[1, 0, 0]], embeddedBy: "m")
        }
        #expect(try store.documents(in: "c").isEmpty)
    }

    @Test("Collections are created once, listed by name and deleted with everything in them")
    func collections() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try makeStore(in: folder)
        let other = CollectionInfo(name: "b-2", modelID: "m2", dimension: 8, createdAt: "now")
        try store.createCollection(other)
        #expect(throws: StoreError.collectionExists(name: "c")) {
            try store.createCollection(CollectionInfo(name: "c", modelID: "m", dimension: 4, createdAt: "now"))
        }
        #expect(throws: StoreError.invalidCollectionName(name: "../x")) {
            try store.createCollection(CollectionInfo(name: "../x", modelID: "m", dimension: 4, createdAt: "now"))
        }
        #expect(try store.collections().map(\.name) == ["b-2", "c"])
        _ = try store.replaceDocument(record("d"), chunks: chunks("d", ["muon chamber"]), vectors: vectors(1), embeddedBy: "m")
        let before = try store.latestSequence()
        try store.deleteCollection(named: "c")
        #expect(try store.collections().map(\.name) == ["b-2"])
        #expect(try store.statistics(in: "c") == StoreStatistics(documents: 0, chunks: 0, vectors: 0, databaseBytes: store.statistics(in: "c").databaseBytes))
        #expect(try store.latestSequence() >= before)
        #expect(throws: StoreError.collectionNotFound(name: "c")) { try store.deleteCollection(named: "c") }
    }

    @Test("Pruning the change log keeps the latest sequence from going backwards")
    func pruning() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try makeStore(in: folder)
        let receipt = try store.replaceDocument(record("d"), chunks: chunks("d", ["a", "b", "c"]), vectors: vectors(3), embeddedBy: "m")
        try store.pruneChanges(through: receipt.sequenceAfter, in: "c")
        #expect(try store.changes(after: 0, in: "c").isEmpty)
        #expect(try store.latestSequence() == receipt.sequenceAfter)
        #expect(try store.prunedSequence(in: "c") == receipt.sequenceAfter)
        let next = try store.replaceDocument(record("e", hash: "e"), chunks: chunks("e", ["d"]), vectors: vectors(1), embeddedBy: "m")
        #expect(next.sequenceBefore == receipt.sequenceAfter)
        #expect(next.sequenceAfter > receipt.sequenceAfter)
    }

    @Test("Vectors are paged in key order from one snapshot")
    func paging() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try makeStore(in: folder)
        var expected: [VectorKey] = []
        for index in 0..<5 {
            expected += try store.replaceDocument(
                record("d\(index)", hash: "h\(index)"), chunks: chunks("d\(index)", ["x", "y", "z"]), vectors: vectors(3),
                embeddedBy: "m"
            ).addedKeys
        }
        var seen: [VectorKey] = []
        var pages = 0
        let latest = try store.forEachVector(in: "c", pageSize: 4) { keys, vectors in
            seen += keys
            pages += 1
            #expect(vectors.allSatisfy { $0.count == 4 })
        }
        #expect(seen == expected.sorted())
        #expect(pages == 4)
        #expect(latest == (try store.latestSequence()))
    }
}
