public import RAGCore

/// Per-request settings that override a chain's step parameters.
public struct ChainOptions: Hashable, Sendable, Codable {
    /// Number of chunks to retrieve (overrides the retrieve step's `k`).
    public var k: Int?
    /// Retrieval mode (overrides the retrieve step's `mode`).
    public var mode: SearchMode?
    /// Metadata restrictions for retrieval.
    public var filter: SearchFilter
    /// The document to summarize (summarize chain), e.g. `arxiv:1503.07589`.
    public var document: DocumentID?
    /// Upper bound on generated tokens (overrides the generate step's `maxTokens`).
    public var maxTokens: Int?
    /// Sampling temperature (overrides the generate step's `temperature`).
    public var temperature: Double?
    /// Reply language (`en`, `zh`); detected from the question when nil.
    public var language: String?

    /// Creates options; every field is optional.
    public init(
        k: Int? = nil, mode: SearchMode? = nil, filter: SearchFilter = .init(), document: DocumentID? = nil,
        maxTokens: Int? = nil, temperature: Double? = nil, language: String? = nil
    ) {
        self.k = k
        self.mode = mode
        self.filter = filter
        self.document = document
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.language = language
    }
}
