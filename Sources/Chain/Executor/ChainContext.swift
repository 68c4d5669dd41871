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
    /// The retriever's query translation, reported in the retrieve step's trace (the retriever translates).
    public var translator: any QueryTranslator = NoTranslation()
    /// Receives generated text pieces as they arrive (set by `ChainExecutor.stream`).
    public var onToken: (@Sendable (String) -> Void)?
    /// Whether the pieces sent to `onToken` have their `[n]` markers rewritten as the cite step will
    /// rewrite the answer (renumbered in order of use, dangling ones dropped), so the streamed text equals
    /// the final one. `ChainExecutor` sets it for chains with a cite step.
    public var renumbersStreamedMarkers: Bool = false

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

    /// Where a step sends the text it generates for `sources` numbered sources, or nil when not streaming.
    func tokenSink(sourceCount: Int) -> TokenSink? {
        guard let onToken else { return nil }
        return TokenSink(onToken: onToken, renumberer: renumbersStreamedMarkers ? StreamingCitationRenumberer(sourceCount: sourceCount) : nil)
    }

    /// The generator when it is a language model, nil for the offline extractive one.
    var languageModel: (any Generator)? {
        generator is ExtractiveGenerator ? nil : generator
    }
}

/// Forwards generated pieces to `onToken`, through a marker renumberer when the chain cites.
struct TokenSink {
    let onToken: @Sendable (String) -> Void
    var renumberer: StreamingCitationRenumberer?

    /// Sends a piece (whatever of it can be sent yet).
    mutating func send(_ piece: String) {
        let text = renumberer?.feed(piece) ?? piece
        if !text.isEmpty { onToken(text) }
    }

    /// Sends what the renumberer still holds; call once the generator has finished.
    mutating func finish() {
        if let rest = renumberer?.finish(), !rest.isEmpty { onToken(rest) }
    }
}
