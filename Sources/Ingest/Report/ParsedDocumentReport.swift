public import RAGCore

/// What `hepchain parse --json` prints: the parsed document's metadata, its pages and sections, and its chunks.
///
/// Usage example:
/// ```swift
/// let report = ParsedDocumentReport(document: document, chunks: chunker.chunks(of: document))
/// let json = try JSONEncoder().encode(report)
/// ```
public struct ParsedDocumentReport: Codable, Sendable, Hashable {
    /// Identity and bibliographic metadata.
    public struct DocumentSummary: Codable, Sendable, Hashable {
        /// Identity (`arxiv:2303.12712` or the source).
        public var id: String
        /// Where the document came from.
        public var source: String
        /// The format the loader read.
        public var format: String
        /// Title, when found.
        public var title: String?
        /// Authors in order.
        public var authors: [String]
        /// arXiv id without version.
        public var arxivId: String?
        /// arXiv version.
        public var arxivVersion: Int?
        /// Abstract, when stated.
        public var abstract: String?
        /// Categories, primary first.
        public var categories: [String]
        /// ISO 8601 date.
        public var date: String?
        /// DOI.
        public var doi: String?
        /// Main language.
        public var language: String?
        /// Links found in the document.
        public var links: [String]
        /// Other metadata.
        public var extra: [String: String]
        /// Headings in order.
        public var sections: [Section]

        /// Writes every key, with `null` for missing values, so consumers see one stable shape.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(source, forKey: .source)
            try container.encode(format, forKey: .format)
            try container.encode(title, forKey: .title)
            try container.encode(authors, forKey: .authors)
            try container.encode(arxivId, forKey: .arxivId)
            try container.encode(arxivVersion, forKey: .arxivVersion)
            try container.encode(abstract, forKey: .abstract)
            try container.encode(categories, forKey: .categories)
            try container.encode(date, forKey: .date)
            try container.encode(doi, forKey: .doi)
            try container.encode(language, forKey: .language)
            try container.encode(links, forKey: .links)
            try container.encode(extra, forKey: .extra)
            try container.encode(sections, forKey: .sections)
        }
    }

    /// One page's number and text.
    public struct PageText: Codable, Sendable, Hashable {
        /// 1-based page number.
        public var number: Int
        /// Cleaned page text; chunk offsets point into it.
        public var text: String
    }

    /// One chunk with its citation data.
    public struct ChunkSummary: Codable, Sendable, Hashable {
        /// `document#ordinal`.
        public var id: String
        /// Position in the document.
        public var ordinal: Int
        /// First page.
        public var pageStart: Int
        /// Last page.
        public var pageEnd: Int
        /// Enclosing headings, outermost first.
        public var sectionPath: [String]
        /// Start offset in `pageStart`'s text (Unicode scalars).
        public var startOffset: Int
        /// End offset in `pageEnd`'s text (Unicode scalars, exclusive).
        public var endOffset: Int
        /// Language.
        public var language: String
        /// Wordpieces, when a counter was given.
        public var tokens: Int?
        /// Passage text.
        public var text: String
    }

    /// The document summary.
    public var document: DocumentSummary
    /// Pages in order.
    public var pages: [PageText]
    /// Chunks in order.
    public var chunks: [ChunkSummary]

    /// Builds the report; `counter` adds each chunk's wordpiece count.
    public init(document: Document, chunks: [Chunk], counter: (any TokenCounter)? = nil) {
        let metadata = document.metadata
        self.document = DocumentSummary(
            id: document.id.rawValue, source: document.source, format: document.format, title: metadata.title,
            authors: metadata.authors, arxivId: metadata.arxivID, arxivVersion: metadata.arxivVersion, abstract: metadata.abstract,
            categories: metadata.categories, date: metadata.date, doi: metadata.doi, language: metadata.language,
            links: metadata.links, extra: metadata.extra, sections: document.sections
        )
        self.pages = document.pages.map { PageText(number: $0.number, text: $0.text) }
        self.chunks = chunks.map {
            ChunkSummary(
                id: $0.id.description, ordinal: $0.id.ordinal, pageStart: $0.pageStart, pageEnd: $0.pageEnd,
                sectionPath: $0.sectionPath, startOffset: $0.startOffset, endOffset: $0.endOffset, language: $0.language,
                tokens: counter?.tokenCount($0.text), text: $0.text
            )
        }
    }

    /// A human-readable rendering for the terminal: metadata, sections, then each chunk with its citation data.
    public var plainText: String {
        var lines: [String] = []
        lines.append("id:       \(document.id)")
        lines.append("format:   \(document.format)")
        if let title = document.title { lines.append("title:    \(title)") }
        if !document.authors.isEmpty { lines.append("authors:  \(document.authors.joined(separator: "; "))") }
        if let date = document.date { lines.append("date:     \(date)") }
        if let doi = document.doi { lines.append("doi:      \(doi)") }
        lines.append("pages:    \(pages.count)")
        lines.append("sections:")
        for section in document.sections {
            lines.append("  \(String(repeating: "  ", count: max(0, section.level - 1)))\(section.title)  (p. \(section.page))")
        }
        lines.append("chunks:   \(chunks.count)")
        for chunk in chunks {
            let pages = chunk.pageStart == chunk.pageEnd ? "p. \(chunk.pageStart)" : "pp. \(chunk.pageStart)–\(chunk.pageEnd)"
            let tokens = chunk.tokens.map { ", \($0) tokens" } ?? ""
            lines.append("--- #\(chunk.ordinal) \(pages) [\(chunk.startOffset)..<\(chunk.endOffset)] \(chunk.sectionPath.joined(separator: " > "))\(tokens)")
            lines.append(chunk.text)
        }
        return lines.joined(separator: "\n")
    }
}
