public import RAGCore

/// Failures of the embedding module: model folders, checkpoint files and configuration.
public enum EmbeddingError: UserFacingError, Equatable {
    /// The model folder does not exist or lacks a required file.
    case modelMissing(folder: String, file: String)
    /// A configuration file (config.json, tokenizer_config.json, …) cannot be read or parsed.
    case invalidConfiguration(file: String, reason: String)
    /// A safetensors file is malformed; `tensor` is nil when the problem is not tied to one tensor.
    case invalidCheckpoint(file: String, tensor: String?, reason: String)
    /// A tensor the model needs is absent from the checkpoint.
    case missingTensor(file: String, tensor: String)
    /// A tensor has a shape other than the configuration implies.
    case shapeMismatch(file: String, tensor: String, expected: [Int], found: [Int])
    /// The vocabulary file is empty or lacks a special token.
    case invalidVocabulary(file: String, reason: String)
    /// The model uses a feature this encoder does not implement.
    case unsupportedModel(folder: String, reason: String)
    /// A line of JSON-lines input is not an object with a string "text".
    case invalidInputLine(number: Int, reason: String)
    /// A token id that the named vocabulary does not define.
    case unknownTokenID(id: Int, vocabulary: String)
    /// A compute precision that is unknown or that this CPU cannot run.
    case unsupportedPrecision(value: String, reason: String)

    /// Classification for HTTP status codes and exit codes.
    public var kind: ErrorKind {
        switch self {
        case .modelMissing: .unavailable
        case .invalidConfiguration, .invalidCheckpoint, .missingTensor, .shapeMismatch, .invalidVocabulary:
            .unsupportedFormat
        case .unsupportedModel: .unsupportedFormat
        case .invalidInputLine: .invalidInput
        case .unknownTokenID: .invalidInput
        case .unsupportedPrecision: .invalidInput
        }
    }

    /// One sentence: what failed, on what, and what to do.
    public var description: String {
        switch self {
        case .modelMissing(let folder, let file):
            "Cannot load the embedding model from '\(folder)': '\(file)' is missing. Run 'make setup' (or scripts/setup.sh) to install all-MiniLM-L6-v2, or name a Hugging Face BERT model folder with --model DIR or HEPCHAIN_MODEL (`hepchain doctor` shows which folder is in use and why)."
        case .invalidConfiguration(let file, let reason):
            "Cannot read the model configuration '\(file)': \(reason). Re-export the model folder with 'make setup'."
        case .invalidCheckpoint(let file, let tensor?, let reason):
            "The checkpoint '\(file)' is invalid at tensor '\(tensor)': \(reason). Re-download or re-export the model."
        case .invalidCheckpoint(let file, nil, let reason):
            "The checkpoint '\(file)' is invalid: \(reason). Re-download or re-export the model."
        case .missingTensor(let file, let tensor):
            "The checkpoint '\(file)' lacks tensor '\(tensor)'. Use a BERT-family model folder in Hugging Face layout."
        case .shapeMismatch(let file, let tensor, let expected, let found):
            "Tensor '\(tensor)' in '\(file)' has shape \(found), but config.json implies \(expected). Check that config.json belongs to this checkpoint."
        case .invalidVocabulary(let file, let reason):
            "The vocabulary '\(file)' is unusable: \(reason). Use the vocab.txt that came with the model."
        case .unsupportedModel(let folder, let reason):
            "The model in '\(folder)' is not supported: \(reason). Use a BERT-family WordPiece model such as all-MiniLM-L6-v2."
        case .invalidInputLine(let number, let reason):
            "Input line \(number) is not usable: \(reason). Send one JSON object per line, like {\"text\": \"…\"}."
        case .unknownTokenID(let id, let vocabulary):
            "The token id \(id) is not in the \(vocabulary) vocabulary. Send token ids from tiktoken's \(vocabulary) encoding, or send the text itself."
        case .unsupportedPrecision(let value, let reason):
            "Cannot compute embeddings in '\(value)': \(reason). Use float32, which every CPU runs."
        }
    }
}
