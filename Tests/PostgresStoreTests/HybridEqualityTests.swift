import Embedding
import Foundation
import HepChainApp
import Ingest
import KnowledgeBase
import PostgresStore
import RAGCore
import Store
import Testing

/// The same data on both backends must answer alike: the repository's corpora are ingested once into SQLite
/// (real model, real chunker, HNSW), copied into PostgreSQL with `StoreCopier` (as `hepchain migrate` does),
/// and every question of every evaluation set is searched on both.
@Suite("PostgreSQL and SQLite answer alike", .enabled(if: Backend.postgresURL != nil, "HEPCHAIN_TEST_POSTGRES is not set"))
struct HybridEqualityTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var modelFolder: URL {
        if let path = ProcessInfo.processInfo.environment["HEPCHAIN_MODEL"] { return URL(fileURLWithPath: path) }
        return root.appendingPathComponent("models/all-MiniLM-L6-v2")
    }

    /// Every question text of the evaluation sets in `eval/`.
    static func questions() throws -> [String] {
        let folder = root.appendingPathComponent("eval")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().filter { $0.hasSuffix(".jsonl") }
            .flatMap { try EvaluationQuestion.texts(folder.appendingPathComponent($0)) }
    }

    @Test("Hybrid, BM25 and dense top 10 on PostgreSQL equal SQLite's for every evaluation question")
    func equalTopTen() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pg-equality-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let embedder = try BERTEmbedder(modelFolder: Self.modelFolder)
        let chunker = TokenWindowChunker(counter: embedder.tokenizer, budget: 200, overlap: 32)
        let source = try SQLiteDocumentStore(path: folder.appendingPathComponent("hepchain.sqlite").path)
        let sqlite = try await KnowledgeBase.open(
            folder: folder, store: source, embedder: embedder, indexFactory: .hnsw, loader: AutoLoader(), chunker: chunker)
        let report = try await sqlite.ingest(sources: [Self.root.appendingPathComponent("corpora")])
        #expect(report.failures.isEmpty, "\(report.failures)")

        let target = try await PostgresDocumentStore.connect(PostgresStoreConfiguration(url: try Backend.freshSchemaURL()))
        defer { target.close() }
        let copied = try await StoreCopier.copy(from: source, to: target)
        #expect(copied.documentsCopied >= 10)
        // Copying again finds everything in place (resumable, idempotent).
        let again = try await StoreCopier.copy(from: source, to: target)
        #expect(again.documentsCopied == 0 && again.documentsSkipped == copied.documentsCopied)

        let postgres = try await KnowledgeBase.open(
            folder: folder.appendingPathComponent("unused"), store: target, embedder: embedder, indexFactory: .hnsw,
            loader: AutoLoader(), chunker: chunker)
        let questions = try Self.questions()
        #expect(questions.count >= 300)
        var differences: [String: [String]] = [:]
        for mode in [SearchMode.hybrid, .bm25, .dense] {
            for question in questions {
                let query = RetrievalQuery(text: question, k: 10, mode: mode)
                let expected = try await sqlite.search(query).map(\.chunk.id)
                let actual = try await postgres.search(query).map(\.chunk.id)
                if expected != actual { differences[mode.rawValue, default: []].append(question) }
            }
        }
        #expect(differences["hybrid", default: []].isEmpty, "hybrid differs on: \(differences["hybrid", default: []])")
        #expect(differences["bm25", default: []].isEmpty, "BM25 differs on: \(differences["bm25", default: []])")
        // Dense: two different HNSW graphs; both are near exact at this size, so at most a few near-ties may swap.
        #expect(differences["dense", default: []].count <= questions.count / 50, "dense differs on: \(differences["dense", default: []])")
    }
}
