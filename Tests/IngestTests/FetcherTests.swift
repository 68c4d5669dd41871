import Foundation
import TestSupport
import Ingest
import Testing

@Suite("Fetcher", .serialized)
final class FetcherTests {
    let server: LocalHTTPServer
    let pageText = "高能物理研究所"
    // Generous timeouts (the suite runs in parallel on two cores); `timeout()` has a fetcher of its own.
    let allowLoopback = Fetcher(configuration: .init(readTimeout: 20, totalTimeout: 60, maxBytes: 1 << 20, maxRedirects: 3, allowPrivateAddresses: true))

    init() throws {
        let page = try TarWriter.iconv("<html><head><title>t</title></head><body><p>\(pageText)</p></body></html>", to: "GB18030")
        let pdf = try Data(contentsOf: TestPaths.corpus("pdf/jacow_ipac2018_wepml008.pdf"))
        server = try LocalHTTPServer(files: ["page.html": page, "paper.pdf": pdf])
    }

    @Test("Loopback, private, link-local and metadata addresses are refused unless configuration allows them")
    func addressGuard() async throws {
        for url in [server.url("/page.html"), URL(string: "http://localhost:9/")!, URL(string: "http://10.1.2.3/")!, URL(string: "http://169.254.169.254/latest/")!,
            URL(string: "http://[::1]:9/")!, URL(string: "http://192.168.0.1/")!, URL(string: "file:///etc/passwd")!]
        {
            let error = await #expect(throws: IngestError.self) { try await Fetcher().fetch(url) }
            guard case .blockedURL = error else {
                Issue.record("\(url): expected blockedURL, got \(String(describing: error))")
                continue
            }
        }
    }

    @Test("A page is fetched with its declared charset, and the HTML loader decodes it")
    func fetchesPage() async throws {
        let resource = try await allowLoopback.fetch(server.url("/page.html"))
        #expect(resource.statusCode == 200)
        #expect(resource.contentType == "text/html; charset=GBK")
        let document = try HTMLLoader().parse(resource.data, source: resource.finalURL.absoluteString, contentType: resource.contentType)
        #expect(document.fullText.contains(pageText))
    }

    @Test("A PDF served as application/octet-stream is sniffed as application/pdf and loads")
    func sniffsContentType() async throws {
        let resource = try await allowLoopback.fetch(server.url("/paper"))
        #expect(resource.contentType == "application/pdf")
        let document = try AutoLoader().parse(resource.data, source: resource.finalURL.absoluteString, contentType: resource.contentType)
        #expect(document.format == "pdf")
    }

    @Test("Redirects are followed up to the limit; a redirect loop and a redirect to a metadata address fail")
    func redirects() async throws {
        let resource = try await allowLoopback.fetch(server.url("/redirect"))
        #expect(resource.finalURL.path == "/page.html")
        let loop = await #expect(throws: IngestError.self) { try await self.allowLoopback.fetch(self.server.url("/loop")) }
        #expect(loop.map { "\($0)" }?.contains("redirects") == true)
        // Only the test server's host is trusted; the redirect to the metadata address must be refused.
        var strict = allowLoopback.configuration
        strict.allowPrivateAddresses = false
        strict.allowedHosts = ["127.0.0.1"]
        let fetcher = Fetcher(configuration: strict)
        let hop = await #expect(throws: IngestError.self) { try await fetcher.fetch(self.server.url("/to-metadata")) }
        guard case .blockedURL(let url, _) = hop else {
            Issue.record("expected blockedURL, got \(String(describing: hop))")
            return
        }
        #expect(url.hasPrefix("http://169.254.169.254"))
    }

    @Test("A body over the size cap is refused as too large")
    func sizeCap() async throws {
        let error = await #expect(throws: IngestError.self) { try await self.allowLoopback.fetch(self.server.url("/big")) }
        #expect(error?.kind == .tooLarge)
    }

    @Test("A server slower than the read timeout fails with a timeout instead of hanging")
    func timeout() async throws {
        let started = Date()
        let impatient = Fetcher(configuration: .init(readTimeout: 2, totalTimeout: 10, allowPrivateAddresses: true))
        let error = await #expect(throws: IngestError.self) { try await impatient.fetch(self.server.url("/slow")) }
        #expect(Date().timeIntervalSince(started) < 3.9)
        #expect(error.map { "\($0)" }?.contains("timed out") == true)
    }

    @Test("An HTTP error status is reported with the status code")
    func notFound() async throws {
        await #expect(throws: IngestError.httpStatus(url: server.url("/missing").absoluteString, status: 404)) {
            try await self.allowLoopback.fetch(self.server.url("/missing"))
        }
    }
}
