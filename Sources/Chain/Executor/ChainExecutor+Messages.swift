public import RAGCore

extension ChainExecutor {
    /// Runs a chain on an OpenAI-style conversation: the last user message is the question, the messages
    /// before it the history (system messages are ignored; the chain's template supplies its own).
    public func run(chain: String = "qa", messages: [ChatMessage], options: ChainOptions = .init()) async throws -> Answer {
        let (question, history) = try Self.split(messages)
        return try await run(chain: chain, question: question, history: history, options: options)
    }

    /// Streams a chain run on an OpenAI-style conversation (see `run(chain:messages:options:)`).
    public func stream(chain: String = "qa", messages: [ChatMessage], options: ChainOptions = .init()) -> AsyncThrowingStream<ChainEvent, any Error> {
        do {
            let (question, history) = try Self.split(messages)
            return stream(chain: chain, question: question, history: history, options: options)
        } catch {
            return AsyncThrowingStream { $0.finish(throwing: error) }
        }
    }

    static func split(_ messages: [ChatMessage]) throws(ChainError) -> (question: String, history: [ChatMessage]) {
        guard let last = messages.lastIndex(where: { $0.role == .user }) else { throw .emptyQuestion }
        return (messages[last].content, messages[..<last].filter { $0.role != .system })
    }
}
