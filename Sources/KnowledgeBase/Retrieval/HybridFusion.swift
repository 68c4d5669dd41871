public import RAGCore

/// Weighted reciprocal rank fusion of a dense and a lexical ranking (Cormack et al., SIGIR 2009, with weights).
///
/// A chunk at 1-based rank `r` in a list of weight `w` scores `w / (rankConstant + r)`; scores of the two
/// lists add up. Unequal weights matter: with equal weights, chunks both lists rank middling beat one
/// strong hit, which made hybrid worse than BM25 alone in a measured LangChain setup
/// (docs/knowledge-base.md has the measurement behind the defaults).
public struct HybridFusion: Hashable, Sendable, Codable {
    /// Weight of the dense ranking.
    public var denseWeight: Double
    /// Weight of the BM25 ranking.
    public var lexicalWeight: Double
    /// The `k` of RRF; larger values flatten the difference between ranks.
    public var rankConstant: Double
    /// Candidates taken from each ranking (at least the number of results wanted).
    public var depth: Int

    /// Creates a fusion rule.
    public init(denseWeight: Double, lexicalWeight: Double, rankConstant: Double = 60, depth: Int = 30) {
        self.denseWeight = denseWeight
        self.lexicalWeight = lexicalWeight
        self.rankConstant = rankConstant
        self.depth = depth
    }

    /// The defaults, chosen on the evaluation sets (see docs/knowledge-base.md).
    public static let `default` = HybridFusion(denseWeight: 1.0, lexicalWeight: 1.0, rankConstant: 60, depth: 30)

    /// Keys with fused scores, best first; ties go to the better dense rank, then the smaller key.
    public func fuse(dense: [VectorKey], lexical: [VectorKey]) -> [(key: VectorKey, score: Double)] {
        var scores: [VectorKey: Double] = [:]
        var denseRank: [VectorKey: Int] = [:]
        for (offset, key) in dense.enumerated() where denseRank[key] == nil {
            denseRank[key] = offset
            scores[key, default: 0] += denseWeight / (rankConstant + Double(offset + 1))
        }
        var seenLexical: Set<VectorKey> = []
        for (offset, key) in lexical.enumerated() where seenLexical.insert(key).inserted {
            scores[key, default: 0] += lexicalWeight / (rankConstant + Double(offset + 1))
        }
        return scores.map { (key: $0.key, score: $0.value) }.sorted { left, right in
            if left.score != right.score { return left.score > right.score }
            let leftRank = denseRank[left.key] ?? Int.max
            let rightRank = denseRank[right.key] ?? Int.max
            if leftRank != rightRank { return leftRank < rightRank }
            return left.key < right.key
        }
    }
}
