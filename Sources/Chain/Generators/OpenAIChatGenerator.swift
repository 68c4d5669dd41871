import AsyncHTTPClient
public import Foundation
import Metrics
import NIOCore
import NIOHTTP1
public import RAGCore

/// A client for OpenAI-compatible chat-completions servers: vLLM, llama.cpp server, Ollama, an institute's
/// model service, or OpenAI itself.
///
/// It posts the rendered prompt to `<baseURL>/chat/completions`, retries 429 and 5xx answers (and refused or
/// dropped connections) with exponential backoff that honours `Retry-After`, and streams over Server-Sent
/// Events until `data: [DONE]`; a stream that ends without `[DONE]` is an error, not a short answer. Requests go
/// through one pooled AsyncHTTPClient per upstream (`UpstreamHTTPClients`), so connections are reused; an answer
/// is bounded by `maxResponseBytes` and `totalTimeout`, and cancelling the caller's task closes the request.
///
/// Usage example:
/// ```swift
/// let generator = OpenAIChatGenerator(configuration: .fromEnvironment())   // OPENAI_BASE_URL, OPENAI_MODEL, OPENAI_API_KEY
/// for try await piece in generator.stream(request) { print(piece, terminator: "") }
/// ```
public struct OpenAIChatGenerator: Generator {
    /// Where and how to reach the server.
    public struct Configuration: Hashable, Sendable {
        /// The API root including `/v1`, e.g. `http://localhost:8000/v1`.
        public var baseURL: URL
        /// Model name the server knows.
        public var model: String
        /// Bearer token; nil sends no `Authorization` header (local servers).
        public var apiKey: String?
        /// Seconds to open the connection.
        public var connectTimeout: Double
        /// Seconds the server may stay silent: before the response head (a non-streamed answer's head comes only when
        /// the whole answer is generated) and between bytes after it.
        public var readTimeout: Double
        /// Retries after the first attempt.
        public var maxRetries: Int
        /// Delay before the first retry, doubled for each further one.
        public var initialBackoff: Double
        /// Upper bound on one delay, including a server's `Retry-After`.
        public var maxBackoff: Double
        /// Seconds for one whole answer, from sending the request to the last byte (an endless stream is cut).
        public var totalTimeout: Double
        /// Largest answer body accepted, in bytes.
        public var maxResponseBytes: Int

        /// Creates a configuration.
        public init(
            baseURL: URL, model: String, apiKey: String? = nil, connectTimeout: Double = 10, readTimeout: Double = 120,
            maxRetries: Int = 3, initialBackoff: Double = 0.5, maxBackoff: Double = 30, totalTimeout: Double = 600,
            maxResponseBytes: Int = 16 << 20
        ) {
            self.baseURL = baseURL
            self.model = model
            self.apiKey = apiKey
            self.connectTimeout = connectTimeout
            self.readTimeout = readTimeout
            self.maxRetries = maxRetries
            self.initialBackoff = initialBackoff
            self.maxBackoff = maxBackoff
            self.totalTimeout = totalTimeout
            self.maxResponseBytes = maxResponseBytes
        }

        /// From `OPENAI_BASE_URL` (default `https://api.openai.com/v1`), `OPENAI_MODEL` (default
        /// `gpt-4o-mini`) and `OPENAI_API_KEY`.
        public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Configuration {
            let base = environment["OPENAI_BASE_URL"].flatMap(URL.init(string:)) ?? URL(string: "https://api.openai.com/v1")
            return Configuration(
                baseURL: base ?? URL(fileURLWithPath: "/"), model: environment["OPENAI_MODEL"] ?? "gpt-4o-mini",
                apiKey: environment["OPENAI_API_KEY"].flatMap { $0.isEmpty ? nil : $0 })
        }
    }

    /// The configuration.
    public let configuration: Configuration
    private let sleep: @Sendable (Double) async throws -> Void

    /// Creates a client.
    public init(configuration: Configuration) {
        self.configuration = configuration
        self.sleep = { seconds in try await Task.sleep(for: .milliseconds(Int(seconds * 1_000))) }
    }

    /// The configured model name.
    public var model: String { configuration.model }

    private var endpoint: URL {
        configuration.baseURL.appendingPathComponent("chat").appendingPathComponent("completions")
    }

    /// Sends the prompt and returns the whole answer.
    public func generate(_ request: GenerationRequest) async throws -> GenerationResult {
        do {
            let start = ContinuousClock.now
            let result = try await generateOnce(request)
            Metrics.Timer(label: "hepchain_llm_request_seconds").record(duration: ContinuousClock.now - start)
            return result
        } catch {
            Self.countFailure(error)
            throw error
        }
    }

    private func generateOnce(_ request: GenerationRequest) async throws -> GenerationResult {
        let exchange = try await open(request, isStreaming: false)
        let data: Data
        do {
            data = try await exchange.collect(limit: configuration.maxResponseBytes)
        } catch let error as ChainError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw Self.classify(error, url: endpoint.absoluteString, timeout: configuration.readTimeout)
        }
        let completion: OpenAIWireFormat.ChatCompletion
        do {
            completion = try JSONDecoder().decode(OpenAIWireFormat.ChatCompletion.self, from: data)
        } catch {
            throw ChainError.malformedResponse(url: endpoint.absoluteString, problem: "the body is not a chat.completion object")
        }
        guard let text = completion.choices?.first?.message.content else {
            throw ChainError.malformedResponse(url: endpoint.absoluteString, problem: "no choices[0].message.content")
        }
        let usage = completion.usage.map {
            TokenUsage(promptTokens: $0.promptTokens, completionTokens: $0.completionTokens, totalTokens: $0.totalTokens)
        }
        return GenerationResult(
            text: text, abstained: text.contains(ExtractiveGenerator.abstention), model: completion.model ?? model, usage: usage)
    }

    /// Streams the answer's text pieces as the server sends them.
    public func stream(_ request: GenerationRequest) -> AsyncThrowingStream<String, any Error> {
        let events = streamEvents(request)
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await event in events {
                        if case .text(let piece) = event { continuation.yield(piece) }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Streams the answer's text pieces as the server sends them, then the server's token count when it sends one
    /// (it is asked to, with `stream_options.include_usage`; servers that ignore the option send none).
    public func streamEvents(_ request: GenerationRequest) -> AsyncThrowingStream<GenerationEvent, any Error> {
        let url = endpoint.absoluteString
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let start = ContinuousClock.now
                    let exchange = try await open(request, isStreaming: true)
                    var parser = ServerSentEventParser()
                    var received = 0
                    var isDone = false
                    func handle(_ payload: String) throws {
                        let trimmed = payload.trimmingWhitespace()
                        if trimmed == "[DONE]" {
                            isDone = true
                            return
                        }
                        guard !trimmed.isEmpty else { return }
                        let chunk: OpenAIWireFormat.ChatCompletionChunk
                        do {
                            chunk = try JSONDecoder().decode(OpenAIWireFormat.ChatCompletionChunk.self, from: Data(trimmed.utf8))
                        } catch {
                            throw ChainError.malformedResponse(url: url, problem: "a stream event is not a chat.completion.chunk")
                        }
                        if let error = chunk.error {
                            throw ChainError.modelServerError(url: url, status: 200, message: error.message ?? "error event in stream")
                        }
                        if let content = chunk.choices?.first?.delta?.content, !content.isEmpty {
                            if received == 0 {
                                Metrics.Timer(label: "hepchain_llm_time_to_first_token_seconds").record(duration: ContinuousClock.now - start)
                            }
                            received += content.count
                            continuation.yield(.text(content))
                        }
                        if let usage = chunk.usage {
                            continuation.yield(
                                .usage(TokenUsage(promptTokens: usage.promptTokens, completionTokens: usage.completionTokens, totalTokens: usage.totalTokens)))
                        }
                    }
                    do {
                        for try await bytes in exchange.pieces() {
                            for payload in parser.feed(bytes) {
                                try handle(payload)
                                if isDone { break }
                            }
                            if isDone { break }
                        }
                    } catch let error as ChainError {
                        throw error
                    } catch is CancellationError {
                        throw CancellationError()
                    } catch {
                        // The connection broke mid-answer.
                        throw ChainError.streamInterrupted(url: url, receivedCharacters: received)
                    }
                    if !isDone, let payload = parser.finish() { try handle(payload) }
                    guard isDone else { throw ChainError.streamInterrupted(url: url, receivedCharacters: received) }
                    Metrics.Timer(label: "hepchain_llm_request_seconds").record(duration: ContinuousClock.now - start)
                    continuation.finish()
                } catch {
                    Self.countFailure(error)
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    // MARK: - Requests and retries

    /// Sends the request, retrying retryable failures, until a 200 head arrives.
    private func open(_ request: GenerationRequest, isStreaming: Bool) async throws -> UpstreamExchange {
        let url = endpoint.absoluteString
        var httpRequest = HTTPClientRequest(url: url)
        httpRequest.method = .POST
        httpRequest.headers.add(name: "Content-Type", value: "application/json")
        httpRequest.headers.add(name: "Accept", value: isStreaming ? "text/event-stream" : "application/json")
        if let key = configuration.apiKey { httpRequest.headers.add(name: "Authorization", value: "Bearer \(key)") }
        let wire = OpenAIWireFormat.ChatRequest(
            model: configuration.model, messages: request.messages.map { .init(role: $0.role.rawValue, content: $0.content) },
            maxTokens: request.maxTokens, temperature: request.temperature, stream: isStreaming,
            streamOptions: isStreaming ? .init(includeUsage: true) : nil)
        let body = try JSONEncoder().encode(wire)

        var attempt = 0
        var replacedClients = 0
        while true {
            try Task.checkCancellation()
            // Looked up for each attempt: the pool may have shut an idle client down (least recently used).
            let client = UpstreamHTTPClients.shared.client(
                for: endpoint, connectTimeout: configuration.connectTimeout, readTimeout: configuration.readTimeout)
            httpRequest.body = .bytes(ByteBuffer(bytes: body))
            var failure: ChainError
            var retryAfter: Double?
            do {
                let exchange = try await UpstreamExchange.send(
                    httpRequest, client: client, url: url, headTimeout: min(configuration.readTimeout, configuration.totalTimeout),
                    totalTimeout: configuration.totalTimeout, maxBytes: configuration.maxResponseBytes)
                if exchange.status == 200 { return exchange }
                let errorBody = try await exchange.collect(limit: 65_536)
                failure = .modelServerError(url: url, status: exchange.status, message: Self.errorMessage(in: errorBody, status: exchange.status))
                guard exchange.status == 429 || exchange.status >= 500 else { throw failure }
                retryAfter = exchange.headers.first(name: "Retry-After").flatMap(Self.parseRetryAfter)
            } catch let error as ChainError {
                if case .modelServerError = error { throw error }
                if case .malformedResponse = error { throw error }
                if case .responseTooLarge = error { throw error }
                failure = error
            } catch is CancellationError {
                throw CancellationError()
            } catch let error as HTTPClientError where error == .alreadyShutdown && replacedClients < 3 {
                replacedClients += 1  // evicted between lookup and use: the next lookup makes a new client
                continue
            } catch {
                failure = Self.classify(error, url: url, timeout: configuration.readTimeout)
            }
            guard attempt < configuration.maxRetries else { throw failure }
            let backoff = configuration.initialBackoff * Double(1 << min(attempt, 16))
            try await sleep(min(retryAfter ?? backoff, configuration.maxBackoff))
            attempt += 1
        }
    }

    /// Closes the pooled connections to every upstream (when the server stops); later requests open new ones.
    public static func shutdownConnectionPools() async {
        await UpstreamHTTPClients.shared.shutdownAll()
    }

    /// Counts a failed LLM call in `hepchain_llm_errors_total` by kind (`status_429`, `status_5xx`, `timeout`,
    /// `unreachable`, `interrupted`, `malformed`, …); a cancelled call (the client left) is not a failure.
    static func countFailure(_ error: any Error) {
        let kind: String
        switch error {
        case is CancellationError: return
        case ChainError.modelServerError(_, let status, _): kind = status == 429 ? "status_429" : "status_\(status / 100)xx"
        case ChainError.modelServerTimeout: kind = "timeout"
        case ChainError.modelServerUnreachable: kind = "unreachable"
        case ChainError.streamInterrupted: kind = "interrupted"
        case ChainError.malformedResponse: kind = "malformed"
        case ChainError.responseTooLarge: kind = "too_large"
        default: kind = "other"
        }
        Metrics.Counter(label: "hepchain_llm_errors_total", dimensions: [("kind", kind)]).increment()
    }

    static func classify(_ error: any Error, url: String, timeout: Double) -> ChainError {
        if let error = error as? ChainError { return error }
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout, .readTimeout, .tlsHandshakeTimeout: return .modelServerTimeout(url: url, seconds: timeout)
            case .remoteConnectionClosed: return .modelServerUnreachable(url: url, reason: "the server closed the connection")
            default: break
            }
        }
        let text = "\(error)"
        if text.contains("refused") || text.contains("errno: 111") {
            return .modelServerUnreachable(url: url, reason: "connection refused: nothing accepts connections there")
        }
        return .modelServerUnreachable(url: url, reason: String(text.prefix(300)))
    }

    /// The server's `error.message`, or the start of the body, or the status name.
    static func errorMessage(in body: Data, status: Int) -> String {
        // Not every server sends the OpenAI error object; fall back to the body text, then the status name.
        if let decoded = try? JSONDecoder().decode(OpenAIWireFormat.ErrorBody.self, from: body), let message = decoded.error.message {
            return message
        }
        let text = String(decoding: body.prefix(200), as: UTF8.self).trimmingWhitespace()
        return text.isEmpty ? HTTPResponseStatus(statusCode: status).reasonPhrase : text
    }

    /// Seconds from a `Retry-After` header: delta-seconds or an HTTP date.
    static func parseRetryAfter(_ value: String) -> Double? {
        let trimmed = value.trimmingWhitespace()
        if let seconds = Double(trimmed) { return max(0, seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return max(0, date.timeIntervalSinceNow)
    }
}
