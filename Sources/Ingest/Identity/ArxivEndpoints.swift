public import Foundation

/// Where arXiv is reached: the API endpoint that answers search queries (Atom), and the site that serves abs
/// pages, PDFs and e-prints. The defaults are arXiv's own; a mirror, a caching proxy or a test server can stand
/// in for either.
///
/// Usage example:
/// ```swift
/// let mirror = ArxivEndpoints(api: URL(string: "http://127.0.0.1:8081/api/query")!, site: URL(string: "http://127.0.0.1:8081")!)
/// mirror.pdfURL(ArxivID(identifier: "2303.12712", version: 2))   // http://127.0.0.1:8081/pdf/2303.12712v2
/// ```
public struct ArxivEndpoints: Sendable, Hashable {
    /// The API query endpoint, `https://export.arxiv.org/api/query` by default.
    public let api: URL
    /// The site serving `/abs/`, `/pdf/` and `/e-print/`, `https://arxiv.org` by default.
    public let site: URL

    /// arXiv itself.
    public static let arxiv = ArxivEndpoints(
        api: URL(string: "https://export.arxiv.org/api/query") ?? URL(fileURLWithPath: "/"),
        site: URL(string: "https://arxiv.org") ?? URL(fileURLWithPath: "/"))

    /// Creates endpoints; `site` is the URL that `/abs/…`, `/pdf/…` and `/e-print/…` are appended to.
    public init(api: URL, site: URL) {
        self.api = api
        self.site = site
    }

    /// The abstract page of `id` on this site.
    public func absURL(_ id: ArxivID) -> URL { url("abs", id) }
    /// The PDF rendering of `id` on this site.
    public func pdfURL(_ id: ArxivID) -> URL { url("pdf", id) }
    /// The e-print (LaTeX source, or a PDF for PDF-only submissions) of `id` on this site.
    public func ePrintURL(_ id: ArxivID) -> URL { url("e-print", id) }

    private func url(_ kind: String, _ id: ArxivID) -> URL {
        var base = site.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        // Identifiers contain only [A-Za-z0-9.-/], so the URL always parses.
        return URL(string: "\(base)/\(kind)/\(id.versioned)") ?? site
    }
}
