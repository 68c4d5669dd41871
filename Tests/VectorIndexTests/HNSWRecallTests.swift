import Foundation
import RAGCore
import Testing
import TestSupport
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

    @Test("Recall@10 is at least 0.95 on real MiniLM embeddings against their stored ground truth")
    func recallOnMiniLMEmbeddings() throws {
        guard let folder = TestData.miniLMFolder else { return }
        let base = try VectorFile.readFloatVectors(folder.appendingPathComponent("base.fvecs"))
        let queries = try VectorFile.readFloatVectors(folder.appendingPathComponent("query.fvecs"))
        let truth = try VectorFile.readIntVectors(folder.appendingPathComponent("gt.ivecs"))
        let hnsw = HNSWIndex(dimension: 384, metric: .innerProduct)
        try hnsw.add(base, keys: TestData.keys(base.count))
        var found = 0
        for (query, expected) in zip(queries, truth) {
            let keys = Set(hnsw.nearest(to: query, k: 10, ef: 64).map(\.key))
            found += expected.prefix(10).filter { keys.contains(VectorKey($0)) }.count
        }
        let recall = Double(found) / Double(queries.count * 10)
        #expect(recall >= 0.95, "recall@10 = \(recall)")
    }

    @Test("Recall@10 is at least 0.95 for L2 and inner product on unnormalised vectors", arguments: [Metric.l2, .innerProduct])
    func recallForOtherMetrics(metric: Metric) throws {
        let vectors = SyntheticVectors.clustered(count: 1_600, dimension: 32, clusters: 20, subspaceDimension: 8, seed: 11)
            .enumerated().map { index, vector in vector.map { $0 * Float(1 + index % 5) } }
        let base = Array(vectors.prefix(1_500))
        let queries = Array(vectors.suffix(100))
        let hnsw = HNSWIndex(dimension: 32, metric: metric, parameters: HNSWParameters(efConstruction: 100))
        let exact = ExactIndex(dimension: 32, metric: metric)
        try hnsw.add(base, keys: TestData.keys(base.count))
        try exact.add(base, keys: TestData.keys(base.count))
        let recall = TestData.recall(queries.map { hnsw.nearest(to: $0, k: 10, ef: 64) }, exact.nearest(to: queries, k: 10))
        #expect(recall >= 0.95, "\(metric) recall@10 = \(recall)")
        let first = try #require(hnsw.nearest(to: base[3], k: 1).first)
        if metric == .l2 { #expect(first.key == 3 && abs(first.score) < 1e-3) }
    }

    @Test("A two-thread build reaches the same recall as a serial one")
    func parallelBuildRecall() throws {
        let all = SyntheticVectors.clustered(count: 2_100, dimension: 48, clusters: 20, subspaceDimension: 12, seed: 5)
        let base = Array(all.prefix(2_000))
        let queries = Array(all.suffix(100))
        let exact = ExactIndex(dimension: 48)
        try exact.add(base, keys: TestData.keys(base.count))
        let truth = exact.nearest(to: queries, k: 10)
        let parallel = HNSWIndex(dimension: 48, parameters: HNSWParameters(efConstruction: 100))
        try parallel.add(base, keys: TestData.keys(base.count), threads: 2)
        #expect(parallel.count == base.count)
        let recall = TestData.recall(queries.map { parallel.nearest(to: $0, k: 10, ef: 64) }, truth)
        #expect(recall >= 0.95, "recall@10 = \(recall)")
    }

    @Test("int8 encoding costs at most 0.03 recall@10 and survives a save and load")
    func int8Encoding() throws {
        let all = SyntheticVectors.clustered(count: 1_300, dimension: 64, clusters: 20, subspaceDimension: 12, seed: 15)
        let base = Array(all.prefix(1_200))
        let queries = Array(all.suffix(100))
        let exact = ExactIndex(dimension: 64)
        try exact.add(base, keys: TestData.keys(base.count))
        let truth = exact.nearest(to: queries, k: 10)
        var recalls: [VectorEncoding: Double] = [:]
        for encoding in VectorEncoding.allCases {
            let index = HNSWIndex(dimension: 64, parameters: HNSWParameters(efConstruction: 100, seed: 3, encoding: encoding))
            try index.add(base, keys: TestData.keys(base.count))
            let found = queries.map { index.nearest(to: $0, k: 10, ef: 64) }
            recalls[encoding] = TestData.recall(found, truth)
            // Re-scored with 32-bit vectors, so scores are exact cosines.
            #expect(zip(found, truth).allSatisfy { abs(($0.first?.score ?? 0) - ($1.first?.score ?? 1)) < 1e-4 || $0.first?.key != $1.first?.key })
            if encoding == .int8 {
                let url = TestData.temporaryFile("int8.hnsw")
                defer { try? FileManager.default.removeItem(at: url) }
                try index.save(to: url)
                let loaded = try HNSWIndex.load(from: url)
                #expect(loaded.parameters.encoding == .int8)
                #expect(queries.prefix(20).map { loaded.nearest(to: $0, k: 10, ef: 64) } == found.prefix(20).map { $0 })
                #expect(loaded.memoryBytes > HNSWIndex(dimension: 64).memoryBytes + base.count * 64)
            }
        }
        let float32 = try #require(recalls[.float32])
        let int8 = try #require(recalls[.int8])
        #expect(int8 >= 0.93 && int8 >= float32 - 0.03, "int8 \(int8), float32 \(float32)")
    }
}
