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
}

extension Generator {
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
