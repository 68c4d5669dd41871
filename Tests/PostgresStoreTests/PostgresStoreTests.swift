import Foundation
import PostgresStore
import RAGCore
import Store
import TestSupport
import Testing
import VectorIndex

@Suite("PostgreSQL store URL")
struct PostgresStoreConfigurationTests {
    @Test("A store URL gives host, port, user, database and options; the password never shows")
    func parsing() throws {
        let configuration = try PostgresStoreConfiguration(
            url: "postgres://alice:s%40cret@db.example.org:6543/papers?schema=lab&ef_search=120&vector_index=halfvec&sslmode=require")
        #expect(configuration.host == "db.example.org" && configuration.port == 6543)
        #expect(configuration.user == "alice" && configuration.password == "s@cret" && configuration.database == "papers")
        #expect(configuration.schema == "lab" && configuration.efSearch == 120)
        #expect(configuration.vectorIndex == .halfvec && configuration.tls == .require)
        #expect(!configuration.displayURL.contains("cret"))
        let defaults = try PostgresStoreConfiguration(url: "postgresql://bob@localhost/hep")
        #expect(defaults.port == 5432 && defaults.schema == "hepchain" && defaults.efSearch == PostgresStoreConfiguration.defaultEfSearch)
        #expect(defaults.minConnections == 0 && defaults.randomPageCost == PostgresStoreConfiguration.defaultRandomPageCost)
        let pool = try PostgresStoreConfiguration(url: "postgres://bob@localhost/hep?min_connections=8&random_page_cost=4")
        #expect(pool.minConnections == 8 && pool.randomPageCost == 4)
    }

    @Test("A malformed store URL is refused with the URL (password hidden) and the problem", arguments: [
        ("mysql://u@h/d", "postgres://"),
        ("postgres://h/d", "no user"),
        ("postgres://u@h", "no database"),
        ("postgres://u:topsecret@h/d?ef_search=0", "ef_search=0"),
        ("postgres://u@h/d?schema=Bad-Name", "schema=Bad-Name"),
        ("postgres://u@h/d?vector_index=pq", "vector_index=pq"),
        ("postgres://u@h/d?colour=blue", "unknown option 'colour'"),
        ("postgres://u@h/d?min_connections=20&max_connections=8", "min_connections=20 is more than max_connections=8"),
        ("postgres://u@h/d?random_page_cost=cheap", "random_page_cost=cheap"),
    ])
    func malformed(_ url: String, _ problem: String) {
        do {
            _ = try PostgresStoreConfiguration(url: url)
            Issue.record("\(url) was accepted")
        } catch {
            let message = "\(error)"
            #expect(message.contains(problem), "\(message)")
            #expect(!message.contains("topsecret"))
            #expect((error as? PostgresStoreError)?.kind == .invalidInput)
        }
    }
}

@Suite("PostgreSQL store", .enabled(if: Backend.postgresURL != nil, "HEPCHAIN_TEST_POSTGRES is not set"))
struct PostgresStoreTests {
    @Test("Eight processes opening a new database at once apply each migration once")
    func concurrentMigrations() async throws {
        let url = try Backend.freshSchemaURL()
        let stores = try await withThrowingTaskGroup(of: PostgresDocumentStore.self) { group in
            for _ in 0..<8 { group.addTask { try await PostgresDocumentStore.connect(PostgresStoreConfiguration(url: url)) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        defer { stores.forEach { $0.close() } }
        for store in stores {
            let schema = try await store.schema()
            #expect(schema.applied == schema.known)
        }
        try await stores[0].createCollection(CollectionInfo(name: "c", modelID: "m", dimension: 4, createdAt: "now"))
        #expect(try await stores[7].collections().map(\.name) == ["c"])
    }

    @Test("A server that cannot be reached gives an error naming it, not a hang")
    func unreachable() async throws {
        let start = ContinuousClock.now
        do {
            _ = try await PostgresDocumentStore.connect(PostgresStoreConfiguration(url: "postgres://nobody@127.0.0.1:1/none"))
            Issue.record("connected to port 1")
        } catch {
            #expect("\(error)".contains("127.0.0.1"), "\(error)")
            #expect((error as? PostgresStoreError)?.kind == .unavailable)
        }
        // Refused at once on a quiet machine (0.6 s); the bound only has to be below the pool's 60 s of retries
        // plus a loaded test run's scheduling delays (75 s seen with the whole suite on 2 cores).
        #expect(ContinuousClock.now - start < .seconds(180))
    }

    @Test("Two workers storing the same documents at once leave each document once, with one set of chunks")
    func sameDocumentTwice() async throws {
        let test = try await Backend.postgres.makeStore()
        defer { test.remove() }
        let other = try await test.reopen()
        defer { (other as? PostgresDocumentStore)?.close() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for store in [test.store, other] {
                group.addTask {
                    for index in 0..<20 {
                        _ = try await store.replaceDocument(
                            record("d\(index)", hash: "h\(index)"), chunks: chunks("d\(index)", ["alpha \(index)", "beta \(index)"]),
                            vectors: vectors(2), embeddedBy: "m")
                    }
                }
            }
            try await group.waitForAll()
        }
        let statistics = try await test.store.statistics(in: "c")
        #expect(statistics.documents == 20 && statistics.chunks == 40)
        #expect(try await test.store.lexicalSearch("alpha", in: "c", filter: SearchFilter(), limit: 100).count == 20)
    }

    @Test("Dense search on the HNSW index finds what exact search finds, with and without filters, as vector and halfvec",
          arguments: [PostgresStoreConfiguration.VectorIndexType.vector, .halfvec])
    func denseRecall(_ type: PostgresStoreConfiguration.VectorIndexType) async throws {
        var configuration = try PostgresStoreConfiguration(url: try Backend.freshSchemaURL())
        configuration.vectorIndex = type
        let store = try await PostgresDocumentStore.connect(configuration)
        defer { store.close() }
        let dimension = 32
        try await store.createCollection(CollectionInfo(name: "c", modelID: "m", dimension: dimension, createdAt: "now"))
        try await store.createCollection(CollectionInfo(name: "d", modelID: "m", dimension: dimension, createdAt: "now"))
        var generator = SeededGenerator(seed: 7)
        func unitVector() -> Vector {
            let raw = (0..<dimension).map { _ in Float(generator.next() >> 40) / Float(1 << 24) - 0.5 }
            let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return raw.map { $0 / norm }
        }
        for index in 0..<100 {
            let year = 2000 + index % 20
            let document = record("doc\(index)", hash: "h\(index)", date: "\(year)-01-01")
            _ = try await store.replaceDocument(
                document, chunks: chunks("doc\(index)", (0..<10).map { "chunk \($0)" }), vectors: (0..<10).map { _ in unitVector() },
                embeddedBy: "m")
            let other = record("other\(index)", collection: "d", hash: "o\(index)")
            _ = try await store.replaceDocument(other, chunks: chunks("other\(index)", ["x"]), vectors: [unitVector()], embeddedBy: "m")
        }
        var found = 0, total = 0
        for _ in 0..<20 {
            let query = unitVector()
            let exact = try await store.exactNearest(to: query, in: "c", limit: 10)
            let approximate = try await store.nearest(to: query, in: "c", filter: SearchFilter(), limit: 10)
            #expect(approximate.count == 10)
            #expect(zip(approximate, approximate.dropFirst()).allSatisfy { $0.score >= $1.score - 1e-3 })
            found += Set(exact.map(\.key)).intersection(approximate.map(\.key)).count
            total += 10
            // A filter that keeps 1 in 20 documents still yields `limit` hits, all allowed (iterative scan).
            let filter = SearchFilter(yearFrom: 2007, yearTo: 2007)
            let allowed = try await store.chunkKeys(matching: filter, in: "c")
            let filtered = try await store.nearest(to: query, in: "c", filter: filter, limit: 10)
            #expect(filtered.count == 10 && filtered.allSatisfy { allowed.contains($0.key) })
        }
        let recall = Double(found) / Double(total)
        #expect(recall >= 0.95, "recall@10 \(recall)")
    }

    @Test("A bulk-loaded collection of 3,000 chunks is searched on its HNSW index, not by scanning every vector from TOAST")
    func smallCollectionUsesTheIndex() async throws {
        let store = try await PostgresDocumentStore.connect(PostgresStoreConfiguration(url: try Backend.freshSchemaURL()))
        defer { store.close() }
        let dimension = 384
        try await store.createCollection(CollectionInfo(name: "c", modelID: "m", dimension: dimension, createdAt: "now"))
        try await store.suspendVectorIndexes()
        var generator = SeededGenerator(seed: 11)
        func unitVector() -> Vector {
            let raw = (0..<dimension).map { _ in Float(generator.next() >> 40) / Float(1 << 24) - 0.5 }
            let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return raw.map { $0 / norm }
        }
        // Rows as wide as real ones: ~500 characters of text that does not compress, as much of lexical form, and a
        // 1,544-byte vector, so the vector is stored in TOAST (PostgreSQL's default planner costs then prefer a scan).
        func words() -> String {
            (0..<80).map { _ in String((0..<5).map { _ in Character(UnicodeScalar(UInt8(97 + generator.next() % 26))) }) }
                .joined(separator: " ")
        }
        var writes: [DocumentWrite] = []
        for document in 0..<30 {
            writes.append(DocumentWrite(
                record: record("doc\(document)", hash: "h\(document)"), chunks: chunks("doc\(document)", (0..<100).map { _ in words() }),
                vectors: (0..<100).map { _ in unitVector() }))
        }
        _ = try await store.replaceDocuments(writes, embeddedBy: "m")
        try await store.resumeVectorIndexes()
        for limit in [10, 30] {
            let plan = try await store.explainNearest(to: unitVector(), in: "c", filter: SearchFilter(), limit: limit)
            #expect(plan.contains("Index Scan using chunks_hnsw_"), "limit \(limit): \(plan)")
        }
    }

    @Test("A bulk load into empty collections drops their HNSW index, searches exactly meanwhile and builds it after")
    func suspendedVectorIndex() async throws {
        let store = try await PostgresDocumentStore.connect(PostgresStoreConfiguration(url: try Backend.freshSchemaURL()))
        defer { store.close() }
        try await store.createCollection(CollectionInfo(name: "c", modelID: "m", dimension: 4, createdAt: "now"))
        try await store.suspendVectorIndexes()
        try await store.createCollection(CollectionInfo(name: "later", modelID: "m", dimension: 4, createdAt: "now"))
        let receipt = try await store.replaceDocument(record("d"), chunks: chunks("d", ["a", "b", "c"]), vectors: vectors(3), embeddedBy: "m")
        let exact = try await store.exactNearest(to: vectors(3)[1], in: "c", limit: 3)
        #expect(try await store.nearest(to: vectors(3)[1], in: "c", filter: SearchFilter(), limit: 3) == exact)
        #expect(try await store.vectorIndexNames().isEmpty)
        try await store.resumeVectorIndexes()
        #expect(try await store.vectorIndexNames().count == 2)
        #expect(try await store.nearest(to: vectors(3)[1], in: "c", filter: SearchFilter(), limit: 3).map(\.key).first == receipt.addedKeys[1])
        // A second bulk load keeps the index of 'c', which holds chunks (servers may be searching it); 'later' is empty.
        try await store.suspendVectorIndexes()
        #expect(try await store.vectorIndexNames().count == 1)
        try await store.resumeVectorIndexes()
        #expect(try await store.vectorIndexNames().count == 2)
    }
}
