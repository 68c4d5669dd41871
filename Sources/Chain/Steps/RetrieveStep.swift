public import RAGCore

/// Retrieves candidate chunks for the (standalone) question. Parameters: `k`, `mode` (dense, bm25, hybrid).
public struct RetrieveStep: ChainStep {
    /// Number of chunks to retrieve.
    public var k: Int
    /// Dense, BM25 or hybrid.
    public var mode: SearchMode

    /// Creates the step.
    public init(k: Int = 20, mode: SearchMode = .hybrid) {
        self.k = k
        self.mode = mode
    }

    /// `retrieve`.
    public var name: String { "retrieve" }
    public var reads: Set<ChainField> { [] }
    public var writes: Set<ChainField> { [.candidates] }

    /// Fills `candidates`.
    public func run(_ state: inout ChainState, context: ChainContext) async throws -> [String: String] {
        let text = state.searchText
        let query = RetrievalQuery(text: text, k: state.options.k ?? k, mode: state.options.mode ?? mode, filter: state.options.filter)
        state.candidates = try await context.retriever.retrieve(query)
        let documents = Set(state.candidates.map(\.chunk.id.document)).count
        var details = [
            "input": "query of \(text.count) characters, k=\(query.k), mode=\(query.mode.rawValue)",
            "output": "\(state.candidates.count) chunks from \(documents) documents",
        ]
        let note = context.translator.translate(text).note
        if !note.isEmpty { details["translation"] = note }
        return details
    }
}
