public import RAGCore

// Records, chunks and vectors for the document-store tests of both backends.

/// A document record with the given identity and metadata.
package func record(
    _ id: String, collection: String = "c", hash: String = "h", categories: [String] = [], date: String? = nil,
    source: String? = nil, arxivVersion: Int? = nil, authors: [String] = []
) -> StoredDocument {
    StoredDocument(
        id: DocumentID(id), collection: collection, source: source ?? id, format: "text", contentHash: hash,
        metadata: DocumentMetadata(
            title: "Title of \(id)", authors: authors, arxivVersion: arxivVersion, categories: categories, date: date),
        fetchedAt: "2026-01-01T00:00:00Z")
}

/// Chunks with the given texts, one page each.
package func chunks(_ id: String, _ texts: [String], language: String = "en") -> [Chunk] {
    texts.enumerated().map { index, text in
        Chunk(id: ChunkID(document: DocumentID(id), ordinal: index), text: text, pageStart: index + 1, pageEnd: index + 1,
              sectionPath: ["Section \(index)"], language: language)
    }
}

/// Deterministic unit vectors, one per text.
package func vectors(_ count: Int, seed: Float = 1) -> [Vector] {
    (0..<count).map { index in
        let raw: [Float] = [seed, Float(index + 1), 1, Float(index % 3)]
        let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return raw.map { $0 / norm }
    }
}
