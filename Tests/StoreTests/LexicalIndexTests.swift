import Foundation
import KnowledgeBase
import RAGCore
import Store
import Testing
import TestSupport

/// The in-memory BM25 index against FTS5's own `bm25()` on the same rows: the repository's documentation as
/// chunks (real technical English), some accented and Chinese text, and the evaluation questions as queries.
@Suite("In-memory BM25 index")
struct LexicalIndexTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Paragraphs of docs/*.md, grouped into documents of 20 chunks.
    static func documentTexts() throws -> [[String]] {
        let docs = root.appendingPathComponent("docs")
        var paragraphs: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: docs.path).sorted() where name.hasSuffix(".md") {
            let text = try String(contentsOf: docs.appendingPathComponent(name), encoding: .utf8)
            paragraphs += text.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                .filter { $0.count > 40 }
        }
        paragraphs += [
            "Le détecteur à scintillateur liquide mesure l'énergie des neutrinos de réacteur.",
            "Die Kalorimeter-Auflösung wurde mit Elektronen bei 1–5 GeV gemessen; Müller et al.",
            "北京谱仪在粲偶素能区采集了大量数据，江门中微子实验测量中微子质量顺序。",
            "江门中微子实验的液体闪烁体探测器位于地下七百米。",
        ]
        return stride(from: 0, to: paragraphs.count, by: 20).map { Array(paragraphs[$0..<min($0 + 20, paragraphs.count)]) }
    }

    static func questions() throws -> [String] {
        try EvaluationQuestion.texts(root.appendingPathComponent("eval/corpus.jsonl")) + ["scintillateur énergie", "detecteur", "muller", "中微子质量"]
    }

    /// Checks that the in-memory ranking equals FTS5's for every question and returns how many had hits.
    @discardableResult
    static func expectSameRanking(_ store: SQLiteDocumentStore, _ questions: [String]) throws -> Int {
        var answered = 0
        for question in questions {
            let memory = try store.lexicalSearch(question, in: "c", filter: SearchFilter(), limit: 10)
            let reference = try store.fullTextSearch(question, in: "c", filter: SearchFilter(), limit: 10)
            #expect(memory.count == reference.count, "\(question)")
            for (mine, theirs) in zip(memory, reference) {
                #expect(abs(mine.score - theirs.score) <= 1e-4 * max(1, abs(theirs.score)), "\(question): \(mine) vs \(theirs)")
            }
            // Keys agree wherever the reference's scores are not tied.
            let tied = Set(zip(reference, reference.dropFirst()).filter { abs($0.score - $1.score) < 1e-4 }.flatMap { [$0.key, $1.key] })
            for (mine, theirs) in zip(memory, reference) where !tied.contains(theirs.key) {
                #expect(mine.key == theirs.key, "\(question)")
            }
            if !reference.isEmpty { answered += 1 }
        }
        return answered
    }

    @Test("Scores and order equal FTS5's bm25() for every evaluation question")
    func sameAsFTS5() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try makeStore(in: folder)
        for (number, texts) in try Self.documentTexts().enumerated() {
            _ = try store.replaceDocument(
                record("doc\(number)", hash: "h\(number)"), chunks: chunks("doc\(number)", texts), vectors: vectors(texts.count),
                embeddedBy: "m")
        }
        let answered = try Self.expectSameRanking(store, try Self.questions())
        #expect(answered > 40)
    }

    @Test("Replacing and deleting documents, and another process's writes, keep the ranking equal to FTS5's")
    func followsWrites() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try makeStore(in: folder)
        let documents = try Self.documentTexts()
        let questions = try Self.questions()
        for (number, texts) in documents.prefix(6).enumerated() {
            _ = try store.replaceDocument(
                record("doc\(number)", hash: "h\(number)"), chunks: chunks("doc\(number)", texts), vectors: vectors(texts.count),
                embeddedBy: "m")
        }
        try Self.expectSameRanking(store, questions)  // builds the in-memory index

        // This process: replace one document with other text, delete another.
        let replacement = documents[6]
        _ = try store.replaceDocument(
            record("doc0", hash: "new"), chunks: chunks("doc0", replacement), vectors: vectors(replacement.count), embeddedBy: "m")
        #expect(try store.deleteDocument(DocumentID("doc1"), in: "c") != nil)
        try Self.expectSameRanking(store, questions)

        // Another connection (as another process would) adds a document the first store has not seen.
        let other = try SQLiteDocumentStore(path: store.path)
        let marker = ["The zqxjv resonance appears only in this late document."]
        let added = try other.replaceDocument(record("late", hash: "late"), chunks: chunks("late", marker), vectors: vectors(1), embeddedBy: "m")
        #expect(try store.lexicalSearch("zqxjv resonance", in: "c", filter: SearchFilter(), limit: 1).first?.key == added.addedKeys[0])
        try Self.expectSameRanking(store, questions + ["zqxjv"])

        // Dropping the collection leaves nothing to find once it is created again.
        try store.deleteCollection(named: "c")
        try store.createCollection(CollectionInfo(name: "c", modelID: "m", dimension: 4, createdAt: "2026-01-01T00:00:00Z"))
        #expect(try store.lexicalSearch("zqxjv resonance detector", in: "c", filter: SearchFilter(), limit: 5).isEmpty)
    }
}
