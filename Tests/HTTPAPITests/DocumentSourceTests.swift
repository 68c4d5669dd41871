import Foundation
import Testing

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
        // The corpus the test server indexed from its folders shows no absolute path either.
        let corpus = try await server.client.get("/v1/documents")
        for document in try corpus.json()["documents"] as? [[String: Any]] ?? [] {
            let source = document["source"] as? String ?? ""
            #expect(!source.hasPrefix("/") && !source.hasPrefix("file:") && !source.contains(TestPaths.root.path), "\(source)")
        }
    }
}
