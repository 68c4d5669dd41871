public import Chain
public import Embedding
import Foundation
public import Ingest
public import KnowledgeBase
import LinearAlgebra
public import RAGCore
import VectorIndex

/// The composition root: names the concrete parts (BERT embedder, HNSW index, loaders, chunker,
/// generator) and opens the knowledge base in the data folder. The CLI, `rag-server` and the end-to-end
/// tests all open HepChain through here, so they run the same thing.
public final class HepChainRuntime: Sendable {
    /// HepChain's version.
    public static let version = "0.1.0"

    /// The resolved configuration.
    public let configuration: ServerConfiguration
    /// The native embedding model.
    public let embedder: BERTEmbedder
    /// Store, indexes and retrieval.
    public let knowledgeBase: KnowledgeBase
    /// Chains over the knowledge base.
    public let executor: ChainExecutor
    /// The guarded fetcher for URLs and arXiv ids.
    public let fetcher: Fetcher
    /// Where arXiv papers and API queries go (`arxivAPIURL`, `arxivBaseURL`).
    public let arxiv: ArxivEndpoints
    /// The loader that sniffs formats (also used by `hepchain parse`).
    public let loader: AutoLoader
    /// The chunker (also used by `hepchain parse`).
    public let chunker: TokenWindowChunker

    private init(
        configuration: ServerConfiguration, embedder: BERTEmbedder, knowledgeBase: KnowledgeBase, executor: ChainExecutor,
        fetcher: Fetcher, arxiv: ArxivEndpoints, loader: AutoLoader, chunker: TokenWindowChunker
    ) {
        self.configuration = configuration
        self.embedder = embedder
        self.knowledgeBase = knowledgeBase
        self.executor = executor
        self.fetcher = fetcher
        self.arxiv = arxiv
        self.loader = loader
        self.chunker = chunker
        let generator = executor.context.generator
        let library = executor.library
        self.intake = DocumentIntake(knowledgeBase: knowledgeBase, fetcher: fetcher, arxiv: arxiv)
        self.knowledge = KnowledgeBaseService(
            intake: intake,
            originals: OriginalFiles(dataFolder: URL(fileURLWithPath: configuration.dataFolder)))
        self.answers = ChainAnswerService(executor: executor, knowledgeBase: knowledgeBase)
        self.fission = FissionRuns { collection in
            SeedFission(
                retriever: CollectionRetriever(knowledgeBase: knowledgeBase, collection: collection), generator: generator,
                embedder: embedder, library: library)
        }
    }

    /// Fetch-then-ingest for URLs and arXiv ids.
    public let intake: DocumentIntake
    /// Collections, documents, ingest and search, as the HTTP API and the CLI use them.
    public let knowledge: any KnowledgeService
    /// Question answering through the chains.
    public let answers: any AnswerService
    /// Seed-fission runs, one registry per runtime (so every application over it sees the same runs).
    public let fission: any FissionService

    /// The configured chunker (`chunkTokens`, `chunkOverlap`) for `embedder`'s tokenizer: the budget stays under
    /// the model's limit ([CLS] and [SEP] take two places) and the overlap at most half the budget.
    public static func chunker(for configuration: ServerConfiguration, embedder: BERTEmbedder) -> TokenWindowChunker {
        let budget = min(max(8, configuration.chunkTokens), embedder.maxSequenceLength - 2)
        return TokenWindowChunker(
            counter: embedder.tokenizer, budget: budget, overlap: min(max(0, configuration.chunkOverlap), budget / 2))
    }

    /// Loads the model and opens (or creates) the knowledge base in the configured data folder.
    /// - Parameters:
    ///   - jobs: documents parsed and embedded at once during batch ingest (default 2).
    ///   - existingStore: true for commands that only read: a data folder without a store is then an error
    ///     (`KnowledgeBaseError.noStore`) instead of a new, empty store.
    public static func open(configuration: ServerConfiguration, jobs: Int? = nil, existingStore: Bool = false) async throws -> HepChainRuntime {
        let arxiv = try configuration.arxivEndpoints()
        let embedder = try BERTEmbedder(
            modelFolder: try configuration.requireModelFolder(), threads: configuration.embeddingThreads.map { max(1, $0) },
            queryPrecision: try configuration.queryWeightPrecision())
        let translator = try Self.translator(for: configuration)
        let loader = AutoLoader()
        let chunker = Self.chunker(for: configuration, embedder: embedder)
        // After the model and dictionary load: a bad setting there must not leave a new, empty store behind.
        let store = try await DocumentStores.open(configuration, existing: existingStore)
        let knowledgeBase = try await KnowledgeBase.open(
            folder: URL(fileURLWithPath: configuration.dataFolder), store: store, embedder: embedder, indexFactory: .hnsw,
            loader: loader, chunker: chunker,
            configuration: {
                var settings = KnowledgeBaseConfiguration(
                    parallelism: jobs ?? 2, translator: translator, queryBatchLimit: max(1, configuration.queryBatchLimit))
                settings.isReadOnly = configuration.servesReadOnly
                return settings
            }())
        let generator: any Generator
        if let base = configuration.llmBaseURL, let url = URL(string: base) {
            let key = ProcessInfo.processInfo.environment[configuration.llmAPIKeyVariable]
            // No made-up model name: the configured one, or the only one the server lists (else a clear error).
            let model = try await OpenAIChatGenerator.chooseModel(configured: configuration.llmModel, baseURL: url, apiKey: key)
            generator = OpenAIChatGenerator(configuration: .init(baseURL: url, model: model, apiKey: key))
        } else {
            generator = ExtractiveGenerator(embedder: embedder, translator: translator)
        }
        var library = ChainLibrary.builtIn
        if let file = configuration.chainsFile {
            library = try library.loading(from: URL(fileURLWithPath: file))
        }
        let executor = ChainExecutor(
            retriever: knowledgeBase, generator: generator, embedder: embedder, library: library, tokenCounter: embedder.tokenizer,
            translator: translator)
        let fetcher = Fetcher(configuration: .init(allowPrivateAddresses: configuration.allowPrivateAddresses))
        return HepChainRuntime(
            configuration: configuration, embedder: embedder, knowledgeBase: knowledgeBase, executor: executor,
            fetcher: fetcher, arxiv: arxiv, loader: loader, chunker: chunker)
    }

    /// The query translator: the built-in HEP glossary, the configured user glossaries over it, and CC-CEDICT
    /// (`dictionaryFile`; the default file beside the model may be missing, a named one may not).
    public static func translator(for configuration: ServerConfiguration) throws -> DictionaryTranslator {
        let glossaries = configuration.glossaryFiles.map { URL(fileURLWithPath: $0) }
        guard let location = configuration.dictionaryLocation() else {
            return try DictionaryTranslator.load(glossaryFiles: glossaries, dictionaryFile: nil)
        }
        if location.isDefault && !FileManager.default.fileExists(atPath: location.file.path) {
            var translator = try DictionaryTranslator.load(glossaryFiles: glossaries, dictionaryFile: nil)
            translator.missingDictionary = location.file.path
            return translator
        }
        return try DictionaryTranslator.load(glossaryFiles: glossaries, dictionaryFile: location.file)
    }

    /// What `/healthz` and `--version` report.
    public var info: SystemInfo {
        SystemInfo(
            version: Self.version, model: embedder.modelID, dimension: embedder.dimension, blasCore: BLAS.shared.coreName,
            vectorKernels: KernelLevel.selected.rawValue, generator: executor.context.generator.model)
    }

    /// Writes index files and closes the store.
    public func close() async throws {
        try await knowledgeBase.flush()
    }
}

extension VectorIndexFactory {
    /// HNSW indexes in `.hnsw` files, cosine metric: what the application gives the SQLite knowledge base (the
    /// benchmarks and the PostgreSQL equality tests use the same).
    public static var hnsw: VectorIndexFactory {
        VectorIndexFactory(
            fileExtension: "hnsw",
            make: { dimension in HNSWIndex(dimension: dimension, metric: .cosine) },
            load: { url in try HNSWIndex.load(from: url) })
    }
}
