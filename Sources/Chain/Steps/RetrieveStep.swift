public import RAGCore

/// Retrieves candidate chunks for the (standalone) question. Parameters: `k`, `mode` (dense, bm25, hybrid),
/// `dense` (hybrid only: the best dense hits the fused list lacks are added after it).
///
/// The hybrid fusion weights BM25 far above the embedding (it ranks better on HEP text), so a chunk only the
/// embedding finds — a paraphrase, "discovered" against "shared the Nobel Prize for the discovery" — never
/// reaches the fused top k. For answering, recall matters more than the order: `dense` adds those chunks as
/// candidates, and the later steps (diversify, pack, the answer step) judge them on their text. The search
/// ranking itself (`hepchain search`, the fusion weights) is unchanged.
public struct RetrieveStep: ChainStep {
    /// Number of chunks to retrieve.
    public var k: Int
    /// Dense, BM25 or hybrid.
    public var mode: SearchMode
    /// Hybrid only: how many of the best dense hits to add when the fused list lacks them (0: none).
    public var dense: Int

    /// Creates the step.
    public init(k: Int = 20, mode: SearchMode = .hybrid, dense: Int = 0) {
        self.k = k
        self.mode = mode
        self.dense = dense
    }

    /// `retrieve`.
    public var name: String { "retrieve" }
    public var reads: Set<ChainField> { [] }
    public var writes: Set<ChainField> { [.candidates] }

    /// Fills `candidates`.
    public func run(_ state: inout ChainState, context: ChainContext) async throws -> [String: String] {
        let text = state.searchText
        let query = RetrievalQuery(
            text: text, k: state.options.k ?? k, mode: state.options.mode ?? mode, filter: state.options.filter, denseAdditions: dense)
        state.candidates = try await context.retriever.retrieve(query)
        // Additions come after a full fused list (a shorter one already holds every dense hit).
        let added = max(0, state.candidates.count - query.k)
        let documents = Set(state.candidates.map(\.chunk.id.document)).count
        var details = [
            "input": "query of \(text.count) characters, k=\(query.k), mode=\(query.mode.rawValue)",
            "output": "\(state.candidates.count) chunks from \(documents) documents" + (added > 0 ? " (\(added) from dense search only)" : ""),
        ]
        let note = context.translator.translate(text).note
        if !note.isEmpty { details["translation"] = note }
        return details
    }
}
