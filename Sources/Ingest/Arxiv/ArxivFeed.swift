public import RAGCore

/// One paper in an arXiv API Atom feed or an OAI-PMH response.
public struct ArxivFeedEntry: Codable, Sendable, Hashable {
    /// Identifier, with the version when the feed states it (Atom does, OAI-PMH `arXiv` format does not).
    public var id: ArxivID
    /// Title with whitespace collapsed.
    public var title: String
    /// Author names, "Forenames Keyname" for OAI-PMH.
    public var authors: [String]
    /// Abstract with whitespace collapsed.
    public var abstract: String
    /// Categories; the primary one first.
    public var categories: [String]
    /// First submission date (Atom `published`, OAI `created`), ISO 8601.
    public var published: String?
    /// Date of the latest version (Atom `updated`, OAI `updated`), ISO 8601.
    public var updated: String?
    /// DOI of the published version.
    public var doi: String?
    /// Journal reference.
    public var journalReference: String?
    /// Author comment ("12 pages, 5 figures").
    public var comment: String?
    /// Licence URL.
    public var license: String?
    /// Links: abs page, PDF, DOI.
    public var links: [String]

    /// The entry as document metadata.
    public var metadata: DocumentMetadata {
        var extra: [String: String] = [:]
        if let journalReference { extra["journal-ref"] = journalReference }
        if let comment { extra["comment"] = comment }
        if let license { extra["license"] = license }
        if let updated { extra["updated"] = updated }
        return DocumentMetadata(
            title: title, authors: authors, abstract: abstract, arxivID: id.identifier, arxivVersion: id.version,
            categories: categories, date: published.map { String($0.prefix(10)) }, doi: doi, language: "en", links: links, extra: extra)
    }
}

/// A parsed feed page: its entries and where the next page starts.
public struct ArxivFeed: Codable, Sendable, Hashable {
    /// Which protocol the response came from.
    public enum Kind: String, Codable, Sendable {
        /// arXiv API (`export.arxiv.org/api/query`), Atom 1.0 with OpenSearch fields.
        case atom
        /// OAI-PMH (`export.arxiv.org/oai2`) `GetRecord` or `ListRecords`.
        case oaiPMH
    }

    /// Protocol of the response.
    public var kind: Kind
    /// Papers on this page, in feed order.
    public var entries: [ArxivFeedEntry]
    /// OpenSearch `totalResults` (Atom) or `completeListSize` (OAI-PMH), when stated.
    public var totalResults: Int?
    /// OpenSearch `startIndex` (Atom) or the resumption `cursor` (OAI-PMH).
    public var startIndex: Int?
    /// OpenSearch `itemsPerPage`.
    public var itemsPerPage: Int?
    /// OAI-PMH resumption token for the next page; nil or empty on the last page.
    public var resumptionToken: String?

    /// Whether another page follows.
    public var hasMore: Bool {
        if let resumptionToken { return !resumptionToken.isEmpty }
        if let totalResults, let startIndex {
            return startIndex + entries.count < totalResults && !entries.isEmpty
        }
        return false
    }
}
