/// Produces answer text from a prompt and numbered sources.
///
/// Usage example:
/// ```swift
/// let result = try await generator.generate(request)
/// for try await piece in generator.stream(request) { print(piece, terminator: "") }
/// ```
public protocol Generator: Sendable {
    /// Name of the model or method, e.g. `extractive` or `llama-3-8b`.
    var model: String { get }
    /// Generates the whole answer.
    func generate(_ request: GenerationRequest) async throws -> GenerationResult
    /// Generates the answer as a stream of text pieces.
    func stream(_ request: GenerationRequest) -> AsyncThrowingStream<String, any Error>
    /// Generates the answer as a stream of text pieces and, from generators that count tokens, the token usage.
    func streamEvents(_ request: GenerationRequest) -> AsyncThrowingStream<GenerationEvent, any Error>
}

/// One event of a streamed generation.
public enum GenerationEvent: Hashable, Sendable {
    /// A piece of the answer text.
    case text(String)
    /// The model server's token count for the whole generation (sent once, at the end, by servers that count).
    case usage(TokenUsage)
}

extension Generator {
    /// The text pieces of `stream`, without usage; generators that count tokens override this.
    public func streamEvents(_ request: GenerationRequest) -> AsyncThrowingStream<GenerationEvent, any Error> {
        let pieces = stream(request)
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await piece in pieces { continuation.yield(.text(piece)) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Streams by generating the whole answer and yielding it once; generators that can do better override this.
    public func stream(_ request: GenerationRequest) -> AsyncThrowingStream<String, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let result = try await generate(request)
                    continuation.yield(result.text)
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
