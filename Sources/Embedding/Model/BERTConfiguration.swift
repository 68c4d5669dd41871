import Foundation

/// Hyper-parameters of a BERT-family sentence encoder, read from a Hugging Face model folder:
/// `config.json` (architecture), `sentence_bert_config.json` (sequence limit), `1_Pooling/config.json`
/// (pooling) and `tokenizer_config.json` (text normalisation).
struct BERTConfiguration: Sendable, Equatable {
    /// How token vectors become one sentence vector.
    enum Pooling: String, Sendable {
        /// Mean over all tokens, `[CLS]` and `[SEP]` included (sentence-transformers `pooling_mode_mean_tokens`).
        case mean
        /// The `[CLS]` vector (bge-style models).
        case classToken
    }

    var vocabularySize: Int
    var hiddenSize: Int
    var layerCount: Int
    var headCount: Int
    var intermediateSize: Int
    var maxPositions: Int
    var tokenTypeCount: Int
    var layerNormEpsilon: Float
    /// Longest input in wordpieces, `[CLS]` and `[SEP]` included.
    var maxSequenceLength: Int
    var pooling: Pooling
    var lowercases: Bool
    var stripsAccents: Bool?
    var splitsChineseCharacters: Bool

    var headSize: Int { hiddenSize / headCount }

    /// Reads the configuration files of `folder`; only `config.json` is required.
    static func load(modelFolder folder: URL) throws -> BERTConfiguration {
        let configFile = folder.appendingPathComponent("config.json")
        let config = try readJSONObject(configFile, required: true)
        func integer(_ key: String, default fallback: Int? = nil) throws -> Int {
            if let value = config[key] as? Int { return value }
            if let fallback { return fallback }
            throw EmbeddingError.invalidConfiguration(file: configFile.path, reason: "'\(key)' is missing or not an integer")
        }
        let modelType = config["model_type"] as? String ?? "bert"
        guard modelType == "bert" else {
            throw EmbeddingError.unsupportedModel(folder: folder.path, reason: "model_type '\(modelType)' is not 'bert'")
        }
        let activation = config["hidden_act"] as? String ?? "gelu"
        guard activation == "gelu" else {
            throw EmbeddingError.unsupportedModel(folder: folder.path, reason: "hidden_act '\(activation)' is not the exact 'gelu'")
        }
        let positionType = config["position_embedding_type"] as? String ?? "absolute"
        guard positionType == "absolute" else {
            throw EmbeddingError.unsupportedModel(folder: folder.path, reason: "position_embedding_type '\(positionType)' is not 'absolute'")
        }
        var configuration = BERTConfiguration(
            vocabularySize: try integer("vocab_size"),
            hiddenSize: try integer("hidden_size"),
            layerCount: try integer("num_hidden_layers"),
            headCount: try integer("num_attention_heads"),
            intermediateSize: try integer("intermediate_size"),
            maxPositions: try integer("max_position_embeddings", default: 512),
            tokenTypeCount: try integer("type_vocab_size", default: 2),
            layerNormEpsilon: Float((config["layer_norm_eps"] as? Double) ?? 1e-12),
            maxSequenceLength: 512,
            pooling: .mean,
            lowercases: true,
            stripsAccents: nil,
            splitsChineseCharacters: true)
        guard configuration.hiddenSize > 0, configuration.headCount > 0,
            configuration.hiddenSize % configuration.headCount == 0, configuration.layerCount > 0,
            configuration.intermediateSize > 0, configuration.maxPositions > 2
        else {
            throw EmbeddingError.invalidConfiguration(
                file: configFile.path, reason: "hidden_size must be a positive multiple of num_attention_heads, with positive layer and position counts")
        }

        let sentenceFile = folder.appendingPathComponent("sentence_bert_config.json")
        let sentence = try readJSONObject(sentenceFile, required: false)
        let limit = sentence["max_seq_length"] as? Int ?? configuration.maxPositions
        configuration.maxSequenceLength = max(2, min(limit, configuration.maxPositions))

        let poolingFile = folder.appendingPathComponent("1_Pooling/config.json")
        let pooling = try readJSONObject(poolingFile, required: false)
        if pooling["pooling_mode_cls_token"] as? Bool == true {
            configuration.pooling = .classToken
        } else if !pooling.isEmpty, pooling["pooling_mode_mean_tokens"] as? Bool != true {
            throw EmbeddingError.unsupportedModel(folder: folder.path, reason: "1_Pooling/config.json asks for a pooling other than mean or CLS")
        }

        let tokenizerFile = folder.appendingPathComponent("tokenizer_config.json")
        let tokenizer = try readJSONObject(tokenizerFile, required: false)
        configuration.lowercases = tokenizer["do_lower_case"] as? Bool ?? true
        configuration.stripsAccents = tokenizer["strip_accents"] as? Bool
        configuration.splitsChineseCharacters = tokenizer["tokenize_chinese_chars"] as? Bool ?? true
        return configuration
    }

    private static func readJSONObject(_ file: URL, required: Bool) throws -> [String: Any] {
        guard FileManager.default.fileExists(atPath: file.path) else {
            if required {
                throw EmbeddingError.modelMissing(folder: file.deletingLastPathComponent().path, file: file.lastPathComponent)
            }
            return [:]
        }
        do {
            let data = try Data(contentsOf: file)
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw EmbeddingError.invalidConfiguration(file: file.path, reason: "it is not a JSON object")
            }
            return object
        } catch let error as EmbeddingError {
            throw error
        } catch {
            throw EmbeddingError.invalidConfiguration(file: file.path, reason: "it is not valid JSON (\(error.localizedDescription))")
        }
    }
}
