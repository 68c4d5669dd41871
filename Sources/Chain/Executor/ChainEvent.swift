public import RAGCore

/// What `ChainExecutor.stream` emits: generated text as it arrives, each finished step, then the answer.
public enum ChainEvent: Hashable, Sendable {
    /// A piece of generated text. In a chain with a cite step its `[n]` markers are already renumbered as
    /// in the final answer (dangling ones dropped), so the pieces concatenate to the answer's text.
    case token(String)
    /// A step finished.
    case step(TraceEntry)
    /// The final answer with renumbered markers, citations and the full trace; always the last event.
    case answer(Answer)
}
