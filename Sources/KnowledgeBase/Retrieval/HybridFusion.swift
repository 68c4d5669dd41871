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

    /// The defaults, measured on `eval/shared-corpora.jsonl` with all-MiniLM-L6-v2 (bench/kb/kb_fusion_sweep.py,
    /// docs/benchmarks/knowledge-base.md): BM25 is the stronger ranking there (MRR 0.86 against 0.72), and
    /// only a small dense weight keeps hybrid at least as good as BM25 (MRR 0.86, nDCG@10 0.88); dense then
    /// reorders near-ties in the BM25 list. Re-measure with `Evaluation.fusionSweep` on each new set.
    public static let `default` = HybridFusion(denseWeight: 0.1, lexicalWeight: 1.0, rankConstant: 5, depth: 30)

    /// Keys with fused scores, best first (a list of weight 0 contributes no keys); ties go to the better dense rank, then the better BM25 rank.
    public func fuse<Key: Hashable>(dense: [Key], lexical: [Key]) -> [(key: Key, score: Double)] {
        var scores: [Key: Double] = [:]
        var denseRank: [Key: Int] = [:]
        var lexicalRank: [Key: Int] = [:]
        for (offset, key) in dense.enumerated() where denseWeight != 0 && denseRank[key] == nil {
            denseRank[key] = offset
            scores[key, default: 0] += denseWeight / (rankConstant + Double(offset + 1))
        }
        for (offset, key) in lexical.enumerated() where lexicalWeight != 0 && lexicalRank[key] == nil {
            lexicalRank[key] = offset
            scores[key, default: 0] += lexicalWeight / (rankConstant + Double(offset + 1))
        }
        return scores.map { (key: $0.key, score: $0.value) }.sorted { left, right in
            if left.score != right.score { return left.score > right.score }
            let leftDense = denseRank[left.key] ?? Int.max
            let rightDense = denseRank[right.key] ?? Int.max
            if leftDense != rightDense { return leftDense < rightDense }
            return (lexicalRank[left.key] ?? Int.max) < (lexicalRank[right.key] ?? Int.max)
        }
    }
}
