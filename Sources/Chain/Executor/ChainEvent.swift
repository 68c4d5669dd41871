public import RAGCore

/// What `ChainExecutor.stream` emits: generated text as it arrives, each finished step, then the answer.
public enum ChainEvent: Hashable, Sendable {
    /// A piece of generated text (raw: markers are renumbered only in the final answer).
    case token(String)
    /// A step finished.
    case step(TraceEntry)
    /// The final answer with renumbered markers, citations and the full trace; always the last event.
    case answer(Answer)
}
