import Foundation

/// Ranking quality of one result list for one question, from the ranks at which targets were first found.
public struct RetrievalMetrics: Hashable, Sendable, Codable {
    /// 1.0 if a target is in the top 1, else 0 (averaged: recall@1 as hit rate).
    public var recallAt1: Double
    /// 1.0 if a target is in the top 5.
    public var recallAt5: Double
    /// 1.0 if a target is in the top 10.
    public var recallAt10: Double
    /// 1 / rank of the first relevant result within the top 10, else 0.
    public var reciprocalRank: Double
    /// Normalised discounted cumulative gain at 10, each target counted once, binary gains.
    public var ndcgAt10: Double

    /// Creates metrics.
    public init(recallAt1: Double, recallAt5: Double, recallAt10: Double, reciprocalRank: Double, ndcgAt10: Double) {
        self.recallAt1 = recallAt1
        self.recallAt5 = recallAt5
        self.recallAt10 = recallAt10
        self.reciprocalRank = reciprocalRank
        self.ndcgAt10 = ndcgAt10
    }

    /// Metrics of a ranking where `satisfied[i]` lists the targets result `i` satisfies, out of `targetCount`.
    public init(satisfied: [[Int]], targetCount: Int) {
        var found: Set<Int> = []
        var firstRelevant: Int?
        var dcg = 0.0
        for (rank, targets) in satisfied.prefix(10).enumerated() {
            if !targets.isEmpty, firstRelevant == nil { firstRelevant = rank + 1 }
            let isNew = targets.contains { !found.contains($0) }
            found.formUnion(targets)
            if isNew { dcg += 1 / log2(Double(rank + 2)) }
        }
        let ideal = (0..<min(10, max(1, targetCount))).reduce(0.0) { $0 + 1 / log2(Double($1 + 2)) }
        func within(_ k: Int) -> Double { (firstRelevant.map { $0 <= k } ?? false) ? 1 : 0 }
        self.init(
            recallAt1: within(1), recallAt5: within(5), recallAt10: within(10),
            reciprocalRank: firstRelevant.map { 1 / Double($0) } ?? 0, ndcgAt10: dcg / ideal)
    }

    /// The mean of each metric over `metrics` (zeros for an empty list).
    public static func mean(_ metrics: [RetrievalMetrics]) -> RetrievalMetrics {
        guard !metrics.isEmpty else { return RetrievalMetrics(recallAt1: 0, recallAt5: 0, recallAt10: 0, reciprocalRank: 0, ndcgAt10: 0) }
        let count = Double(metrics.count)
        return RetrievalMetrics(
            recallAt1: metrics.reduce(0) { $0 + $1.recallAt1 } / count,
            recallAt5: metrics.reduce(0) { $0 + $1.recallAt5 } / count,
            recallAt10: metrics.reduce(0) { $0 + $1.recallAt10 } / count,
            reciprocalRank: metrics.reduce(0) { $0 + $1.reciprocalRank } / count,
            ndcgAt10: metrics.reduce(0) { $0 + $1.ndcgAt10 } / count)
    }
}
