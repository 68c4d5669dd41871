import TestSupport

@testable import Chain

/// Test calibration for the hash embedder (its cosines run lower than MiniLM's).
extension ExtractiveGenerator {
    static func hashed() -> ExtractiveGenerator {
        ExtractiveGenerator(embedder: HashEmbedder(dimension: 512, trigrams: true), calibration: .init(embeddingWeight: 0.5, minimumEvidence: 0.45, minimumCoverage: 0.45, minimumSimilarity: 0.3))
    }
}
