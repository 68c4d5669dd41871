import Foundation
import PostgresStore
import RAGCore
import Store
import Testing
import TestSupport

@Suite("PostgreSQL store: read-only opens, batch writes, the bounded change log",
       .enabled(if: Backend.postgresURL != nil, "HEPCHAIN_TEST_POSTGRES is not set"))
struct PostgresWritePathTests {
    @Test("A read-only open of a database without the schema fails with a clear error and creates nothing")
    func readOnlyOpenCreatesNothing() async throws {
        let url = try Backend.freshSchemaURL()
        let configuration = try PostgresStoreConfiguration(url: url)
        for _ in 0..<2 {
            // The second attempt fails the same way: the first created nothing.
            let error = await #expect(throws: PostgresStoreError.self) {
                _ = try await PostgresDocumentStore.connect(configuration, createSchema: false)
            }
            guard case .noSchema(_, let schema)? = error else {
                Issue.record("expected noSchema, got \(String(describing: error))")
                return
            }
            #expect(schema == configuration.schema)
            #expect(error?.description.contains("run `hepchain migrate") == true)
        }
        let writer = try await PostgresDocumentStore.connect(configuration)
        writer.close()
        let reader = try await PostgresDocumentStore.connect(configuration, createSchema: false)
        defer { reader.close() }
        #expect(try await reader.collections().isEmpty)
    }

    @Test("A batch write stores every document with its metadata, replaces one already there, and logs consecutive ranges")
    func batchWrite() async throws {
        let test = try await Backend.postgres.makeStore()
        defer { test.remove() }
        let store = try #require(test.store as? PostgresDocumentStore)
        let old = try await store.replaceDocument(record("b"), chunks: chunks("b", ["old text"]), vectors: vectors(1), embeddedBy: "m")
        let tricky = record("a", categories: ["hep-ex", "a \"quoted\", \\ odd {one}"], date: "2024-05-01", arxivVersion: 2)
        let writes = [
            DocumentWrite(record: tricky, chunks: chunks("a", ["alpha one", "alpha two"]), vectors: vectors(2)),
            DocumentWrite(record: record("b", hash: "h2"), chunks: chunks("b", ["beta new"]), vectors: vectors(1, seed: 2)),
            DocumentWrite(record: record("c"), chunks: [], vectors: []),
        ]
        let receipts = try await store.replaceDocuments(writes, embeddedBy: "m")
        #expect(receipts.count == 3)
        #expect(receipts[0].sequenceBefore == old.sequenceAfter)
        #expect(zip(receipts, receipts.dropFirst()).allSatisfy { $0.sequenceAfter == $1.sequenceBefore })
        #expect(receipts[1].removedKeys == old.addedKeys)
        #expect(try await store.document(DocumentID("a"), in: "c")?.metadata == tricky.metadata)
        #expect(try await store.document(DocumentID("b"), in: "c")?.contentHash == "h2")
        #expect(try await store.document(DocumentID("c"), in: "c")?.chunkCount == 0)
        let filtered = try await store.chunkKeys(matching: SearchFilter(categories: ["a \"quoted\", \\ odd {one}"]), in: "c")
        #expect(filtered == Set(receipts[0].addedKeys))
        #expect(try await store.lexicalSearch("old", in: "c", filter: SearchFilter(), limit: 10).isEmpty)
        #expect(try await store.lexicalSearch("beta", in: "c", filter: SearchFilter(), limit: 10).map(\.key) == receipts[1].addedKeys)
    }

    @Test("A batch naming a document twice is refused and writes nothing")
    func batchWithDuplicate() async throws {
        let test = try await Backend.postgres.makeStore()
        defer { test.remove() }
        let store = try #require(test.store as? PostgresDocumentStore)
        let writes = [
            DocumentWrite(record: record("x"), chunks: chunks("x", ["one"]), vectors: vectors(1)),
            DocumentWrite(record: record("y"), chunks: chunks("y", ["two"]), vectors: vectors(1)),
            DocumentWrite(record: record("x"), chunks: chunks("x", ["three"]), vectors: vectors(1)),
        ]
        await #expect(throws: PostgresStoreError.self) { _ = try await store.replaceDocuments(writes, embeddedBy: "m") }
        #expect(try await store.statistics(in: "c").documents == 0)
        #expect(try await store.latestSequence() == 0)
    }

    @Test("Writers keep the change log within its retention; a server that fell further behind rebuilds its BM25 index")
    func boundedChangeLog() async throws {
        let url = try Backend.freshSchemaURL() + "&change_log_retention=4"
        let writer = try await PostgresDocumentStore.connect(PostgresStoreConfiguration(url: url))
        defer { writer.close() }
        try await writer.createCollection(CollectionInfo(name: "c", modelID: "m", dimension: 4, createdAt: "now"))
        let server = try await PostgresDocumentStore.connect(PostgresStoreConfiguration(url: url))
        defer { server.close() }

        let first = try await writer.replaceDocument(record("d0"), chunks: chunks("d0", ["gluon jet"]), vectors: vectors(1), embeddedBy: "m")
        #expect(try await server.lexicalSearch("gluon", in: "c", filter: SearchFilter(), limit: 10).map(\.key) == first.addedKeys)
        // Within the retention: the server catches up from the log.
        let second = try await writer.replaceDocument(record("d1"), chunks: chunks("d1", ["muon track"]), vectors: vectors(1), embeddedBy: "m")
        #expect(try await server.lexicalSearch("muon", in: "c", filter: SearchFilter(), limit: 10).map(\.key) == second.addedKeys)

        // Past it: 3 documents of 3 chunks and a deletion move the log 10 steps; only the last 4 stay.
        var added: [VectorKey] = []
        for index in 2..<5 {
            let receipt = try await writer.replaceDocument(
                record("d\(index)"), chunks: chunks("d\(index)", ["pion \(index) a", "pion \(index) b", "pion \(index) c"]),
                vectors: vectors(3), embeddedBy: "m")
            added += receipt.addedKeys
        }
        _ = try await writer.deleteDocument(DocumentID("d0"), in: "c")
        let latest = try await writer.latestSequence()
        #expect(latest == 12)
        let log = try await writer.changes(after: 0, in: "c")
        #expect(log.count == 4 && log.first?.sequence == latest - 3)
        #expect(try await writer.prunedSequence(in: "c") == latest - 4)
        // The server's index reflects sequence 2, below the pruned mark: it rebuilds and sees every change.
        #expect(Set(try await server.lexicalSearch("pion", in: "c", filter: SearchFilter(), limit: 20).map(\.key)) == Set(added))
        #expect(try await server.lexicalSearch("gluon", in: "c", filter: SearchFilter(), limit: 10).isEmpty)
    }
}
