public import RAGCore

/// The parts a step may call: retrieval, generation, embedding, reranking, token counting and templates.
public struct ChainContext: Sendable {
    /// Finds chunks for a query.
    public var retriever: any Retriever
    /// Produces answers.
    public var generator: any Generator
    /// Embeds texts for diversification; nil falls back to lexical similarity.
    public var embedder: (any Embedder)?
    /// Reorders candidates; nil makes an optional rerank step a no-op.
    public var reranker: (any Reranker)?
    /// Counts tokens for the context budget.
    public var tokenCounter: any TokenCounter
    /// Prompt templates by name.
    public var templates: TemplateLibrary
    /// Receives generated text pieces as they arrive (set by `ChainExecutor.stream`).
    public var onToken: (@Sendable (String) -> Void)?

    /// Creates a context.
    public init(
        retriever: any Retriever, generator: any Generator, embedder: (any Embedder)? = nil, reranker: (any Reranker)? = nil,
        tokenCounter: any TokenCounter = CharacterTokenCounter(), templates: TemplateLibrary = .builtIn,
        onToken: (@Sendable (String) -> Void)? = nil
    ) {
        self.retriever = retriever
        self.generator = generator
        self.embedder = embedder
        self.reranker = reranker
        self.tokenCounter = tokenCounter
        self.templates = templates
        self.onToken = onToken
    }

    /// The generator when it is a language model, nil for the offline extractive one.
    var languageModel: (any Generator)? {
        generator is ExtractiveGenerator ? nil : generator
    }
}
