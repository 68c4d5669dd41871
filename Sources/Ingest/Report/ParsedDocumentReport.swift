public import RAGCore

/// What `hepchain parse --json` prints: the parsed document's metadata, its pages and sections, and its chunks.
///
/// The JSON is written from the `Document` and its `Chunk`s themselves, with every metadata key present (`null`
/// when missing) so consumers see one stable shape:
/// `{"document": {"id", "source", "format", "title", "authors", "arxivId", "arxivVersion", "abstract",
/// "categories", "date", "doi", "language", "links", "extra", "sections"}, "pages": [{"number", "text"}],
/// "chunks": [{"id", "ordinal", "pageStart", "pageEnd", "sectionPath", "startOffset", "endOffset", "language",
/// "tokens", "text"}]}` (`tokens` only when a counter was given).
///
/// Usage example:
/// ```swift
/// let report = ParsedDocumentReport(document: document, chunks: chunker.chunks(of: document))
/// let json = try JSONEncoder().encode(report)
/// ```
public struct ParsedDocumentReport: Encodable, Sendable {
    /// The parsed document.
    public var document: Document
    /// Its chunks, in order.
    public var chunks: [Chunk]
    /// Each chunk's wordpiece count, when a counter was given.
    public var tokenCounts: [Int]?

    /// Builds the report; `counter` adds each chunk's wordpiece count.
    public init(document: Document, chunks: [Chunk], counter: (any TokenCounter)? = nil) {
        self.document = document
        self.chunks = chunks
        self.tokenCounts = counter.map { counter in chunks.map { counter.tokenCount($0.text) } }
    }

    public func encode(to encoder: any Encoder) throws {
        var report = encoder.container(keyedBy: Key.self)
        var summary = report.nestedContainer(keyedBy: Key.self, forKey: "document")
        let metadata = document.metadata
        try summary.encode(document.id.rawValue, forKey: "id")
        try summary.encode(document.source, forKey: "source")
        try summary.encode(document.format, forKey: "format")
        try summary.encode(metadata.title, forKey: "title")
        try summary.encode(metadata.authors, forKey: "authors")
        try summary.encode(metadata.arxivID, forKey: "arxivId")
        try summary.encode(metadata.arxivVersion, forKey: "arxivVersion")
        try summary.encode(metadata.abstract, forKey: "abstract")
        try summary.encode(metadata.categories, forKey: "categories")
        try summary.encode(metadata.date, forKey: "date")
        try summary.encode(metadata.doi, forKey: "doi")
        try summary.encode(metadata.language, forKey: "language")
        try summary.encode(metadata.links, forKey: "links")
        try summary.encode(metadata.extra, forKey: "extra")
        try summary.encode(document.sections, forKey: "sections")
        try report.encode(document.pages, forKey: "pages")
        var list = report.nestedUnkeyedContainer(forKey: "chunks")
        for (index, chunk) in chunks.enumerated() {
            var item = list.nestedContainer(keyedBy: Key.self)
            try item.encode(chunk.id.description, forKey: "id")
            try item.encode(chunk.id.ordinal, forKey: "ordinal")
            try item.encode(chunk.pageStart, forKey: "pageStart")
            try item.encode(chunk.pageEnd, forKey: "pageEnd")
            try item.encode(chunk.sectionPath, forKey: "sectionPath")
            try item.encode(chunk.startOffset, forKey: "startOffset")
            try item.encode(chunk.endOffset, forKey: "endOffset")
            try item.encode(chunk.language, forKey: "language")
            try item.encodeIfPresent(tokenCounts?[index], forKey: "tokens")
            try item.encode(chunk.text, forKey: "text")
        }
    }

    /// A JSON key written as a string literal.
    private struct Key: CodingKey, ExpressibleByStringLiteral {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
        init(stringLiteral value: String) { stringValue = value }
    }
}
