/// The JSON bodies of the OpenAI API (https://platform.openai.com/docs/api-reference), as far as HepChain reads and
/// writes them: one schema for both sides of the protocol. `OpenAIChatGenerator` encodes `ChatRequest` and decodes
/// `ChatCompletion`, `ChatCompletionChunk`, `ModelList` and `ErrorBody` from an upstream; the HTTP API decodes the
/// requests and encodes the responses. Fields other servers may omit are optional; HepChain always fills them.
package enum OpenAIWireFormat {
    // MARK: - Requests

    /// Accepts any JSON value: used to notice fields HepChain does not implement (`tools`) and refuse them.
    package struct AnyJSON: Codable, Sendable {
        package init() {}
        package init(from decoder: any Decoder) throws {}
        package func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        }
    }

    /// One part of a message's content (`{"type": "text", "text": …}`).
    package struct ContentPart: Codable, Sendable {
        package var type: String
        package var text: String?
    }

    /// A chat message. Its content is sent as a string; it is read from a string, an array of text parts (joined
    /// by newlines) or null (nil: an assistant message that called a tool).
    package struct Message: Codable, Sendable {
        package var role: String
        package var content: String?

        enum CodingKeys: String, CodingKey { case role, content }

        /// Creates a message.
        package init(role: String, content: String?) {
            self.role = role
            self.content = content
        }

        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            role = try container.decode(String.self, forKey: .role)
            if try !container.contains(.content) || container.decodeNil(forKey: .content) {
                content = nil
            } else if let text = try? container.decode(String.self, forKey: .content) {
                content = text
            } else if let parts = try? container.decode([ContentPart].self, forKey: .content) {
                content = parts.compactMap(\.text).joined(separator: "\n")
            } else {
                throw DecodingError.typeMismatch(
                    String.self,
                    .init(codingPath: container.codingPath + [CodingKeys.content], debugDescription: "content must be a string or an array of text parts"))
            }
        }
    }

    /// `{"include_usage": true}` when streaming: the server then ends the stream with its token count.
    package struct StreamOptions: Codable, Sendable {
        package var includeUsage: Bool?
        enum CodingKeys: String, CodingKey { case includeUsage = "include_usage" }
        /// Creates the options.
        package init(includeUsage: Bool?) { self.includeUsage = includeUsage }
    }

    /// `response_format`: only `text` is honoured.
    package struct ResponseFormat: Codable, Sendable {
        package var type: String
    }

    /// The options chat and text completions share, read from and written to the request's own JSON object.
    package struct CompletionOptions: Codable, Sendable {
        package var model: String?
        package var stream: Bool?
        package var streamOptions: StreamOptions?
        package var temperature: Double?
        package var maxTokens: Int?
        package var n: Int?
        package var tools: [AnyJSON]?
        package var functions: [AnyJSON]?
        package var responseFormat: ResponseFormat?
        /// HepChain's own field: `"inline"` appends a sources block to the answer text.
        package var citations: String?

        enum CodingKeys: String, CodingKey {
            case model, stream, temperature, n, tools, functions, citations
            case streamOptions = "stream_options"
            case maxTokens = "max_tokens"
            case responseFormat = "response_format"
        }

        /// Options with the given values and the rest absent.
        package init(model: String? = nil, stream: Bool? = nil, streamOptions: StreamOptions? = nil, temperature: Double? = nil, maxTokens: Int? = nil) {
            self.model = model
            self.stream = stream
            self.streamOptions = streamOptions
            self.temperature = temperature
            self.maxTokens = maxTokens
        }
    }

    /// `POST /chat/completions`.
    package struct ChatRequest: Codable, Sendable {
        package var messages: [Message]
        package var options: CompletionOptions

        enum CodingKeys: String, CodingKey { case messages }

        /// The request an OpenAI client sends: model, messages and sampling options.
        package init(model: String, messages: [Message], maxTokens: Int, temperature: Double, stream: Bool, streamOptions: StreamOptions? = nil) {
            self.messages = messages
            self.options = CompletionOptions(model: model, stream: stream, streamOptions: streamOptions, temperature: temperature, maxTokens: maxTokens)
        }

        package init(from decoder: any Decoder) throws {
            messages = try decoder.container(keyedBy: CodingKeys.self).decode([Message].self, forKey: .messages)
            options = try CompletionOptions(from: decoder)
        }

        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(messages, forKey: .messages)
            try options.encode(to: encoder)
        }
    }

    /// `POST /completions`; `prompt` is a string or an array holding one string.
    package struct CompletionRequest: Decodable, Sendable {
        package var prompt: String
        package var options: CompletionOptions

        enum CodingKeys: String, CodingKey { case prompt }

        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let text = try? container.decode(String.self, forKey: .prompt) {
                prompt = text
            } else if let texts = try? container.decode([String].self, forKey: .prompt), texts.count == 1 {
                prompt = texts[0]
            } else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: [CodingKeys.prompt], debugDescription: "it must be a string (or an array holding one string)"))
            }
            options = try CompletionOptions(from: decoder)
        }
    }

    // MARK: - Responses

    /// `usage` of a completion: the server's token count (`total_tokens` is absent from some servers).
    package struct Usage: Codable, Sendable {
        package var promptTokens: Int
        package var completionTokens: Int
        package var totalTokens: Int?

        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
            case totalTokens = "total_tokens"
        }

        /// Creates a count.
        package init(promptTokens: Int, completionTokens: Int, totalTokens: Int?) {
            self.promptTokens = promptTokens
            self.completionTokens = completionTokens
            self.totalTokens = totalTokens
        }
    }

    /// What each choice of one kind of completion holds, and the `object` that kind is sent as.
    package protocol CompletionChoice: Codable, Sendable {
        static var object: String { get }
    }

    /// A completion, whole or one streamed event: the envelope the three kinds share around their kind of choice.
    /// `citations` is HepChain's own field; an upstream may send `error` instead of choices in a stream.
    package struct Completion<Item: CompletionChoice>: Codable, Sendable {
        package var id: String?
        package var object: String?
        package var created: Int?
        package var model: String?
        package var choices: [Item]?
        package var usage: Usage?
        package var citations: [CitationBody]?
        package var error: ErrorBody.Detail?

        /// Creates a completion or an event; a stream's last event may hold no choices, only `usage`.
        package init(id: String, created: Int, model: String, choices: [Item], usage: Usage? = nil, citations: [CitationBody]? = nil) {
            self.id = id
            self.object = Item.object
            self.created = created
            self.model = model
            self.choices = choices
            self.usage = usage
            self.citations = citations
        }
    }

    /// A whole chat answer (`chat.completion`).
    package typealias ChatCompletion = Completion<Choice>
    /// One streamed chat event (`chat.completion.chunk`).
    package typealias ChatCompletionChunk = Completion<ChunkChoice>
    /// A text completion (`text_completion`), whole or one streamed piece.
    package typealias TextCompletion = Completion<TextChoice>

    /// One choice of a whole chat completion.
    package struct Choice: CompletionChoice {
        package static let object = "chat.completion"
        package var index: Int?
        package var message: Message
        package var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case index, message
            case finishReason = "finish_reason"
        }

        /// Creates a choice.
        package init(index: Int, message: Message, finishReason: String?) {
            self.index = index
            self.message = message
            self.finishReason = finishReason
        }
    }

    /// What a streamed chat event adds to the answer.
    package struct Delta: Codable, Sendable {
        package var role: String?
        package var content: String?

        /// Creates a delta.
        package init(role: String? = nil, content: String? = nil) {
            self.role = role
            self.content = content
        }
    }

    /// One choice of a streamed chat event.
    package struct ChunkChoice: CompletionChoice {
        package static let object = "chat.completion.chunk"
        package var index: Int?
        package var delta: Delta?
        package var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case index, delta
            case finishReason = "finish_reason"
        }

        /// Creates a choice.
        package init(index: Int, delta: Delta, finishReason: String?) {
            self.index = index
            self.delta = delta
            self.finishReason = finishReason
        }
    }

    /// One choice of a text completion.
    package struct TextChoice: CompletionChoice {
        package static let object = "text_completion"
        package var text: String
        package var index: Int
        package var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case text, index
            case finishReason = "finish_reason"
        }

        /// Creates a choice.
        package init(text: String, index: Int, finishReason: String?) {
            self.text = text
            self.index = index
            self.finishReason = finishReason
        }
    }

    /// `{"error": {"message": …, "type": …}}`, which OpenAI, vLLM, llama.cpp and HepChain send with 4xx/5xx and
    /// in a stream that fails.
    package struct ErrorBody: Codable, Sendable {
        /// The error object.
        package struct Detail: Codable, Sendable {
            package var message: String?
            package var type: String?
            /// Creates the object.
            package init(message: String?, type: String?) {
                self.message = message
                self.type = type
            }
        }
        package var error: Detail
        /// Creates a body.
        package init(error: Detail) { self.error = error }
    }

    // MARK: - Models

    /// One model of `GET /models`.
    package struct ModelItem: Codable, Sendable {
        package var id: String
        package var object: String?
        package var created: Int?
        package var ownedBy: String?

        enum CodingKeys: String, CodingKey {
            case id, object, created
            case ownedBy = "owned_by"
        }

        /// A model HepChain serves.
        package init(id: String, created: Int) {
            self.id = id
            self.object = "model"
            self.created = created
            self.ownedBy = "hepchain"
        }
    }

    /// `GET /models`: the models a server serves.
    package struct ModelList: Codable, Sendable {
        package var object: String?
        package var data: [ModelItem]

        /// Creates a list.
        package init(data: [ModelItem]) {
            self.object = "list"
            self.data = data
        }
    }

    // MARK: - Embeddings

    /// What `/embeddings` embeds: texts, or token ids of tiktoken's `cl100k_base` (one list per input).
    package enum EmbeddingInput: Sendable {
        case texts([String])
        case tokens([[Int]])

        /// The number of inputs.
        package var count: Int {
            switch self {
            case .texts(let texts): texts.count
            case .tokens(let lists): lists.count
            }
        }
    }

    /// `POST /embeddings`: `input` is a string, an array of strings, an array of token ids, or an array of
    /// token-id arrays.
    package struct EmbeddingRequest: Decodable, Sendable {
        package var input: EmbeddingInput
        package var model: String?
        package var encodingFormat: String?
        package var dimensions: Int?

        enum CodingKeys: String, CodingKey {
            case input, model, dimensions
            case encodingFormat = "encoding_format"
        }

        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let single = try? container.decode(String.self, forKey: .input) {
                input = .texts([single])
            } else if let texts = try? container.decode([String].self, forKey: .input) {
                input = .texts(texts)
            } else if let ids = try? container.decode([Int].self, forKey: .input) {
                input = .tokens([ids])
            } else if let lists = try? container.decode([[Int]].self, forKey: .input) {
                input = .tokens(lists)
            } else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: [CodingKeys.input],
                        debugDescription: "it must be a string, an array of strings, an array of token ids or an array of token-id arrays"))
            }
            model = try container.decodeIfPresent(String.self, forKey: .model)
            encodingFormat = try container.decodeIfPresent(String.self, forKey: .encodingFormat)
            dimensions = try container.decodeIfPresent(Int.self, forKey: .dimensions)
        }
    }

    /// Floats, or base64 of little-endian float32 (what the `openai` Python client asks for by default).
    package enum EmbeddingValue: Encodable, Sendable {
        case floats([Float])
        case base64(String)

        package func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .floats(let values): try container.encode(values)
            case .base64(let text): try container.encode(text)
            }
        }
    }

    /// One vector of an embeddings response.
    package struct EmbeddingItem: Encodable, Sendable {
        package var object = "embedding"
        package var index: Int
        package var embedding: EmbeddingValue

        /// Creates an item.
        package init(index: Int, embedding: EmbeddingValue) {
            self.index = index
            self.embedding = embedding
        }
    }

    /// The response of `POST /embeddings`.
    package struct EmbeddingResponse: Encodable, Sendable {
        package var object = "list"
        package var data: [EmbeddingItem]
        package var model: String
        package var usage: [String: Int]

        /// Creates a response.
        package init(data: [EmbeddingItem], model: String, usage: [String: Int]) {
            self.data = data
            self.model = model
            self.usage = usage
        }
    }
}
