import Foundation
import KnowledgeBase
import RAGCore
import Store
import Testing
import TestSupport

@Suite("Vector index recovery")
struct IndexRecoveryTests {
    private let query = RetrievalQuery(text: "calorimeter response calibrated radioactive", k: 5, mode: .dense)

    /// Ingests the sample corpus, returns the dense results for `query` and the index file.
    private func prepare(_ folder: URL) async throws -> (hits: [RetrievedChunk], indexFile: URL) {
        let sources = try writeSources(sampleCorpus, in: folder)
        let knowledgeBase = try await openKnowledgeBase(folder)
        _ = try await knowledgeBase.ingest(sources: [sources])
        let hits = try await knowledgeBase.search(query)
        return (hits, folder.appendingPathComponent("data/indexes/default.\(fakeIndexFactory.fileExtension)"))
    }

    private func reopen(_ folder: URL) async throws -> (KnowledgeBase, KnowledgeBaseStatistics) {
        let knowledgeBase = try await openKnowledgeBase(folder)
        let statistics = try await knowledgeBase.statistics()
        return (knowledgeBase, statistics)
    }

    @Test("A current index file is loaded as it is")
    func loaded() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try await prepare(folder)
        let (knowledgeBase, statistics) = try await reopen(folder)
        #expect(statistics.indexRecovery == .loaded)
        #expect(try await knowledgeBase.search(query) == before.hits)
    }

    @Test("A missing or unreadable index file is rebuilt from the stored vectors with the same results")
    func rebuilt() async throws {
        for damage in ["delete", "garble"] {
            let folder = try temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let before = try await prepare(folder)
            if damage == "delete" {
                try FileManager.default.removeItem(at: before.indexFile)
            } else {
                try Data("not an index".utf8).write(to: before.indexFile)
            }
            let (knowledgeBase, statistics) = try await reopen(folder)
            #expect(statistics.indexRecovery == .rebuilt, "\(damage)")
            #expect(statistics.indexedVectors == statistics.vectors)
            #expect(try await knowledgeBase.search(query) == before.hits)
            #expect(FileManager.default.fileExists(atPath: before.indexFile.path))
        }
    }

    @Test("A search never fails because the rebuilt index cannot be written: it is served from memory (issue 23, defect 9)")
    func readerDoesNotWrite() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try await prepare(folder)
        try FileManager.default.removeItem(at: before.indexFile)
        // Tests run as root, where permissions do not stop a write: a folder where the temporary index file
        // goes makes the write fail as a full or read-only disk would.
        let temporary = before.indexFile.deletingLastPathComponent()
            .appendingPathComponent(".default.\(ProcessInfo.processInfo.processIdentifier).tmp")
        try FileManager.default.createDirectory(at: temporary.appendingPathComponent("blocked"), withIntermediateDirectories: true)
        let knowledgeBase = try await openKnowledgeBase(folder)
        #expect(try await knowledgeBase.search(query) == before.hits)
        #expect(!FileManager.default.fileExists(atPath: before.indexFile.path), "the reader wrote the index")
    }

    @Test("An index file that missed committed writes is caught up from the change log")
    func caughtUp() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try await prepare(folder)
        // What a crash between the store commit and the index save leaves behind: rows the file lacks.
        let store = try SQLiteDocumentStore(path: folder.appendingPathComponent("data/hepchain.sqlite").path)
        let embedder = HashEmbedder()
        let text = "Gravitational wave detector uses laser interferometry."
        let record = StoredDocument(
            id: DocumentID("late"), collection: "default", source: "late", format: "text", contentHash: "late",
            metadata: DocumentMetadata(), fetchedAt: "now")
        _ = try store.replaceDocument(
            record, chunks: [Chunk(id: ChunkID(document: DocumentID("late"), ordinal: 0), text: text, pageStart: 1, pageEnd: 1)],
            vectors: [embedder.vector(text)], embeddedBy: embedder.modelID)
        let removed = try #require(try store.documents(in: "default").first { $0.metadata.title == "JUNO neutrino detector" })
        _ = try store.deleteDocument(removed.id, in: "default")

        let (knowledgeBase, statistics) = try await reopen(folder)
        #expect(statistics.indexRecovery == .caughtUp)
        #expect(statistics.indexedVectors == statistics.vectors)
        let hits = try await knowledgeBase.search(RetrievalQuery(text: "laser interferometry gravitational", k: 3, mode: .dense))
        #expect(hits.first?.chunk.text == text)
        #expect(try await knowledgeBase.search(query).allSatisfy { $0.chunk.id.document != removed.id })
    }

    @Test("An index file ahead of the database (e.g. a restored backup) is rebuilt rather than trusted")
    func fromTheFuture() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try await prepare(folder)
        let index = try FakeExactIndex.load(from: before.indexFile)
        index.userCheckpoint += 1_000
        try index.add([[Float](repeating: 0.125, count: 64)], keys: [999_999])
        try index.save(to: before.indexFile)
        let (knowledgeBase, statistics) = try await reopen(folder)
        #expect(statistics.indexRecovery == .rebuilt)
        #expect(statistics.indexedVectors == statistics.vectors)
        #expect(try await knowledgeBase.search(query) == before.hits)
    }

    @Test("An index file with vectors the store does not have is rebuilt")
    func orphanVectors() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try await prepare(folder)
        let index = try FakeExactIndex.load(from: before.indexFile)
        try index.add([[Float](repeating: 0.125, count: 64)], keys: [999_999])
        try index.save(to: before.indexFile)
        let (_, statistics) = try await reopen(folder)
        #expect(statistics.indexRecovery == .rebuilt)
        #expect(statistics.indexedVectors == statistics.vectors)
    }
}

@Suite("Several writers on one folder")
struct ConcurrentKnowledgeBaseTests {
    @Test("Two knowledge bases ingesting into one folder at once leave every document stored and indexed once")
    func twoWriters() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try await openKnowledgeBase(folder)
        let second = try await openKnowledgeBase(folder)
        func document(_ index: Int) -> Document {
            Document(source: "doc\(index)", format: "text", pages: [Page(number: 1, text: "alpha \(index)\n\nbeta \(index)\n\ngamma \(index)")])
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<30 {
                let knowledgeBase = index.isMultiple(of: 2) ? first : second
                group.addTask { _ = try await knowledgeBase.ingest(document: document(index), contentHash: "h\(index)") }
            }
            try await group.waitForAll()
        }
        try await first.flush()
        try await second.flush()
        for knowledgeBase in [first, second, try await openKnowledgeBase(folder)] {
            let statistics = try await knowledgeBase.statistics()
            #expect(statistics.documents == 30 && statistics.chunks == 90)
            #expect(statistics.indexedVectors == 90)
        }
        let hits = try await second.search(RetrievalQuery(text: "gamma 17", k: 1, mode: .dense))
        #expect(hits.first?.chunk.text == "gamma 17")
    }
}
