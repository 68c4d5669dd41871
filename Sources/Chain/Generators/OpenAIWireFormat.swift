/// The JSON bodies of the OpenAI chat-completions API, as far as HepChain reads and writes them
/// (https://platform.openai.com/docs/api-reference/chat).
enum OpenAIWireFormat {
    struct Request: Encodable {
        var model: String
        var messages: [Message]
        var maxTokens: Int
        var temperature: Double
        var stream: Bool
        /// `{"include_usage": true}` when streaming: the server then ends the stream with its token count.
        var streamOptions: StreamOptions?

        struct StreamOptions: Encodable {
            var includeUsage: Bool
            enum CodingKeys: String, CodingKey { case includeUsage = "include_usage" }
        }

        enum CodingKeys: String, CodingKey {
            case model, messages, temperature, stream
            case streamOptions = "stream_options"
            case maxTokens = "max_tokens"
        }
    }

    struct Message: Codable {
        var role: String
        var content: String?
    }

    /// A whole response (`chat.completion`).
    struct Completion: Decodable {
        struct Choice: Decodable {
            var message: Message
            var finishReason: String?
            enum CodingKeys: String, CodingKey {
                case message
                case finishReason = "finish_reason"
            }
        }
        var model: String?
        var choices: [Choice]
        var usage: Usage?
    }

    /// `usage` of a completion: the server's own token count.
    struct Usage: Decodable {
        var promptTokens: Int
        var completionTokens: Int
        var totalTokens: Int?
        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
            case totalTokens = "total_tokens"
        }
    }

    /// `GET /models`: the models a server serves.
    struct ModelList: Decodable {
        struct Model: Decodable {
            var id: String
        }
        var data: [Model]
    }

    /// One streamed event (`chat.completion.chunk`).
    struct Chunk: Decodable {
        struct Delta: Decodable {
            var content: String?
        }
        struct Choice: Decodable {
            var delta: Delta?
            var finishReason: String?
            enum CodingKeys: String, CodingKey {
                case delta
                case finishReason = "finish_reason"
            }
        }
        var choices: [Choice]?
        var usage: Usage?
        var error: ErrorBody.Detail?
    }

    /// `{"error": {"message": …}}`, which OpenAI, vLLM and llama.cpp send with 4xx/5xx.
    struct ErrorBody: Decodable {
        struct Detail: Decodable {
            var message: String?
            var type: String?
        }
        var error: Detail
    }
}
