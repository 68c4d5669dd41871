import RAGCore

/// Asks the generator for an answer from the rendered prompt and the numbered sources, streaming pieces to
/// the context's `onToken` when set (with markers renumbered on the fly when the chain cites, see
/// `StreamingCitationRenumberer`). `answer` keeps the raw text; the cite step resolves it.
public struct GenerateStep: ChainStep {
    /// Upper bound on generated tokens.
    public var maxTokens: Int
    /// Sampling temperature.
    public var temperature: Double

    /// Creates the step.
    public init(maxTokens: Int = 512, temperature: Double = 0) {
        self.maxTokens = maxTokens
        self.temperature = temperature
    }

    /// `generate`.
    public var name: String { "generate" }
    public var reads: Set<ChainField> { [.messages, .sources] }
    public var writes: Set<ChainField> { [.answer] }

    /// Fills `answer`, `abstained` and `model`.
    public func run(_ state: inout ChainState, context: ChainContext) async throws -> [String: String] {
        if state.sources.isEmpty {
            // Nothing was retrieved: abstain without asking a model that would answer from memory.
            state.answer = ExtractiveGenerator.abstention
            state.abstained = true
            state.hasGenerated = true
            if var sink = context.tokenSink(sourceCount: 0) {
                sink.send(state.answer)
                sink.finish()
            }
            return ["input": "no sources", "output": "abstained without calling the generator"]
        }
        let request = GenerationRequest(
            messages: state.messages, question: state.standaloneQuestion, sources: state.sources,
            maxTokens: state.options.maxTokens ?? maxTokens, temperature: state.options.temperature ?? temperature)
        var confidence: Double?
        if var sink = context.tokenSink(sourceCount: state.sources.count) {
            var text = ""
            for try await event in context.generator.streamEvents(request) {
                switch event {
                case .text(let piece):
                    text += piece
                    sink.send(piece)
                case .usage(let usage):
                    state.usage = usage
                }
            }
            sink.finish()
            state.answer = text
            state.abstained = text.trimmingWhitespace() == ExtractiveGenerator.abstention
        } else {
            let result = try await context.generator.generate(request)
            state.answer = result.text
            state.abstained = result.abstained || result.text.trimmingWhitespace() == ExtractiveGenerator.abstention
            confidence = result.confidence
            state.usage = result.usage
        }
        state.model = context.generator.model
        state.hasGenerated = true
        var details = [
            "input": "\(state.messages.count) messages, \(state.sources.count) sources",
            "output": state.abstained ? "abstained" : "\(state.answer.count) characters",
            "model": context.generator.model,
        ]
        if let confidence { details["confidence"] = String(confidence) }
        return details
    }
}
