import Foundation
import HTTPAPI
import Ingest
import Testing
@testable import HepChainApp

@Suite("arXiv endpoint configuration")
struct ArxivConfigurationTests {
    @Test("Defaults are arXiv's own; file keys and HEPCHAIN_ARXIV_* variables override them, in that order")
    func precedence() throws {
        let defaults = try ServerConfiguration().arxivEndpoints()
        #expect(defaults == .arxiv)
        #expect(defaults.api.absoluteString == "https://export.arxiv.org/api/query")
        #expect(ServerConfiguration().arxivDelaySeconds == 3)

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-arxiv-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(#"{"arxivAPIURL": "http://mirror.test/api/query", "arxivBaseURL": "http://mirror.test/arxiv/", "arxivDelaySeconds": 0.5}"#.utf8)
            .write(to: file)
        var configuration = try ServerConfiguration.load(file: file)
        #expect(configuration.arxivDelaySeconds == 0.5)
        let mirror = try configuration.arxivEndpoints()
        let id = ArxivID(identifier: "hep-ex/0101001", version: 2)
        #expect(mirror.api.absoluteString == "http://mirror.test/api/query")
        #expect(mirror.pdfURL(id).absoluteString == "http://mirror.test/arxiv/pdf/hep-ex/0101001v2")
        #expect(mirror.ePrintURL(ArxivID(identifier: "2501.99901")).absoluteString == "http://mirror.test/arxiv/e-print/2501.99901")

        try configuration.applyEnvironment(["HEPCHAIN_ARXIV_BASE_URL": "https://other.test"])
        #expect(try configuration.arxivEndpoints().site.absoluteString == "https://other.test")
        #expect(try configuration.arxivEndpoints().api.absoluteString == "http://mirror.test/api/query")
    }

    @Test("A base URL that is not absolute http(s) is a configuration error naming the key")
    func invalidURL() {
        var configuration = ServerConfiguration()
        configuration.arxivBaseURL = "ftp://mirror.test"
        #expect {
            try configuration.arxivEndpoints()
        } throws: { error in
            "\(error)".contains("arxivBaseURL") && "\(error)".contains("ftp://mirror.test")
        }
    }
}
