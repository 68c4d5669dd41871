public import RAGCore

/// Tuning knobs of a knowledge base; the defaults suit a laptop.
public struct KnowledgeBaseConfiguration: Sendable {
    /// Texts per embedder call.
    public var embeddingBatchSize: Int
    /// Documents parsed and embedded at the same time during batch ingestion.
    public var parallelism: Int
    /// Longest time an index change stays only in memory during ingestion before the index file is rewritten.
    public var indexSaveInterval: Duration
    /// How hybrid search fuses the dense and BM25 rankings.
    public var fusion: HybridFusion
    /// Translates queries between Chinese and English (glossary and CC-CEDICT; see `DictionaryTranslator`).
    public var translator: any QueryTranslator
    /// Below this many allowed chunks, a filtered dense search scores them exactly instead of walking the index.
    public var exactSearchThreshold: Int
    /// Most search queries arriving together that share one embedder call (`CoalescingEmbedder`); 1 turns it off.
    public var queryBatchLimit: Int
    /// Most query batches embedded at the same time; nil: cores ÷ the embedder's `threadsPerCall`.
    public var concurrentQueryBatches: Int?
    /// Whether the data folder is only read: no index file is written, no folder or default collection made.
    public var isReadOnly = false

    /// Creates a configuration.
    public init(
        embeddingBatchSize: Int = 32, parallelism: Int = 2, indexSaveInterval: Duration = .seconds(60),
        fusion: HybridFusion = .default, translator: any QueryTranslator = DictionaryTranslator.glossaryOnly, exactSearchThreshold: Int = 4096,
        queryBatchLimit: Int = 32, concurrentQueryBatches: Int? = nil
    ) {
        self.embeddingBatchSize = embeddingBatchSize
        self.parallelism = parallelism
        self.indexSaveInterval = indexSaveInterval
        self.fusion = fusion
        self.translator = translator
        self.exactSearchThreshold = exactSearchThreshold
        self.queryBatchLimit = queryBatchLimit
        self.concurrentQueryBatches = concurrentQueryBatches
    }
}
