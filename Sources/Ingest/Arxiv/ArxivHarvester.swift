public import Foundation

/// Harvests paper ids from the arXiv API (Atom feed), page by page with a polite delay.
///
/// arXiv's API now and then drops a connection, answers 503, or returns an empty page in the middle of a result
/// set; a page that fails in one of these ways is asked for again after the delay, up to `attempts` times in all
/// (the `arxiv` Python client does the same with its three retries).
public struct ArxivHarvester: Sendable {
    /// Fetcher used for the API calls.
    public let fetcher: Fetcher
    /// API endpoint, `https://export.arxiv.org/api/query` by default (`ArxivEndpoints.api`).
    public let endpoint: String
    /// Seconds between requests, retries included.
    public let delaySeconds: Double
    /// Entries per request.
    public let pageSize: Int
    /// Tries per page before the harvest fails.
    public let attempts: Int

    /// Creates a harvester.
    public init(
        fetcher: Fetcher, endpoint: String = "https://export.arxiv.org/api/query", delaySeconds: Double = 3, pageSize: Int = 50,
        attempts: Int = 4
    ) {
        self.fetcher = fetcher
        self.endpoint = endpoint
        self.delaySeconds = delaySeconds
        self.pageSize = pageSize
        self.attempts = max(1, attempts)
    }

    /// Up to `max` entries matching `query`, in the API's order.
    public func search(query: String, max: Int, log: (String) -> Void = { _ in }) async throws -> [ArxivFeedEntry] {
        var entries: [ArxivFeedEntry] = []
        var start = 0
        while entries.count < max {
            if start > 0 { try await Task.sleep(for: .seconds(delaySeconds)) }
            var components = URLComponents(string: endpoint)
            components?.queryItems = [
                URLQueryItem(name: "search_query", value: query), URLQueryItem(name: "start", value: String(start)),
                URLQueryItem(name: "max_results", value: String(min(pageSize, max - entries.count))),
            ]
            guard let url = components?.url else { throw IngestError.blockedURL(url: endpoint, reason: "it is not a valid URL") }
            let page = try await fetchPage(url, expectingEntries: start == 0 ? nil : start, log: log)
            entries += page.entries
            log("arXiv: \(entries.count) of \(page.totalResults.map(String.init) ?? "?") entries")
            guard page.hasMore, !page.entries.isEmpty else { break }
            start += page.entries.count
        }
        return Array(entries.prefix(max))
    }

    /// One page, tried again after the delay when the failure is transient. A page after the first
    /// (`expectingEntries` is its start) that comes back empty although the feed's total says there is more is
    /// treated as transient too.
    private func fetchPage(_ url: URL, expectingEntries start: Int?, log: (String) -> Void) async throws -> ArxivFeed {
        var attempt = 1
        while true {
            let problem: String
            do {
                let page = try ArxivFeedParser().parse(try await fetcher.fetch(url).data, source: url.absoluteString)
                guard let start, page.entries.isEmpty, let total = page.totalResults, total > start, attempt < attempts else { return page }
                problem = "An empty page at \(start) of \(total) results."
            } catch let error as IngestError where error.isTransient && attempt < attempts {
                problem = error.description
            }
            log("arXiv: \(problem) Trying again in \(delaySeconds) s (attempt \(attempt + 1) of \(attempts)).")
            try await Task.sleep(for: .seconds(delaySeconds))
            attempt += 1
        }
    }
}
