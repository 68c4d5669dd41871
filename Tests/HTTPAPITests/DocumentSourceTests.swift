import Foundation
import KnowledgeBase
import RAGCore
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What `GET /v1/documents` shows of files indexed on the server (issue 23: it showed absolute server paths).
@Suite("Document sources in the API", .serialized)
struct DocumentSourceTests {
    @Test("Files indexed from a folder show their path relative to it, a file given alone its name; no absolute path is shown")
    func relativeSources() async throws {
        let server = try await TestServer.shared.start()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-sources-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data("# Notes\n\nThe top quark decays before it hadronises.".utf8).write(to: folder.appendingPathComponent("notes.md"))
        try Data("# Deep\n\nGluon fusion dominates Higgs production at the LHC.".utf8).write(to: folder.appendingPathComponent("sub/deep.md"))
        let single = FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-single-\(UUID().uuidString).md")
        defer { try? FileManager.default.removeItem(at: single) }
        try Data("# Single\n\nMuon g-2 compares theory and experiment.".utf8).write(to: single)

        let knowledgeBase = server.runtime.knowledgeBase
        _ = try await knowledgeBase.createCollection("paths")
        let report = try await knowledgeBase.ingest(sources: [folder, single], in: "paths")
        #expect(report.failures.isEmpty, "\(report.failures)")

        let listed = try await server.client.get("/v1/documents?collection=paths")
        let documents = try listed.json()["documents"] as? [[String: Any]] ?? []
        let sources = documents.compactMap { $0["source"] as? String }.sorted()
        #expect(sources == ["notes.md", single.lastPathComponent, "sub/deep.md"].sorted(), "\(sources)")
        for source in sources {
            #expect(!source.hasPrefix("/") && !source.hasPrefix("file:") && !source.contains(folder.path), "\(source)")
        }
        // Nor do their ids: `local:<hash of the path>/<name>` (they held the absolute file: URL until issue 23).
        let ids = documents.compactMap { $0["id"] as? String }.sorted()
        #expect(ids.count == 3 && ids.allSatisfy { $0.hasPrefix("local:") && !$0.contains("/tmp/") && !$0.contains(folder.path) }, "\(ids)")
        #expect(Set(ids.map { $0.split(separator: "/").last.map(String.init) ?? "" }) == ["notes.md", "deep.md", single.lastPathComponent], "\(ids)")
        // The corpus the test server indexed from its folders shows no absolute path either.
        let corpus = try await server.client.get("/v1/documents")
        for document in try corpus.json()["documents"] as? [[String: Any]] ?? [] {
            let source = document["source"] as? String ?? ""
            #expect(!source.hasPrefix("/") && !source.hasPrefix("file:") && !source.contains(TestPaths.root.path), "\(source)")
            let id = document["id"] as? String ?? ""
            #expect(!id.hasPrefix("file:") && !id.contains(TestPaths.root.path), "\(id)")
        }
    }

    @Test("A document stored under a file's old id (its absolute file: URL) is replaced by the file's new id when the file is indexed again with other bytes, not kept beside it")
    func legacyFileIDReplaced() async throws {
        let server = try await TestServer.shared.start()
        let knowledgeBase = server.runtime.knowledgeBase
        _ = try await knowledgeBase.createCollection("legacy-ids")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-legacy-\(UUID().uuidString).md")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("# Old\n\nThe charm quark was found in 1974.".utf8).write(to: file)
        // As a data folder from before issue 23 holds it: the id is the source, the file's absolute URL.
        let old = Document(source: file.absoluteString, format: "markdown", pages: [Page(number: 1, text: "The charm quark was found in 1974.")])
        let stored = try await knowledgeBase.ingest(document: old, contentHash: "bytes-before-the-edit", in: "legacy-ids")
        #expect(stored.documentID.rawValue == file.absoluteString)

        try Data("# New\n\nThe bottom quark was found in 1977 at Fermilab.".utf8).write(to: file)
        let report = try await knowledgeBase.ingest(sources: [file], in: "legacy-ids")
        #expect(report.failures.isEmpty, "\(report.failures)")
        let documents = try await knowledgeBase.documents(in: "legacy-ids")
        #expect(documents.map(\.id) == [KnowledgeBase.localID(of: file)], "\(documents.map(\.id))")
        #expect(KnowledgeBase.localID(of: file).rawValue.hasSuffix("/" + file.lastPathComponent))
        let again = try await knowledgeBase.ingest(sources: [file], in: "legacy-ids")
        #expect(again.outcomes.map(\.status) == [.unchanged])
        #expect(try await knowledgeBase.documents(in: "legacy-ids").count == 1)
    }

    @Test(
        "hepchain documents --json and show print the objects GET /v1/documents and /v1/documents/{id} answer for one data folder; ids show no server path and stay one document when a file changes or is indexed from another folder"
    )
    func cliAndServerListingsAgree() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-listing-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let sources = folder.appendingPathComponent("sources")
        try FileManager.default.createDirectory(at: sources.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data("# Notes\n\nThe tau lepton was discovered at SLAC in 1975.".utf8).write(to: sources.appendingPathComponent("notes.md"))
        let deep = sources.appendingPathComponent("sub/deep.md")
        try Data("# Deep\n\nNeutrino oscillations show that neutrinos have mass.".utf8).write(to: deep)
        let data = folder.appendingPathComponent("data").path
        func hepchain(_ arguments: [String]) async throws -> ChildProcess.Run {
            try await ChildProcess(executable: try CommandLineTests.executable, arguments: arguments, environment: CommandLineTests.childEnvironment)
                .run(sourceLocation: #_sourceLocation)
        }
        func listed() async throws -> [[String: Any]] {
            let run = try await hepchain(["documents", "--data", data, "--json"])
            #expect(run.status == 0, "\(run.errors)")
            return (try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])?["documents"] as? [[String: Any]] ?? []
        }

        #expect(try await hepchain(["index", sources.path, "--recursive", "--data", data]).status == 0)
        let first = try await listed()
        let ids = Set(first.compactMap { $0["id"] as? String })
        #expect(ids.count == 2 && ids.allSatisfy { $0.hasPrefix("local:") && !$0.contains(folder.path) }, "\(ids)")
        #expect(Set(first.compactMap { $0["source"] as? String }) == ["notes.md", "sub/deep.md"], "\(first)")

        // Changed, then indexed from its own folder: the same document, replaced.
        try Data("# Deep\n\nNeutrino oscillations show that neutrinos have mass; KamLAND saw reactor antineutrinos.".utf8).write(to: deep)
        let moved = try await hepchain(["index", sources.appendingPathComponent("sub").path, "--data", data, "--json"])
        let outcomes = (try JSONSerialization.jsonObject(with: Data(moved.output.utf8)) as? [String: Any])?["outcomes"] as? [[String: Any]]
        #expect(outcomes?.compactMap { $0["status"] as? String } == ["replaced"], "\(moved.output)")
        let rerun = try await hepchain(["index", sources.path, "--recursive", "--data", data, "--json"])
        let unchanged = (try JSONSerialization.jsonObject(with: Data(rerun.output.utf8)) as? [String: Any])?["outcomes"] as? [[String: Any]]
        #expect(unchanged?.compactMap { $0["status"] as? String } == ["unchanged", "unchanged"], "\(rerun.output)")
        let cli = try await listed()
        #expect(Set(cli.compactMap { $0["id"] as? String }) == ids, "\(cli)")

        let server = try RunningCommand(["serve", "--data", data, "--host", "127.0.0.1", "--port", "0", "--log-level", "notice"])
        defer { kill(server.process.processIdentifier, SIGKILL) }
        let port = try await server.listeningPort()
        try #require(port > 0, "the server did not start: \(server.errorText)")
        let client = LoopbackClient(base: URL(string: "http://127.0.0.1:\(port)")!)
        let http = try await client.get("/v1/documents").json()["documents"] as? [[String: Any]] ?? []
        func canonical(_ objects: [[String: Any]]) throws -> [String] {
            try objects.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self) }.sorted()
        }
        #expect(try canonical(cli) == canonical(http))
        #expect(Set(cli.flatMap(\.keys)) == Set(http.flatMap(\.keys)) && Set(http.flatMap(\.keys)).contains("hasOriginal"), "\(cli)\n\(http)")
        for id in ids {
            let shown = try await hepchain(["documents", "show", id, "--data", data])
            let one = try JSONSerialization.jsonObject(with: Data(shown.output.utf8)) as? [String: Any] ?? [:]
            let encoded = id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? id
            let answered = try await client.get("/v1/documents/\(encoded)").json()
            #expect(try canonical([one]) == canonical([answered]), "\(shown.output)")
            #expect(one["pages"] as? Int == 1, "\(shown.output)")
        }
    }
}
