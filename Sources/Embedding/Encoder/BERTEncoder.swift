import LinearAlgebra

/// The BERT forward pass over packed sequences: no padding rows, so no compute is spent on padding.
///
/// A batch of sequences is stored row after row ((Σ lengths, hidden) matrices); the linear layers run as one
/// GEMM over all rows, and attention runs per sequence over its own rows only.
struct BERTEncoder: Sendable {
    let configuration: BERTConfiguration
    let weights: BERTWeights

    /// Batches of at most this many packed rows multiply against the pre-packed weights instead of calling
    /// `sgemm`, which repacks the weight on every call (measured crossover: docs/benchmarks/embedding.md).
    static let packedRowLimit = 256

    /// y = x · Wᵀ + b through the pre-packed weight for few rows, else the bfloat16 weight when the bulk precision
    /// is `.bfloat16`, else `sgemm` on the layout chosen at load time.
    /// `team` splits the packed product's output columns (a lone query on an otherwise idle machine).
    private func project(
        _ x: [Float], rows: Int, _ weight: MatrixView, _ packed: PackedWeight, _ bulk: BFloat16Weight?, _ bias: MatrixView,
        into y: inout [Float], team: ThreadTeam?
    ) {
        if rows <= Self.packedRowLimit {
            linear(x, rows: rows, packed: packed, bias: bias, into: &y, team: team)
        } else if let bulk {
            linear(x, rows: rows, bfloat16: bulk, bias: bias, into: &y, team: team)
        } else if weights.isTransposed {
            linear(x, rows: rows, transposedWeight: weight, bias: bias, into: &y)
        } else {
            linear(x, rows: rows, weight: weight, bias: bias, into: &y)
        }
    }

    /// One sentence vector per sequence of `batch` (token ids including `[CLS]` and `[SEP]`), L2-normalised.
    /// A `team` lets a batch small enough for the packed weights use all of its threads in each linear layer.
    func encode(_ batch: [[Int32]], workspace ws: inout Workspace, team: ThreadTeam? = nil) -> [[Float]] {
        let c = configuration
        let hidden = c.hiddenSize
        let rows = batch.reduce(0) { $0 + $1.count }
        let longest = batch.map(\.count).max() ?? 0
        guard rows > 0 else { return batch.map { _ in [Float](repeating: 0, count: hidden) } }
        ws.reserve(rows: rows, longest: longest, configuration: c)
        var starts: [Int] = []
        starts.reserveCapacity(batch.count)
        ws.tokenIDs.removeAll(keepingCapacity: true)
        ws.positions.removeAll(keepingCapacity: true)
        for sequence in batch {
            precondition(sequence.count <= c.maxPositions, "encode: sequence longer than the position table")
            starts.append(ws.tokenIDs.count)
            ws.tokenIDs.append(contentsOf: sequence.lazy.map { Int($0) })
            ws.positions.append(contentsOf: 0..<sequence.count)
        }
        ws.tokenTypes = [Int](repeating: 0, count: rows)

        // x (rows, hidden) = word[ids] + position[0..<L] + tokenType[0], then LayerNorm
        gatherRows(weights.wordEmbeddings, indices: ws.tokenIDs, into: &ws.hidden, accumulate: false)
        gatherRows(weights.positionEmbeddings, indices: ws.positions, into: &ws.hidden, accumulate: true)
        gatherRows(weights.tokenTypeEmbeddings, indices: ws.tokenTypes, into: &ws.hidden, accumulate: true)
        addAndLayerNormalize(
            &ws.hidden, residual: nil, rows: rows, columns: hidden, gamma: weights.embeddingNormScale,
            beta: weights.embeddingNormShift, epsilon: c.layerNormEpsilon)

        for (index, (layer, packed)) in zip(weights.layers, weights.packedLayers).enumerated() {
            let bulk = weights.bulkLayers?[index]
            // qkv (rows, 3·hidden) = x Wqkvᵀ + b
            project(ws.hidden, rows: rows, layer.queryKeyValueWeight, packed.queryKeyValue, bulk?.queryKeyValue, layer.queryKeyValueBias, into: &ws.queryKeyValue, team: team)
            // context (rows, hidden) = softmax(q kᵀ / √d) v, per sequence and head
            for (sequence, start) in zip(batch, starts) {
                selfAttention(
                    qkv: ws.queryKeyValue, context: &ws.context, scores: &ws.scores, panels: &ws.attentionPanels, start: start,
                    length: sequence.count, heads: c.headCount, headSize: c.headSize)
            }
            // x = LayerNorm(x + context Woᵀ + b)
            project(ws.context, rows: rows, layer.attentionOutputWeight, packed.attentionOutput, bulk?.attentionOutput, layer.attentionOutputBias, into: &ws.projected, team: team)
            addAndLayerNormalize(
                &ws.projected, residual: ws.hidden, rows: rows, columns: hidden, gamma: layer.attentionNormScale,
                beta: layer.attentionNormShift, epsilon: c.layerNormEpsilon)
            swap(&ws.hidden, &ws.projected)
            // h (rows, intermediate) = GELU(x Wupᵀ + b)
            project(ws.hidden, rows: rows, layer.feedForwardUpWeight, packed.feedForwardUp, bulk?.feedForwardUp, layer.feedForwardUpBias, into: &ws.intermediate, team: team)
            geluInPlace(&ws.intermediate, count: rows * c.intermediateSize)
            // x = LayerNorm(x + h Wdownᵀ + b)
            project(ws.intermediate, rows: rows, layer.feedForwardDownWeight, packed.feedForwardDown, bulk?.feedForwardDown, layer.feedForwardDownBias, into: &ws.projected, team: team)
            addAndLayerNormalize(
                &ws.projected, residual: ws.hidden, rows: rows, columns: hidden, gamma: layer.outputNormScale,
                beta: layer.outputNormShift, epsilon: c.layerNormEpsilon)
            swap(&ws.hidden, &ws.projected)
        }

        // pooling (hidden,) per sequence, then L2 normalisation
        return zip(batch, starts).map { sequence, start in
            switch c.pooling {
            case .mean: meanPoolNormalized(ws.hidden, start: start, length: sequence.count, columns: hidden)
            case .classToken: meanPoolNormalized(ws.hidden, start: start, length: 1, columns: hidden)
            }
        }
    }
}
