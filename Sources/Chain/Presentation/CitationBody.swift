public import RAGCore

/// A citation as every interface shows it: the HTTP API's JSON, `hepchain --json` and the web page read this one
/// shape (`marker` is set for the `[n]` citations of an answer, nil for search hits).
public struct CitationBody: Codable, Sendable {
    /// The `[n]` marker, for citations of an answer.
    public var marker: Int?
    /// Document identity.
    public var documentId: String
    /// Chunk ordinal in the document.
    public var chunk: Int
    /// Document title.
    public var title: String?
    /// Source: a URL, an arXiv id, an `upload:` name, or a local file's name (`Citation.shownSource`).
    public var source: String
    /// arXiv id.
    public var arxivId: String?
    /// First page.
    public var pageStart: Int
    /// Last page.
    public var pageEnd: Int
    /// Section path.
    public var section: String?
    /// Supporting quote.
    public var quote: String?

    /// The API shape of a citation.
    public init(_ citation: Citation) {
        marker = citation.marker
        documentId = citation.chunkID.document.rawValue
        chunk = citation.chunkID.ordinal
        title = citation.title
        source = citation.shownSource
        arxivId = citation.arxivID
        pageStart = citation.pageStart
        pageEnd = citation.pageEnd
        section = citation.section
        quote = citation.quote
    }
}
