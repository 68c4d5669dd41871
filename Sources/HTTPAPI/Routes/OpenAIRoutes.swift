import Chain
import Embedding
import Foundation
import Hummingbird
import RAGCore
import HepChainApp

/// OpenAI-compatible routes: `/v1/chat/completions` and `/v1/completions` (retrieval-augmented answers),
/// `/v1/embeddings`, `/v1/models` and `/v1/models/{id}`.
///
/// The model name selects chain and collection: `hepchain` is the `qa` chain on the default collection,
/// `CHAIN@COLLECTION` (e.g. `qa@papers`) names both. Answers keep their citations in an extra `citations`
/// field (and in the final streamed chunk), which OpenAI clients ignore and HepChain clients read; with
/// `"citations": "inline"` (or the header `X-HepChain-Citations: inline`) they are also appended to the text as
/// a sources block, for clients that keep only the text. Fields HepChain cannot honour (`tools`,
/// `response_format` other than text, `n` > 1) are refused with 400 rather than ignored.
struct OpenAIRoutes {
    /// The request and response bodies, shared with the LLM client (`Chain`).
    typealias Wire = OpenAIWireFormat

    let services: HepChainServices
    let configuration: ServerConfiguration
    let vocabulary: TokenVocabularyCache

    init(services: HepChainServices, configuration: ServerConfiguration) {
        self.services = services
        self.configuration = configuration
        self.vocabulary = TokenVocabularyCache(file: configuration.tokenVocabularyLocation())
    }

    /// Names `/v1/embeddings` accepts: the model's own and the configured aliases.
    var embeddingModels: [String] { [services.embedder.modelID] + configuration.embeddingModelAliases }

    // MARK: - Routes

    func register(on router: Router<HepChainRequestContext>) {
        router.get("/v1/models") { _, _ -> Response in
            let created = Int(Date().timeIntervalSince1970)
            return try jsonResponse(Wire.ModelList(data: try await modelIDs().map { Wire.ModelItem(id: $0, created: created) }))
        }
        router.get("/v1/models/:id") { _, context -> Response in
            let raw = context.parameters.get("id") ?? ""
            let id = raw.removingPercentEncoding ?? raw
            guard try await modelIDs().contains(id) else {
                throw APIError(.notFound, "The model '\(id.prefix(80))' is not served here; GET /v1/models lists the models.", type: "invalid_request_error")
            }
            return try jsonResponse(Wire.ModelItem(id: id, created: Int(Date().timeIntervalSince1970)))
        }
        router.post("/v1/embeddings") { request, _ -> Response in
            var request = request
            let body = try await request.decodeJSON(Wire.EmbeddingRequest.self, limit: configuration.maxJSONBytes)
            return try await embeddings(body)
        }
        router.post("/v1/chat/completions") { request, _ -> Response in
            var request = request
            let body = try await request.decodeJSON(Wire.ChatRequest.self, limit: configuration.maxJSONBytes)
            let target = try route(body.options)
            guard let last = body.messages.last(where: { $0.role == "user" }), let question = last.content,
                !question.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            else {
                throw APIError(.unprocessableContent, "messages must end with a non-empty user message.")
            }
            var history: [ChatMessage] = []
            if let lastIndex = body.messages.lastIndex(where: { $0.role == "user" }) {
                for message in body.messages[..<lastIndex] where message.role != "system" {
                    guard let role = ChatMessage.Role(rawValue: message.role) else {
                        throw APIError(.badRequest, "A message role must be 'system', 'user' or 'assistant', not '\(message.role.prefix(40))'.")
                    }
                    history.append(ChatMessage(role: role, content: message.content ?? ""))
                }
            }
            return try await answer(
                AskRequest(question: question, collection: target.collection, chain: target.chain, history: history),
                as: .chat, to: target.model, options: body.options, request: request,
                promptTokens: body.messages.reduce(0) { $0 + Self.estimatedTokens($1.content ?? "") })
        }
        router.post("/v1/completions") { request, _ -> Response in
            var request = request
            let body = try await request.decodeJSON(Wire.CompletionRequest.self, limit: configuration.maxJSONBytes)
            let target = try route(body.options)
            guard !body.prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw APIError(.unprocessableContent, "prompt must be a non-empty question.")
            }
            return try await answer(
                AskRequest(question: body.prompt, collection: target.collection, chain: target.chain),
                as: .text, to: target.model, options: body.options, request: request, promptTokens: Self.estimatedTokens(body.prompt))
        }
    }

    /// Answers a chat or text completion, whole or streamed as the options ask.
    private func answer(
        _ ask: AskRequest, as kind: Reply.Kind, to model: String, options: Wire.CompletionOptions, request: Request, promptTokens: Int
    ) async throws -> Response {
        let reply = Reply(
            kind: kind, id: (kind == .chat ? "chatcmpl-" : "cmpl-") + Self.randomID(), created: Int(Date().timeIntervalSince1970),
            model: model, inlineSources: wantsInlineSources(options, request: request),
            includeUsage: options.streamOptions?.includeUsage == true, promptTokens: promptTokens)
        if options.stream == true { return stream(ask, reply: reply) }
        return try reply.whole(try await services.answers.ask(ask))
    }

    // MARK: - Models

    /// Every model id served: `hepchain`, `CHAIN@COLLECTION` for every chain and collection, the embedding model
    /// and its aliases.
    private func modelIDs() async throws -> [String] {
        var ids = ["hepchain"]
        for collection in try await services.knowledge.collections() {
            for chain in services.answers.chains { ids.append("\(chain)@\(collection.name)") }
        }
        return ids + embeddingModels
    }

    /// Refuses the options HepChain does not implement, then names the chain and collection the request's model asks
    /// for (`hepchain` when it names none).
    private func route(_ options: Wire.CompletionOptions) throws -> (model: String, chain: String, collection: String) {
        try refuseUnsupported(options)
        let model = options.model ?? "hepchain"
        let (chain, collection) = try route(model: model)
        return (model, chain, collection)
    }

    /// Chain and collection named by an OpenAI model name.
    private func route(model: String) throws -> (chain: String, collection: String) {
        if model == "hepchain" || model.isEmpty { return ("qa", configuration.defaultCollection) }
        let parts = model.split(separator: "@", maxSplits: 1).map(String.init)
        let chain = parts[0]
        let collection = parts.count == 2 ? parts[1] : configuration.defaultCollection
        guard services.answers.chains.contains(chain) else {
            throw APIError(
                .notFound,
                "The model '\(model.prefix(80))' is not served here; use 'hepchain' or CHAIN@COLLECTION with a chain from: \(services.answers.chains.joined(separator: ", ")).",
                type: "invalid_request_error")
        }
        return (chain, collection)
    }

    // MARK: - Options HepChain does not implement

    /// Refuses options that would otherwise be silently ignored: the client would believe they took effect.
    private func refuseUnsupported(_ options: Wire.CompletionOptions) throws {
        if let tools = options.tools, !tools.isEmpty {
            throw APIError(.badRequest, "'tools' is not supported: HepChain answers from its documents and calls no tools. Send the request without 'tools'.")
        }
        if let functions = options.functions, !functions.isEmpty {
            throw APIError(.badRequest, "'functions' is not supported: HepChain answers from its documents and calls no functions. Send the request without 'functions'.")
        }
        if let format = options.responseFormat, format.type != "text" {
            throw APIError(
                .badRequest,
                "'response_format' '\(format.type.prefix(40))' is not supported: answers are text with [n] citation markers. Leave 'response_format' out or set it to {\"type\": \"text\"}.")
        }
        if let n = options.n, n != 1 {
            throw APIError(.badRequest, "'n' must be 1: HepChain gives one answer per question; got \(n).")
        }
        if let citations = options.citations, citations != "inline", citations != "field" {
            throw APIError(.badRequest, "'citations' must be 'inline' (sources block appended to the text) or 'field' (the default); got '\(citations.prefix(40))'.")
        }
    }

    private func wantsInlineSources(_ options: Wire.CompletionOptions, request: Request) -> Bool {
        if let citations = options.citations { return citations == "inline" }
        guard let name = HTTPFields.Element.Name(SourcesBlock.header) else { return false }
        return request.headers[name]?.lowercased() == "inline"
    }

    // MARK: - Embeddings

    private func embeddings(_ body: Wire.EmbeddingRequest) async throws -> Response {
        if let model = body.model, !embeddingModels.contains(model) {
            throw APIError(
                .notFound,
                "The embedding model '\(model.prefix(80))' is not served here; use \(embeddingModels.map { "'\($0)'" }.joined(separator: " or ")) (aliases: embeddingModelAliases).",
                type: "invalid_request_error")
        }
        if let dimensions = body.dimensions, dimensions != services.embedder.dimension {
            throw APIError(
                .badRequest,
                "'dimensions' must be \(services.embedder.dimension), the size of \(services.embedder.modelID)'s vectors (it cannot shorten them); got \(dimensions).")
        }
        guard body.input.count > 0, body.input.count <= 2048 else {
            throw APIError(.unprocessableContent, "input must hold 1 to 2048 texts; got \(body.input.count).")
        }
        let useBase64 = body.encodingFormat == "base64"
        if let format = body.encodingFormat, format != "base64", format != "float" {
            throw APIError(.unprocessableContent, "encoding_format must be 'float' or 'base64'; got '\(format.prefix(40))'.")
        }
        let texts: [String]
        let tokens: Int
        switch body.input {
        case .texts(let inputs):
            texts = inputs
            tokens = inputs.reduce(0) { $0 + Self.estimatedTokens($1) }
        case .tokens(let lists):
            let vocabulary = try vocabulary.vocabulary()
            texts = try lists.enumerated().map { index, ids in
                guard !ids.isEmpty else { throw APIError(.badRequest, "input[\(index)] is an empty token list.") }
                do {
                    return try vocabulary.decode(ids)
                } catch EmbeddingError.unknownTokenID(let id, let name) {
                    throw APIError(
                        .badRequest,
                        "input[\(index)] holds the token id \(id), which is not in tiktoken's \(name) vocabulary (the only one token ids are read with). Send \(name) ids, or the text itself.")
                }
            }
            tokens = lists.reduce(0) { $0 + $1.count }
        }
        let vectors = try await services.embedder.embed(texts)
        let items = vectors.enumerated().map { index, vector in
            Wire.EmbeddingItem(index: index, embedding: useBase64 ? .base64(Self.base64(vector)) : .floats(vector))
        }
        return try jsonResponse(
            Wire.EmbeddingResponse(
                data: items, model: body.model ?? services.embedder.modelID, usage: ["prompt_tokens": tokens, "total_tokens": tokens]))
    }

    // MARK: - Answers

    /// How one answer is sent: as a chat or a text completion, with or without a sources block and a usage chunk.
    struct Reply {
        enum Kind { case chat, text }
        var kind: Kind
        var id: String
        var created: Int
        var model: String
        var inlineSources: Bool
        var includeUsage: Bool
        var promptTokens: Int

        /// The model server's count when an LLM answered and reported one, else an estimate (~4 bytes a token).
        func usage(_ answer: Answer, text: String) -> Wire.Usage {
            if let usage = answer.usage {
                return Wire.Usage(promptTokens: usage.promptTokens, completionTokens: usage.completionTokens, totalTokens: usage.totalTokens)
            }
            let completion = OpenAIRoutes.estimatedTokens(text)
            return Wire.Usage(promptTokens: promptTokens, completionTokens: completion, totalTokens: promptTokens + completion)
        }

        func text(of answer: Answer) -> String {
            inlineSources ? answer.text + SourcesBlock.text(for: answer.citations) : answer.text
        }

        func whole(_ answer: Answer) throws -> Response {
            let text = text(of: answer)
            let citations = answer.citations.map(CitationBody.init)
            switch kind {
            case .chat:
                return try jsonResponse(
                    Wire.ChatCompletion(
                        id: id, created: created, model: model,
                        choices: [Wire.Choice(index: 0, message: Wire.Message(role: "assistant", content: text), finishReason: "stop")],
                        usage: usage(answer, text: text), citations: citations))
            case .text:
                return try jsonResponse(
                    Wire.TextCompletion(
                        id: id, created: created, model: model, choices: [Wire.TextChoice(text: text, index: 0, finishReason: "stop")],
                        usage: usage(answer, text: text), citations: citations))
            }
        }

        /// One streamed event: a piece of text, or the end (`finish` with the citations).
        func chunk(_ piece: String?, role: Bool = false, finish: Answer? = nil) throws -> ByteBuffer {
            let citations = finish.map { $0.citations.map(CitationBody.init) }
            switch kind {
            case .chat:
                let delta = finish != nil ? Wire.Delta() : Wire.Delta(role: role ? "assistant" : nil, content: piece)
                return try ServerSentEvent.encode(
                    value: Wire.ChatCompletionChunk(
                        id: id, created: created, model: model,
                        choices: [Wire.ChunkChoice(index: 0, delta: delta, finishReason: finish == nil ? nil : "stop")], citations: citations))
            case .text:
                return try ServerSentEvent.encode(
                    value: Wire.TextCompletion(
                        id: id, created: created, model: model,
                        choices: [Wire.TextChoice(text: piece ?? "", index: 0, finishReason: finish == nil ? nil : "stop")], citations: citations))
            }
        }

        /// The final usage chunk of `stream_options.include_usage`: no choices, only `usage`.
        func usageChunk(_ usage: Wire.Usage) throws -> ByteBuffer {
            switch kind {
            case .chat:
                try ServerSentEvent.encode(value: Wire.ChatCompletionChunk(id: id, created: created, model: model, choices: [], usage: usage))
            case .text:
                try ServerSentEvent.encode(value: Wire.TextCompletion(id: id, created: created, model: model, choices: [], usage: usage))
            }
        }
    }

    private func stream(_ ask: AskRequest, reply: Reply) -> Response {
        let answers = services.answers
        return Response(
            status: .ok, headers: ServerSentEvent.headers,
            body: ResponseBody { writer in
                if reply.kind == .chat { try await writer.write(try reply.chunk("", role: true)) }
                var text = ""
                do {
                    for try await event in answers.stream(ask) {
                        switch event {
                        case .token(let piece):
                            text += piece
                            try await writer.write(try reply.chunk(piece))
                        case .done(let answer):
                            if reply.inlineSources {
                                let block = SourcesBlock.text(for: answer.citations)
                                if !block.isEmpty {
                                    text += block
                                    try await writer.write(try reply.chunk(block))
                                }
                            }
                            try await writer.write(try reply.chunk(nil, finish: answer))
                            if reply.includeUsage { try await writer.write(try reply.usageChunk(reply.usage(answer, text: text))) }
                        }
                    }
                } catch {
                    let apiError = APIError.from(error, requestID: reply.id)
                    try await writer.write(
                        try ServerSentEvent.encode(value: Wire.ErrorBody(error: .init(message: apiError.message, type: apiError.type))))
                }
                try await writer.write(ServerSentEvent.frame(event: nil, data: "[DONE]"))
                try await writer.finish(nil)
            })
    }

    // MARK: - Helpers

    static func randomID() -> String {
        String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(24).lowercased())
    }

    /// A token estimate for text HepChain produced or received (about 4 UTF-8 bytes a token, at least 1).
    static func estimatedTokens(_ text: String) -> Int { max(1, text.utf8.count / 4) }

    static func base64(_ vector: [Float]) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(vector.count * 4)
        for value in vector {
            let bits = value.bitPattern.littleEndian
            bytes.append(UInt8(truncatingIfNeeded: bits))
            bytes.append(UInt8(truncatingIfNeeded: bits >> 8))
            bytes.append(UInt8(truncatingIfNeeded: bits >> 16))
            bytes.append(UInt8(truncatingIfNeeded: bits >> 24))
        }
        return Data(bytes).base64EncodedString()
    }
}
