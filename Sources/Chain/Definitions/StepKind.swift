import RAGCore

/// The step types a chain file may name, each registered once: its name, aliases, parameters and how it is made.
/// What a step reads and writes is declared by the step itself (`ChainStep.reads`, `writes`).
struct StepKind: Sendable {
    /// The name a chain file uses.
    let name: String
    /// Other names for the same step (`mmr` for `diversify`).
    let aliases: [String]
    /// The parameters it accepts; any other is an error naming the step.
    let parameters: Set<String>
    /// Makes the step from checked parameters.
    let make: @Sendable (StepParameters, TemplateLibrary) throws -> any ChainStep

    init(
        _ name: String, aliases: [String] = [], parameters: Set<String>,
        make: @escaping @Sendable (StepParameters, TemplateLibrary) throws -> any ChainStep
    ) {
        self.name = name
        self.aliases = aliases
        self.parameters = parameters
        self.make = make
    }

    /// The registered kind called `name` (or one of its aliases).
    static func named(_ name: String) -> StepKind? {
        all.first { $0.name == name || $0.aliases.contains(name) }
    }

    /// Every step type, in the order a question-answering chain runs them.
    static let all: [StepKind] = [
        StepKind("condense", parameters: ["template", "maxTurns"]) { p, templates in
            CondenseStep(
                template: try ChainLibrary.template(p, "template", default: "condense", templates),
                maximumTurns: try p.int("maxTurns", default: 6, in: 1...100))
        },
        StepKind("retrieve", parameters: ["k", "mode", "dense", "documents", "perDocument"]) { p, _ in
            let mode = try p.choice("mode", default: "hybrid", from: SearchMode.allCases.map(\.rawValue))
            return RetrieveStep(
                k: try p.int("k", default: 20, in: 1...1_000), mode: SearchMode(rawValue: mode) ?? .hybrid,
                dense: try p.int("dense", default: 0, in: 0...1_000), documents: try p.int("documents", default: 0, in: 0...20),
                perDocument: try p.int("perDocument", default: 3, in: 1...100))
        },
        StepKind("diversify", aliases: ["mmr"], parameters: ["lambda", "k"]) { p, _ in
            DiversifyStep(lambda: try p.double("lambda", default: 0.7, in: 0...1), k: try p.int("k", default: 8, in: 1...200))
        },
        StepKind("rerank", parameters: ["top", "required"]) { p, _ in
            RerankStep(top: try p.int("top", default: 8, in: 1...200), isRequired: try p.bool("required", default: false))
        },
        StepKind("pack", parameters: ["budget", "maxSources"]) { p, _ in
            PackStep(
                budget: try p.int("budget", default: 2_000, in: 64...1_000_000),
                maximumSources: try p.int("maxSources", default: 8, in: 1...100))
        },
        StepKind("prompt", parameters: ["template"]) { p, templates in
            PromptStep(template: try ChainLibrary.template(p, "template", default: "qa", templates))
        },
        StepKind("generate", parameters: ["maxTokens", "temperature"]) { p, _ in
            GenerateStep(
                maxTokens: try p.int("maxTokens", default: 512, in: 1...131_072),
                temperature: try p.double("temperature", default: 0, in: 0...2))
        },
        StepKind("cite", parameters: []) { _, _ in CiteStep() },
        StepKind("summarize", parameters: ["maxChunks", "mapBudget", "sentences", "mapTemplate", "reduceTemplate"]) { p, templates in
            SummarizeStep(
                maximumChunks: try p.int("maxChunks", default: 400, in: 1...10_000),
                mapBudget: try p.int("mapBudget", default: 1_500, in: 64...1_000_000),
                sentences: try p.int("sentences", default: 6, in: 1...50),
                mapTemplate: try ChainLibrary.template(p, "mapTemplate", default: "summarize-map", templates),
                reduceTemplate: try ChainLibrary.template(p, "reduceTemplate", default: "summarize-reduce", templates))
        },
    ]
}
