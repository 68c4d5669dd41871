import Foundation
import Chain
import RAGCore

/// The JSON bodies of the OpenAI routes (https://platform.openai.com/docs/api-reference), as far as HepChain
/// reads and writes them. Field names are the wire names.
extension OpenAIRoutes {
    /// Accepts any JSON value: used to notice fields HepChain does not implement (`tools`) and refuse them.
    struct AnyJSON: Decodable {
        init(from decoder: any Decoder) throws {}
    }

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

    struct StreamOptions: Decodable {
        var include_usage: Bool?
    }

    struct ResponseFormat: Decodable {
        var type: String
    }

    /// The options chat and text completions share.
    protocol CompletionOptions {
        var model: String? { get }
        var stream: Bool? { get }
        var stream_options: StreamOptions? { get }
        var n: Int? { get }
        var tools: [AnyJSON]? { get }
        var functions: [AnyJSON]? { get }
        var response_format: ResponseFormat? { get }
        /// `"inline"` appends a sources block to the answer text (see `SourcesBlock`).
        var citations: String? { get }
    }

    struct ChatRequest: Decodable, CompletionOptions {
        var model: String?
        var messages: [ChatMessageBody]
        var stream: Bool?
        var stream_options: StreamOptions?
        var temperature: Double?
        var max_tokens: Int?
        var n: Int?
        var tools: [AnyJSON]?
        var functions: [AnyJSON]?
        var response_format: ResponseFormat?
        var citations: String?
    }

    /// `prompt` is a string or an array holding one string.
    struct CompletionRequest: Decodable, CompletionOptions {
        var model: String?
        var prompt: String
        var stream: Bool?
        var stream_options: StreamOptions?
        var temperature: Double?
        var max_tokens: Int?
        var n: Int?
        var tools: [AnyJSON]?
        var functions: [AnyJSON]?
        var response_format: ResponseFormat?
        var citations: String?

        enum CodingKeys: String, CodingKey {
            case model, prompt, stream, stream_options, temperature, max_tokens, n, tools, functions, response_format, citations
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let text = try? container.decode(String.self, forKey: .prompt) {
                prompt = text
            } else if let texts = try? container.decode([String].self, forKey: .prompt), texts.count == 1 {
                prompt = texts[0]
            } else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: [CodingKeys.prompt], debugDescription: "it must be a string (or an array holding one string)"))
            }
            model = try container.decodeIfPresent(String.self, forKey: .model)
            stream = try container.decodeIfPresent(Bool.self, forKey: .stream)
            stream_options = try container.decodeIfPresent(StreamOptions.self, forKey: .stream_options)
            temperature = try container.decodeIfPresent(Double.self, forKey: .temperature)
            max_tokens = try container.decodeIfPresent(Int.self, forKey: .max_tokens)
            n = try container.decodeIfPresent(Int.self, forKey: .n)
            tools = try container.decodeIfPresent([AnyJSON].self, forKey: .tools)
            functions = try container.decodeIfPresent([AnyJSON].self, forKey: .functions)
            response_format = try container.decodeIfPresent(ResponseFormat.self, forKey: .response_format)
            citations = try container.decodeIfPresent(String.self, forKey: .citations)
        }
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
        var usage: Usage?
    }

    struct TextChoice: Codable {
        var text: String
        var index: Int
        var finish_reason: String?
    }

    /// `text_completion`, whole or one streamed piece.
    struct TextCompletion: Codable {
        var id: String
        var object = "text_completion"
        var created: Int
        var model: String
        var choices: [TextChoice]
        var usage: Usage?
        var citations: [CitationBody]?
    }

    /// What `/v1/embeddings` embeds: texts, or token ids of tiktoken's `cl100k_base` (one list per input).
    enum EmbeddingInput {
        case texts([String])
        case tokens([[Int]])

        var count: Int {
            switch self {
            case .texts(let texts): texts.count
            case .tokens(let lists): lists.count
            }
        }
    }

    /// `input` is a string, an array of strings, an array of token ids, or an array of token-id arrays.
    struct EmbeddingRequest: Decodable {
        var input: EmbeddingInput
        var model: String?
        var encoding_format: String?
        var dimensions: Int?

        enum CodingKeys: String, CodingKey { case input, model, encoding_format, dimensions }

        init(from decoder: any Decoder) throws {
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
            encoding_format = try container.decodeIfPresent(String.self, forKey: .encoding_format)
            dimensions = try container.decodeIfPresent(Int.self, forKey: .dimensions)
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
}
