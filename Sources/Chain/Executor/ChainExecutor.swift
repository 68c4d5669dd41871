import Metrics
public import RAGCore

/// Runs chains: the single entry point for the CLI (`hepchain ask`) and the server (`/v1/ask`,
/// `/v1/chat/completions`).
///
/// Usage example:
/// ```swift
/// let executor = ChainExecutor(retriever: knowledgeBase, generator: ExtractiveGenerator(embedder: embedder), embedder: embedder)
/// let answer = try await executor.run(chain: "qa", question: "What is the combined Higgs boson mass?")
/// for try await event in executor.stream(chain: "qa", question: "…") {
///     if case .token(let piece) = event { print(piece, terminator: "") }
/// }
/// ```
public struct ChainExecutor: Sendable {
    /// The parts the steps call.
    public var context: ChainContext
    /// Chains by name.
    public var library: ChainLibrary

    /// Creates an executor. `embedder` is used for diversification (and should be the one the offline
    /// generator scores with); `tokenCounter` defaults to a character estimate; `translator` is the one the
    /// retriever translates queries with, for the trace.
    public init(
        retriever: any Retriever, generator: any Generator, embedder: (any Embedder)? = nil, library: ChainLibrary = .builtIn,
        reranker: (any Reranker)? = nil, tokenCounter: (any TokenCounter)? = nil, translator: any QueryTranslator = NoTranslation()
    ) {
        self.context = ChainContext(
            retriever: retriever, generator: generator, embedder: embedder, reranker: reranker,
            tokenCounter: tokenCounter ?? CharacterTokenCounter(), templates: library.templates)
        self.context.translator = translator
        self.library = library
    }

    /// Runs the chain named `chain` and returns the answer with citations and trace.
    public func run(chain: String = "qa", question: String, history: [ChatMessage] = [], options: ChainOptions = .init()) async throws -> Answer {
        let definition = try library.chain(named: chain)
        return try await run(definition, question: question, history: history, options: options, context: context, onStep: nil)
    }

    /// Runs the chain named `chain`, streaming generated text, then each step, then the final answer.
    public func stream(chain: String = "qa", question: String, history: [ChatMessage] = [], options: ChainOptions = .init()) -> AsyncThrowingStream<ChainEvent, any Error> {
        AsyncThrowingStream { continuation in
            var streamingContext = context
            streamingContext.onToken = { piece in continuation.yield(.token(piece)) }
            let finalContext = streamingContext
            let task = Task {
                do {
                    let definition = try library.chain(named: chain)
                    let answer = try await run(
                        definition, question: question, history: history, options: options, context: finalContext,
                        onStep: { entry in continuation.yield(.step(entry)) })
                    continuation.yield(.answer(answer))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Runs a chain definition that need not be in the library.
    public func run(
        _ definition: ChainDefinition, question: String, history: [ChatMessage] = [], options: ChainOptions = .init(),
        context: ChainContext, onStep: (@Sendable (TraceEntry) -> Void)?
    ) async throws -> Answer {
        let needsQuestion = definition.steps.allSatisfy(\.needsQuestion)
        guard !needsQuestion || !question.trimmingWhitespace().isEmpty else { throw ChainError.emptyQuestion }
        var context = context
        // Streamed text is rewritten as the cite step will rewrite the answer, so the two agree.
        context.renumbersStreamedMarkers = definition.steps.contains(where: \.renumbersMarkers)
        var state = ChainState(question: question.trimmingWhitespace(), history: history, options: options)
        var trace: [TraceEntry] = []
        let clock = ContinuousClock()
        for step in definition.steps {
            try Task.checkCancellation()
            let start = clock.now
            let details: [String: String]
            do {
                details = try await step.run(&state, context: context)
            } catch let error as CancellationError {
                throw error
            } catch {
                throw ChainError.stepFailed(step: step.name, underlying: error)
            }
            let elapsed = clock.now - start
            let milliseconds = elapsed.inMilliseconds
            Metrics.Timer(label: "hepchain_chain_step_seconds", dimensions: [("step", step.name)]).record(duration: elapsed)
            let entry = TraceEntry(step: step.name, milliseconds: milliseconds, details: details)
            trace.append(entry)
            onStep?(entry)
        }
        return Self.answer(from: state, trace: trace)
    }

    static func answer(from state: ChainState, trace: [TraceEntry]) -> Answer {
        if state.hasGenerated {
            return Answer(text: state.answer, citations: state.citations, abstained: state.abstained, trace: trace, usage: state.usage)
        }
        let hits = state.sources.isEmpty ? state.candidates : state.sources
        if hits.isEmpty {
            // A chain without retrieval or generation (condense) answers with the standalone question.
            return Answer(text: state.standaloneQuestion, citations: [], trace: trace)
        }
        // A search chain: the hits themselves, each quoted at its sentence closest to the question.
        let citations = hits.map { hit in
            var citation = hit.citation
            citation.marker = nil
            citation.chunkID = hit.chunk.id
            citation.quote = CitationResolver.bestSentence(in: hit.chunk.text, for: state.standaloneQuestion)
            return citation
        }
        return Answer(text: "", citations: citations, trace: trace)
    }
}
