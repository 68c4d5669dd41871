import Foundation
import RAGCore
import Testing
import VectorIndex

@Suite("HNSW recall against exact search")
struct HNSWRecallTests {
    // 20,000 × 384 in optimised builds, as the issue asks. Unoptimised (debug) Swift runs the graph code
    // ~50× slower, so debug builds use 4,000 points of the same distribution with the same threshold; the
    // distribution's local intrinsic dimension, not the point count, is what makes recall hard.
    #if DEBUG
    static let pointCount = 4_000
    #else
    static let pointCount = 20_000
    #endif

    @Test("Recall@10 is at least 0.95 on clustered normalised 384-d vectors at ef = 64")
    func recallOnClusteredVectors() throws {
        let all = SyntheticVectors.clustered(count: Self.pointCount + 200, dimension: 384, clusters: 50, seed: 7)
        let base = Array(all.prefix(Self.pointCount))
        let queries = Array(all.suffix(200))
        let hnsw = HNSWIndex(dimension: 384, metric: .cosine, parameters: HNSWParameters(maxNeighbors: 16, efConstruction: 200, efSearch: 64, seed: 1))
        let exact = ExactIndex(dimension: 384, metric: .cosine)
        try hnsw.add(base, keys: TestData.keys(base.count))
        try exact.add(base, keys: TestData.keys(base.count))
        let truth = exact.nearest(to: queries, k: 10)
        let found = queries.map { hnsw.nearest(to: $0, k: 10, ef: 64) }
        let recall = TestData.recall(found, truth)
        #expect(recall >= 0.95, "recall@10 = \(recall)")
        #expect(hnsw.count == base.count)
    }
}
