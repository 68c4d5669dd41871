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

    /// Fills `sources` from `candidates`.
    public func run(_ state: inout ChainState, context: ChainContext) async throws -> [String: String] {
        var used = 0
        var seenIDs = Set<ChunkID>()
        var seenTexts = Set<String>()
        var sources: [RetrievedChunk] = []
        var skipped = 0
        for candidate in state.candidates where sources.count < maximumSources {
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
}
