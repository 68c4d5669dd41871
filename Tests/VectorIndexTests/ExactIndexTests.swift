import Foundation
import RAGCore
import Testing
import TestSupport
import VectorIndex

@Suite("Exact index")
struct ExactIndexTests {
    /// Naive oracle: scores by the metric's definition, best first.
    static func bruteForce(_ base: [[Float]], _ query: [Float], k: Int, metric: Metric) -> [VectorKey] {
        func normalised(_ v: [Float]) -> [Float] {
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return norm > 0 ? v.map { $0 / norm } : v
        }
        let scores: [Float] = base.map { row in
            switch metric {
            case .cosine: zip(normalised(row), normalised(query)).reduce(0) { $0 + $1.0 * $1.1 }
            case .innerProduct: zip(row, query).reduce(0) { $0 + $1.0 * $1.1 }
            case .l2: -zip(row, query).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            }
        }
        return scores.indices.sorted { scores[$0] > scores[$1] }.prefix(k).map { VectorKey($0) }
    }

    @Test("Single and batched search agree with a brute-force oracle", arguments: Metric.allCases)
    func matchesBruteForce(metric: Metric) throws {
        var random = SeededGenerator(seed: 1)
        let base = (0 ..< 300).map { _ in (0 ..< 20).map { _ in Float.random(in: -1 ... 1, using: &random) } }
        let queries = (0 ..< 12).map { _ in (0 ..< 20).map { _ in Float.random(in: -1 ... 1, using: &random) } }
        let exact = ExactIndex(dimension: 20, metric: metric)
        try exact.add(base, keys: TestData.keys(base.count))
        let batched = exact.nearest(to: queries, k: 5)
        for (query, batch) in zip(queries, batched) {
            let single = exact.nearest(to: query, k: 5)
            #expect(single.map(\.key) == Self.bruteForce(base, query, k: 5, metric: metric))
            #expect(batch.map(\.key) == single.map(\.key))
            for (a, b) in zip(batch, single) { #expect(abs(a.score - b.score) < 1e-3) }
        }
    }

    @Test("Removing rows keeps every other key searchable")
    func removal() throws {
        let base = SyntheticVectors.clustered(count: 200, dimension: 8, clusters: 4, subspaceDimension: 3, seed: 2)
        let exact = ExactIndex(dimension: 8)
        try exact.add(base, keys: TestData.keys(200))
        exact.remove(keys: [0, 5, 199, 1_000])
        #expect(exact.count == 197)
        for key in [1, 100, 198] {
            #expect(exact.nearest(to: base[key], k: 1).first?.key == VectorKey(key))
        }
        #expect(!exact.nearest(to: base[5], k: 10).contains { $0.key == 5 })
    }

    @Test("Both stores reject vectors of the wrong dimension, NaNs and mismatched keys", arguments: [true, false])
    func invalidInput(useHNSW: Bool) {
        let index: any VectorStore = useHNSW ? HNSWIndex(dimension: 4) : ExactIndex(dimension: 4)
        #expect(throws: IndexError.dimensionMismatch(expected: 4, found: 3)) { try index.add([[1, 2, 3]], keys: [1]) }
        #expect(throws: IndexError.nonFiniteVector(key: 9)) { try index.add([[1, .nan, 0, 0]], keys: [9]) }
        #expect(throws: IndexError.countMismatch(vectors: 1, keys: 2)) { try index.add([[1, 0, 0, 0]], keys: [1, 2]) }
        #expect(index.count == 0)
        #expect(IndexError.dimensionMismatch(expected: 4, found: 3).description.contains("dimension 3"))
    }
}
