public import Foundation

/// Bytes of a document to ingest, with the source URI it will be stored under.
public struct DocumentDownload: Sendable {
    /// Document bytes.
    public var data: Data
    /// Source URI recorded with the document (an arXiv paper's is its versioned abs URL).
    public var source: String
    /// Declared content type, if any.
    public var contentType: String?
}

extension Fetcher {
    /// Fetches a URL, or an arXiv paper by id: its LaTeX source when arXiv has one, else its PDF.
    ///
    /// Papers are downloaded from `arxiv.site` (arXiv, or a mirror); the source recorded with them is always the
    /// canonical `https://arxiv.org/abs/…` URL, so a paper is the same document whichever mirror it came from.
    public func fetchDocument(_ location: String, arxiv: ArxivEndpoints = .arxiv) async throws -> DocumentDownload {
        let trimmed = location.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmed.hasPrefix("http://") && !trimmed.hasPrefix("https://") {
            let id = try ArxivID(parsing: trimmed)
            return try await fetchArxiv(id, from: arxiv)
        }
        guard let url = URL(string: trimmed) else {
            throw IngestError.blockedURL(url: String(trimmed.prefix(200)), reason: "it is not a valid URL")
        }
        if let id = ArxivID(url: url), url.host?.hasSuffix("arxiv.org") == true, url.path.hasPrefix("/abs/") {
            return try await fetchArxiv(id, from: arxiv)
        }
        let resource = try await fetch(url)
        return DocumentDownload(data: resource.data, source: resource.finalURL.absoluteString, contentType: resource.contentType)
    }

    private func fetchArxiv(_ id: ArxivID, from arxiv: ArxivEndpoints) async throws -> DocumentDownload {
        let source = id.absURL.absoluteString
        // The e-print is a LaTeX tarball or gzipped .tex for most papers, and a PDF for PDF-only submissions.
        if let eprint = try? await fetch(arxiv.ePrintURL(id)), !eprint.data.isEmpty {
            return DocumentDownload(data: eprint.data, source: source, contentType: eprint.contentType)
        }
        try Task.checkCancellation()
        let pdf = try await fetch(arxiv.pdfURL(id))
        return DocumentDownload(data: pdf.data, source: source, contentType: pdf.contentType ?? "application/pdf")
    }
}
