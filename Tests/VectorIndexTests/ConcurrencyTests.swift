import Foundation
import RAGCore
import Testing
import TestSupport
import VectorIndex

@Suite("Concurrent searches and writes")
struct ConcurrencyTests {
    @Test("Searches running while one writer adds and removes see only consistent results")
    func readersAndOneWriter() async throws {
        let vectors = SyntheticVectors.clustered(count: 1_600, dimension: 16, clusters: 8, subspaceDimension: 4, seed: 12)
        let index = HNSWIndex(dimension: 16, parameters: HNSWParameters(maxNeighbors: 8, efConstruction: 40, efSearch: 32))
        try index.add(Array(vectors.prefix(800)), keys: TestData.keys(800))
        let removed = Set(TestData.keys(100, from: 0))
        let queries = Array(vectors.suffix(40))
        let badResults = try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask {
                for start in stride(from: 800, to: 1_600, by: 20) {
                    try index.add(Array(vectors[start ..< start + 20]), keys: TestData.keys(20, from: start))
                    if start == 1_000 { index.remove(keys: Array(removed)) }
                }
                return 0
            }
            for reader in 0 ..< 3 {
                group.addTask { Self.search(index, queries: queries, reader: reader) }
            }
            return try await group.reduce(0, +)
        }
        #expect(badResults == 0)
        #expect(index.count == 1_500)
        for query in queries {
            #expect(!index.nearest(to: query, k: 10).contains { removed.contains($0.key) })
        }
    }

    /// Runs 30 searches and counts results that are short, unsorted, unknown, or that break the filter.
    static func search(_ index: HNSWIndex, queries: [[Float]], reader: Int) -> Int {
        let evenKeys: @Sendable (VectorKey) -> Bool = { $0 % 2 == 0 }
        let filter: (@Sendable (VectorKey) -> Bool)? = reader == 2 ? evenKeys : nil
        var bad = 0
        for round in 0 ..< 30 {
            let query = queries[(reader * 30 + round) % queries.count]
            let hits = index.nearest(to: query, k: 10, ef: 32, isAllowed: filter)
            let isSorted = zip(hits, hits.dropFirst()).allSatisfy { $0.score >= $1.score }
            if hits.count != 10 || !isSorted || hits.contains(where: { $0.key >= 1_600 }) { bad += 1 }
            if filter != nil, hits.contains(where: { $0.key % 2 != 0 }) { bad += 1 }
            _ = index.count
            _ = index.memoryBytes
        }
        return bad
    }

    @Test("Concurrent saves and searches do not interfere")
    func saveWhileSearching() async throws {
        let vectors = SyntheticVectors.clustered(count: 400, dimension: 16, clusters: 4, subspaceDimension: 4, seed: 13)
        let index = HNSWIndex(dimension: 16)
        try index.add(vectors, keys: TestData.keys(400))
        let url = TestData.temporaryFile("concurrent.hnsw")
        defer { try? FileManager.default.removeItem(at: url) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { for _ in 0 ..< 3 { try index.save(to: url) } }
            group.addTask { for query in vectors.prefix(100) { _ = index.nearest(to: query, k: 5) } }
            group.addTask { index.userCheckpoint = 42 }
            try await group.waitForAll()
        }
        #expect(try HNSWIndex.load(from: url).count == 400)
    }
}
