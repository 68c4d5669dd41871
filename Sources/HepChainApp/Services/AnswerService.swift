public import RAGCore

/// A question to answer from a collection.
public struct AskRequest: Sendable, Hashable {
    /// The question.
    public var question: String
    /// Collection to retrieve from.
    public var collection: String
    /// Chain name (`qa`, `search`, `summarize`, or a user-defined one).
    public var chain: String
    /// Earlier turns, oldest first.
    public var history: [ChatMessage]
    /// Restrict retrieval to these documents (e.g. ones loaded on the fly for this question).
    public var filter: SearchFilter
    /// Creates a request.
    public init(question: String, collection: String, chain: String = "qa", history: [ChatMessage] = [], filter: SearchFilter = .init()) {
        self.question = question
        self.collection = collection
        self.chain = chain
        self.history = history
        self.filter = filter
    }
}

/// A streamed answer: text pieces as they come, then the whole answer with its citations.
public enum AskEvent: Sendable, Hashable {
    /// A piece of answer text.
    case token(String)
    /// The finished answer, with citations and trace.
    case done(Answer)
}

/// What the HTTP layer needs from the chain executor. `ChainAnswerService` adapts the real one.
public protocol AnswerService: Sendable {
    /// Names of the available chains.
    var chains: [String] { get }
    /// Answers a question.
    func ask(_ request: AskRequest) async throws -> Answer
    /// Answers a question as a stream of events ending with `.done`.
    func stream(_ request: AskRequest) -> AsyncThrowingStream<AskEvent, any Error>
}
