import RAGCore

/// Reorders candidates with the context's `Reranker` and keeps `top`. Without a reranker it passes the
/// candidates through (recorded in the trace) unless `required` is set.
public struct RerankStep: ChainStep {
    /// Number of candidates to keep.
    public var top: Int
    /// Fail instead of passing through when no reranker is configured.
    public var isRequired: Bool

    /// Creates the step.
    public init(top: Int = 8, isRequired: Bool = false) {
        self.top = top
        self.isRequired = isRequired
    }

    /// `rerank`.
    public var name: String { "rerank" }
    public var reads: Set<ChainField> { [.candidates] }
    public var writes: Set<ChainField> { [.candidates] }

    /// Reorders and trims `candidates`.
    public func run(_ state: inout ChainState, context: ChainContext) async throws -> [String: String] {
        let before = state.candidates.count
        guard let reranker = context.reranker else {
            if isRequired { throw ChainError.missingComponent(step: name, component: "reranker") }
            return ["input": "\(before) chunks", "output": "skipped: no reranker configured"]
        }
        state.candidates = try await reranker.rerank(state.candidates, for: state.searchText, top: top)
        return ["input": "\(before) chunks", "output": "\(state.candidates.count) chunks"]
    }
}
