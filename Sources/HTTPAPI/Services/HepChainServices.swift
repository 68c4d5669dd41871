public import HepChainApp
public import RAGCore

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

extension HepChainRuntime {
    /// The services the HTTP API is built from: this runtime's knowledge, answer and fission services.
    public func services(metrics: Metrics = Metrics()) -> HepChainServices {
        HepChainServices(
            knowledge: knowledge, answers: answers, embedder: embedder, info: info, metrics: metrics, fission: fission)
    }
}
