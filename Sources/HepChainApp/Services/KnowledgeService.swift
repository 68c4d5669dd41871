public import Foundation
public import RAGCore
import KnowledgeBase

/// A collection as the API reports it.
public struct CollectionSummary: Codable, Sendable, Hashable {
    /// Collection name.
    public var name: String
    /// Embedding model the collection's vectors come from.
    public var model: String
    /// Vector dimension.
    public var dimension: Int
    /// Number of documents.
    public var documents: Int
    /// Number of chunks.
    public var chunks: Int
    /// Creates a collection summary.
    public init(name: String, model: String, dimension: Int, documents: Int, chunks: Int) {
        self.name = name
        self.model = model
        self.dimension = dimension
        self.documents = documents
        self.chunks = chunks
    }
}

/// A stored document as the API reports it.
public struct DocumentSummary: Codable, Sendable, Hashable {
    /// Document identity.
    public var id: String
    /// Title, when known.
    public var title: String?
    /// Source URI.
    public var source: String
    /// arXiv id, when the document is a paper.
    public var arxivId: String?
    /// arXiv version, when known.
    public var arxivVersion: Int?
    /// Authors.
    public var authors: [String]
    /// Categories.
    public var categories: [String]
    /// Year, when known.
    public var year: Int?
    /// Language of the main text.
    public var language: String?
    /// Format the loader read.
    public var format: String
    /// Number of chunks.
    public var chunks: Int
    /// When the bytes were fetched or read (ISO 8601).
    public var addedAt: String?
    /// Whether `GET /v1/documents/{id}/original` can serve the bytes the document was parsed from.
    public var hasOriginal: Bool?
    /// Number of pages (the last page a chunk reaches); only in `GET /v1/documents/{id}`.
    public var pages: Int?
    /// Creates a document summary.
    public init(
        id: String, title: String?, source: String, arxivId: String?, arxivVersion: Int?, authors: [String],
        categories: [String], year: Int?, language: String?, format: String, chunks: Int, addedAt: String? = nil,
        hasOriginal: Bool? = nil
    ) {
        self.id = id
        self.title = title
        self.source = source
        self.arxivId = arxivId
        self.arxivVersion = arxivVersion
        self.authors = authors
        self.categories = categories
        self.year = year
        self.language = language
        self.format = format
        self.chunks = chunks
        self.addedAt = addedAt
        self.hasOriginal = hasOriginal
    }
}

extension DocumentSummary {
    /// A stored document as the API shows it (`hasOriginal` unset).
    public init(_ document: StoredDocument) {
        self.init(
            id: document.id.rawValue, title: document.metadata.title, source: Self.shownSource(of: document),
            arxivId: document.metadata.arxivID, arxivVersion: document.metadata.arxivVersion,
            authors: document.metadata.authors, categories: document.metadata.categories, year: document.metadata.year,
            language: document.metadata.language, format: document.format,
            chunks: document.chunkCount, addedAt: document.fetchedAt)
    }

    /// A stored document with `hasOriginal` read from the data folder's originals.
    init(_ document: StoredDocument, originals: OriginalFiles) {
        self.init(document)
        hasOriginal = originals.exists(for: document)
    }

    /// The rows of a listing: `GET /v1/documents` and `hepchain documents --json` (with the data folder whose
    /// `originals/` says `hasOriginal`) print these same objects.
    public static func listing(_ documents: [StoredDocument], dataFolder: String) -> [DocumentSummary] {
        listing(documents, originals: OriginalFiles(dataFolder: URL(fileURLWithPath: dataFolder)))
    }

    static func listing(_ documents: [StoredDocument], originals: OriginalFiles) -> [DocumentSummary] {
        documents.map { DocumentSummary($0, originals: originals) }
    }

    /// The source as API clients see it: a local file's path relative to the folder it was indexed from (its
    /// name for files indexed before that was recorded), never the server's absolute path; URLs, arXiv ids and
    /// `upload:` names as they are.
    static func shownSource(of document: StoredDocument) -> String {
        let source = document.source
        guard source.hasPrefix("file:") || source.hasPrefix("/") else { return source }
        if let shown = document.metadata.extra[KnowledgeBase.shownPathKey], !shown.hasPrefix("/") { return shown }
        return Document.shownName(ofSource: source)
    }
}

/// What happened to one ingested source.
public struct IngestResult: Codable, Sendable, Hashable {
    /// `added`, `unchanged` (same content already stored), `replaced` (older content or version replaced), `olderVersion` (a newer version is stored) or `failed`.
    public var status: String
    /// The source as given.
    public var source: String
    /// The stored document, when the source was indexed or already present.
    public var document: DocumentSummary?
    /// Why it failed.
    public var error: String?
    /// Creates an outcome.
    public init(status: String, source: String, document: DocumentSummary? = nil, error: String? = nil) {
        self.status = status
        self.source = source
        self.document = document
        self.error = error
    }
}

/// Counters for `/metrics` and `/healthz`.
public struct KnowledgeStats: Codable, Sendable, Hashable {
    /// Documents over all collections.
    public var documents: Int
    /// Chunks over all collections.
    public var chunks: Int
    /// Bytes the vector indexes use in memory.
    public var indexBytes: Int
    /// Creates stats.
    public init(documents: Int, chunks: Int, indexBytes: Int) {
        self.documents = documents
        self.chunks = chunks
        self.indexBytes = indexBytes
    }
}

/// What the HTTP layer needs from the knowledge base. `KnowledgeBaseService` adapts the real one.
public protocol KnowledgeService: Sendable {
    /// All collections.
    func collections() async throws -> [CollectionSummary]
    /// Creates a collection (conflict if it exists).
    func createCollection(_ name: String) async throws -> CollectionSummary
    /// Deletes a collection and everything in it (not found if absent).
    func deleteCollection(_ name: String) async throws
    /// Documents of a collection.
    func documents(in collection: String) async throws -> [DocumentSummary]
    /// One document (not found if absent).
    func document(_ id: String, in collection: String) async throws -> DocumentSummary
    /// Deletes a document and its chunks and vectors (not found if absent).
    func deleteDocument(_ id: String, in collection: String) async throws
    /// Parses, chunks, embeds and stores uploaded bytes; `file`, when given, holds exactly `data` (the upload's
    /// scratch file) and a PDF is parsed from it in place.
    func ingest(data: Data, source: String, contentType: String?, file: URL?, into collection: String) async throws -> IngestResult
    /// Fetches a URL or arXiv id through the guarded fetcher and ingests it.
    func ingest(location: String, into collection: String) async throws -> IngestResult
    /// Retrieves chunks from a collection.
    func search(_ query: RetrievalQuery, in collection: String) async throws -> [RetrievedChunk]
    /// Totals for monitoring.
    func stats() async throws -> KnowledgeStats
    /// The bytes a document was parsed from (not found if the document or its bytes are absent).
    func original(_ id: String, in collection: String) async throws -> OriginalFile
}

extension KnowledgeService {
    /// Parses, chunks, embeds and stores bytes that are in memory only.
    public func ingest(data: Data, source: String, contentType: String?, into collection: String) async throws -> IngestResult {
        try await ingest(data: data, source: source, contentType: contentType, file: nil, into: collection)
    }

    /// Services that keep no originals answer "not found".
    public func original(_ id: String, in collection: String) async throws -> OriginalFile {
        throw ServiceError(.notFound, "The original of document '\(id.prefix(200))' is not kept by this server.")
    }
}
