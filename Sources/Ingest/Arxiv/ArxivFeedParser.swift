public import Foundation
public import RAGCore

/// Parses arXiv API Atom feeds and OAI-PMH `GetRecord`/`ListRecords` responses (`arXiv` and `oai_dc` formats)
/// into entries with pagination; error responses become `IngestError.feedError`.
///
/// Elements are matched by local name, so records that omit their namespace declaration parse too. The XML is
/// parsed with network access, DTD loading and entity substitution off.
///
/// Usage example:
/// ```swift
/// let feed = try ArxivFeedParser().parse(data, source: "oai2?verb=ListRecords&set=physics:hep-ex")
/// for entry in feed.entries { print(entry.id, entry.title) }
/// if let token = feed.resumptionToken, !token.isEmpty { /* fetch the next page */ }
/// ```
public struct ArxivFeedParser: Sendable {
    /// Creates a parser.
    public init() {}

    /// Parses one response page.
    public func parse(_ data: Data, source: String) throws(IngestError) -> ArxivFeed {
        let name = FileProbe.displayName(source)
        if data.isEmpty { throw .emptyInput(source: name) }
        let root = try MarkupParser.parseXML(data, source: name)
        switch root.name {
        case "feed": return try parseAtom(root, source: name)
        case "OAI-PMH": return try parseOAI(root, source: name)
        default: throw .malformed(source: name, reason: "the root element is <\(root.name)>, not an Atom <feed> or <OAI-PMH>")
        }
    }

    /// The feed as a document: one page per entry (`ArxivFeedEntry.pageText`: title, record, abstract), metadata of the entry when there is one.
    public func document(from data: Data, source: String) throws(IngestError) -> Document {
        let feed = try parse(data, source: source)
        guard !feed.entries.isEmpty else { throw .malformed(source: FileProbe.displayName(source), reason: "the feed has no entries") }
        let pages = feed.entries.enumerated().map { Page(number: $0.offset + 1, text: $0.element.pageText) }
        let metadata = feed.entries.count == 1 ? feed.entries[0].metadata : DocumentMetadata(title: "arXiv feed (\(feed.entries.count) entries)", language: "en")
        let sections = feed.entries.enumerated().map { Section(title: $0.element.title, level: 1, page: $0.offset + 1, offset: 0) }
        return Document(source: source, format: "atom", metadata: metadata, pages: pages, sections: sections)
    }

    // MARK: - Atom (arXiv API)

    private func parseAtom(_ feed: MarkupElement, source: String) throws(IngestError) -> ArxivFeed {
        var entries: [ArxivFeedEntry] = []
        for entry in feed.elements(named: "entry") {
            let idText = text(entry, "id")
            if idText.contains("/api/errors") {
                let code = idText.split(separator: "#").last.map(String.init) ?? "error"
                throw .feedError(source: source, code: code, message: text(entry, "summary"))
            }
            guard let url = URL(string: idText), let id = ArxivID(url: url) ?? ArxivID(text: idText) else {
                throw .malformed(source: source, reason: "entry id '\(idText.prefix(80))' is not an arXiv identifier")
            }
            let primary = entry.element(named: "primary_category")?.attributes["term"]
            var categories = entry.elements(named: "category").compactMap { $0.attributes["term"] }
            if let primary {
                categories.removeAll { $0 == primary }
                categories.insert(primary, at: 0)
            }
            let links = entry.elements(named: "link").compactMap { $0.attributes["href"] }
            entries.append(
                ArxivFeedEntry(
                    id: id, title: text(entry, "title"), authors: entry.elements(named: "author").map { text($0, "name") },
                    abstract: text(entry, "summary"), categories: categories, published: optionalText(entry, "published"),
                    updated: optionalText(entry, "updated"), doi: optionalText(entry, "doi"), journalReference: optionalText(entry, "journal_ref"),
                    comment: optionalText(entry, "comment"), license: nil, links: links))
        }
        return ArxivFeed(
            kind: .atom, entries: entries, totalResults: Int(text(feed, "totalResults")), startIndex: Int(text(feed, "startIndex")),
            itemsPerPage: Int(text(feed, "itemsPerPage")), resumptionToken: nil)
    }

    // MARK: - OAI-PMH

    private func parseOAI(_ root: MarkupElement, source: String) throws(IngestError) -> ArxivFeed {
        if let error = root.element(named: "error") {
            let code = error.attributes["code"] ?? "error"
            // noRecordsMatch is an empty result, not a failure.
            if code == "noRecordsMatch" { return ArxivFeed(kind: .oaiPMH, entries: [], totalResults: 0) }
            throw .feedError(source: source, code: code, message: collapse(error.textContent))
        }
        guard let container = root.element(named: "ListRecords") ?? root.element(named: "GetRecord") else {
            throw .malformed(source: source, reason: "the OAI-PMH response has neither ListRecords nor GetRecord")
        }
        var entries: [ArxivFeedEntry] = []
        for record in container.elements(named: "record") {
            if record.element(named: "header")?.attributes["status"] == "deleted" { continue }
            guard let metadata = record.element(named: "metadata")?.childElements.first else { continue }
            let headerID = record.element(named: "header").map { text($0, "identifier") } ?? ""
            if let entry = try oaiEntry(metadata, headerID: headerID, source: source) { entries.append(entry) }
        }
        var feed = ArxivFeed(kind: .oaiPMH, entries: entries)
        if let token = container.element(named: "resumptionToken") {
            feed.resumptionToken = collapse(token.textContent)
            feed.totalResults = token.attributes["completeListSize"].flatMap { Int($0) }
            feed.startIndex = token.attributes["cursor"].flatMap { Int($0) }
        }
        return feed
    }

    private func oaiEntry(_ metadata: MarkupElement, headerID: String, source: String) throws(IngestError) -> ArxivFeedEntry? {
        switch metadata.name {
        case "arXiv", "arXivRaw":
            let idText = text(metadata, "id")
            guard let id = ArxivID(text: idText.isEmpty ? headerID : idText) else {
                throw .malformed(source: source, reason: "record id '\(idText.prefix(80))' is not an arXiv identifier")
            }
            let authors: [String]
            if let list = metadata.element(named: "authors"), !list.childElements.isEmpty {
                authors = list.elements(named: "author").map {
                    [text($0, "forenames"), text($0, "keyname"), text($0, "suffix")].filter { !$0.isEmpty }.joined(separator: " ")
                }
            } else {
                authors = PDFMetadataReader.splitAuthors(text(metadata, "authors"))
            }
            let versions = metadata.elements(named: "version").compactMap { $0.attributes["version"] }
            let version = versions.last.flatMap { Int($0.dropFirst()) }
            return ArxivFeedEntry(
                id: ArxivID(identifier: id.identifier, version: id.version ?? version), title: text(metadata, "title"), authors: authors,
                abstract: text(metadata, "abstract"), categories: text(metadata, "categories").split(separator: " ").map(String.init),
                published: optionalText(metadata, "created"), updated: optionalText(metadata, "updated"), doi: optionalText(metadata, "doi"),
                journalReference: optionalText(metadata, "journal-ref"), comment: optionalText(metadata, "comments"),
                license: optionalText(metadata, "license"), links: ["https://arxiv.org/abs/\(id.versioned)"])
        case "dc":
            let identifiers = metadata.elements(named: "identifier").map { collapse($0.textContent) }
            guard let id = identifiers.lazy.compactMap({ URL(string: $0).flatMap(ArxivID.init(url:)) }).first ?? ArxivID(text: headerID) else {
                return nil
            }
            let dates = metadata.elements(named: "date").map { collapse($0.textContent) }
            return ArxivFeedEntry(
                id: id, title: text(metadata, "title"), authors: metadata.elements(named: "creator").map { collapse($0.textContent) },
                abstract: text(metadata, "description"), categories: [], published: dates.first, updated: dates.count > 1 ? dates.last : nil,
                doi: nil, journalReference: nil, comment: nil, license: nil, links: identifiers.filter { $0.hasPrefix("http") })
        default:
            return nil
        }
    }

    // MARK: - Helpers

    private func text(_ element: MarkupElement, _ name: String) -> String {
        element.element(named: name).map { collapse($0.textContent) } ?? ""
    }

    private func optionalText(_ element: MarkupElement, _ name: String) -> String? {
        let value = text(element, name)
        return value.isEmpty ? nil : value
    }

    private func collapse(_ text: String) -> String {
        TextNormalizer.collapseSpaces(TextNormalizer.normalize(text).replacingOccurrences(of: "\n", with: " ")[...])
    }
}
