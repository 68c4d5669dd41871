import Foundation
import RAGCore
import Testing
import TestSupport
import VectorIndex

@Suite("Removal, replacement and churn")
struct DeletionTests {
    @Test("Removed keys are never returned, before and after their slots are repaired")
    func removedKeysAreNeverReturned() throws {
        let base = SyntheticVectors.clustered(count: 1_500, dimension: 32, clusters: 10, subspaceDimension: 8, seed: 3)
        let index = HNSWIndex(dimension: 32, parameters: HNSWParameters(efConstruction: 100))
        try index.add(base, keys: TestData.keys(base.count))
        // 20 removals stay tombstones (below the repair threshold); 400 more trigger a repair.
        for batch in [Array(0 ..< 20), Array(20 ..< 420)] {
            let removed = Set(batch.map { VectorKey($0 * 3) })
            index.remove(keys: Array(removed))
            for key in removed { #expect(!index.contains(key)) }
            for query in base.prefix(200) {
                let hits = index.nearest(to: query, k: 10)
                #expect(hits.count == 10)
                #expect(!hits.contains { removed.contains($0.key) })
            }
        }
        #expect(index.count == 1_500 - 420)
    }

    @Test("Insert/remove cycles keep memory and recall steady")
    func churnKeepsMemoryAndRecallSteady() throws {
        let dimension = 32
        let pool = SyntheticVectors.clustered(count: 3_000, dimension: dimension, clusters: 20, subspaceDimension: 8, seed: 9)
        let queries = SyntheticVectors.clustered(count: 60, dimension: dimension, clusters: 20, subspaceDimension: 8, seed: 10)
        let index = HNSWIndex(dimension: dimension, parameters: HNSWParameters(efConstruction: 100))
        let exact = ExactIndex(dimension: dimension)
        var live = Array(0 ..< 1_000)
        try index.add(live.map { pool[$0] }, keys: live.map { VectorKey($0) })
        try exact.add(live.map { pool[$0] }, keys: live.map { VectorKey($0) })
        var next = 1_000
        var generator = SeededGenerator(seed: 77)
        var memoryAfterFirstCycle = 0
        for cycle in 0 ..< 8 {
            live.shuffle(using: &generator)
            let removed = Array(live.prefix(250))
            live.removeFirst(250)
            index.remove(keys: removed.map { VectorKey($0) })
            exact.remove(keys: removed.map { VectorKey($0) })
            let added = Array(next ..< next + 250)
            next += 250
            try index.add(added.map { pool[$0] }, keys: added.map { VectorKey($0) })
            try exact.add(added.map { pool[$0] }, keys: added.map { VectorKey($0) })
            live += added
            #expect(index.count == 1_000)
            let recall = TestData.recall(queries.map { index.nearest(to: $0, k: 10, ef: 64) }, exact.nearest(to: queries, k: 10))
            #expect(recall >= 0.95, "cycle \(cycle): recall@10 = \(recall)")
            if cycle == 0 { memoryAfterFirstCycle = index.memoryBytes }
            #expect(index.memoryBytes <= memoryAfterFirstCycle + memoryAfterFirstCycle / 20, "cycle \(cycle): \(index.memoryBytes) bytes")
        }
    }

    @Test("Adding an existing key replaces its vector")
    func addingExistingKeyReplaces() throws {
        let base = SyntheticVectors.clustered(count: 500, dimension: 16, clusters: 5, subspaceDimension: 4, seed: 4)
        for index in [HNSWIndex(dimension: 16) as any VectorStore, ExactIndex(dimension: 16)] {
            try index.add(base, keys: TestData.keys(base.count))
            let replacement = base[499]
            try index.add([replacement], keys: [7])
            #expect(index.count == 500)
            let hits = index.nearest(to: replacement, k: 2)
            #expect(Set(hits.map(\.key)) == [7, 499])
            let old = try #require(index.nearest(to: base[7], k: 1).first)
            #expect(old.key != 7 || old.score < 0.999, "the old vector of key 7 is still found")
        }
    }

    @Test("Removing every vector leaves an empty index that accepts new ones")
    func removeEverything() throws {
        let base = SyntheticVectors.clustered(count: 300, dimension: 16, clusters: 5, subspaceDimension: 4, seed: 6)
        let index = HNSWIndex(dimension: 16)
        try index.add(base, keys: TestData.keys(300))
        index.remove(keys: TestData.keys(300))
        #expect(index.count == 0)
        #expect(index.nearest(to: base[0], k: 5).isEmpty)
        try index.add(Array(base.prefix(50)), keys: TestData.keys(50, from: 1_000))
        #expect(index.nearest(to: base[10], k: 1).first?.key == 1_010)
    }
}
