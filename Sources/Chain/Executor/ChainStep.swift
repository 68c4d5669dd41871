/// One step of a chain: reads and writes fields of a `ChainState`, and says what it did.
///
/// Usage example:
/// ```swift
/// struct UppercaseStep: ChainStep {
///     var name: String { "uppercase" }
///     func run(_ state: inout ChainState, context: ChainContext) async throws -> [String: String] {
///         state.answer = state.answer.uppercased()
///         return ["output": "\(state.answer.count) characters"]
///     }
/// }
/// ```
public protocol ChainStep: Sendable {
    /// The step's name in traces and error messages (`retrieve`, `rerank`, …).
    var name: String { get }
    /// Runs the step; returns short summaries of its input and output (keys `input`, `output`, and any
    /// others) for the trace.
    func run(_ state: inout ChainState, context: ChainContext) async throws -> [String: String]
}
