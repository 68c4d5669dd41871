import RAGCore

/// Reorders candidates by maximal marginal relevance (Carbonell & Goldstein, SIGIR 1998) and keeps `k`:
/// each pick maximises `λ·relevance − (1 − λ)·max similarity to the picks so far`.
///
/// With an embedder, relevance is half the query–chunk cosine and half the retrieval score (scaled to 0…1),
/// and similarity is the chunk–chunk cosine, using the retriever's stored vectors when it is a
/// `ChunkVectorProvider`. Without one, relevance is the scaled retrieval score and similarity the overlap of
/// content words.
public struct DiversifyStep: ChainStep {
    /// λ: 1 is pure relevance, 0 pure diversity.
    public var lambda: Double
    /// Number of candidates to keep.
    public var k: Int

    /// Creates the step.
    public init(lambda: Double = 0.7, k: Int = 8) {
        self.lambda = lambda
        self.k = k
    }

    /// `diversify`.
    public var name: String { "diversify" }
    public var reads: Set<ChainField> { [.candidates] }
    public var writes: Set<ChainField> { [.candidates] }

    /// Reorders and trims `candidates`.
    public func run(_ state: inout ChainState, context: ChainContext) async throws -> [String: String] {
        let before = state.candidates.count
        guard before > 1 else { return ["input": "\(before) chunks", "output": "\(before) chunks"] }
        let relevance: [Double]
        let similarity: (Int, Int) -> Double
        if let embedder = context.embedder {
            // The English reading of a Chinese question: the English model maps Chinese text near random vectors.
            guard let query = try await embedder.embed([context.translator.translate(state.searchText).dense]).first else {
                throw ChainError.missingComponent(step: name, component: "embedder that returns a vector per text")
            }
            let chunks = try await Self.chunkVectors(state.candidates, context: context, embedder: embedder)
            // Half embedding cosine, half the retriever's own (scaled) score: the retriever has seen BM25
            // evidence the embedding alone misses (exact symbols, Chinese terms for an English model).
            let retrieval = Self.scaled(state.candidates.map(\.score))
            relevance = zip(chunks, retrieval).map { 0.5 * ExtractiveGenerator.cosine(query, $0) + 0.5 * $1 }
            similarity = { ExtractiveGenerator.cosine(chunks[$0], chunks[$1]) }
        } else {
            relevance = Self.scaled(state.candidates.map(\.score))
            let terms = state.candidates.map { Set(TextAnalysis.contentTerms($0.chunk.text)) }
            similarity = { a, b in
                let union = terms[a].union(terms[b]).count
                return union == 0 ? 0 : Double(terms[a].intersection(terms[b]).count) / Double(union)
            }
        }
        // The retriever's first hit stays whatever its embedding says: a paper's title page (authors, the arXiv
        // stamp) is far in embedding space from "who wrote X" or "when was X posted", yet BM25 ranked it first.
        var picked = [0]
        var remaining = Array(state.candidates.indices.dropFirst())
        while picked.count < k, !remaining.isEmpty {
            var bestPosition = 0
            var bestValue = -Double.infinity
            for (position, index) in remaining.enumerated() {
                let redundancy = picked.map { similarity(index, $0) }.max() ?? 0
                let value = lambda * relevance[index] - (1 - lambda) * redundancy
                if value > bestValue {
                    bestValue = value
                    bestPosition = position
                }
            }
            picked.append(remaining.remove(at: bestPosition))
        }
        state.candidates = picked.map { state.candidates[$0] }
        return ["input": "\(before) chunks", "output": "\(state.candidates.count) chunks, λ=\(lambda)"]
    }

    /// Stored vectors from the retriever when it provides them (and they match the embedder), else fresh embeddings.
    private static func chunkVectors(_ candidates: [RetrievedChunk], context: ChainContext, embedder: any Embedder) async throws -> [Vector] {
        var vectors: [Vector?] = Array(repeating: nil, count: candidates.count)
        if let provider = context.retriever as? any ChunkVectorProvider {
            vectors = try await provider.vectors(for: candidates.map(\.chunk.id))
            if vectors.count != candidates.count { vectors = Array(repeating: nil, count: candidates.count) }
        }
        let missing = vectors.indices.filter { vectors[$0]?.count != embedder.dimension }
        if !missing.isEmpty {
            let fresh = try await embedder.embed(missing.map { candidates[$0].chunk.text })
            for (index, vector) in zip(missing, fresh) { vectors[index] = vector }
        }
        return vectors.map { $0 ?? [] }
    }

    /// Min-max scaling to 0…1 (all ones when the scores are equal).
    static func scaled(_ scores: [Double]) -> [Double] {
        let low = scores.min() ?? 0
        let high = scores.max() ?? 1
        return scores.map { high > low ? ($0 - low) / (high - low) : 1 }
    }
}
