public import Foundation
public import Ingest
public import KnowledgeBase
public import RAGCore

/// "Fetch, then ingest" in one place: a URL or arXiv id goes through the guarded fetcher (arXiv papers from the
/// configured mirror) and into the knowledge base. `hepchain index`, `hepchain parse` and the server's
/// `POST /v1/documents {"url": …}` and `/v1/ask {"documents": […]}` all come through here.
public struct DocumentIntake: Sendable {
    /// The knowledge base documents go into.
    public let knowledgeBase: KnowledgeBase
    /// The fetcher with the private-address guard.
    public let fetcher: Fetcher
    /// Where arXiv papers and API queries go.
    public let arxiv: ArxivEndpoints

    /// Creates an intake.
    public init(knowledgeBase: KnowledgeBase, fetcher: Fetcher, arxiv: ArxivEndpoints) {
        self.knowledgeBase = knowledgeBase
        self.fetcher = fetcher
        self.arxiv = arxiv
    }

    /// The bytes of a URL, or of an arXiv paper by id (its LaTeX source when arXiv has one, else its PDF).
    public func download(_ location: String) async throws -> DocumentDownload {
        try await fetcher.fetchDocument(location, arxiv: arxiv)
    }

    /// Fetches `location` and ingests it into `collection`; returns the outcome and the bytes it stored.
    /// `metadata` (an arXiv API entry's, when harvested) takes precedence over what the parser finds.
    public func ingest(
        location: String, into collection: String, metadata: DocumentMetadata? = nil, reindex: Bool = false
    ) async throws -> (outcome: IngestOutcome, download: DocumentDownload) {
        let download = try await download(location)
        let outcome = try await knowledgeBase.ingest(
            data: download.data, source: download.source, contentType: download.contentType, in: collection,
            metadata: metadata, reindex: reindex)
        return (outcome, download)
    }

    /// A harvester of arXiv API search results over this intake's fetcher and endpoint.
    public func harvester(delaySeconds: Double) -> ArxivHarvester {
        ArxivHarvester(fetcher: fetcher, endpoint: arxiv.api.absoluteString, delaySeconds: delaySeconds)
    }
}
