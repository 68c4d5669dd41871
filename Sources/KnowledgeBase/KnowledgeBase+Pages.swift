public import RAGCore

extension KnowledgeBase {
    /// The number of pages of a stored document: the last page any of its chunks reaches; nil when it has no
    /// chunks. Reads the document's chunks, so it is meant for one document at a time (the web page's library).
    public func pageCount(of id: DocumentID, in collection: String = defaultCollection) async throws -> Int? {
        try await Self.pageCount(of: id, in: collection, store: store)
    }

    /// The last page a chunk of the document reaches in `store`; nil when it has no chunks.
    static func pageCount(of id: DocumentID, in collection: String, store: any DocumentStore) async throws -> Int? {
        let keys = try await store.chunkKeys(matching: SearchFilter(documents: [id]), in: collection)
        guard !keys.isEmpty else { return nil }
        return try await store.chunks(keys: Array(keys)).values.map(\.chunk.pageEnd).max()
    }
}
