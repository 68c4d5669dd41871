import LinearAlgebra

/// The encoder's activations for one batch, kept apart from the read-only weights (llama2.c `RunState`
/// vs `TransformerWeights`). One workspace per concurrent worker; buffers grow to the largest batch seen
/// and are reused.
struct Workspace {
    /// (rows, hidden): the residual stream.
    var hidden: [Float] = []
    /// (rows, hidden): attention output projection, then feed-forward output, before add & norm.
    var projected: [Float] = []
    /// (rows, 3·hidden): [q | k | v] per row.
    var queryKeyValue: [Float] = []
    /// (rows, hidden): attention context, heads side by side.
    var context: [Float] = []
    /// (rows, intermediate): feed-forward activations.
    var intermediate: [Float] = []
    /// (length, length): attention scores of one head of one sequence.
    var scores: [Float] = []
    /// One head's keys and values packed into 16-column panels (`attentionPanelCount`).
    var attentionPanels: [Float] = []
    /// (rows,) token ids, position ids and token type ids for the embedding lookup.
    var tokenIDs: [Int] = []
    var positions: [Int] = []
    var tokenTypes: [Int] = []

    /// Makes every buffer large enough for `rows` packed tokens whose longest sequence is `longest`.
    mutating func reserve(rows: Int, longest: Int, configuration: BERTConfiguration) {
        func grow(_ buffer: inout [Float], to count: Int) {
            if buffer.count < count { buffer = [Float](repeating: 0, count: count) }
        }
        grow(&hidden, to: rows * configuration.hiddenSize)
        grow(&projected, to: rows * configuration.hiddenSize)
        grow(&queryKeyValue, to: rows * 3 * configuration.hiddenSize)
        grow(&context, to: rows * configuration.hiddenSize)
        grow(&intermediate, to: rows * configuration.intermediateSize)
        grow(&scores, to: longest * longest)
        grow(&attentionPanels, to: attentionPanelCount(length: longest, headSize: configuration.headSize))
    }
}
