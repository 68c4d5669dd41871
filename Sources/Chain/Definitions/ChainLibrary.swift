public import Foundation
import RAGCore

/// The chains and templates an executor can run: the built-ins plus those loaded from chain files.
///
/// A chain file is JSON:
/// ```json
/// {
///   "templates": { "terse": { "system": "Answer in one sentence from the sources; cite [n].", "user": "{{sources}}\n\n{{question}}" } },
///   "chains": {
///     "precise": { "description": "BM25 then MMR, terse prompt",
///                  "steps": [ {"step": "retrieve", "k": 30, "mode": "bm25"}, {"step": "mmr", "lambda": 0.5, "k": 5},
///                             {"step": "pack", "budget": 1200}, {"step": "prompt", "template": "terse"},
///                             {"step": "generate"}, {"step": "cite"} ] }
///   }
/// }
/// ```
///
/// Usage example:
/// ```swift
/// let library = try ChainLibrary.builtIn.loading(from: URL(fileURLWithPath: "chains.json"))
/// let answer = try await ChainExecutor(retriever: kb, generator: generator, embedder: embedder, library: library)
///     .run(chain: "precise", question: "What is the Higgs boson mass?")
/// ```
public struct ChainLibrary: Sendable {
    /// Chains by name.
    public private(set) var chains: [String: ChainDefinition]
    /// Prompt templates by name.
    public private(set) var templates: TemplateLibrary

    /// Step types a chain file may use (`mmr` is an alias of `diversify`).
    public static let stepTypes = ["condense", "retrieve", "diversify", "mmr", "rerank", "pack", "prompt", "generate", "cite", "summarize"]

    /// The built-in chains `qa`, `search`, `summarize` and `condense`, with the built-in templates.
    public static let builtIn: ChainLibrary = {
        let empty = ChainLibrary(chains: [:], templates: .builtIn)
        do {
            return try empty.loading(json: Data(BuiltInChains.json.utf8), file: "<built-in>")
        } catch {
            // The built-in definitions are constants covered by the tests.
            preconditionFailure("built-in chains are invalid: \(error)")
        }
    }()

    /// Creates a library from parts.
    public init(chains: [String: ChainDefinition], templates: TemplateLibrary) {
        self.chains = chains
        self.templates = templates
    }

    /// The built-ins plus the chains and templates of the file at `url`.
    public static func load(from url: URL) throws(ChainError) -> ChainLibrary {
        try builtIn.loading(from: url)
    }

    /// This library plus the chains and templates of the file at `url`; same-named chains are replaced.
    public func loading(from url: URL) throws(ChainError) -> ChainLibrary {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .invalidDefinition(file: url.path, chain: nil, step: nil, problem: "cannot read the file (\(error.localizedDescription))")
        }
        return try loading(json: data, file: url.path)
    }

    /// The chain named `name`.
    public func chain(named name: String) throws(ChainError) -> ChainDefinition {
        guard let chain = chains[name] else { throw .unknownChain(name: name, available: chains.keys.sorted()) }
        return chain
    }

    // MARK: - Parsing

    private struct FileSpec: Decodable {
        var templates: [String: TemplateSpec]?
        var chains: [String: ChainSpec]?
    }

    private struct TemplateSpec: Decodable {
        var system: String?
        var user: String
    }

    private struct ChainSpec: Decodable {
        var description: String?
        var steps: [[String: JSONValue]]
    }

    func loading(json data: Data, file: String) throws(ChainError) -> ChainLibrary {
        let spec: FileSpec
        do {
            spec = try JSONDecoder().decode(FileSpec.self, from: data)
        } catch {
            throw .invalidDefinition(file: file, chain: nil, step: nil, problem: "not a chain file (\(Self.describe(error)))")
        }
        var library = self
        for (name, template) in (spec.templates ?? [:]).sorted(by: { $0.key < $1.key }) {
            library.templates.add(try PromptTemplate(name: name, system: template.system ?? "", user: template.user))
        }
        for (name, chain) in (spec.chains ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard !chain.steps.isEmpty else {
                throw .invalidDefinition(file: file, chain: name, step: nil, problem: "the chain has no steps")
            }
            var steps: [any ChainStep] = []
            for (position, stepSpec) in chain.steps.enumerated() {
                guard case .string(let type)? = stepSpec["step"] else {
                    throw .invalidDefinition(file: file, chain: name, step: "#\(position + 1)", problem: "each step needs a \"step\" field naming its type")
                }
                guard Self.stepTypes.contains(type) else {
                    throw .unknownStep(file: file, chain: name, step: type, available: Self.stepTypes)
                }
                var parameters = stepSpec
                parameters["step"] = nil
                do {
                    steps.append(try Self.makeStep(type, parameters: StepParameters(parameters), templates: library.templates))
                } catch let problem as StepParameterProblem {
                    throw .invalidDefinition(file: file, chain: name, step: type, problem: problem.message)
                } catch let error as ChainError {
                    throw .invalidDefinition(file: file, chain: name, step: type, problem: "\(error)")
                } catch {
                    throw .invalidDefinition(file: file, chain: name, step: type, problem: "\(error)")
                }
            }
            library.chains[name] = ChainDefinition(name: name, summary: chain.description ?? "", steps: steps)
        }
        return library
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): context.debugDescription
        case DecodingError.keyNotFound(let key, let context): "missing \"\(key.stringValue)\" at \(path(context))"
        case DecodingError.typeMismatch(_, let context): "\(context.debugDescription) at \(path(context))"
        case DecodingError.valueNotFound(_, let context): "missing value at \(path(context))"
        default: "\(error)"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }

    static func makeStep(_ type: String, parameters p: StepParameters, templates: TemplateLibrary) throws -> any ChainStep {
        switch type {
        case "condense":
            try p.requireOnly(["template", "maxTurns"])
            return CondenseStep(template: try template(p, "template", default: "condense", templates), maximumTurns: try p.int("maxTurns", default: 6, in: 1...100))
        case "retrieve":
            try p.requireOnly(["k", "mode"])
            let mode = try p.choice("mode", default: "hybrid", from: SearchMode.allCases.map(\.rawValue))
            return RetrieveStep(k: try p.int("k", default: 20, in: 1...1_000), mode: SearchMode(rawValue: mode) ?? .hybrid)
        case "diversify", "mmr":
            try p.requireOnly(["lambda", "k"])
            return DiversifyStep(lambda: try p.double("lambda", default: 0.7, in: 0...1), k: try p.int("k", default: 8, in: 1...200))
        case "rerank":
            try p.requireOnly(["top", "required"])
            return RerankStep(top: try p.int("top", default: 8, in: 1...200), isRequired: try p.bool("required", default: false))
        case "pack":
            try p.requireOnly(["budget", "maxSources"])
            return PackStep(budget: try p.int("budget", default: 2_000, in: 64...1_000_000), maximumSources: try p.int("maxSources", default: 8, in: 1...100))
        case "prompt":
            try p.requireOnly(["template"])
            return PromptStep(template: try template(p, "template", default: "qa", templates))
        case "generate":
            try p.requireOnly(["maxTokens", "temperature"])
            return GenerateStep(maxTokens: try p.int("maxTokens", default: 512, in: 1...131_072), temperature: try p.double("temperature", default: 0, in: 0...2))
        case "cite":
            try p.requireOnly([])
            return CiteStep()
        case "summarize":
            try p.requireOnly(["maxChunks", "mapBudget", "sentences", "mapTemplate", "reduceTemplate"])
            return SummarizeStep(
                maximumChunks: try p.int("maxChunks", default: 400, in: 1...10_000), mapBudget: try p.int("mapBudget", default: 1_500, in: 64...1_000_000),
                sentences: try p.int("sentences", default: 6, in: 1...50),
                mapTemplate: try template(p, "mapTemplate", default: "summarize-map", templates),
                reduceTemplate: try template(p, "reduceTemplate", default: "summarize-reduce", templates))
        default:
            throw StepParameterProblem("unknown step type '\(type)'")
        }
    }

    /// A template parameter: a name, or an inline `{"system": …, "user": …}` object.
    private static func template(_ p: StepParameters, _ key: String, default name: String, _ templates: TemplateLibrary) throws -> PromptTemplate {
        switch p.values[key] {
        case nil:
            return try templates.template(named: name)
        case .string(let named)?:
            return try templates.template(named: named)
        case .object(let inline)?:
            guard case .string(let user)? = inline["user"] else {
                throw StepParameterProblem("inline template '\(key)' needs a \"user\" string")
            }
            var system = ""
            if case .string(let text)? = inline["system"] { system = text }
            return try PromptTemplate(name: "inline", system: system, user: user)
        case let other?:
            throw StepParameterProblem("parameter '\(key)' must be a template name or an object with \"system\" and \"user\", not \(other.typeName)")
        }
    }
}
