import Foundation
import PostgresStore
import RAGCore
import Store
import Synchronization
import Testing
import TestSupport

/// One suite, every backend (as Haystack runs one document-store suite against each store): whatever the
/// knowledge base relies on must hold for SQLite and PostgreSQL alike.
@Suite("DocumentStore contract")
struct DocumentStoreContractTests {
    @Test("The PostgreSQL backend is tested whenever CI runs the suite")
    func postgresIsConfiguredOnCI() {
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            #expect(Backend.postgresURL != nil, "CI=true but HEPCHAIN_TEST_POSTGRES is unset: the PostgreSQL backend would go untested")
        }
    }

    @Test("A stored document comes back with its chunks, vectors and metadata", arguments: Backend.available)
    func roundTrip(_ backend: Backend) async throws {
        let test = try await backend.makeStore()
        defer { test.remove() }
        let store = test.store
        let texts = ["The J/psi is a charmonium state.", "BESIII collected ten billion J/psi events.\tTab\\slash\nline"]
        let stored = vectors(2)
        let receipt = try await store.replaceDocument(
            record("doc1", categories: ["hep-ex"], date: "2023-05-01", authors: ["Micha Moskovic", "Ahmad Zein Assi"]),
            chunks: chunks("doc1", texts), vectors: stored, embeddedBy: "m")
        #expect(receipt.addedKeys.count == 2)
        #expect(receipt.removedKeys.isEmpty)
        #expect(receipt.sequenceAfter == receipt.sequenceBefore + 2)

        let document = try #require(try await store.document(DocumentID("doc1"), in: "c"))
        #expect(document.chunkCount == 2)
        #expect(document.metadata.categories == ["hep-ex"])
        #expect(document.metadata.year == 2023)
        #expect(try await store.document(contentHash: "h", in: "c")?.id == DocumentID("doc1"))
        #expect(try await store.document(contentHash: "other", in: "c") == nil)
        let retrieved = try await store.chunks(keys: receipt.addedKeys)
        #expect(receipt.addedKeys.map { retrieved[$0]?.chunk.text } == texts)
        #expect(retrieved[receipt.addedKeys[1]]?.citation.pageStart == 2)
        #expect(retrieved[receipt.addedKeys[1]]?.citation.section == "Section 1")
        #expect(retrieved[receipt.addedKeys[1]]?.chunk.id == ChunkID(document: DocumentID("doc1"), ordinal: 1))
        #expect(retrieved[receipt.addedKeys[1]]?.citation.authors == ["Micha Moskovic", "Ahmad Zein Assi"], "authors reach the citation")
        let readBack = try await store.vectors(keys: receipt.addedKeys)
        #expect(receipt.addedKeys.map { readBack[$0] } == stored)
        #expect(try await store.statistics(in: "c").chunks == 2)
    }

    @Test("Replacing a document removes its old chunks from every search and logs removals then additions", arguments: Backend.available)
    func replacement(_ backend: Backend) async throws {
        let test = try await backend.makeStore()
        defer { test.remove() }
        let store = test.store
        let first = try await store.replaceDocument(
            record("doc1", hash: "a"), chunks: chunks("doc1", ["obsolete gluino limits", "more obsolete text"]),
            vectors: vectors(2), embeddedBy: "m")
        #expect(try await store.lexicalSearch("gluino", in: "c", filter: SearchFilter(), limit: 10).map(\.key) == [first.addedKeys[0]])
        let second = try await store.replaceDocument(
            record("doc1", hash: "b"), chunks: chunks("doc1", ["fresh squark limits"]), vectors: vectors(1, seed: 2),
            embeddedBy: "m")
        #expect(Set(second.removedKeys) == Set(first.addedKeys))
        #expect(second.sequenceBefore == first.sequenceAfter)
        #expect(try await store.lexicalSearch("gluino", in: "c", filter: SearchFilter(), limit: 10).isEmpty)
        #expect(try await store.lexicalSearch("squark", in: "c", filter: SearchFilter(), limit: 10).map(\.key) == second.addedKeys)
        #expect(try await store.vectors(keys: first.addedKeys).isEmpty)
        #expect(try await store.chunks(keys: first.addedKeys).isEmpty)
        let changes = try await store.changes(after: first.sequenceAfter, in: "c")
        #expect(changes.filter { $0.operation == .remove }.map(\.key).sorted() == first.addedKeys.sorted())
        #expect(changes.filter { $0.operation == .add }.map(\.key) == second.addedKeys)
        #expect(try await store.statistics(in: "c").chunks == 1)
        #expect(try await store.documents(in: "c").map(\.contentHash) == ["b"])
    }

    @Test("Deleting a document deletes its chunks and vectors and logs the removals", arguments: Backend.available)
    func deletion(_ backend: Backend) async throws {
        let test = try await backend.makeStore()
        defer { test.remove() }
        let store = test.store
        let added = try await store.replaceDocument(
            record("doc1"), chunks: chunks("doc1", ["alpha beta", "gamma"]), vectors: vectors(2), embeddedBy: "m")
        _ = try await store.replaceDocument(
            record("doc2", hash: "h2"), chunks: chunks("doc2", ["alpha delta"]), vectors: vectors(1), embeddedBy: "m")
        let receipt = try #require(try await store.deleteDocument(DocumentID("doc1"), in: "c"))
        #expect(receipt.removedKeys.sorted() == added.addedKeys.sorted())
        #expect(try await store.deleteDocument(DocumentID("doc1"), in: "c") == nil)
        #expect(try await store.lexicalSearch("alpha", in: "c", filter: SearchFilter(), limit: 10).count == 1)
        let statistics = try await store.statistics(in: "c")
        #expect(statistics.documents == 1 && statistics.chunks == 1 && statistics.vectors == 1)
        let removals = try await store.changes(after: receipt.sequenceBefore, in: "c")
        #expect(removals.allSatisfy { $0.operation == .remove } && removals.count == 2)
    }

    @Test("A collection refuses vectors of another model or dimension, and a write with a count mismatch", arguments: Backend.available)
    func refusals(_ backend: Backend) async throws {
        let test = try await backend.makeStore()
        defer { test.remove() }
        let store = test.store
        await #expect(throws: StoreError.modelMismatch(collection: "c", expectedModel: "m", expectedDimension: 4, model: "other", dimension: 4)) {
            _ = try await store.replaceDocument(record("d"), chunks: chunks("d", ["x"]), vectors: vectors(1), embeddedBy: "other")
        }
        await #expect(throws: StoreError.modelMismatch(collection: "c", expectedModel: "m", expectedDimension: 4, model: "m", dimension: 3)) {
            _ = try await store.replaceDocument(record("d"), chunks: chunks("d", ["x"]), vectors: [[1, 0, 0]], embeddedBy: "m")
        }
        await #expect(throws: StoreError.chunkVectorCountMismatch(document: "d", chunks: 1, vectors: 2)) {
            _ = try await store.replaceDocument(record("d"), chunks: chunks("d", ["x"]), vectors: vectors(2), embeddedBy: "m")
        }
        await #expect(throws: StoreError.collectionNotFound(name: "nope")) {
            _ = try await store.replaceDocument(record("d", collection: "nope"), chunks: chunks("d", ["x"]), vectors: vectors(1), embeddedBy: "m")
        }
        #expect(try await store.documents(in: "c").isEmpty)
        #expect(try await store.latestSequence() == 0)
    }

    @Test("Collections are created once, listed by name and deleted with everything in them", arguments: Backend.available)
    func collections(_ backend: Backend) async throws {
        let test = try await backend.makeStore()
        defer { test.remove() }
        let store = test.store
        try await store.createCollection(CollectionInfo(name: "b-2", modelID: "m2", dimension: 8, createdAt: "now"))
        await #expect(throws: StoreError.collectionExists(name: "c")) {
            try await store.createCollection(CollectionInfo(name: "c", modelID: "m", dimension: 4, createdAt: "now"))
        }
        await #expect(throws: StoreError.invalidCollectionName(name: "../x")) {
            try await store.createCollection(CollectionInfo(name: "../x", modelID: "m", dimension: 4, createdAt: "now"))
        }
        #expect(try await store.collections().map(\.name) == ["b-2", "c"])
        #expect(try await store.collection(named: "b-2")?.dimension == 8)
        _ = try await store.replaceDocument(record("d"), chunks: chunks("d", ["muon chamber"]), vectors: vectors(1), embeddedBy: "m")
        #expect(try await store.lexicalSearch("muon", in: "c", filter: SearchFilter(), limit: 5).count == 1)
        let before = try await store.latestSequence()
        try await store.deleteCollection(named: "c")
        #expect(try await store.collections().map(\.name) == ["b-2"])
        let statistics = try await store.statistics(in: "c")
        #expect(statistics.documents == 0 && statistics.chunks == 0 && statistics.vectors == 0)
        #expect(try await store.latestSequence() >= before)
        await #expect(throws: StoreError.collectionNotFound(name: "c")) { try await store.deleteCollection(named: "c") }
        // A new collection of the same name starts empty, in this handle's lexical index too.
        try await store.createCollection(CollectionInfo(name: "c", modelID: "m", dimension: 4, createdAt: "now"))
        #expect(try await store.lexicalSearch("muon", in: "c", filter: SearchFilter(), limit: 5).isEmpty)
    }

    @Test("Pruning the change log keeps the latest sequence from going backwards", arguments: Backend.available)
    func pruning(_ backend: Backend) async throws {
        let test = try await backend.makeStore()
        defer { test.remove() }
        let store = test.store
        let receipt = try await store.replaceDocument(record("d"), chunks: chunks("d", ["a", "b", "c"]), vectors: vectors(3), embeddedBy: "m")
        try await store.pruneChanges(through: receipt.sequenceAfter, in: "c")
        #expect(try await store.changes(after: 0, in: "c").isEmpty)
        #expect(try await store.latestSequence() == receipt.sequenceAfter)
        #expect(try await store.prunedSequence(in: "c") == receipt.sequenceAfter)
        let next = try await store.replaceDocument(record("e", hash: "e"), chunks: chunks("e", ["d"]), vectors: vectors(1), embeddedBy: "m")
        #expect(next.sequenceBefore == receipt.sequenceAfter)
        #expect(next.sequenceAfter > receipt.sequenceAfter)
    }

    @Test("Vectors are paged in key order from one snapshot", arguments: Backend.available)
    func paging(_ backend: Backend) async throws {
        let test = try await backend.makeStore()
        defer { test.remove() }
        let store = test.store
        var expected: [VectorKey] = []
        for index in 0..<5 {
            expected += try await store.replaceDocument(
                record("d\(index)", hash: "h\(index)"), chunks: chunks("d\(index)", ["x", "y", "z"]), vectors: vectors(3),
                embeddedBy: "m"
            ).addedKeys
        }
        let seen = Keys()
        let latest = try await store.forEachVector(in: "c", pageSize: 4) { keys, vectors in
            #expect(keys.count == vectors.count && keys.count <= 4)
            seen.append(keys)
        }
        #expect(seen.all == expected)
        #expect(seen.pages == 4)
        #expect(latest == (try await store.latestSequence()))
    }

    @Test("Chinese text is found by a Chinese query through character bigrams", arguments: Backend.available)
    func chinese(_ backend: Backend) async throws {
        let test = try await backend.makeStore()
        defer { test.remove() }
        let store = test.store
        let added = try await store.replaceDocument(
            record("zh"), chunks: chunks("zh", ["北京谱仪在粲偶素能区取得重要成果", "大型强子对撞机"], language: "zh"),
            vectors: vectors(2), embeddedBy: "m")
        #expect(try await store.lexicalSearch("粲偶素", in: "c", filter: SearchFilter(), limit: 5).map(\.key) == [added.addedKeys[0]])
    }

    @Test("Every filter field selects exactly the chunks a direct check over all documents selects", arguments: Backend.available)
    func filters(_ backend: Backend) async throws {
        let test = try await backend.makeStore()
        defer { test.remove() }
        let store = test.store
        let documents: [(String, [String], String?, String, String)] = [
            ("a", ["hep-ex"], "2019-01-01", "https://arxiv.org/abs/a", "en"),
            ("b", ["hep-ph", "hep-ex"], "2021-06-01", "https://arxiv.org/abs/b", "en"),
            ("c", ["hep-th"], "2023-03-01", "/local/c.pdf", "zh"),
            ("d", [], nil, "https://inspire/d", "en"),
        ]
        var keysOf: [String: [VectorKey]] = [:]
        for (id, categories, date, source, language) in documents {
            keysOf[id] = try await store.replaceDocument(
                record(id, hash: id, categories: categories, date: date, source: source),
                chunks: chunks(id, ["calorimeter energy \(id)", "tracker momentum \(id)"], language: language), vectors: vectors(2),
                embeddedBy: "m"
            ).addedKeys
        }
        func keys(_ ids: [String]) -> Set<VectorKey> { Set(ids.flatMap { keysOf[$0] ?? [] }) }
        let cases: [(SearchFilter, Set<VectorKey>)] = [
            (SearchFilter(), keys(["a", "b", "c", "d"])),
            (SearchFilter(documents: [DocumentID("a"), DocumentID("d")]), keys(["a", "d"])),
            (SearchFilter(documents: []), []),
            (SearchFilter(categories: ["hep-ex"]), keys(["a", "b"])),
            (SearchFilter(yearFrom: 2020), keys(["b", "c"])),
            (SearchFilter(yearTo: 2021), keys(["a", "b"])),
            (SearchFilter(language: "zh"), keys(["c"])),
            (SearchFilter(sourcePrefix: "https://arxiv.org/"), keys(["a", "b"])),
            (SearchFilter(categories: ["hep-ex"], yearFrom: 2020), keys(["b"])),
        ]
        for (filter, expected) in cases {
            #expect(try await store.chunkKeys(matching: filter, in: "c") == expected, "filter \(filter)")
            let lexical = try await store.lexicalSearch("calorimeter tracker", in: "c", filter: filter, limit: 20)
            #expect(Set(lexical.map(\.key)) == expected, "lexical with filter \(filter)")
        }
    }

    @Test("A collection's BM25 results are not crowded out by better matches in another collection", arguments: Backend.available)
    func collectionIsolation(_ backend: Backend) async throws {
        let test = try await backend.makeStore()
        defer { test.remove() }
        let store = test.store
        try await store.createCollection(CollectionInfo(name: "other", modelID: "m", dimension: 4, createdAt: "now"))
        for index in 0..<30 {
            _ = try await store.replaceDocument(
                record("o\(index)", collection: "other", hash: "o\(index)"), chunks: chunks("o\(index)", ["pion pion pion"]),
                vectors: vectors(1), embeddedBy: "m")
        }
        let mine = try await store.replaceDocument(
            record("mine"), chunks: chunks("mine", ["a single pion among many other words here"]), vectors: vectors(1), embeddedBy: "m")
        #expect(try await store.lexicalSearch("pion", in: "c", filter: SearchFilter(), limit: 5).map(\.key) == mine.addedKeys)
    }

    @Test("Another handle's writes show in this handle's searches and change log", arguments: Backend.available)
    func otherHandleWrites(_ backend: Backend) async throws {
        let test = try await backend.makeStore()
        defer { test.remove() }
        let store = test.store
        let other = try await test.reopen()
        defer { (other as? PostgresDocumentStore)?.close() }
        _ = try await store.replaceDocument(record("a"), chunks: chunks("a", ["kaon mixing"]), vectors: vectors(1), embeddedBy: "m")
        #expect(try await store.lexicalSearch("kaon", in: "c", filter: SearchFilter(), limit: 5).count == 1)
        let written = try await other.replaceDocument(
            record("b", hash: "b"), chunks: chunks("b", ["kaon decays", "neutral kaon"]), vectors: vectors(2), embeddedBy: "m")
        let found = try await store.lexicalSearch("kaon", in: "c", filter: SearchFilter(), limit: 5).map(\.key)
        #expect(Set(found).isSuperset(of: written.addedKeys) && found.count == 3)
        _ = try await other.deleteDocument(DocumentID("a"), in: "c")
        #expect(try await store.lexicalSearch("mixing", in: "c", filter: SearchFilter(), limit: 5).isEmpty)
        #expect(try await store.latestSequence() == (try await other.latestSequence()))
    }

    @Test("Two handles writing at once (two processes) lose no write and log every change once, in order", arguments: Backend.available)
    func concurrentWriters(_ backend: Backend) async throws {
        let test = try await backend.makeStore()
        defer { test.remove() }
        let first = test.store
        let second = try await test.reopen()
        defer { (second as? PostgresDocumentStore)?.close() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                let store = index.isMultiple(of: 2) ? first : second
                group.addTask {
                    _ = try await store.replaceDocument(
                        record("d\(index)", hash: "h\(index)"), chunks: chunks("d\(index)", ["text \(index)", "more \(index)"]),
                        vectors: vectors(2), embeddedBy: "m")
                    _ = try await store.lexicalSearch("text", in: "c", filter: SearchFilter(), limit: 5)
                }
            }
            try await group.waitForAll()
        }
        #expect(try await first.statistics(in: "c").documents == 40)
        let changes = try await second.changes(after: 0, in: "c")
        #expect(changes.count == 80)
        let sequences = changes.map(\.sequence)
        #expect(sequences == sequences.sorted() && Set(sequences).count == 80)
        #expect(try await first.latestSequence() == sequences.last)
        #expect(try await first.lexicalSearch("more", in: "c", filter: SearchFilter(), limit: 100).count == 40)
    }
}

/// Collects pages from a synchronous callback.
final class Keys: Sendable {
    private let state = Mutex<(all: [VectorKey], pages: Int)>(([], 0))
    var all: [VectorKey] { state.withLock { $0.all } }
    var pages: Int { state.withLock { $0.pages } }
    func append(_ keys: [VectorKey]) {
        state.withLock { $0.all += keys; $0.pages += 1 }
    }
}
