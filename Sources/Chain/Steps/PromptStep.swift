import RAGCore

/// Renders the prompt template with the question, the numbered sources, the history and the language.
public struct PromptStep: ChainStep {
    /// The template.
    public var template: PromptTemplate

    /// Creates the step.
    public init(template: PromptTemplate) {
        self.template = template
    }

    /// `prompt`.
    public var name: String { "prompt" }
    public var reads: Set<ChainField> { [.sources] }
    public var writes: Set<ChainField> { [.messages] }

    /// Fills `messages`.
    public func run(_ state: inout ChainState, context: ChainContext) async throws -> [String: String] {
        state.messages = template.render(Self.variables(for: state))
        let characters = state.messages.reduce(0) { $0 + $1.content.count }
        return [
            "input": "template '\(template.name)', \(state.sources.count) sources",
            "output": "\(state.messages.count) messages, \(characters) characters, ~\(context.tokenCounter.tokenCount(state.messages.map(\.content).joined())) tokens",
        ]
    }

    /// The template variables for a state.
    static func variables(for state: ChainState) -> [String: String] {
        [
            "question": state.standaloneQuestion,
            "sources": SourceFormatter.numbered(state.sources),
            "history": SourceFormatter.history(state.history),
            "language": SourceFormatter.languageName(state.language),
        ]
    }
}
