public import RAGCore

/// The value a chain's steps pass along: the question, what retrieval found, the prompt, the answer.
///
/// Each step reads some fields and writes others; the order is condense → retrieve → diversify → rerank →
/// pack → prompt → generate → cite, and a chain may leave steps out.
public struct ChainState: Hashable, Sendable {
    /// The question as the user asked it.
    public var question: String
    /// The conversation before the question.
    public var history: [ChatMessage]
    /// The question rewritten to stand alone (equals `question` until a condense step runs).
    public var standaloneQuestion: String
    /// Per-request options.
    public var options: ChainOptions
    /// Reply language, `en` or `zh`.
    public var language: String
    /// Retrieved chunks, best first (written by retrieve, reordered by diversify and rerank).
    public var candidates: [RetrievedChunk]
    /// The chunks given to the generator, numbered: `sources[i]` is `[i + 1]` (written by pack).
    public var sources: [RetrievedChunk]
    /// The rendered prompt (written by prompt).
    public var messages: [ChatMessage]
    /// The answer text with `[n]` markers (written by generate, renumbered by cite).
    public var answer: String
    /// True when the generator abstained.
    public var abstained: Bool
    /// Model that produced the answer.
    public var model: String?
    /// Citations in marker order (written by cite).
    public var citations: [Citation]
    /// Whether a generate or summarize step produced the answer (a search-only chain leaves it false).
    public var hasGenerated: Bool
    /// The language model's token count for the answer (written by generate when the model reports one).
    public var usage: TokenUsage?

    /// Creates the state a chain starts from.
    public init(question: String, history: [ChatMessage] = [], options: ChainOptions = .init()) {
        self.question = question
        self.history = history
        self.standaloneQuestion = question
        self.options = options
        self.language = options.language ?? TextAnalysis.language(of: question)
        self.candidates = []
        self.sources = []
        self.messages = []
        self.answer = ""
        self.abstained = false
        self.model = nil
        self.citations = []
        self.hasGenerated = false
        self.usage = nil
    }

    /// The standalone question plus, for a Chinese question, its English glossary terms, so English
    /// passages can match it lexically and by embedding.
    public var searchText: String {
        let bridge = TermBridge.englishTerms(for: standaloneQuestion)
        return bridge.isEmpty ? standaloneQuestion : "\(standaloneQuestion) \(bridge)"
    }
}
