/// One message of a conversation, in the OpenAI chat format.
public struct ChatMessage: Hashable, Sendable, Codable {
    /// Who speaks.
    public enum Role: String, Hashable, Sendable, Codable {
        case system, user, assistant
    }
    /// Who speaks.
    public var role: Role
    /// What is said.
    public var content: String
    /// Creates a message.
    public init(role: Role, content: String) {
        self.role = role
        self.content = content
    }
}

/// What a `Generator` is asked: the rendered prompt, and the question and sources it was made from.
///
/// An LLM generator sends `messages`; the offline extractive generator works from `question` and `sources`.
public struct GenerationRequest: Hashable, Sendable {
    /// The prompt, rendered from a template.
    public var messages: [ChatMessage]
    /// The user's (standalone) question.
    public var question: String
    /// Numbered sources: `sources[i]` is cited as `[i + 1]`.
    public var sources: [RetrievedChunk]
    /// Upper bound on generated tokens.
    public var maxTokens: Int
    /// Sampling temperature.
    public var temperature: Double

    /// Creates a request.
    public init(messages: [ChatMessage], question: String, sources: [RetrievedChunk] = [], maxTokens: Int = 512, temperature: Double = 0) {
        self.messages = messages
        self.question = question
        self.sources = sources
        self.maxTokens = maxTokens
        self.temperature = temperature
    }
}

/// Tokens a language model counted for one generation, as an OpenAI-compatible server reports them (`usage`).
public struct TokenUsage: Hashable, Sendable, Codable {
    /// Tokens of the prompt.
    public var promptTokens: Int
    /// Tokens of the generated text.
    public var completionTokens: Int
    /// Both together.
    public var totalTokens: Int
    /// Creates a count; `totalTokens` defaults to the sum.
    public init(promptTokens: Int, completionTokens: Int, totalTokens: Int? = nil) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens ?? promptTokens + completionTokens
    }
}

/// The generated text and, for the extractive generator, whether it abstained.
public struct GenerationResult: Hashable, Sendable, Codable {
    /// The answer text, with `[n]` markers referring to the request's sources.
    public var text: String
    /// True when the generator found no supported answer in the sources.
    public var abstained: Bool
    /// Model that produced the text.
    public var model: String
    /// How strongly the sources support the answer (the offline generator's evidence score of its best
    /// sentence; nil from generators that do not score).
    public var confidence: Double?
    /// The model server's own token count; nil from generators that do not count tokens.
    public var usage: TokenUsage?
    /// Creates a result.
    public init(text: String, abstained: Bool = false, model: String, confidence: Double? = nil, usage: TokenUsage? = nil) {
        self.text = text
        self.abstained = abstained
        self.model = model
        self.confidence = confidence
        self.usage = usage
    }
}

/// One step of a chain run, as recorded in the trace.
public struct TraceEntry: Hashable, Sendable, Codable {
    /// Step name, e.g. `retrieve`.
    public var step: String
    /// Duration in milliseconds.
    public var milliseconds: Double
    /// Short summaries of the step's input and output.
    public var details: [String: String]
    /// Creates a trace entry.
    public init(step: String, milliseconds: Double, details: [String: String] = [:]) {
        self.step = step
        self.milliseconds = milliseconds
        self.details = details
    }
}

/// A grounded answer: text with `[n]` markers, the citations they point to, and the chain's trace.
public struct Answer: Hashable, Sendable, Codable {
    /// Answer text.
    public var text: String
    /// Citations, one per marker used in `text`.
    public var citations: [Citation]
    /// True when the sources did not support an answer.
    public var abstained: Bool
    /// What each step did and how long it took.
    public var trace: [TraceEntry]
    /// The language model's token count for the answer, when an LLM generated it and reported one.
    public var usage: TokenUsage?
    /// Creates an answer.
    public init(text: String, citations: [Citation], abstained: Bool = false, trace: [TraceEntry] = [], usage: TokenUsage? = nil) {
        self.text = text
        self.citations = citations
        self.abstained = abstained
        self.trace = trace
        self.usage = usage
    }
}
