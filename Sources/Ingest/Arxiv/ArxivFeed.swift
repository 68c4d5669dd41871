import Foundation
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

    /// The entry as a page of text, laid out as arXiv's abstract page reads: the title, a record of who wrote it,
    /// when and where it appeared (authors, identifier and category, dates, journal reference, DOI, the authors'
    /// comment), then the abstract. The record is text, not only metadata, so "who wrote arXiv:1305.0014?", "how
    /// many tables does it have?" or "when was it submitted?" are searched and quoted like any sentence.
    public var pageText: String {
        var record: [String] = []
        if !authors.isEmpty { record.append("Authors: \(authors.joined(separator: ", ")).") }
        // Each line opens with a capital, so sentence splitting keeps it apart from the one before.
        var identity = published.map { "Submitted to arXiv on \($0.prefix(10)) as " } ?? "On arXiv as "
        identity += "arXiv:\(id.identifier)"
        if let primary = categories.first { identity += " [\(primary)]" }
        if let published, let updated, updated.prefix(10) != published.prefix(10) { identity += ", latest version \(updated.prefix(10))" }
        record.append(identity + ".")
        if let journalReference { record.append("Journal reference: \(journalReference.trimmingCharacters(in: .whitespaces.union(.init(charactersIn: "."))))." ) }
        if let doi { record.append("DOI: \(doi).") }
        if let comment { record.append("Comments: \(comment.trimmingCharacters(in: .whitespaces.union(.init(charactersIn: "."))))." ) }
        return "\(title)\n\n\(record.joined(separator: "\n"))\n\n\(abstract)"
    }

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
