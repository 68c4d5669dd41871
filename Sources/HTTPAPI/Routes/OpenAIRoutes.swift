import Chain
import Foundation
import Hummingbird
import RAGCore
import HepChainApp

/// OpenAI-compatible routes: `/v1/chat/completions` (retrieval-augmented), `/v1/embeddings`, `/v1/models`.
///
/// The model name selects chain and collection: `hepchain` is the `qa` chain on the default collection,
/// `CHAIN@COLLECTION` (e.g. `qa@papers`) names both. Answers keep their citations in an extra `citations`
/// field (and in the final streamed chunk), which OpenAI clients ignore and HepChain clients read.
struct OpenAIRoutes {
    let services: HepChainServices
    let configuration: ServerConfiguration

    // MARK: - Wire shapes

    struct ContentPart: Codable {
        var type: String
        var text: String?
    }

    /// A message whose content is a string or an array of parts.
    struct ChatMessageBody: Decodable {
        var role: String
        var content: String

        enum CodingKeys: String, CodingKey { case role, content }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            role = try container.decode(String.self, forKey: .role)
            if let text = try? container.decode(String.self, forKey: .content) {
                content = text
            } else if let parts = try? container.decode([ContentPart].self, forKey: .content) {
                content = parts.compactMap(\.text).joined(separator: "\n")
            } else if try container.decodeNil(forKey: .content) {
                content = ""
            } else {
                throw DecodingError.typeMismatch(
                    String.self,
                    .init(codingPath: container.codingPath + [CodingKeys.content], debugDescription: "content must be a string or an array of text parts"))
            }
        }
    }

    struct ChatRequest: Decodable {
        var model: String?
        var messages: [ChatMessageBody]
        var stream: Bool?
        var temperature: Double?
        var max_tokens: Int?
    }

    struct Usage: Codable {
        var prompt_tokens: Int
        var completion_tokens: Int
        var total_tokens: Int
    }

    struct AssistantMessage: Codable {
        var role: String
        var content: String
    }

    struct Choice: Codable {
        var index: Int
        var message: AssistantMessage
        var finish_reason: String
    }

    struct ChatCompletion: Codable {
        var id: String
        var object = "chat.completion"
        var created: Int
        var model: String
        var choices: [Choice]
        var usage: Usage
        var citations: [CitationBody]
    }

    struct Delta: Codable {
        var role: String?
        var content: String?
    }

    struct ChunkChoice: Codable {
        var index: Int
        var delta: Delta
        var finish_reason: String?
    }

    struct ChatCompletionChunk: Codable {
        var id: String
        var object = "chat.completion.chunk"
        var created: Int
        var model: String
        var choices: [ChunkChoice]
        var citations: [CitationBody]?
    }

    /// `input` is a string or an array of strings.
    struct EmbeddingRequest: Decodable {
        var input: [String]
        var model: String?
        var encoding_format: String?

        enum CodingKeys: String, CodingKey { case input, model, encoding_format }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let single = try? container.decode(String.self, forKey: .input) {
                input = [single]
            } else {
                input = try container.decode([String].self, forKey: .input)
            }
            model = try container.decodeIfPresent(String.self, forKey: .model)
            encoding_format = try container.decodeIfPresent(String.self, forKey: .encoding_format)
        }
    }

    struct EmbeddingItem: Encodable {
        var object = "embedding"
        var index: Int
        var embedding: EmbeddingValue
    }

    /// Floats, or base64 of little-endian float32 (what the `openai` Python client asks for by default).
    enum EmbeddingValue: Encodable {
        case floats([Float])
        case base64(String)

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .floats(let values): try container.encode(values)
            case .base64(let text): try container.encode(text)
            }
        }
    }

    struct EmbeddingResponse: Encodable {
        var object = "list"
        var data: [EmbeddingItem]
        var model: String
        var usage: [String: Int]
    }

    struct ModelItem: Codable {
        var id: String
        var object = "model"
        var created: Int
        var owned_by = "hepchain"
    }

    struct ModelList: Codable {
        var object = "list"
        var data: [ModelItem]
    }

    // MARK: - Routes

    func register(on router: Router<HepChainRequestContext>) {
        router.get("/v1/models") { _, _ -> Response in
            let created = Int(Date().timeIntervalSince1970)
            var ids = ["hepchain"]
            for collection in try await services.knowledge.collections() {
                for chain in services.answers.chains { ids.append("\(chain)@\(collection.name)") }
            }
            return try jsonResponse(ModelList(data: ids.map { ModelItem(id: $0, created: created) }))
        }
        router.post("/v1/embeddings") { request, _ -> Response in
            var request = request
            let body = try await request.decodeJSON(EmbeddingRequest.self, limit: configuration.maxJSONBytes)
            guard !body.input.isEmpty, body.input.count <= 2048 else {
                throw APIError(.unprocessableContent, "input must hold 1 to 2048 texts; got \(body.input.count).")
            }
            let useBase64 = body.encoding_format == "base64"
            if let format = body.encoding_format, format != "base64", format != "float" {
                throw APIError(.unprocessableContent, "encoding_format must be 'float' or 'base64'; got '\(format.prefix(40))'.")
            }
            let vectors = try await services.embedder.embed(body.input)
            let items = vectors.enumerated().map { index, vector in
                EmbeddingItem(index: index, embedding: useBase64 ? .base64(Self.base64(vector)) : .floats(vector))
            }
            let tokens = body.input.reduce(0) { $0 + max(1, $1.utf8.count / 4) }
            return try jsonResponse(
                EmbeddingResponse(data: items, model: services.embedder.modelID, usage: ["prompt_tokens": tokens, "total_tokens": tokens]))
        }
        router.post("/v1/chat/completions") { request, _ -> Response in
            var request = request
            let body = try await request.decodeJSON(ChatRequest.self, limit: configuration.maxJSONBytes)
            let modelName = body.model ?? "hepchain"
            let (chain, collection) = try route(model: modelName)
            guard let last = body.messages.last(where: { $0.role == "user" }),
                !last.content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            else {
                throw APIError(.unprocessableContent, "messages must end with a non-empty user message.")
            }
            var history: [ChatMessage] = []
            if let lastIndex = body.messages.lastIndex(where: { $0.role == "user" }) {
                for message in body.messages[..<lastIndex] where message.role != "system" {
                    guard let role = ChatMessage.Role(rawValue: message.role) else {
                        throw APIError(.badRequest, "A message role must be 'system', 'user' or 'assistant', not '\(message.role.prefix(40))'.")
                    }
                    history.append(ChatMessage(role: role, content: message.content))
                }
            }
            let ask = AskRequest(question: last.content, collection: collection, chain: chain, history: history)
            let id = "chatcmpl-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(24).lowercased()
            let created = Int(Date().timeIntervalSince1970)
            if body.stream == true {
                return streamCompletion(ask, id: id, created: created, model: modelName)
            }
            let answer = try await services.answers.ask(ask)
            let promptTokens = body.messages.reduce(0) { $0 + max(1, $1.content.utf8.count / 4) }
            let completionTokens = max(1, answer.text.utf8.count / 4)
            let completion = ChatCompletion(
                id: id, created: created, model: modelName,
                choices: [Choice(index: 0, message: AssistantMessage(role: "assistant", content: answer.text), finish_reason: "stop")],
                usage: Usage(prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens),
                citations: answer.citations.map(CitationBody.init))
            return try jsonResponse(completion)
        }
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

    private func streamCompletion(_ ask: AskRequest, id: String, created: Int, model: String) -> Response {
        let answers = services.answers
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                func send(_ chunk: ChatCompletionChunk) async throws {
                    try await writer.write(try ServerSentEvent.encode(value: chunk))
                }
                try await send(
                    ChatCompletionChunk(id: id, created: created, model: model, choices: [ChunkChoice(index: 0, delta: Delta(role: "assistant", content: ""), finish_reason: nil)]))
                do {
                    for try await event in answers.stream(ask) {
                        switch event {
                        case .token(let text):
                            try await send(
                                ChatCompletionChunk(id: id, created: created, model: model, choices: [ChunkChoice(index: 0, delta: Delta(content: text), finish_reason: nil)]))
                        case .done(let answer):
                            try await send(
                                ChatCompletionChunk(
                                    id: id, created: created, model: model, choices: [ChunkChoice(index: 0, delta: Delta(), finish_reason: "stop")],
                                    citations: answer.citations.map(CitationBody.init)))
                        }
                    }
                } catch {
                    let apiError = APIError.from(error, requestID: id)
                    try await writer.write(
                        ServerSentEvent.frame(event: nil, data: #"{"error":{"message":\#(jsonString(apiError.message)),"type":"\#(apiError.type)"}}"#))
                }
                try await writer.write(ServerSentEvent.frame(event: nil, data: "[DONE]"))
                try await writer.finish(nil)
            })
    }

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

/// A JSON string literal for `text`.
func jsonString(_ text: String) -> String {
    let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
    return String(decoding: data, as: UTF8.self)
}
