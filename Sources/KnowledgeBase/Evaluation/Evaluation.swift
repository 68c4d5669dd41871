public import Foundation
public import RAGCore

/// Measures retrieval quality (recall@1/5/10, MRR, nDCG@10) of dense, BM25 and hybrid search on a question set.
///
/// Usage example:
/// ```swift
/// let report = try await Evaluation.run(qa: URL(fileURLWithPath: "eval/shared-corpora.jsonl"), knowledgeBase: knowledgeBase)
/// print(report.table)
/// ```
public enum Evaluation {
    /// Evaluates every mode on the questions in a JSONL file.
    public static func run(
        qa: URL, knowledgeBase: KnowledgeBase, collection: String = KnowledgeBase.defaultCollection,
        modes: [SearchMode] = SearchMode.allCases, filter: SearchFilter = SearchFilter()
    ) async throws -> EvaluationReport {
        let questions = try EvaluationQuestion.load(qa)
        return try await run(questions: questions, modes: modes) { query in
            var filtered = query
            filtered.filter = filter
            return try await knowledgeBase.search(filtered, in: collection)
        }
    }

    /// Evaluates every mode with any search function (k = 10 per question).
    public static func run(
        questions: [EvaluationQuestion], modes: [SearchMode] = SearchMode.allCases,
        search: (RetrievalQuery) async throws -> [RetrievedChunk]
    ) async throws -> EvaluationReport {
        let clock = ContinuousClock()
        var rows: [EvaluationReport.Row] = []
        for mode in modes {
            var metrics: [RetrievalMetrics] = []
            var total = Duration.zero
            for question in questions {
                let start = clock.now
                let hits = try await search(RetrievalQuery(text: question.question, k: 10, mode: mode))
                total += clock.now - start
                metrics.append(RetrievalMetrics(satisfied: hits.map(question.targets(satisfiedBy:)), targetCount: question.targetCount))
            }
            let totalMilliseconds = total.inMilliseconds
            let milliseconds = questions.isEmpty ? 0 : totalMilliseconds / Double(questions.count)
            rows.append(.init(label: mode.rawValue, metrics: RetrievalMetrics.mean(metrics), meanMilliseconds: milliseconds))
        }
        return EvaluationReport(questions: questions.count, rows: rows)
    }

    /// Evaluates hybrid search under each fusion setting, from one dense and one BM25 ranking per question,
    /// so fusion weights can be chosen by measurement. Rows are labelled `dense=…,bm25=…,k=…,depth=…`.
    public static func fusionSweep(
        qa: URL, knowledgeBase: KnowledgeBase, collection: String = KnowledgeBase.defaultCollection,
        settings: [HybridFusion]
    ) async throws -> EvaluationReport {
        let questions = try EvaluationQuestion.load(qa)
        let depth = max(10, settings.map(\.depth).max() ?? 10)
        var rankings: [(dense: [RetrievedChunk], lexical: [RetrievedChunk])] = []
        for question in questions {
            let dense = try await knowledgeBase.search(RetrievalQuery(text: question.question, k: depth, mode: .dense), in: collection)
            let lexical = try await knowledgeBase.search(RetrievalQuery(text: question.question, k: depth, mode: .bm25), in: collection)
            rankings.append((dense, lexical))
        }
        var rows: [EvaluationReport.Row] = []
        for setting in settings {
            var metrics: [RetrievalMetrics] = []
            for (question, ranking) in zip(questions, rankings) {
                let dense = Array(ranking.dense.prefix(max(10, setting.depth)))
                let lexical = Array(ranking.lexical.prefix(max(10, setting.depth)))
                var byID: [ChunkID: RetrievedChunk] = [:]
                for hit in dense + lexical { byID[hit.chunk.id] = hit }
                let fused = setting.fuse(dense: dense.map(\.chunk.id), lexical: lexical.map(\.chunk.id)).prefix(10)
                let hits = fused.compactMap { byID[$0.key] }
                metrics.append(RetrievalMetrics(satisfied: hits.map(question.targets(satisfiedBy:)), targetCount: question.targetCount))
            }
            let label = String(
                format: "dense=%.2f,bm25=%.2f,k=%.0f,depth=%d", setting.denseWeight, setting.lexicalWeight, setting.rankConstant, setting.depth)
            rows.append(.init(label: label, metrics: RetrievalMetrics.mean(metrics), meanMilliseconds: 0))
        }
        return EvaluationReport(questions: questions.count, rows: rows)
    }
}
