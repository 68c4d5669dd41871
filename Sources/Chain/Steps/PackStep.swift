import Foundation
import RAGCore

/// Chooses the sources given to the generator: candidates in order, skipping duplicates, while their token
/// count (source text plus its label) fits in `budget`.
public struct PackStep: ChainStep {
    /// Token budget for all sources together.
    public var budget: Int
    /// Most sources.
    public var maximumSources: Int

    /// Creates the step.
    public init(budget: Int = 2_000, maximumSources: Int = 8) {
        self.budget = budget
        self.maximumSources = maximumSources
    }

    /// `pack`.
    public var name: String { "pack" }
    public var reads: Set<ChainField> { [.candidates] }
    public var writes: Set<ChainField> { [.sources] }

    /// Fills `sources` from `candidates`.
    public func run(_ state: inout ChainState, context: ChainContext) async throws -> [String: String] {
        var used = 0
        var seenIDs = Set<ChunkID>()
        var seenTexts = Set<String>()
        var sources: [RetrievedChunk] = []
        var skipped = 0
        for candidate in Self.orderedByCoverage(state.candidates, question: state.standaloneQuestion, translator: context.translator) where sources.count < maximumSources {
            guard seenIDs.insert(candidate.chunk.id).inserted, seenTexts.insert(candidate.chunk.text).inserted else { continue }
            let cost = context.tokenCounter.tokenCount(candidate.chunk.text) + context.tokenCounter.tokenCount(SourceFormatter.label(candidate.citation)) + 2
            guard used + cost <= budget else {
                skipped += 1
                continue
            }
            used += cost
            sources.append(candidate)
        }
        state.sources = sources
        return [
            "input": "\(state.candidates.count) chunks, budget \(budget) tokens",
            "output": "\(sources.count) sources, \(used) tokens\(skipped > 0 ? ", \(skipped) over budget" : "")",
        ]
    }

    /// The candidates with the passages that cover the question best first (IDF-weighted share of its content
    /// words, one pass over each passage, no model call), so a language model reads the answering passage
    /// first and the offline answer's first marker is [1]. Ties keep the retrieval order.
    static func orderedByCoverage(_ candidates: [RetrievedChunk], question: String, translator: any QueryTranslator) -> [RetrievedChunk] {
        let questionTerms = TextAnalysis.contentTerms(translator.translate(question).lexical)
        guard candidates.count > 1, !questionTerms.isEmpty else { return candidates }
        let passages = candidates.map { Set(TextAnalysis.terms($0.chunk.text)) }
        let weights = questionTerms.map { term in
            log((Double(passages.count) + 1) / (Double(passages.filter { $0.contains(term) }.count) + 0.5))
        }
        let coverage = passages.map { terms in zip(questionTerms, weights).reduce(0) { $0 + (terms.contains($1.0) ? $1.1 : 0) } }
        return candidates.indices.sorted { coverage[$0] != coverage[$1] ? coverage[$0] > coverage[$1] : $0 < $1 }.map { candidates[$0] }
    }
}
