import Foundation
import KnowledgeBase
import RAGCore
import Testing

@Suite("Evaluation")
struct EvaluationTests {
    @Test("Metrics follow their definitions: first relevant rank, and DCG counting each target once")
    func metricDefinitions() {
        let metrics = RetrievalMetrics(satisfied: [[], [0], [], [0], [1]], targetCount: 2)
        #expect(metrics.recallAt1 == 0 && metrics.recallAt5 == 1 && metrics.recallAt10 == 1)
        #expect(metrics.reciprocalRank == 0.5)
        let dcg = 1 / log2(3.0) + 1 / log2(6.0)
        let ideal = 1 + 1 / log2(3.0)
        #expect(abs(metrics.ndcgAt10 - dcg / ideal) < 1e-12)

        let perfect = RetrievalMetrics(satisfied: [[0], [1]], targetCount: 2)
        #expect(perfect.ndcgAt10 == 1 && perfect.reciprocalRank == 1)
        let miss = RetrievalMetrics(satisfied: Array(repeating: [], count: 10) + [[0]], targetCount: 1)
        #expect(miss == RetrievalMetrics(recallAt1: 0, recallAt5: 0, recallAt10: 0, reciprocalRank: 0, ndcgAt10: 0))
    }

    @Test("A passage matches by file name and page range, or by a quote regardless of spacing and punctuation")
    func relevance() {
        let chunk = Chunk(id: ChunkID(document: DocumentID("arxiv:1503.07589"), ordinal: 3), text: "The combined mass is\nm_H = 125.09 GeV.", pageStart: 4, pageEnd: 5)
        let hit = RetrievedChunk(
            chunk: chunk, score: 1,
            citation: Citation(chunkID: chunk.id, title: nil, source: "file:///c/pdf/arxiv_1503.07589v1_atlas%20cms.pdf", arxivID: "1503.07589", pageStart: 4, pageEnd: 5, section: nil))
        #expect(EvaluationQuestion(question: "q", expected: [.init(source: "arxiv_1503.07589v1_atlas cms.pdf", page: 5)]).targets(satisfiedBy: hit) == [0])
        #expect(EvaluationQuestion(question: "q", expected: [.init(source: "1503.07589")]).targets(satisfiedBy: hit) == [0])
        #expect(EvaluationQuestion(question: "q", expected: [.init(source: "arxiv_1503.07589v1_atlas cms.pdf", page: 6)]).targets(satisfiedBy: hit).isEmpty)
        #expect(EvaluationQuestion(question: "q", expected: [.init(source: "other.pdf", page: 4)]).targets(satisfiedBy: hit).isEmpty)
        #expect(EvaluationQuestion(question: "q", quote: "combined mass is m H = 125.09").targets(satisfiedBy: hit) == [0])
    }

    @Test("A malformed line is reported with its line number")
    func malformedFile() throws {
        let folder = try temporaryFolder("eval")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("qa.jsonl")
        try Data("{\"question\": \"a\", \"quote\": \"b\"}\n\n{\"question\": \"no target\"}\n".utf8).write(to: file)
        try expectInvalidLine(3) { _ = try EvaluationQuestion.load(file) }
    }

    /// Expects `body` to fail with `invalidEvaluationFile` naming `expected` as the line.
    private func expectInvalidLine(_ expected: Int, _ body: () throws -> Void) throws {
        do {
            try body()
            Issue.record("reading should fail at line \(expected)")
        } catch let error as KnowledgeBaseError {
            guard case .invalidEvaluationFile(_, let line, _) = error else { throw error }
            #expect(line == expected)
        }
    }

    @Test("Question texts are every question in file order, unanswerable ones too; comments are skipped, a line without a question is named")
    func questionTexts() throws {
        let folder = try temporaryFolder("eval")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("qa.jsonl")
        let lines = [
            "// a comment", #"{"question": "a", "quote": "x"}"#, "", #"{"question": "b", "answerable": false}"#,
            "# another", #"{"question": "c"}"#,
        ]
        try Data(lines.joined(separator: "\n").utf8).write(to: file)
        #expect(try EvaluationQuestion.texts(file) == ["a", "b", "c"])
        // `load` skips the unanswerable "b" but refuses "c", which has no target.
        try expectInvalidLine(6) { _ = try EvaluationQuestion.load(file) }

        try Data((lines + [#"{"text": "no question"}"#]).joined(separator: "\n").utf8).write(to: file)
        try expectInvalidLine(7) { _ = try EvaluationQuestion.texts(file) }
    }

    @Test("Running an evaluation file scores every mode, and exact-term questions are found first by BM25")
    func endToEnd() async throws {
        let folder = try temporaryFolder("eval")
        defer { try? FileManager.default.removeItem(at: folder) }
        let sources = try writeSources(sampleCorpus, in: folder)
        let knowledgeBase = try await openKnowledgeBase(folder)
        _ = try await knowledgeBase.ingest(sources: [sources])
        let lines = [
            #"{"question": "photon energy scale systematic uncertainties", "expected": [{"source": "higgs.txt", "page": 2}]}"#,
            #"{"question": "liquid scintillator reactor neutrino oscillation", "expected": [{"source": "juno.txt", "page": 1}]}"#,
            #"{"question": "drift chamber charged track momentum", "quote": "The drift chamber measures charged track momentum"}"#,
        ]
        let file = folder.appendingPathComponent("qa.jsonl")
        try Data(lines.joined(separator: "\n").utf8).write(to: file)
        let report = try await Evaluation.run(qa: file, knowledgeBase: knowledgeBase)
        #expect(report.questions == 3)
        #expect(report.rows.map(\.label) == ["dense", "bm25", "hybrid"])
        #expect(report.row(.bm25)?.metrics.recallAt1 == 1)
        #expect(report.table.split(separator: "\n").count == 4)

        let sweep = try await Evaluation.fusionSweep(
            qa: file, knowledgeBase: knowledgeBase,
            settings: [HybridFusion(denseWeight: 0, lexicalWeight: 1, depth: 10), HybridFusion.default])
        #expect(sweep.rows.first?.metrics == report.row(.bm25)?.metrics)
        #expect(sweep.rows.last?.metrics == report.row(.hybrid)?.metrics)
    }
}

@Suite("Evaluation sets")
struct EvaluationSetTests {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("The shared-corpora set has at least 30 questions, each pointing at an existing corpus file")
    func sharedCorporaSet() throws {
        let questions = try EvaluationQuestion.load(Self.root.appendingPathComponent("eval/shared-corpora.jsonl"))
        #expect(questions.count >= 30)
        #expect(Set(questions.compactMap(\.id)).count == questions.count)
        let corpus = Self.root.appendingPathComponent("../shared/corpora/pdf")
        for question in questions {
            #expect(!question.expected.isEmpty)
            for passage in question.expected {
                #expect(FileManager.default.fileExists(atPath: corpus.appendingPathComponent(passage.source).path), "\(passage.source)")
                #expect((passage.page ?? 1) >= 1)
            }
        }
    }
}
