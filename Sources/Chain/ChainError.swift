public import RAGCore

/// Everything that can go wrong while loading or running a chain, with a message a user can act on.
public enum ChainError: UserFacingError {
    /// No chain with this name is defined.
    case unknownChain(name: String, available: [String])
    /// A chain file names a step type that does not exist.
    case unknownStep(file: String, chain: String, step: String, available: [String])
    /// A chain file is malformed or gives a step a bad parameter.
    case invalidDefinition(file: String, chain: String?, step: String?, problem: String)
    /// A prompt template uses an unknown variable or is unbalanced.
    case invalidTemplate(name: String, problem: String)
    /// No template with this name exists.
    case unknownTemplate(name: String, available: [String])
    /// A step failed; keeps the underlying error.
    case stepFailed(step: String, underlying: any Error)
    /// A step needs a part (reranker, embedder) that the executor was not given.
    case missingComponent(step: String, component: String)
    /// The question is empty.
    case emptyQuestion
    /// The summarize chain was run without naming a document, or the document has no chunks.
    case noDocument(String?)
    /// The language-model server answered with an HTTP error.
    case modelServerError(url: String, status: Int, message: String)
    /// The language-model server could not be reached or the connection failed.
    case modelServerUnreachable(url: String, reason: String)
    /// The language-model server did not answer in time.
    case modelServerTimeout(url: String, seconds: Double)
    /// A streamed answer ended before the server sent `[DONE]`.
    case streamInterrupted(url: String, receivedCharacters: Int)
    /// The server's answer is not an OpenAI chat-completions response.
    case malformedResponse(url: String, problem: String)
    /// The server's answer passed the client's size cap.
    case responseTooLarge(url: String, limitBytes: Int)
    /// No LLM model name was configured and the server does not serve exactly one to choose.
    case llmModelNotChosen(url: String, served: [String])
    /// Writing fission output failed.
    case outputFailed(path: String, reason: String)
    /// An answer-benchmark file cannot be read or has a bad line.
    case invalidAnswerSet(path: String, line: Int?, problem: String)

    /// Classification for HTTP status and exit codes.
    public var kind: ErrorKind {
        switch self {
        case .unknownChain, .unknownTemplate: .notFound
        case .unknownStep, .invalidDefinition, .invalidTemplate, .emptyQuestion, .invalidAnswerSet: .invalidInput
        case .noDocument: .notFound
        case .stepFailed(_, let underlying): (underlying as? any UserFacingError)?.kind ?? .internal
        case .missingComponent: .unavailable
        case .modelServerError(_, let status, _): status == 429 || status >= 500 ? .unavailable : .internal
        case .modelServerUnreachable, .modelServerTimeout, .streamInterrupted, .responseTooLarge: .unavailable
        case .malformedResponse, .outputFailed: .internal
        case .llmModelNotChosen: .invalidInput
        }
    }

    /// One sentence: what failed, on what, and what to do.
    public var description: String {
        switch self {
        case .unknownChain(let name, let available):
            "There is no chain named '\(name)'. Use one of: \(available.joined(separator: ", ")), or define it in a chain file."
        case .unknownStep(let file, let chain, let step, let available):
            "Chain '\(chain)' in '\(file)' uses the unknown step '\(step)'. Use one of: \(available.joined(separator: ", "))."
        case .invalidDefinition(let file, let chain, let step, let problem):
            "Chain file '\(file)'\(chain.map { ", chain '\($0)'" } ?? "")\(step.map { ", step '\($0)'" } ?? ""): \(problem). Fix the file and load it again."
        case .invalidTemplate(let name, let problem):
            "Prompt template '\(name)' is invalid: \(problem). Fix the template text."
        case .unknownTemplate(let name, let available):
            "There is no prompt template named '\(name)'. Use one of: \(available.joined(separator: ", ")), or give the template inline."
        case .stepFailed(let step, let underlying):
            "Step '\(step)' failed: \(underlying)"
        case .missingComponent(let step, let component):
            "Step '\(step)' needs a \(component), but none is configured. Configure one or remove the step from the chain."
        case .emptyQuestion:
            "The question is empty. Ask a question in words."
        case .noDocument(let document):
            if let document {
                "Document '\(document)' has no indexed chunks to summarize. Check the document id with the search command."
            } else {
                "The summarize chain needs a document. Pass its id (e.g. arxiv:1503.07589) in the options."
            }
        case .modelServerError(let url, let status, let message):
            "The language-model server at \(url) answered HTTP \(status): \(message). Check the model name, the API key and the server's logs."
        case .modelServerUnreachable(let url, let reason):
            "Cannot reach the language-model server at \(url): \(reason). Check that it is running and the base URL is right, or use the offline extractive generator."
        case .modelServerTimeout(let url, let seconds):
            "The language-model server at \(url) did not answer within \(seconds) s. Raise the timeout or check the server's load."
        case .streamInterrupted(let url, let count):
            "The answer stream from \(url) ended after \(count) characters without [DONE]. Retry the question; if it persists, check the server's logs."
        case .responseTooLarge(let url, let limit):
            "The answer from \(url) exceeds \(limit >= 1 << 20 ? "\(limit >> 20) MB" : "\(limit) bytes"), the client's cap, and was cut. Check the server (an answer that never ends), or raise maxResponseBytes."
        case .malformedResponse(let url, let problem):
            "The server at \(url) did not send an OpenAI chat-completions response (\(problem)). Check that the base URL points at an OpenAI-compatible /v1 endpoint."
        case .llmModelNotChosen(let url, let served):
            served.isEmpty
                ? "No LLM model is configured and \(url) lists none. Name one with --llm-model (or llmModel, HEPCHAIN_LLM_MODEL)."
                : "No LLM model is configured and \(url) serves \(served.count) (\(served.prefix(8).joined(separator: ", "))). Name one with --llm-model (or llmModel, HEPCHAIN_LLM_MODEL)."
        case .outputFailed(let path, let reason):
            "Cannot write '\(path)': \(reason). Check the folder exists and is writable."
        case .invalidAnswerSet(let path, let line, let problem):
            "Answer set '\(path)'\(line.map { " line \($0)" } ?? ""): \(problem). Fix the file (format: eval/README.md)."
        }
    }
}
