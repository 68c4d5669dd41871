import Metrics
public import RAGCore

extension KnowledgeBase {
    /// The best chunks of the default collection for `query`, best first.
    public func retrieve(_ query: RetrievalQuery) async throws -> [RetrievedChunk] {
        try await search(query, in: Self.defaultCollection)
    }

    /// The best chunks of `collection` for `query`, best first, with scores and citation data.
    ///
    /// Dense scores are cosine similarities, BM25 scores are FTS5 `bm25()` negated (higher is better),
    /// hybrid scores are weighted reciprocal-rank sums. Queries are translated (zh↔en) by the configured
    /// `translator`: BM25 searches `lexical`, the embedder reads `dense`.
    public func search(_ query: RetrievalQuery, in collection: String = defaultCollection) async throws -> [RetrievedChunk] {
        guard query.k > 0 else { return [] }
        let start = ContinuousClock.now
        defer {
            Metrics.Timer(label: "hepchain_search_seconds", dimensions: [("mode", query.mode.rawValue)])
                .record(duration: ContinuousClock.now - start)
        }
        let info = try await requireCollection(collection)
        let expansion = configuration.translator.translate(query.text)
        let depth = query.mode == .hybrid ? max(query.k, configuration.fusion.depth, query.denseAdditions) : query.k

        // Hybrid runs both searches at once: the query's embedding and graph walk overlap the FTS5 query.
        async let denseHits = query.mode == .bm25
            ? [] : denseSearch(expansion.dense, collection: info, filter: query.filter, limit: depth)
        async let lexicalHits = query.mode == .dense
            ? [] : store.lexicalSearch(expansion.lexical, in: collection, filter: query.filter, limit: depth)
        let dense = try await denseHits
        let lexical = try await lexicalHits

        var ranked: [(key: VectorKey, score: Double)]
        var chunks: [VectorKey: RetrievedChunk] = [:]
        switch query.mode {
        case .dense: ranked = dense.map { ($0.key, Double($0.score)) }
        case .bm25: ranked = lexical.map { ($0.key, Double($0.score)) }
        case .hybrid:
            // Read twice the list, so reference lists demoted below the body leave their places to it.
            let fused = configuration.fusion.fuse(dense: dense.map(\.key), lexical: lexical.map(\.key))
            let read = Array(fused.prefix(query.k * 2))
            chunks = try await store.chunks(keys: read.map(\.key))
            let demoted = Self.demotingBackMatter(read, chunks: chunks, factor: Self.backMatterFactor(for: query.text))
            ranked = query.appendingDenseAdditions(to: Array(demoted.prefix(query.k)), dense: dense.map { ($0.key, Double($0.score)) })
        }
        let missing = ranked.map(\.key).filter { chunks[$0] == nil }
        if !missing.isEmpty {
            chunks.merge(try await store.chunks(keys: missing)) { first, _ in first }
        }
        recentKeys.withLock { keys in
            if keys.count + chunks.count > Self.recentKeyLimit { keys.removeAll(keepingCapacity: true) }
            for (key, hit) in chunks { keys[hit.chunk.id] = key }
        }
        return ranked.compactMap { hit in
            guard var chunk = chunks[hit.key] else { return nil }
            chunk.score = hit.score
            return chunk
        }
    }

    /// Hybrid search weighs a chunk in a references, bibliography or acknowledgements section by this, unless
    /// the query is about references: the titles of cited papers repeat a query's words, so reference lists
    /// crowded the body out of the top (one of every two chunks of `../shared/corpora` is one; docs/answer-step.md).
    static func backMatterFactor(for query: String) -> Double {
        let lower = query.lowercased()
        let aboutReferences = ["reference", "cited", "citation", "bibliograph", "acknowledg", "参考文献", "引用", "致谢"].contains(where: lower.contains)
        return aboutReferences ? 1 : 0.5
    }

    /// `ranked` with back-matter chunks' scores times `factor`, best first (stable for equal scores).
    static func demotingBackMatter(
        _ ranked: [(key: VectorKey, score: Double)], chunks: [VectorKey: RetrievedChunk], factor: Double
    ) -> [(key: VectorKey, score: Double)] {
        guard factor != 1 else { return ranked }
        let scored = ranked.enumerated().map { position, hit in
            let isBackMatter = chunks[hit.key]?.chunk.isBackMatter == true
            return (position: position, key: hit.key, score: isBackMatter ? hit.score * factor : hit.score)
        }
        return scored.sorted { $0.score != $1.score ? $0.score > $1.score : $0.position < $1.position }.map { ($0.key, $0.score) }
    }

    /// Nearest chunks to the embedded query; a selective filter is answered exactly from stored vectors.
    private func denseSearch(_ text: String, collection: CollectionInfo, filter: SearchFilter, limit: Int) async throws -> [SearchHit] {
        let embedStart = ContinuousClock.now
        let embedded = try await queryEmbedder.embed([text])
        Metrics.Timer(label: "hepchain_search_stage_seconds", dimensions: [("stage", "embed_query")]).record(duration: ContinuousClock.now - embedStart)
        guard let query = embedded.first, query.count == collection.dimension else {
            throw KnowledgeBaseError.badEmbedding(source: "query", detail: "no vector of length \(collection.dimension)")
        }
        if let searching = store as? any VectorSearchingStore {
            return try await searching.nearest(to: query, in: collection.name, filter: filter, limit: limit)
        }
        let index = try await indexes.index(for: collection)
        guard !filter.isEmpty else { return index.nearest(to: query, k: limit) }

        let allowed = try await store.chunkKeys(matching: filter, in: collection.name)
        guard !allowed.isEmpty else { return [] }
        if allowed.count <= configuration.exactSearchThreshold {
            let vectors = try await store.vectors(keys: Array(allowed))
            let scored = vectors.map { key, vector in SearchHit(key: key, score: Self.dot(query, vector)) }
            return Array(scored.sorted { $0.score != $1.score ? $0.score > $1.score : $0.key < $1.key }.prefix(limit))
        }
        return index.nearest(to: query, k: limit, isAllowed: { allowed.contains($0) })
    }

    /// Inner product; embedders return L2-normalised vectors, so this is cosine similarity.
    private static func dot(_ left: Vector, _ right: Vector) -> Float {
        var sum: Float = 0
        for index in 0..<min(left.count, right.count) { sum += left[index] * right[index] }
        return sum
    }
}

extension KnowledgeBase: ChunkVectorProvider {
    /// The stored vectors of chunks this knowledge base returned recently (nil for others), one per id.
    public func vectors(for ids: [ChunkID]) async throws -> [Vector?] {
        let keys = recentKeys.withLock { known in ids.map { known[$0] } }
        let vectors = try await store.vectors(keys: keys.compactMap { $0 })
        return keys.map { key in key.flatMap { vectors[$0] } }
    }
}

extension KnowledgeBase {
    /// Loads every collection's vector index and the in-memory BM25 index ahead of the first query (the server
    /// calls it at startup, so the first user does not wait seconds for a 100,000-chunk collection). Errors are
    /// left for the first real search to report.
    public func warmUp() async {
        guard let collections = try? await collections() else { return }
        for collection in collections {
            try? await indexes.prepare(collection)
        }
        try? await store.prepareLexicalSearch()
    }
}
