/// How a query is matched against chunks.
public enum SearchMode: String, Hashable, Sendable, Codable, CaseIterable {
    /// Nearest neighbours of the query embedding.
    case dense
    /// BM25 over the full-text index.
    case bm25
    /// Weighted fusion of dense and BM25 rankings.
    case hybrid
}

/// Restricts a search to chunks whose document matches every field that is set.
public struct SearchFilter: Hashable, Sendable, Codable {
    /// Only these documents.
    public var documents: [DocumentID]?
    /// Only documents with at least one of these categories (e.g. `hep-ex`).
    public var categories: [String]?
    /// Only documents from this year on.
    public var yearFrom: Int?
    /// Only documents up to this year.
    public var yearTo: Int?
    /// Only chunks in this language (`en`, `zh`).
    public var language: String?
    /// Only documents whose source URI starts with this prefix.
    public var sourcePrefix: String?

    /// Creates a filter; an empty filter matches everything.
    public init(
        documents: [DocumentID]? = nil, categories: [String]? = nil, yearFrom: Int? = nil, yearTo: Int? = nil,
        language: String? = nil, sourcePrefix: String? = nil
    ) {
        self.documents = documents
        self.categories = categories
        self.yearFrom = yearFrom
        self.yearTo = yearTo
        self.language = language
        self.sourcePrefix = sourcePrefix
    }

    /// True when no field is set.
    public var isEmpty: Bool {
        documents == nil && categories == nil && yearFrom == nil && yearTo == nil && language == nil && sourcePrefix == nil
    }
}

/// A question for a `Retriever`.
public struct RetrievalQuery: Hashable, Sendable, Codable {
    /// The query text.
    public var text: String
    /// Number of chunks wanted.
    public var k: Int
    /// Dense, BM25 or hybrid.
    public var mode: SearchMode
    /// Metadata restrictions.
    public var filter: SearchFilter
    /// Hybrid only: how many of the best dense hits to append when the fused top `k` lacks them (0: none). The
    /// fusion weights BM25 far above the embedding, so a chunk only the embedding finds (a paraphrase) never
    /// reaches the fused list; an answer step wants it as a candidate. Taken from the hybrid search's own dense
    /// hits: no second embedding or graph walk.
    public var denseAdditions: Int

    /// Creates a query.
    public init(text: String, k: Int = 10, mode: SearchMode = .hybrid, filter: SearchFilter = .init(), denseAdditions: Int = 0) {
        self.text = text
        self.k = k
        self.mode = mode
        self.filter = filter
        self.denseAdditions = denseAdditions
    }

    /// The fused ranking followed by the best `denseAdditions` of `dense` (best first) that it lacks. An added
    /// hit takes the fused score at its dense rank: the embedding's third best is as credible as the fusion's
    /// third best when a later step weighs relevance (its own score when the fused list is empty).
    public func appendingDenseAdditions<Key: Hashable>(
        to fused: [(key: Key, score: Double)], dense: [(key: Key, score: Double)]
    ) -> [(key: Key, score: Double)] {
        guard mode == .hybrid, denseAdditions > 0 else { return fused }
        let present = Set(fused.map(\.key))
        var result = fused
        for (rank, hit) in dense.prefix(denseAdditions).enumerated() where !present.contains(hit.key) {
            result.append((hit.key, fused.isEmpty ? hit.score : fused[min(rank, fused.count - 1)].score))
        }
        return result
    }
}

/// Where a passage comes from, as a reader checks it: document, page, section and the quoted span.
public struct Citation: Hashable, Sendable, Codable {
    /// The `[n]` marker in an answer, when the citation belongs to one.
    public var marker: Int?
    /// The cited chunk.
    public var chunkID: ChunkID
    /// Document title, if known.
    public var title: String?
    /// Source URI of the document.
    public var source: String
    /// The document's authors as Ingest read them (title page, record or page metadata); empty when unknown.
    public var authors: [String]
    /// arXiv id, if the document is an arXiv paper.
    public var arxivID: String?
    /// First page of the passage.
    public var pageStart: Int
    /// Last page of the passage.
    public var pageEnd: Int
    /// Section path, joined with " > ".
    public var section: String?
    /// The quoted text supporting the answer.
    public var quote: String?

    /// Creates a citation.
    public init(
        marker: Int? = nil, chunkID: ChunkID, title: String?, source: String, arxivID: String?, pageStart: Int,
        pageEnd: Int, section: String?, quote: String? = nil, authors: [String] = []
    ) {
        self.marker = marker
        self.chunkID = chunkID
        self.title = title
        self.source = source
        self.authors = authors
        self.arxivID = arxivID
        self.pageStart = pageStart
        self.pageEnd = pageEnd
        self.section = section
        self.quote = quote
    }

    /// The source as clients are shown it (`Document.shownName(ofSource:)`): a local file by its name, never the
    /// server's path. Document listings show a local file's path relative to the folder it was indexed from; a
    /// citation carries only the stored source, so its name.
    public var shownSource: String { Document.shownName(ofSource: source) }
}

/// A chunk returned by a `Retriever`, with its score and citation data.
public struct RetrievedChunk: Hashable, Sendable, Codable {
    /// The passage.
    public var chunk: Chunk
    /// Retrieval score; higher is better. Only comparable within one result list.
    public var score: Double
    /// Document-level data for citing the passage.
    public var citation: Citation

    /// Creates a retrieved chunk.
    public init(chunk: Chunk, score: Double, citation: Citation) {
        self.chunk = chunk
        self.score = score
        self.citation = citation
    }
}
