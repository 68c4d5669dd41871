import Foundation
import TestSupport
import Testing

/// The `hepchain` executable, run as a user runs it.
@Suite("hepchain CLI")
struct CommandLineTests {
    /// The CLI built next to this test bundle.
    static var executable: URL {
        get throws {
            let bundle = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
            return URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent("hepchain")
        }
    }

    typealias Run = ChildProcess.Run

    /// Runs `hepchain arguments…` with the test model, off the cooperative pool (see `ChildProcess`).
    func run(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> Run {
        try await ChildProcess(executable: try Self.executable, arguments: arguments, environment: Self.childEnvironment)
            .run(sourceLocation: sourceLocation)
    }

    /// The environment `hepchain` runs with in these tests: the test model, and loopback never sent through a
    /// proxy set for the machine (the stand-in servers are on loopback).
    static var childEnvironment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["HEPCHAIN_MODEL"] = TestPaths.model.path
        for name in ["no_proxy", "NO_PROXY"] {
            environment[name] = (environment[name].map { $0 + "," } ?? "") + "127.0.0.1,localhost"
        }
        return environment
    }

    /// A temporary folder with `sources/` holding two corpus PDFs (jpsi.pdf, calorimetry.pdf).
    static func folderWithTwoPapers() throws -> (folder: URL, sources: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-cli-\(UUID().uuidString)")
        let sources = folder.appendingPathComponent("sources")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        for name in ["jpsi.pdf", "calorimetry.pdf"] {
            try FileManager.default.copyItem(
                at: TestPaths.corpora.appendingPathComponent("pdf/\(name)"), to: sources.appendingPathComponent(name))
        }
        return (folder, sources)
    }

    @Test("Indexing a folder with a broken PDF finishes the batch, reports the broken file and exits non-zero; a rerun skips what is stored")
    func brokenFileInBatch() async throws {
        let (folder, sources) = try Self.folderWithTwoPapers()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(
            at: TestPaths.sharedCorpora.appendingPathComponent("bad/not_a_pdf_dummy_desy_thesis_title.pdf"),
            to: sources.appendingPathComponent("broken.pdf"))
        let data = folder.appendingPathComponent("data").path

        let first = try await run(["index", sources.path, "--data", data])
        #expect(first.status != 0, "a failed file makes the exit status non-zero")
        #expect(first.output.contains("Indexed 2,"), "\(first.output)")
        #expect(first.errors.contains("broken.pdf") && first.errors.contains("not a PDF"), "\(first.errors)")

        let second = try await run(["index", sources.path, "--data", data, "--json"])
        let report = try JSONSerialization.jsonObject(with: Data(second.output.utf8)) as? [String: Any]
        let outcomes = report?["outcomes"] as? [[String: Any]] ?? []
        #expect(outcomes.count == 2 && outcomes.allSatisfy { $0["status"] as? String == "unchanged" }, "\(second.output)")

        let listed = try await run(["documents", "list", "--data", data, "--json"])
        let documents = (try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [String: Any])?["documents"] as? [Any]
        #expect(documents?.count == 2, "no duplicates after the rerun")

        let search = try await run(["search", "J/ψ mass", "--data", data, "--json", "-k", "1"])
        let hits = (try JSONSerialization.jsonObject(with: Data(search.output.utf8)) as? [String: Any])?["hits"] as? [[String: Any]]
        let citation = hits?.first?["citation"] as? [String: Any]
        #expect((citation?["source"] as? String)?.hasSuffix("jpsi.pdf") == true, "\(search.output)")
    }

    @Test("Two index runs started together on one data folder embed each file once: the second waits, then finds them unchanged")
    func concurrentIndexRuns() async throws {
        let (folder, sources) = try Self.folderWithTwoPapers()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data").path
        async let first = run(["index", sources.path, "--data", data, "--json"])
        async let second = run(["index", sources.path, "--data", data, "--json"])
        let runs = try await [first, second]
        var statuses: [String] = []
        for run in runs {
            #expect(run.status == 0, "\(run.errors)")
            let report = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
            statuses += (report?["outcomes"] as? [[String: Any]] ?? []).compactMap { $0["status"] as? String }
        }
        #expect(statuses.sorted() == ["added", "added", "unchanged", "unchanged"], "\(statuses)")
        #expect(runs.filter { $0.errors.contains("another 'hepchain index' is running") }.count == 1, "\(runs.map(\.errors))")
        let listed = try await run(["documents", "list", "--data", data, "--json"])
        let documents = (try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [String: Any])?["documents"] as? [Any]
        #expect(documents?.count == 2)
    }

    @Test("rag-server --help documents the limits: timeouts and rate limiting, with their environment variables")
    func serverHelp() async throws {
        let server = try Self.executable.deletingLastPathComponent().appendingPathComponent("rag-server")
        let help = try await ChildProcess(executable: server, arguments: ["--help"]).run()
        let text = help.output + help.errors
        #expect(help.status == 0)
        for needle in [
            "--request-timeout", "--upload-timeout", "--rate-limit", "--rate-limit-burst", "HEPCHAIN_RATE_LIMIT", "Retry-After", "408",
        ] {
            #expect(text.contains(needle), "\(needle) missing from:\n\(text)")
        }
    }

    @Test("A missing input is an error on stderr naming it, with a non-zero status")
    func missingInput() async throws {
        let result = try await run(["parse", "/nonexistent/paper.pdf"])
        #expect(result.status != 0)
        #expect(result.errors.contains("paper.pdf"), "\(result.errors)")
    }

    @Test("`hepchain parse` chunks with the configured chunkTokens, as indexing does")
    func parseUsesConfiguredChunker() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-parse-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("hepchain.json")
        try Data(#"{"chunkTokens": 64, "chunkOverlap": 0}"#.utf8).write(to: config)
        let paper = TestPaths.corpora.appendingPathComponent("pdf/besiii.pdf").path

        func chunkTokens(_ arguments: [String]) async throws -> [Int] {
            let result = try await run(["parse", paper, "--json"] + arguments)
            try #require(result.status == 0, "\(result.errors)")
            let report = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
            return (report?["chunks"] as? [[String: Any]] ?? []).compactMap { $0["tokens"] as? Int }
        }
        let small = try await chunkTokens(["--config", config.path])
        let standard = try await chunkTokens(["--data", folder.appendingPathComponent("data").path])
        #expect(!small.isEmpty && small.allSatisfy { $0 <= 64 }, "\(small)")
        #expect(standard.contains { $0 > 64 }, "the default budget is 200: \(standard)")
        #expect(small.count > standard.count)
    }
}
