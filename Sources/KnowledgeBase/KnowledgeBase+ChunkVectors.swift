public import RAGCore

extension KnowledgeBase {
    /// The stored vectors of chunks of `collection`, in the order of `ids`; nil for a chunk with none.
    ///
    /// For the chain's MMR step (`ChunkVectorProvider`): re-embedding the ~30 retrieved chunks of a question
    /// cost seconds per answer, reading their vectors costs a few milliseconds. Goes through the store's
    /// existing calls (keys of the documents' chunks, their ids, their vectors), so every store provides it.
    public func vectors(for ids: [ChunkID], in collection: String = defaultCollection) async throws -> [Vector?] {
        guard !ids.isEmpty else { return [] }
        let documents = Array(Set(ids.map(\.document)))
        let keys = try await store.chunkKeys(matching: SearchFilter(documents: documents), in: collection)
        let chunks = try await store.chunks(keys: Array(keys))
        var keyByID: [ChunkID: VectorKey] = [:]
        for (key, chunk) in chunks { keyByID[chunk.chunk.id] = key }
        let wanted = ids.compactMap { keyByID[$0] }
        let vectors = try await store.vectors(keys: wanted)
        return ids.map { id in keyByID[id].flatMap { vectors[$0] } }
    }
}
