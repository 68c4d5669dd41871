import Foundation
import LinearAlgebra

/// The read-only parameters of a BERT encoder: views into the memory-mapped checkpoint, except the fused
/// query/key/value projection, which is copied once so that one GEMM computes all three.
struct BERTWeights: Sendable {
    /// One transformer layer. Linear weights are (out, in), as stored by PyTorch.
    struct Layer: Sendable {
        /// [W_q; W_k; W_v] (3·hidden, hidden) and their biases (1, 3·hidden).
        var queryKeyValueWeight: MatrixView
        var queryKeyValueBias: MatrixView
        /// (hidden, hidden), (1, hidden)
        var attentionOutputWeight: MatrixView
        var attentionOutputBias: MatrixView
        var attentionNormScale: MatrixView
        var attentionNormShift: MatrixView
        /// (intermediate, hidden), (1, intermediate)
        var feedForwardUpWeight: MatrixView
        var feedForwardUpBias: MatrixView
        /// (hidden, intermediate), (1, hidden)
        var feedForwardDownWeight: MatrixView
        var feedForwardDownBias: MatrixView
        var outputNormScale: MatrixView
        var outputNormShift: MatrixView
    }

    /// A layer's four linear weights in another form: `PackedWeight`s for few rows, `BFloat16Weight`s for bulk.
    struct LinearWeights<Weight: Sendable>: Sendable {
        var queryKeyValue: Weight
        var attentionOutput: Weight
        var feedForwardUp: Weight
        var feedForwardDown: Weight

        /// `convert` applied to each of the layer's linear weights (as stored: see `isTransposed`).
        init(_ layer: Layer, _ convert: (MatrixView) -> Weight) {
            queryKeyValue = convert(layer.queryKeyValueWeight)
            attentionOutput = convert(layer.attentionOutputWeight)
            feedForwardUp = convert(layer.feedForwardUpWeight)
            feedForwardDown = convert(layer.feedForwardDownWeight)
        }
    }

    /// (vocabulary, hidden)
    var wordEmbeddings: MatrixView
    /// (maxPositions, hidden)
    var positionEmbeddings: MatrixView
    /// (tokenTypes, hidden)
    var tokenTypeEmbeddings: MatrixView
    var embeddingNormScale: MatrixView
    var embeddingNormShift: MatrixView
    var layers: [Layer]
    /// The same linear weights repacked for batches of few rows (queries); see `PackedWeight`.
    var packedLayers: [LinearWeights<PackedWeight>]
    /// The same linear weights in bfloat16 for large batches, when the bulk precision is `.bfloat16`; else nil.
    var bulkLayers: [LinearWeights<BFloat16Weight>]?
    /// True when linear weights are stored (in, out), copied from the checkpoint's (out, in).
    var isTransposed: Bool

    /// Loads every tensor `configuration` calls for from `file`, checking each shape.
    /// `packedPrecision` is the element type of `packedLayers` (the few-row path), `bulkPrecision` decides whether
    /// `bulkLayers` exist; `layers` stay as loaded.
    init(
        file: SafetensorsFile, configuration c: BERTConfiguration, transposesLinearWeights: Bool = false,
        packedPrecision: PackedWeight.Precision = .float32, bulkPrecision: BulkPrecision = .float32
    ) throws {
        isTransposed = transposesLinearWeights
        func layout(_ weight: MatrixView) -> MatrixView { transposesLinearWeights ? transposed(weight) : weight }
        let names = Array(file.tensors.keys)
        func load(_ parameter: CheckpointNames.Parameter, _ shape: [Int]) throws -> MatrixView {
            guard let name = CheckpointNames.checkpointName(for: parameter, in: names) else {
                let expected = CheckpointNames.candidates(for: parameter).first ?? "\(parameter)"
                throw EmbeddingError.missingTensor(file: file.path, tensor: expected)
            }
            let found = file.tensors[name]?.shape ?? []
            guard found == shape else {
                throw EmbeddingError.shapeMismatch(file: file.path, tensor: name, expected: shape, found: found)
            }
            return try file.matrix(name)
        }
        let hidden = c.hiddenSize
        wordEmbeddings = try load(.wordEmbeddings, [c.vocabularySize, hidden])
        positionEmbeddings = try load(.positionEmbeddings, [c.maxPositions, hidden])
        tokenTypeEmbeddings = try load(.tokenTypeEmbeddings, [c.tokenTypeCount, hidden])
        embeddingNormScale = try load(.embeddingNormScale, [hidden])
        embeddingNormShift = try load(.embeddingNormShift, [hidden])
        layers = try (0..<c.layerCount).map { i in
            let query = try load(.query(layer: i, .weight), [hidden, hidden])
            let key = try load(.key(layer: i, .weight), [hidden, hidden])
            let value = try load(.value(layer: i, .weight), [hidden, hidden])
            let queryBias = try load(.query(layer: i, .bias), [hidden])
            let keyBias = try load(.key(layer: i, .bias), [hidden])
            let valueBias = try load(.value(layer: i, .bias), [hidden])
            return Layer(
                queryKeyValueWeight: layout(MatrixView(
                    rows: 3 * hidden, columns: hidden, copying: query.values + key.values + value.values)),
                queryKeyValueBias: MatrixView(
                    rows: 1, columns: 3 * hidden, copying: queryBias.values + keyBias.values + valueBias.values),
                attentionOutputWeight: layout(try load(.attentionOutput(layer: i, .weight), [hidden, hidden])),
                attentionOutputBias: try load(.attentionOutput(layer: i, .bias), [hidden]),
                attentionNormScale: try load(.attentionNormScale(layer: i), [hidden]),
                attentionNormShift: try load(.attentionNormShift(layer: i), [hidden]),
                feedForwardUpWeight: layout(try load(.feedForwardUp(layer: i, .weight), [c.intermediateSize, hidden])),
                feedForwardUpBias: try load(.feedForwardUp(layer: i, .bias), [c.intermediateSize]),
                feedForwardDownWeight: layout(try load(.feedForwardDown(layer: i, .weight), [hidden, c.intermediateSize])),
                feedForwardDownBias: try load(.feedForwardDown(layer: i, .bias), [hidden]),
                outputNormScale: try load(.outputNormScale(layer: i), [hidden]),
                outputNormShift: try load(.outputNormShift(layer: i), [hidden]))
        }
        packedLayers = layers.map { layer in
            LinearWeights(layer) { weight in
                transposesLinearWeights
                    ? PackedWeight(transposedWeight: weight, precision: packedPrecision) : PackedWeight(weight: weight, precision: packedPrecision)
            }
        }
        bulkLayers = bulkPrecision == .float32 ? nil : layers.map { layer in
            LinearWeights(layer) { weight in
                transposesLinearWeights ? BFloat16Weight(transposedWeight: weight) : BFloat16Weight(weight: weight)
            }
        }
    }
}
