import RAGCore

/// Resolves the answer's `[n]` markers into citations, removes markers that point to no source (reported
/// in the trace as `dangling`) and renumbers the rest in order of first use.
public struct CiteStep: ChainStep {
    /// Creates the step.
    public init() {}

    /// `cite`.
    public var name: String { "cite" }
    public var reads: Set<ChainField> { [.answer, .sources] }
    public var writes: Set<ChainField> { [.citations] }
    public var renumbersMarkers: Bool { true }

    /// Rewrites `answer` and fills `citations`.
    public func run(_ state: inout ChainState, context: ChainContext) async throws -> [String: String] {
        let resolution = CitationResolver().resolve(state.answer, sources: state.sources)
        state.answer = resolution.text
        state.citations = resolution.citations
        var details = [
            "input": "\(state.sources.count) sources",
            "output": "\(resolution.citations.count) citations",
        ]
        // Sentences without any marker are claims the reader cannot check; say how many there are.
        let sentences = TextAnalysis.sentences(in: resolution.text)
        let uncited = sentences.filter { !$0.contains("[") }.count
        if !state.abstained, uncited > 0 {
            details["uncited"] = "\(uncited) of \(sentences.count) sentences"
        }
        if !resolution.danglingMarkers.isEmpty {
            details["dangling"] = resolution.danglingMarkers.map { "[\($0)]" }.joined(separator: " ")
        }
        return details
    }
}
