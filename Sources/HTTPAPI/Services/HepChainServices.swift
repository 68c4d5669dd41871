public import RAGCore

/// Facts `/healthz` and `--version` report.
public struct SystemInfo: Codable, Sendable, Hashable {
    /// HepChain version.
    public var version: String
    /// Embedding model id.
    public var model: String
    /// Vector dimension.
    public var dimension: Int
    /// OpenBLAS kernel in use (`openblas_get_corename`).
    public var blasCore: String
    /// Instruction-set level of HepChain's own distance and element-wise kernels (`baseline`, `avx2`, `avx512`).
    public var vectorKernels: String
    /// Generator in use (`extractive` or the LLM model name).
    public var generator: String
    /// Creates system facts.
    public init(version: String, model: String, dimension: Int, blasCore: String, vectorKernels: String, generator: String) {
        self.version = version
        self.model = model
        self.dimension = dimension
        self.blasCore = blasCore
        self.vectorKernels = vectorKernels
        self.generator = generator
    }
}

/// The parts the HTTP API is built from; `buildApplication` takes them, so tests and the binary
/// compose the same application.
public struct HepChainServices: Sendable {
    /// Collections, documents, ingest and search.
    public var knowledge: any KnowledgeService
    /// Question answering through chains.
    public var answers: any AnswerService
    /// The native embedding model, for `/v1/embeddings`.
    public var embedder: any Embedder
    /// What `/healthz` reports.
    public var info: SystemInfo
    /// Request and ingest counters.
    public var metrics: Metrics
    /// Seed fission runs, when the server offers them.
    public var fission: (any FissionService)?

    /// Creates the service set.
    public init(knowledge: any KnowledgeService, answers: any AnswerService, embedder: any Embedder, info: SystemInfo, metrics: Metrics = Metrics(),
        fission: (any FissionService)? = nil
    ) {
        self.knowledge = knowledge
        self.answers = answers
        self.embedder = embedder
        self.info = info
        self.metrics = metrics
        self.fission = fission
    }
}
