/// One step of a chain: reads and writes fields of a `ChainState`, and says what it did.
///
/// A step declares the fields it needs an earlier step to have written (`reads`) and those it writes, so a
/// chain's order is checked when it is loaded (`ChainLibrary`), and the executor never asks what type a step is.
///
/// Usage example:
/// ```swift
/// struct UppercaseStep: ChainStep {
///     var name: String { "uppercase" }
///     var reads: Set<ChainField> { [.answer] }
///     var writes: Set<ChainField> { [.answer] }
///     func run(_ state: inout ChainState, context: ChainContext) async throws -> [String: String] {
///         state.answer = state.answer.uppercased()
///         return ["output": "\(state.answer.count) characters"]
///     }
/// }
/// ```
public protocol ChainStep: Sendable {
    /// The step's name in traces and error messages (`retrieve`, `rerank`, …).
    var name: String { get }
    /// Fields an earlier step must have written (the question, history and standalone question are there from the start).
    var reads: Set<ChainField> { get }
    /// Fields the step writes.
    var writes: Set<ChainField> { get }
    /// False for a step that works without a question (a summary of one document).
    var needsQuestion: Bool { get }
    /// True for a step that renumbers the answer's `[n]` markers, so streamed text is renumbered the same way.
    var renumbersMarkers: Bool { get }
    /// Runs the step; returns short summaries of its input and output (keys `input`, `output`, and any
    /// others) for the trace.
    func run(_ state: inout ChainState, context: ChainContext) async throws -> [String: String]
}

extension ChainStep {
    public var needsQuestion: Bool { true }
    public var renumbersMarkers: Bool { false }
}

/// A field of `ChainState` that steps pass along, named as chain-file errors name it.
public enum ChainField: String, Sendable, Hashable, CaseIterable, Comparable {
    case question
    case history
    case standaloneQuestion = "standalone question"
    case candidates = "retrieved candidates"
    case sources = "packed sources"
    case messages = "prompt messages"
    case answer
    case citations

    /// What every chain starts with.
    public static let initial: Set<ChainField> = [.question, .history, .standaloneQuestion]

    /// The steps that write the field, for error messages.
    var writers: String {
        switch self {
        case .question, .history: "the request"
        case .standaloneQuestion: "condense"
        case .candidates: "retrieve"
        case .sources: "pack (or summarize)"
        case .messages: "prompt"
        case .answer: "generate (or summarize)"
        case .citations: "cite"
        }
    }

    public static func < (left: ChainField, right: ChainField) -> Bool {
        allCases.firstIndex(of: left)! < allCases.firstIndex(of: right)!
    }
}
