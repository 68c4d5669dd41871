/// Named prompt templates: the built-in ones, plus any a chain file defines.
public struct TemplateLibrary: Sendable {
    /// Templates by name.
    public private(set) var templates: [String: PromptTemplate]

    /// The built-in templates only.
    public static let builtIn = TemplateLibrary(templates: Dictionary(uniqueKeysWithValues: BuiltInTemplates.all.map { ($0.name, $0) }))

    /// Creates a library from templates keyed by name.
    public init(templates: [String: PromptTemplate]) {
        self.templates = templates
    }

    /// The template named `name`.
    public func template(named name: String) throws(ChainError) -> PromptTemplate {
        guard let template = templates[name] else { throw .unknownTemplate(name: name, available: templates.keys.sorted()) }
        return template
    }

    /// Adds or replaces a template.
    public mutating func add(_ template: PromptTemplate) {
        templates[template.name] = template
    }
}

/// The default prompts. The QA prompt follows the usual grounded-answer instructions (answer only from the
/// numbered sources, cite as [n], say when they do not contain the answer, reply in the question's language).
enum BuiltInTemplates {
    static let all: [PromptTemplate] = [qa, condense, summarizeMap, summarizeReduce, newcomer, checker, expert]

    static let qa = make(
        "qa",
        system: """
            You are a careful assistant for high-energy-physics researchers. Answer the question using only the \
            numbered sources below. Cite every statement with the number of its source in square brackets, like \
            [1] or [2][3]; never cite a number that is not in the list. If the sources do not contain the answer, \
            say "The indexed documents do not answer this." and nothing else. Keep numbers, units and \
            uncertainties exactly as the sources give them. Reply in {{language}}.
            """,
        user: """
            Sources:
            {{sources}}
            {{#history}}
            Conversation so far:
            {{history}}
            {{/history}}
            Question: {{question}}
            """)

    static let condense = make(
        "condense",
        system: """
            Rewrite the user's follow-up question as one standalone question that can be understood without the \
            conversation. Keep names, symbols and numbers. Reply with the question only, in the follow-up's language.
            """,
        user: """
            Conversation:
            {{history}}

            Follow-up question: {{question}}
            Standalone question:
            """)

    static let summarizeMap = make(
        "summarize-map",
        system: """
            Summarize the passages of one document in three sentences or fewer, keeping numbers and units. Cite each \
            sentence with the number of its passage, like [2]. Reply in {{language}}.
            """,
        user: """
            Document: {{document}}
            Passages:
            {{sources}}
            """)

    static let summarizeReduce = make(
        "summarize-reduce",
        system: """
            Combine the partial summaries of one document into one summary of at most eight sentences: what was \
            done, how, and the main results with numbers. Keep the [n] markers of the sentences you use. Reply in {{language}}.
            """,
        user: """
            Document: {{document}}
            Partial summaries:
            {{input}}
            """)

    static let newcomer = make(
        "fission-newcomer",
        system: """
            You are a newcomer to high-energy physics reading about "{{topic}}". Ask exactly two short, specific \
            questions that the text below can answer, one per line, without numbering. Ask in {{language}}.
            """,
        user: "{{input}}")

    static let checker = make(
        "fission-checker",
        system: """
            You check questions for a physics question bank. A good question is specific, self-contained (no \
            "this paper", "it"), answerable from the passage and not a yes/no question. Reply with exactly GOOD or BAD.
            """,
        user: """
            Passage:
            {{sources}}

            Question: {{question}}
            """)

    static let expert = make(
        "fission-expert",
        system: """
            You are an expert in high-energy physics. Answer the question using only the numbered sources, cite \
            them as [n], and keep numbers and units exactly. If the sources do not answer it, say "The indexed \
            documents do not answer this." Reply in {{language}}.
            """,
        user: """
            Sources:
            {{sources}}

            Question: {{question}}
            """)

    private static func make(_ name: String, system: String, user: String) -> PromptTemplate {
        do {
            return try PromptTemplate(name: name, system: system, user: user)
        } catch {
            // The built-in texts are constants checked by the tests; a failure here is a programming error.
            preconditionFailure("built-in template \(name) is invalid: \(error)")
        }
    }
}
