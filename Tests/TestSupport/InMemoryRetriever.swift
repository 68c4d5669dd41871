import Foundation
import Synchronization
package import RAGCore

/// An in-memory retriever over `FakeCorpus`: BM25 (k1 1.2, b 0.75) over word terms, Chinese bigrams included;
/// `dense` ranks by hash-embedding cosine, `hybrid` sums both after scaling each to 0…1 (then `denseAdditions`). Honours the
/// document filter. Counts calls so tests can see what the chain asked.
package struct InMemoryRetriever: Retriever, ChunkLister {
    package var chunks: [RetrievedChunk] = FakeCorpus.chunks
    package let embedder = HashEmbedder(dimension: 512, trigrams: true)

    package init(chunks: [RetrievedChunk] = FakeCorpus.chunks) {
        self.chunks = chunks
    }

    package func retrieve(_ query: RetrievalQuery) async throws -> [RetrievedChunk] {
        let pool = chunks.filter { chunk in query.filter.documents.map { $0.contains(chunk.chunk.id.document) } ?? true }
        guard !pool.isEmpty else { return [] }
        let bm25 = bm25Scores(query.text, pool)
        let dense = pool.map { cosine(embedder.vector(query.text), embedder.vector($0.chunk.text)) }
        let scores: [Double]
        switch query.mode {
        case .bm25: scores = bm25
        case .dense: scores = dense
        case .hybrid: scores = zip(scaled(bm25), scaled(dense)).map { 0.6 * $0 + 0.4 * $1 }
        }
        // Positions in `pool` with a positive score, best first.
        func ranking(_ scores: [Double], k: Int) -> [(key: Int, score: Double)] {
            scores.indices.filter { scores[$0] > 0 }.sorted { scores[$0] > scores[$1] }.prefix(k).map { ($0, scores[$0]) }
        }
        let ranked = query.appendingDenseAdditions(to: ranking(scores, k: query.k), dense: ranking(dense, k: query.denseAdditions))
        return ranked.map { position, score in
            var hit = pool[position]
            hit.score = score
            return hit
        }
    }

    package func chunks(of document: DocumentID) async throws -> [RetrievedChunk] {
        chunks.filter { $0.chunk.id.document == document }
    }

    private func tokens(_ text: String) -> [String] {
        var result: [String] = []
        var word = ""
        var previousIdeograph: Character?
        for character in text.lowercased() {
            if let scalar = character.unicodeScalars.first, (0x4E00...0x9FFF).contains(scalar.value) {
                if !word.isEmpty { result.append(word); word = "" }
                if let previous = previousIdeograph { result.append(String([previous, character])) }
                previousIdeograph = character
            } else {
                previousIdeograph = nil
                if character.isLetter || character.isNumber {
                    word.append(character)
                } else if !word.isEmpty {
                    result.append(word)
                    word = ""
                }
            }
        }
        if !word.isEmpty { result.append(word) }
        return result
    }

    private func bm25Scores(_ query: String, _ pool: [RetrievedChunk]) -> [Double] {
        let documents = pool.map { tokens($0.chunk.text + " " + ($0.citation.title ?? "")) }
        let averageLength = Double(documents.reduce(0) { $0 + $1.count }) / Double(documents.count)
        var frequency: [String: Int] = [:]
        for document in documents { for term in Set(document) { frequency[term, default: 0] += 1 } }
        let queryTerms = Set(tokens(query))
        let count = Double(documents.count)
        return documents.map { document in
            var counts: [String: Int] = [:]
            for term in document { counts[term, default: 0] += 1 }
            return queryTerms.reduce(0.0) { sum, term in
                guard let tf = counts[term].map(Double.init) else { return sum }
                let df = Double(frequency[term] ?? 0)
                let idf = log1p((count - df + 0.5) / (df + 0.5))
                return sum + idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * Double(document.count) / averageLength))
            }
        }
    }

    private func scaled(_ values: [Double]) -> [Double] {
        guard let high = values.max(), high > 0 else { return values.map { _ in 0 } }
        return values.map { max(0, $0) / high }
    }

    private func cosine(_ a: Vector, _ b: Vector) -> Double {
        Double(zip(a, b).reduce(0) { $0 + $1.0 * $1.1 })
    }
}

/// The in-memory retriever that also serves stored vectors, counting how many it served.
package struct VectorServingRetriever: Retriever, ChunkVectorProvider {
    package let base = InMemoryRetriever()
    package let served = Counter()

    package init() {}

    package final class Counter: Sendable {
        private let value = Mutex(0)
        package init() {}
        package func add(_ count: Int) { value.withLock { $0 += count } }
        package var count: Int { value.withLock { $0 } }
    }

    package func retrieve(_ query: RetrievalQuery) async throws -> [RetrievedChunk] { try await base.retrieve(query) }

    package func vectors(for ids: [ChunkID]) async throws -> [Vector?] {
        served.add(ids.count)
        return ids.map { id in base.chunks.first { $0.chunk.id == id }.map { base.embedder.vector($0.chunk.text) } }
    }
}
