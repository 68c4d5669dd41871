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

    /// Step types a chain file may use (`mmr` is an alias of `diversify`), in their usual order.
    public static var stepTypes: [String] { StepKind.all.flatMap { [$0.name] + $0.aliases } }

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
                guard let kind = StepKind.named(type) else {
                    throw .unknownStep(file: file, chain: name, step: type, available: Self.stepTypes)
                }
                var parameters = stepSpec
                parameters["step"] = nil
                do {
                    let parameters = StepParameters(parameters)
                    try parameters.requireOnly(kind.parameters)
                    steps.append(try kind.make(parameters, library.templates))
                } catch let problem as StepParameterProblem {
                    throw .invalidDefinition(file: file, chain: name, step: type, problem: problem.message)
                } catch let error as ChainError {
                    throw .invalidDefinition(file: file, chain: name, step: type, problem: "\(error)")
                } catch {
                    throw .invalidDefinition(file: file, chain: name, step: type, problem: "\(error)")
                }
            }
            if let problem = Self.orderProblem(steps) {
                throw .invalidDefinition(file: file, chain: name, step: problem.step, problem: problem.message)
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

    /// The first step that reads a field no earlier step wrote, with what it misses and which step writes it.
    static func orderProblem(_ steps: [any ChainStep]) -> (step: String, message: String)? {
        var written = ChainField.initial
        for step in steps {
            let missing = step.reads.subtracting(written).sorted()
            if !missing.isEmpty {
                let names = missing.map(\.rawValue).joined(separator: " and ")
                let writers = missing.map(\.writers).joined(separator: " and ")
                return (step.name, "it needs the \(names), which no earlier step writes; put \(writers) before it")
            }
            written.formUnion(step.writes)
        }
        return nil
    }

    /// A template parameter: a name, or an inline `{"system": …, "user": …}` object.
    static func template(_ p: StepParameters, _ key: String, default name: String, _ templates: TemplateLibrary) throws -> PromptTemplate {
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
