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
}
