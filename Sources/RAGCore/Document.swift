public import Foundation

/// The identity of a document in a knowledge base.
///
/// An arXiv paper's identity is its id without version (`arxiv:2303.12712`), so its PDF, its LaTeX
/// source and its v1/v2 are one document; any other document is identified by its source URI.
public struct DocumentID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The identifier text, e.g. `arxiv:2303.12712`, `local:3f2a9c1b7e4d5a60/notes.pdf` or `https://ihep.ac.cn/a.html`.
    public var rawValue: String
    /// Wraps an identifier text.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Wraps an identifier text.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    /// The identifier text.
    public var description: String { rawValue }
}

/// Bibliographic and provenance metadata of a parsed document.
public struct DocumentMetadata: Hashable, Sendable, Codable {
    /// Title, from the document info, first page, `<title>` or `citation_title`.
    public var title: String?
    /// Author names in the order given.
    public var authors: [String]
    /// Abstract, when the source states one.
    public var abstract: String?
    /// arXiv identifier without version, e.g. `2303.12712` or `hep-ex/0101001`.
    public var arxivID: String?
    /// arXiv version number (2 for `v2`), when known.
    public var arxivVersion: Int?
    /// arXiv or other subject categories; the primary one first.
    public var categories: [String]
    /// Publication or submission date as ISO 8601 (`2023-03-22`), when known.
    public var date: String?
    /// DOI, when known.
    public var doi: String?
    /// BCP-47 language of the main text (`en`, `zh`), when detected.
    public var language: String?
    /// Links found in the document (HTML `href`s), absolute where possible.
    public var links: [String]
    /// Anything else a loader wants to keep (e.g. `producer`, `journal-ref`).
    public var extra: [String: String]

    /// Creates metadata; every field is optional.
    public init(
        title: String? = nil, authors: [String] = [], abstract: String? = nil, arxivID: String? = nil,
        arxivVersion: Int? = nil, categories: [String] = [], date: String? = nil, doi: String? = nil,
        language: String? = nil, links: [String] = [], extra: [String: String] = [:]
    ) {
        self.title = title
        self.authors = authors
        self.abstract = abstract
        self.arxivID = arxivID
        self.arxivVersion = arxivVersion
        self.categories = categories
        self.date = date
        self.doi = doi
        self.language = language
        self.links = links
        self.extra = extra
    }

    /// The year of `date`, if it starts with four digits.
    public var year: Int? {
        guard let date, date.count >= 4 else { return nil }
        return Int(date.prefix(4))
    }

    /// This metadata, with the fields it leaves empty taken from `other` (e.g. an arXiv API entry's metadata
    /// completed by what the PDF parser found). Extra keys of `self` win.
    public func filling(from other: DocumentMetadata) -> DocumentMetadata {
        var merged = self
        merged.title = title ?? other.title
        if authors.isEmpty { merged.authors = other.authors }
        merged.abstract = abstract ?? other.abstract
        merged.arxivID = arxivID ?? other.arxivID
        merged.arxivVersion = arxivVersion ?? other.arxivVersion
        if categories.isEmpty { merged.categories = other.categories }
        merged.date = date ?? other.date
        merged.doi = doi ?? other.doi
        merged.language = language ?? other.language
        if links.isEmpty { merged.links = other.links }
        merged.extra = other.extra.merging(extra) { _, mine in mine }
        return merged
    }
}

/// One page of a parsed document. HTML, text and LaTeX documents have a single page 1.
public struct Page: Hashable, Sendable, Codable {
    /// 1-based page number.
    public var number: Int
    /// Cleaned text of the page in reading order; chunk offsets point into it.
    public var text: String
    /// Creates a page.
    public init(number: Int, text: String) {
        self.number = number
        self.text = text
    }
}

/// A heading found in a document.
public struct Section: Hashable, Sendable, Codable {
    /// Heading text, e.g. `2.1 Event selection`.
    public var title: String
    /// Nesting depth, 1 for top-level sections.
    public var level: Int
    /// Page on which the heading appears.
    public var page: Int
    /// Offset of the heading in that page's text, in Unicode scalars.
    public var offset: Int
    /// Creates a section heading.
    public init(title: String, level: Int, page: Int, offset: Int) {
        self.title = title
        self.level = level
        self.page = page
        self.offset = offset
    }
}

/// A parsed document: what a `DocumentLoader` produces and a `Chunker` consumes.
public struct Document: Hashable, Sendable, Codable {
    /// Where the document came from: a `file://`, `http(s)://` or `arxiv:` URI, or an upload name.
    public var source: String
    /// The format the loader read (`pdf`, `html`, `latex`, `text`, `markdown`, `atom`).
    public var format: String
    /// Bibliographic metadata.
    public var metadata: DocumentMetadata
    /// Pages in order; never empty for a successfully loaded document.
    public var pages: [Page]
    /// Headings in document order.
    public var sections: [Section]
    /// The identity when it is not the source: a local file's (`local:<hash of its path>/<name>`, set by the
    /// knowledge base), so that no id shows where the file sits on the server. Nil: the source is the identity.
    public var identity: DocumentID?

    /// Creates a document.
    public init(source: String, format: String, metadata: DocumentMetadata = .init(), pages: [Page], sections: [Section] = []) {
        self.source = source
        self.format = format
        self.metadata = metadata
        self.pages = pages
        self.sections = sections
    }

    /// The identity: the arXiv id when known, else `identity` when set, else the source.
    public var id: DocumentID {
        if let arxiv = metadata.arxivID { return DocumentID("arxiv:\(arxiv)") }
        return identity ?? DocumentID(source)
    }

    /// How a stored source is shown to clients when nothing else is known of it: a local file (`file:` URL or
    /// absolute path) by its name (`file:///srv/papers/higgs%20mass.pdf` → `higgs mass.pdf`), never the server's
    /// path; URLs, arXiv ids and `upload:` names as they are.
    public static func shownName(ofSource source: String) -> String {
        guard source.hasPrefix("file:") || source.hasPrefix("/"), let name = source.split(separator: "/").last else { return source }
        return name.removingPercentEncoding ?? String(name)
    }

    /// All page texts joined by blank lines.
    public var fullText: String { pages.map(\.text).joined(separator: "\n\n") }
}
