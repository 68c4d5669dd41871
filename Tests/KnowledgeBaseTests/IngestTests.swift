import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KnowledgeBase
import RAGCore
import Synchronization
import Testing
import TestSupport

@Suite("Ingestion")
struct IngestTests {
    @Test("A folder is ingested document by document, with progress and per-file failures that do not stop the batch")
    func batch() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var files = sampleCorpus
        files["broken.txt"] = "%BINARY not text"
        files["empty.txt"] = "   \n\n  "
        let sources = try writeSources(files, in: folder)
        let knowledgeBase = try await openKnowledgeBase(folder)
        let reports = Mutex<[IngestProgress]>([])
        let report = try await knowledgeBase.ingest(sources: [sources]) { progress in
            reports.withLock { $0.append(progress) }
        }
        #expect(report.count(.added) == 4)
        #expect(Set(report.failures.map { URL(fileURLWithPath: $0.source).lastPathComponent }) == ["broken.txt", "empty.txt"])
        #expect(report.failures.allSatisfy { !$0.message.isEmpty })
        let progress = reports.withLock { $0 }
        let last = try #require(progress.last)
        #expect(last.documentsDone == files.count && last.documentsTotal == files.count)
        #expect(last.failures == 2)
        #expect(last.bytesDone == last.bytesTotal)
        #expect(last.chunks == report.chunks)
        #expect(zip(progress, progress.dropFirst()).allSatisfy { $0.documentsDone <= $1.documentsDone && $0.chunks <= $1.chunks })
        #expect(progress.contains { $0.currentSource?.hasSuffix("juno.txt") == true })

        let statistics = try await knowledgeBase.statistics()
        #expect(statistics.documents == 4)
        #expect(statistics.chunks == report.chunks)
        #expect(statistics.vectors == statistics.chunks && statistics.indexedVectors == statistics.chunks)
        #expect(statistics.indexBytes > 0)
    }

    @Test("A file that cannot be read (a socket) fails with a message naming it and the system's reason; the batch goes on")
    func unreadableFile() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sources = try writeSources(sampleCorpus, in: folder)
        // A Unix socket looks like a file but cannot be opened for reading (ENXIO), even by root.
        let socketPath = sources.appendingPathComponent("notes.txt").path
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in socketPath.utf8.prefix(buffer.count - 1).enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0, "bind: \(String(cString: strerror(errno)))")

        let knowledgeBase = try await openKnowledgeBase(folder)
        let report = try await knowledgeBase.ingest(sources: [sources.appendingPathComponent("notes.txt"), sources])
        let failure = try #require(report.failures.first, "\(report)")
        #expect(failure.message.contains("notes.txt") && failure.message.contains("No such device or address"), "\(failure.message)")
        #expect(!failure.message.contains("Error Domain"), "no raw Foundation error: \(failure.message)")
        #expect(report.count(.added) == sampleCorpus.count, "the rest of the batch is stored")
    }

    @Test("Ingesting the same content again is a no-op that writes nothing")
    func idempotent() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sources = try writeSources(sampleCorpus, in: folder)
        let knowledgeBase = try await openKnowledgeBase(folder)
        _ = try await knowledgeBase.ingest(sources: [sources])
        let before = try await knowledgeBase.statistics()
        let documentsBefore = try await knowledgeBase.documents()
        let again = try await knowledgeBase.ingest(sources: [sources])
        #expect(again.count(.unchanged) == sampleCorpus.count)
        #expect(again.chunks == 0)
        #expect(try await knowledgeBase.statistics() == before)
        #expect(try await knowledgeBase.documents() == documentsBefore)
        let upload = try await knowledgeBase.ingest(data: Data(sampleCorpus["juno.txt", default: ""].utf8), source: "upload.txt")
        #expect(upload.status == .unchanged)
    }

    @Test("Changed content from the same source replaces the old chunks everywhere")
    func changedContent() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sources = try writeSources(["note.txt": "The gluino mass limit is 1.8 TeV.\n\nSecond paragraph about squarks."], in: folder)
        let knowledgeBase = try await openKnowledgeBase(folder)
        _ = try await knowledgeBase.ingest(sources: [sources])
        try writeSources(["note.txt": "The stop quark search uses boosted top tagging."], in: folder)
        let report = try await knowledgeBase.ingest(sources: [sources])
        #expect(report.count(.replaced) == 1)
        for mode in SearchMode.allCases {
            let hits = try await knowledgeBase.search(RetrievalQuery(text: "gluino mass limit squarks", k: 10, mode: mode))
            #expect(hits.allSatisfy { !$0.chunk.text.contains("gluino") && !$0.chunk.text.contains("squarks") }, "mode \(mode)")
        }
        let statistics = try await knowledgeBase.statistics()
        #expect(statistics.documents == 1 && statistics.chunks == 1 && statistics.indexedVectors == 1)
    }

    @Test("A new arXiv version replaces the old one, and an older version offered later is ignored")
    func arxivVersions() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let version1 = "% arxiv: 2101.00001v1\n% title: Version one\nOld measurement of the muon anomaly."
        let version2 = "% arxiv: 2101.00001v2\n% title: Version two\nUpdated measurement of the tau polarisation."
        let knowledgeBase = try await openKnowledgeBase(folder)
        let first = try await knowledgeBase.ingest(data: Data(version1.utf8), source: "v1.txt")
        let second = try await knowledgeBase.ingest(data: Data(version2.utf8), source: "v2.txt")
        let stale = try await knowledgeBase.ingest(data: Data((version1 + "\nwith an erratum").utf8), source: "v1b.txt")
        #expect(first.status == .added && second.status == .replaced && stale.status == .olderVersion)
        let documents = try await knowledgeBase.documents()
        #expect(documents.map(\.id) == [DocumentID("arxiv:2101.00001")])
        #expect(documents.first?.metadata.arxivVersion == 2)
        let hits = try await knowledgeBase.search(RetrievalQuery(text: "muon anomaly", k: 5, mode: .bm25))
        #expect(hits.isEmpty)
    }

    @Test("Deleting a document removes it from every search mode and from the index")
    func deletion() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sources = try writeSources(sampleCorpus, in: folder)
        let knowledgeBase = try await openKnowledgeBase(folder)
        _ = try await knowledgeBase.ingest(sources: [sources])
        let target = try #require(try await knowledgeBase.documents().first { $0.metadata.title == "JUNO neutrino detector" })
        #expect(try await knowledgeBase.deleteDocument(target.id))
        #expect(try await !knowledgeBase.deleteDocument(target.id))
        for mode in SearchMode.allCases {
            let hits = try await knowledgeBase.search(RetrievalQuery(text: "JUNO reactor neutrino oscillation scintillator", k: 20, mode: mode))
            #expect(hits.allSatisfy { $0.chunk.id.document != target.id }, "mode \(mode)")
        }
        let statistics = try await knowledgeBase.statistics()
        #expect(statistics.indexedVectors == statistics.chunks)
    }

    @Test("Collections are separate, record their model and refuse an embedder of another model")
    func collections() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let knowledgeBase = try await openKnowledgeBase(folder)
        try await knowledgeBase.createCollection("theory")
        _ = try await knowledgeBase.ingest(
            document: Document(source: "t", format: "text", pages: [Page(number: 1, text: "Instanton corrections to the mass")]),
            contentHash: "t", in: "theory")
        #expect(try await knowledgeBase.collections().map(\.name) == ["default", "theory"])
        #expect(try await knowledgeBase.collections().allSatisfy { $0.modelID == "hash-64" && $0.dimension == 64 })
        #expect(try await knowledgeBase.search(RetrievalQuery(text: "instanton", mode: .bm25)).isEmpty)
        #expect(try await knowledgeBase.search(RetrievalQuery(text: "instanton", mode: .bm25), in: "theory").count == 1)

        let other = try await openKnowledgeBase(folder, embedder: HashEmbedder(dimension: 32, modelID: "other-32"))
        await #expect(throws: KnowledgeBaseError.self) {
            _ = try await other.search(RetrievalQuery(text: "instanton"), in: "theory")
        }
        try await knowledgeBase.deleteCollection("theory")
        #expect(try await knowledgeBase.collections().map(\.name) == ["default"])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("data/indexes").path)
        #expect(!leftovers.contains { $0.hasPrefix("theory") })
    }
}
