import Foundation
import HTTPAPI
import Hummingbird
import Ingest
import Logging
import NIOCore
import Synchronization
import TestSupport
import Testing

/// A stand-in for arXiv on loopback: the API answers with the recorded Atom feed (`corpora/atom/arxiv-api-query.xml`)
/// cut into pages of at most two entries, as arXiv may return fewer entries than asked for, and `/e-print/` and
/// `/pdf/` serve the files the test names (everything else is 404). Every request is recorded.
final class FeedServer: Sendable {
    struct Hit: Sendable {
        var path: String
        var query: [String: String]
        var at: ContinuousClock.Instant
    }

    static let pageSize = 2

    /// A scripted bad answer to an API request, as arXiv's API gives now and then.
    enum Trouble: Sendable {
        /// This HTTP status with an empty body.
        case status(Int)
        /// A well-formed page without entries, whatever the total says.
        case emptyPage
    }

    /// Bad answers still to give, by the `start` of the API request they answer, first one first.
    final class Script: Sendable {
        let pending: Mutex<[String: [Trouble]]>
        init(_ troubles: [String: [Trouble]]) { pending = Mutex(troubles) }

        func next(forStart start: String) -> Trouble? {
            pending.withLock { pending in
                guard var queue = pending[start], !queue.isEmpty else { return nil }
                let trouble = queue.removeFirst()
                pending[start] = queue
                return trouble
            }
        }
    }

    /// The requests seen so far.
    final class Recorder: Sendable {
        let hits = Mutex<[Hit]>([])
    }

    let port: Int
    private let recorder: Recorder
    private let task: Task<Void, any Error>

    var requests: [Hit] { recorder.hits.withLock { $0 } }

    private init(port: Int, recorder: Recorder, task: Task<Void, any Error>) {
        self.port = port
        self.recorder = recorder
        self.task = task
    }

    deinit { task.cancel() }

    /// Splits a recorded feed into its head (up to the first entry) and its entries.
    static func split(_ feed: String) -> (head: String, entries: [String]) {
        let entries = feed.matches(of: /<entry>[\s\S]*?<\/entry>/).map { String($0.output) }
        let head = feed.range(of: "<entry>").map { String(feed[..<$0.lowerBound]) } ?? feed
        return (head, entries)
    }

    /// The feed page that starts at `start`, with the OpenSearch fields arXiv would send.
    static func page(of feed: String, start: Int, empty: Bool = false) -> String {
        let (head, entries) = split(feed)
        let page = empty ? [] : entries.dropFirst(start).prefix(pageSize)
        let adjusted = head
            .replacing(/<opensearch:startIndex([^>]*)>\d+</) { "<opensearch:startIndex\($0.output.1)>\(start)<" }
            .replacing(/<opensearch:itemsPerPage([^>]*)>\d+</) { "<opensearch:itemsPerPage\($0.output.1)>\(pageSize)<" }
        return adjusted + page.joined(separator: "\n") + "\n</feed>\n"
    }

    /// Starts the server on a free loopback port; `files` maps a path such as `/pdf/2501.99901v1` to a file.
    /// `troubles` scripts bad answers to API requests, by their `start`.
    static func start(feed: String, files: [String: URL], troubles: [String: [Trouble]] = [:]) async throws -> FeedServer {
        let recorder = Recorder()
        let script = Script(troubles)
        let router = Router()
        router.get("**") { request, _ -> Response in
            let path = request.uri.path
            var query: [String: String] = [:]
            for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
            recorder.hits.withLock { $0.append(Hit(path: path, query: query, at: .now)) }
            var headers = HTTPFields()
            if path == "/api/query" {
                let start = query["start"] ?? "0"
                let trouble = script.next(forStart: start)
                if case .status(let code) = trouble { return Response(status: .init(code: code)) }
                headers[.contentType] = "application/atom+xml; charset=utf-8"
                let body = page(of: feed, start: Int(start) ?? 0, empty: trouble != nil)
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
            }
            guard let file = files[path], let data = try? Data(contentsOf: file) else { return Response(status: .notFound) }
            headers[.contentType] = "application/pdf"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        var logger = Logger(label: "feed-server")
        // Cancelling the server task at the end of the test makes Hummingbird log an error; it is expected.
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        // If the server cannot start, the stream ends, so the wait below ends too.
        let task = Task {
            defer { continuation.finish() }
            try await app.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else { throw URLError(.cannotConnectToHost) }
        return FeedServer(port: port, recorder: recorder, task: task)
    }
}

extension CommandLineTests {
    @Test("`hepchain index --arxiv-query` harvests two feed pages from a local arXiv, keeps the feed's metadata, reports the paper whose file is missing")
    func harvestFromLocalFeedServer() async throws {
        let feedFile = TestPaths.corpora.appendingPathComponent("atom/arxiv-api-query.xml")
        let feed = try String(contentsOf: feedFile, encoding: .utf8)
        let recorded = FeedServer.split(feed).entries
        try #require(recorded.count == 3, "the recorded feed has three entries")
        // 2501.99901v1 has no e-print, so its PDF is used; 2502.99902v2 is a PDF-only submission (the e-print is
        // the PDF); 2503.99903v1 has neither, so it fails.
        let server = try await FeedServer.start(
            feed: feed,
            files: [
                "/pdf/2501.99901v1": TestPaths.corpora.appendingPathComponent("pdf/calorimetry.pdf"),
                "/e-print/2502.99902v2": TestPaths.corpora.appendingPathComponent("pdf/neutrino-oscillation.pdf"),
            ])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-harvest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data").path
        // The polite delay comes from the configuration file; the endpoints from the flags.
        let delay = 0.3
        let config = folder.appendingPathComponent("hepchain.json")
        try Data(#"{"arxivDelaySeconds": \#(delay)}"#.utf8).write(to: config)
        let base = "http://127.0.0.1:\(server.port)"
        let query = "all:hepchain_sample"

        let result = try await run([
            "index", "--arxiv-query", query, "--max", "10", "--arxiv-api-url", "\(base)/api/query", "--arxiv-base-url", base,
            "--allow-private-addresses", "--config", config.path, "--data", data, "--json",
        ])
        #expect(result.status == 1, "a failed paper makes the exit status non-zero: \(result.errors)")
        let report = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        let outcomes = report?["outcomes"] as? [[String: Any]] ?? []
        let failures = report?["failures"] as? [[String: Any]] ?? []
        #expect(outcomes.count == 2 && outcomes.allSatisfy { $0["status"] as? String == "added" }, "\(result.output)")
        #expect(failures.count == 1, "\(result.output)")
        #expect(failures.first?["source"] as? String == "2503.99903v1")
        #expect((failures.first?["message"] as? String)?.contains("404") == true, "\(failures)")

        // Two API pages: the second starts where the first ended, after the configured delay.
        let api = server.requests.filter { $0.path == "/api/query" }
        #expect(api.map { $0.query["start"] } == ["0", "2"], "\(api.map(\.query)) \(result.errors)")
        #expect(api.allSatisfy { $0.query["search_query"] == query })
        if api.count == 2 { #expect(api[1].at - api[0].at >= .seconds(delay), "the polite delay is kept") }
        let files = Set(server.requests.map(\.path).filter { !$0.hasPrefix("/api/") })
        #expect(
            files == ["/e-print/2501.99901v1", "/pdf/2501.99901v1", "/e-print/2502.99902v2", "/e-print/2503.99903v1", "/pdf/2503.99903v1"],
            "e-print first, the PDF only when there is no e-print: \(files)")

        // The stored papers carry the feed's ids, titles and authors, under their canonical arXiv source.
        let listed = try await run(["documents", "list", "--data", data, "--json"])
        let documents = (try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [String: Any])?["documents"] as? [[String: Any]] ?? []
        let byID = Dictionary(documents.map { ($0["arxivId"] as? String ?? "", $0) }) { first, _ in first }
        #expect(documents.count == 2 && Set(byID.keys) == ["2501.99901", "2502.99902"], "\(listed.output)")
        #expect(
            byID["2501.99901"]?["title"] as? String
                == "Photon reconstruction in a CsI(Tl) calorimeter with graph neural networks: a HepChain sample record")
        #expect(
            byID["2502.99902"]?["title"] as? String
                == "Toy study of the mass-ordering sensitivity of a medium-baseline reactor detector: a HepChain sample record")
        #expect((byID["2501.99901"]?["authors"] as? [String])?.first == "Alice Quark")
        #expect(byID["2502.99902"]?["arxivVersion"] as? Int == 2)
        #expect((byID["2502.99902"]?["categories"] as? [String])?.first == "hep-ex")
        #expect(byID["2501.99901"]?["source"] as? String == "https://arxiv.org/abs/2501.99901v1")
        #expect((byID["2501.99901"]?["chunks"] as? Int ?? 0) > 0)
    }

    @Test("The arXiv harvester asks again for a page that failed with 503 or came back empty mid-results, after the delay; it gives up after its attempts")
    func harvesterRetriesTransientFailures() async throws {
        let feed = try String(contentsOf: TestPaths.corpora.appendingPathComponent("atom/arxiv-api-query.xml"), encoding: .utf8)
        let server = try await FeedServer.start(
            feed: feed, files: [:], troubles: ["0": [.status(503)], "2": [.emptyPage, .status(502)]])
        let fetcher = Fetcher(configuration: .init(allowPrivateAddresses: true))
        let endpoint = "http://127.0.0.1:\(server.port)/api/query"
        let delay = 0.1
        let logs = Mutex<[String]>([])
        let harvester = ArxivHarvester(fetcher: fetcher, endpoint: endpoint, delaySeconds: delay, pageSize: FeedServer.pageSize)
        let entries = try await harvester.search(query: "all:hepchain_sample", max: 10) { line in logs.withLock { $0.append(line) } }
        #expect(entries.map(\.id.versioned) == ["2501.99901v1", "2502.99902v2", "2503.99903v1"], "\(logs.withLock { $0 })")
        let api = server.requests
        #expect(api.map { $0.query["start"] } == ["0", "0", "2", "2", "2"])
        for (earlier, later) in zip(api, api.dropFirst()) { #expect(later.at - earlier.at >= .seconds(delay), "every retry waits") }
        let retries = logs.withLock { $0 }.filter { $0.contains("Trying again") }
        #expect(retries.count == 3, "\(retries)")
        #expect(retries.first?.contains("HTTP status 503") == true)
        #expect(retries.contains { $0.contains("empty page at 2 of 3") })

        // A page that keeps failing ends the harvest with that page's error, after `attempts` tries.
        let failing = try await FeedServer.start(feed: feed, files: [:], troubles: ["0": Array(repeating: .status(503), count: 5)])
        let stubborn = ArxivHarvester(
            fetcher: fetcher, endpoint: "http://127.0.0.1:\(failing.port)/api/query", delaySeconds: 0, pageSize: 2, attempts: 3)
        await #expect(throws: IngestError.httpStatus(url: "http://127.0.0.1:\(failing.port)/api/query?search_query=all:hepchain_sample&start=0&max_results=2", status: 503)) {
            _ = try await stubborn.search(query: "all:hepchain_sample", max: 10)
        }
        #expect(failing.requests.count == 3)
    }
}
