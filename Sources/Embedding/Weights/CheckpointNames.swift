/// The one place where checkpoint tensor names are translated into our own names
/// (like `sanitize(weights:)` in mlx-swift-examples `Libraries/Embedders/Bert.swift`).
///
/// Hugging Face BERT checkpoints spell the same tensor several ways: with or without a `bert.`/`model.`
/// prefix (sentence-transformers exports drop it), and with `LayerNorm.weight/bias` or the older
/// `LayerNorm.gamma/beta`.
enum CheckpointNames {
    /// A tensor of the encoder, in our words.
    enum Parameter: Hashable, Sendable {
        case wordEmbeddings, positionEmbeddings, tokenTypeEmbeddings
        case embeddingNormScale, embeddingNormShift
        case query(layer: Int, Part), key(layer: Int, Part), value(layer: Int, Part)
        case attentionOutput(layer: Int, Part)
        case attentionNormScale(layer: Int), attentionNormShift(layer: Int)
        case feedForwardUp(layer: Int, Part), feedForwardDown(layer: Int, Part)
        case outputNormScale(layer: Int), outputNormShift(layer: Int)
    }

    /// Weight matrix or bias vector of a linear layer.
    enum Part: String, Sendable {
        case weight, bias
    }

    /// The checkpoint names `parameter` may be stored under, most common first.
    static func candidates(for parameter: Parameter) -> [String] {
        let bases: [String]
        switch parameter {
        case .wordEmbeddings: bases = ["embeddings.word_embeddings.weight"]
        case .positionEmbeddings: bases = ["embeddings.position_embeddings.weight"]
        case .tokenTypeEmbeddings: bases = ["embeddings.token_type_embeddings.weight"]
        case .embeddingNormScale: bases = norm("embeddings.LayerNorm", scale: true)
        case .embeddingNormShift: bases = norm("embeddings.LayerNorm", scale: false)
        case .query(let layer, let part): bases = ["encoder.layer.\(layer).attention.self.query.\(part.rawValue)"]
        case .key(let layer, let part): bases = ["encoder.layer.\(layer).attention.self.key.\(part.rawValue)"]
        case .value(let layer, let part): bases = ["encoder.layer.\(layer).attention.self.value.\(part.rawValue)"]
        case .attentionOutput(let layer, let part):
            bases = ["encoder.layer.\(layer).attention.output.dense.\(part.rawValue)"]
        case .attentionNormScale(let layer): bases = norm("encoder.layer.\(layer).attention.output.LayerNorm", scale: true)
        case .attentionNormShift(let layer): bases = norm("encoder.layer.\(layer).attention.output.LayerNorm", scale: false)
        case .feedForwardUp(let layer, let part): bases = ["encoder.layer.\(layer).intermediate.dense.\(part.rawValue)"]
        case .feedForwardDown(let layer, let part): bases = ["encoder.layer.\(layer).output.dense.\(part.rawValue)"]
        case .outputNormScale(let layer): bases = norm("encoder.layer.\(layer).output.LayerNorm", scale: true)
        case .outputNormShift(let layer): bases = norm("encoder.layer.\(layer).output.LayerNorm", scale: false)
        }
        return ["", "bert.", "model."].flatMap { prefix in bases.map { prefix + $0 } }
    }

    /// The name under which `parameter` is stored in a checkpoint holding `available`, or nil if absent.
    static func checkpointName(for parameter: Parameter, in available: some Collection<String>) -> String? {
        let names = Set(available)
        return candidates(for: parameter).first { names.contains($0) }
    }

    private static func norm(_ module: String, scale: Bool) -> [String] {
        scale ? ["\(module).weight", "\(module).gamma"] : ["\(module).bias", "\(module).beta"]
    }
}
