import RAGCore

/// Rewrites a follow-up question into a standalone one from the conversation history.
///
/// With a language model it renders the condense template and asks the model. Offline it appends to the
/// question the content words of the most recent user turns that the question lacks, when the question
/// leans on the conversation (a pronoun such as "it"/"its"/"它", or fewer than three content words):
/// "What is its width?" after "What is the Higgs boson mass?" becomes "What is its width? (Higgs boson mass)".
public struct CondenseStep: ChainStep {
    /// The template for the language model.
    public var template: PromptTemplate
    /// Number of history messages considered.
    public var maximumTurns: Int

    /// Creates the step.
    public init(template: PromptTemplate, maximumTurns: Int = 6) {
        self.template = template
        self.maximumTurns = maximumTurns
    }

    /// `condense`.
    public var name: String { "condense" }
    public var reads: Set<ChainField> { [] }
    public var writes: Set<ChainField> { [.standaloneQuestion] }

    private static let anaphora: Set<String> = [
        "it", "its", "they", "them", "their", "this", "that", "these", "those", "he", "she", "his", "her", "there",
        "same", "former", "latter", "above",
    ]
    private static let chineseAnaphora = ["它", "其", "这个", "那个", "这些", "那些", "该", "他们", "上述"]

    /// Sets `standaloneQuestion`.
    public func run(_ state: inout ChainState, context: ChainContext) async throws -> [String: String] {
        let history = Array(state.history.filter { $0.role != .system }.suffix(maximumTurns))
        guard !history.isEmpty else {
            return ["input": "no history", "output": "question unchanged"]
        }
        if let model = context.languageModel {
            let messages = template.render([
                "question": state.question, "history": SourceFormatter.history(history, maxTurns: maximumTurns),
                "language": SourceFormatter.languageName(state.language),
            ])
            let result = try await model.generate(GenerationRequest(messages: messages, question: state.question, maxTokens: 128, temperature: 0))
            let rewritten = result.text.split(whereSeparator: \.isNewline).first.map { String($0).trimmingWhitespace() } ?? ""
            if !rewritten.isEmpty { state.standaloneQuestion = rewritten }
            return ["input": "\(history.count) messages", "output": "rewritten by \(model.model)"]
        }
        state.standaloneQuestion = Self.offlineRewrite(state.question, history: history)
        return [
            "input": "\(history.count) messages",
            "output": state.standaloneQuestion == state.question ? "question unchanged" : "context words appended",
        ]
    }

    static func offlineRewrite(_ question: String, history: [ChatMessage]) -> String {
        let words = TextAnalysis.terms(question)
        let ownTerms = TextAnalysis.contentTerms(question)
        let leansOnHistory =
            words.contains(where: anaphora.contains) || chineseAnaphora.contains(where: question.contains) || ownTerms.count < 3
        guard leansOnHistory else { return question }
        let own = Set(ownTerms)
        var added: [String] = []
        // Most recent user turn first; its words are most likely what "it" refers to.
        for message in history.reversed() where message.role == .user {
            for term in TextAnalysis.contentTerms(message.content) where !own.contains(term) && !added.contains(term) {
                added.append(term)
            }
            if added.count >= 6 { break }
        }
        guard !added.isEmpty else { return question }
        // Quote the original spelling where possible ("Higgs", not "higg").
        let originals = history.reversed().filter { $0.role == .user }.flatMap { $0.content.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "-" && $0 != "/" }) }
        let spelled = added.prefix(6).map { term in
            originals.first { TextAnalysis.stem(String($0).lowercased()) == term }.map(String.init) ?? term
        }
        return "\(question) (\(spelled.joined(separator: " ")))"
    }
}
