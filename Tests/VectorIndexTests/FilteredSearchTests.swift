import Foundation
import RAGCore
import Testing
import TestSupport
import VectorIndex

@Suite("Filtered search")
struct FilteredSearchTests {
    static let base = SyntheticVectors.clustered(count: 2_000, dimension: 48, clusters: 20, subspaceDimension: 10, seed: 21)
    static let queries = SyntheticVectors.clustered(count: 50, dimension: 48, clusters: 20, subspaceDimension: 10, seed: 22)
    /// Built once for the read-only tests of this suite.
    static let shared = Result { try fresh() }

    static func fresh() throws -> (HNSWIndex, ExactIndex) {
        let hnsw = HNSWIndex(dimension: 48, parameters: HNSWParameters(efConstruction: 100))
        let exact = ExactIndex(dimension: 48)
        try hnsw.add(base, keys: TestData.keys(base.count))
        try exact.add(base, keys: TestData.keys(base.count))
        return (hnsw, exact)
    }

    @Test("Results contain only allowed keys and match exact filtered search at a 30 % filter")
    func moderateFilter() throws {
        let (hnsw, exact) = try Self.shared.get()
        let isAllowed: @Sendable (VectorKey) -> Bool = { $0 % 10 < 3 }
        let found = Self.queries.map { hnsw.nearest(to: $0, k: 10, ef: 64, isAllowed: isAllowed) }
        #expect(found.allSatisfy { $0.count == 10 && $0.allSatisfy { isAllowed($0.key) } })
        let truth = exact.nearest(to: Self.queries, k: 10, isAllowed: isAllowed)
        #expect(truth.allSatisfy { $0.allSatisfy { isAllowed($0.key) } })
        let recall = TestData.recall(found, truth)
        #expect(recall >= 0.95, "filtered recall@10 = \(recall)")
    }

    @Test("A very selective filter (0.5 %) returns exactly what exact search returns")
    func selectiveFilter() throws {
        let (hnsw, exact) = try Self.shared.get()
        let isAllowed: @Sendable (VectorKey) -> Bool = { $0 % 200 == 7 }
        for query in Self.queries.prefix(10) {
            let found = hnsw.nearest(to: query, k: 10, isAllowed: isAllowed)
            let truth = exact.nearest(to: query, k: 10, isAllowed: isAllowed)
            #expect(found.map(\.key) == truth.map(\.key))
            #expect(found.count == 10)
        }
    }

    @Test("A filter that admits fewer than k keys returns just those, and one that admits none returns nothing")
    func tinyFilters() throws {
        let (hnsw, _) = try Self.shared.get()
        let three: Set<VectorKey> = [5, 1_500, 1_999]
        let found = hnsw.nearest(to: Self.queries[0], k: 10, isAllowed: { three.contains($0) })
        #expect(Set(found.map(\.key)) == three)
        #expect(hnsw.nearest(to: Self.queries[0], k: 10, isAllowed: { _ in false }).isEmpty)
    }

    @Test("Filtered search never returns removed keys")
    func filterAndRemoval() throws {
        let (hnsw, _) = try Self.fresh()
        let removed = TestData.keys(150, from: 0).filter { $0 % 2 == 0 }
        hnsw.remove(keys: removed)
        let removedSet = Set(removed)
        for query in Self.queries {
            let found = hnsw.nearest(to: query, k: 10, isAllowed: { $0 < 300 })
            #expect(found.allSatisfy { $0.key < 300 && !removedSet.contains($0.key) })
        }
    }
}
