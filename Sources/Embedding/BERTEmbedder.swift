public import Foundation
public import RAGCore
import Dispatch
import Metrics
public import LinearAlgebra
import Synchronization

/// A BERT-family sentence encoder (all-MiniLM-L6-v2 by default) running in-process over OpenBLAS:
/// WordPiece tokenizer → BERT encoder → mean pooling → L2 normalisation, matching sentence-transformers.
///
/// Texts are sorted by length and packed into batches without padding; batches run on `threads` worker
/// threads, each with its own workspace and a single-threaded BLAS (less CPU per passage and lower query
/// latency than one batch on multi-threaded BLAS; see docs/benchmarks/embedding.md).
///
/// Usage example:
/// ```swift
/// let embedder = try BERTEmbedder(modelFolder: URL(fileURLWithPath: "models/all-MiniLM-L6-v2"))
/// let vectors = try await embedder.embed(["What is the Higgs boson mass?"])   // [[Float]] of 384
/// let budget = embedder.tokenizer.tokenCount(passage)                            // for the chunker
/// ```
public final class BERTEmbedder: Embedder {
    /// How the work of one `embed` call is spread over threads.
    public enum Parallelism: Sendable, Equatable {
        /// `threads` workers, each encoding whole batches with single-threaded BLAS.
        case batches
        /// One worker; BLAS itself uses `threads` threads inside each GEMM.
        case blas
    }

    /// Length of every vector (the model's hidden size, 384 for all-MiniLM-L6-v2).
    public let dimension: Int
    /// The model folder's name, e.g. `all-MiniLM-L6-v2`; stored with vectors to detect model changes.
    public let modelID: String
    /// Longest input in wordpieces, `[CLS]` and `[SEP]` included (`max_seq_length`, 256 here); longer texts
    /// are truncated, as sentence-transformers does.
    public let maxSequenceLength: Int
    /// The model's tokenizer, so chunkers can budget passages in wordpieces.
    public let tokenizer: WordPieceTokenizer
    /// Number of threads one `embed` call uses.
    public let threads: Int
    /// Element type of the products of large batches (bulk embedding), as resolved at load.
    public let bulkPrecision: BulkPrecision
    /// `threads`: a call keeps that many cores busy (for `CoalescingEmbedder`'s slot count).
    public var threadsPerCall: Int { threads }

    package let parallelism: Parallelism
    /// Most packed tokens per encoder batch (bounds workspace memory: ~17 KB per token for MiniLM).
    package let tokensPerBatch: Int
    let encoder: BERTEncoder
    private let workspaces = Mutex<[Workspace]>([])
    /// `threads` threads for the layers of a lone small batch (a query); nil with one thread or `.blas`.
    private let team: ThreadTeam?

    /// The number of threads used when none is given. On up to 2 cores: 1 — measured on a shared 2-core
    /// machine, a second thread gave no wall-clock gain and cost 5–30 % more CPU (docs/benchmarks/embedding.md).
    /// On more cores: half of them (not yet measured), leaving room for the index, store and server.
    public static var defaultThreads: Int {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        return cores <= 2 ? 1 : cores / 2
    }

    /// Loads the model folder (Hugging Face layout: config.json, vocab.txt, model.safetensors, and optionally
    /// sentence_bert_config.json, tokenizer_config.json, 1_Pooling/config.json).
    ///
    /// - Parameters:
    ///   - threads: threads per `embed` call; nil picks `defaultThreads`.
    ///   - queryPrecision: element type of the weights that batches of few rows (queries) multiply against;
    ///     `.float16` halves the bytes a query streams (docs/benchmarks/embedding.md has its speed and its
    ///     cosine to the exact embedding); `.bfloat16` (CPUs with AVX512-BF16) rounds activations too.
    ///   - bulkPrecision: element type of the products of larger batches; nil takes `HEPCHAIN_BULK_PRECISION`, else
    ///     `bfloat16` where the CPU has AVX512-BF16, else `float32` (`BulkPrecision.resolved`).
    /// - Throws: `EmbeddingError.modelMissing` (naming `make setup`) when the folder or a file is absent,
    ///   `EmbeddingError.unsupportedPrecision` for a bulk precision this CPU cannot run.
    public convenience init(
        modelFolder: URL, threads: Int? = nil, queryPrecision: PackedWeight.Precision = .float32, bulkPrecision: BulkPrecision? = nil
    ) throws {
        try self.init(
            modelFolder: modelFolder, threads: threads, parallelism: .batches, queryPrecision: queryPrecision, bulkPrecision: bulkPrecision)
    }

    /// Loads the model with an explicit parallel strategy, batch size and weight layout (the bench package
    /// compares them; `init(modelFolder:threads:queryPrecision:)` is the production choice).
    public init(
        modelFolder: URL, threads: Int?, parallelism: Parallelism, tokensPerBatch: Int = 2048, transposesWeights: Bool = false,
        queryPrecision: PackedWeight.Precision = .float32, bulkPrecision: BulkPrecision? = nil
    ) throws {
        let bulkPrecision = try BulkPrecision.resolved(bulkPrecision)
        if queryPrecision == .bfloat16, !BFloat16Weight.isSupportedHere {
            throw EmbeddingError.unsupportedPrecision(
                value: "bfloat16", reason: "this CPU lacks \(BFloat16Weight.missingCPUFlags.joined(separator: ", "))")
        }
        let folder = modelFolder.standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw EmbeddingError.modelMissing(folder: folder.path, file: "the folder itself")
        }
        for file in ["config.json", "vocab.txt", "model.safetensors"]
        where !FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path) {
            throw EmbeddingError.modelMissing(folder: folder.path, file: file)
        }
        let configuration = try BERTConfiguration.load(modelFolder: folder)
        let checkpoint = try SafetensorsFile(url: folder.appendingPathComponent("model.safetensors"))
        let weights = try BERTWeights(
            file: checkpoint, configuration: configuration, transposesLinearWeights: transposesWeights, packedPrecision: queryPrecision,
            bulkPrecision: bulkPrecision)
        let tokenizer = try WordPieceTokenizer(
            vocabularyFile: folder.appendingPathComponent("vocab.txt"), lowercases: configuration.lowercases,
            stripsAccents: configuration.stripsAccents, splitsChineseCharacters: configuration.splitsChineseCharacters,
            maxLength: configuration.maxSequenceLength)
        guard tokenizer.vocabularySize <= configuration.vocabularySize else {
            throw EmbeddingError.invalidVocabulary(
                file: folder.appendingPathComponent("vocab.txt").path,
                reason: "it has \(tokenizer.vocabularySize) entries but the model embeds only \(configuration.vocabularySize)")
        }
        self.encoder = BERTEncoder(configuration: configuration, weights: weights)
        self.tokenizer = tokenizer
        self.dimension = configuration.hiddenSize
        self.modelID = folder.lastPathComponent
        self.maxSequenceLength = configuration.maxSequenceLength
        self.threads = max(1, threads ?? Self.defaultThreads)
        self.bulkPrecision = bulkPrecision
        self.team = self.threads > 1 && parallelism == .batches ? ThreadTeam(size: self.threads) : nil
        self.parallelism = parallelism
        self.tokensPerBatch = max(tokensPerBatch, configuration.maxSequenceLength)
        BLAS.shared.setThreads(parallelism == .blas ? self.threads : 1)
    }

    /// The BLAS kernel and thread setting, for `hepchain --version`, the server log and `/healthz`,
    /// e.g. `OpenBLAS Zen (OPENBLAS_CORETYPE chosen by OpenBLAS), 1 BLAS thread`.
    public static var computeBackend: String {
        let blas = BLAS.shared
        let origin = blas.chosenCoreType.map { "OPENBLAS_CORETYPE=\($0) chosen by HepChain" }
            ?? (ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"].map { "OPENBLAS_CORETYPE=\($0) from the environment" }
                ?? "chosen by OpenBLAS")
        return "OpenBLAS \(blas.coreName) (\(origin)), \(blas.threads) BLAS thread\(blas.threads == 1 ? "" : "s")"
    }

    /// The kernel OpenBLAS runs (`openblas_get_corename`), e.g. `Zen`, `Haswell`, `SkylakeX`, `Cooperlake`.
    public static var blasCoreName: String { BLAS.shared.coreName }

    // MARK: - Embedding

    /// One unit vector per text, in order. Texts longer than `maxSequenceLength` wordpieces are truncated.
    public func embed(_ texts: [String]) async throws -> [Vector] {
        await embed(tokenIDs: texts.map { tokenizer.encode($0) })
    }

    /// One unit vector per token sequence (each with `[CLS]`/`[SEP]`, at most `maxSequenceLength` long),
    /// e.g. from `tokenizer.encode(_:)`.
    public func embed(tokenIDs sequences: [[Int32]]) async -> [Vector] {
        guard !sequences.isEmpty else { return [] }
        let batches = plan(sequences)
        let workerCount = parallelism == .batches ? min(threads, batches.count) : 1
        let start = ContinuousClock.now
        let vectors = await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(returning: self.run(batches, sequences: sequences, workers: workerCount))
            }
        }
        // Through swift-metrics: the server's Prometheus backend shows them; elsewhere they cost nothing.
        Metrics.Timer(label: "hepchain_embedding_seconds").record(duration: ContinuousClock.now - start)
        Metrics.Counter(label: "hepchain_embedded_texts_total").increment(by: sequences.count)
        return vectors
    }

    /// Floating-point operations of encoding one sequence of `length` wordpieces: per layer the four linear
    /// layers, Q·Kᵀ and P·V (element-wise work left out). Benchmarks divide it by time for GFLOP/s.
    public func encoderFLOPs(sequenceLength length: Int) -> Double {
        let c = encoder.configuration
        let l = Double(length), h = Double(c.hiddenSize), i = Double(c.intermediateSize)
        let perLayer = 2 * l * h * (3 * h) + 2 * l * h * h + 2 * 2 * l * h * i + 2 * 2 * l * l * h
        return perLayer * Double(c.layerCount)
    }

    /// Synchronous `embed(tokenIDs:)` on the calling thread plus helpers; for benchmarks and tools.
    public func embedSynchronously(tokenIDs sequences: [[Int32]]) -> [Vector] {
        guard !sequences.isEmpty else { return [] }
        let batches = plan(sequences)
        return run(batches, sequences: sequences, workers: parallelism == .batches ? min(threads, batches.count) : 1)
    }

    // MARK: - Scheduling

    /// Indices of `sequences` grouped into batches of similar length, longest first, each at most
    /// `tokensPerBatch` tokens, and split finely enough that every worker gets work.
    func plan(_ sequences: [[Int32]]) -> [[Int]] {
        for sequence in sequences {
            precondition(
                sequence.count >= 1 && sequence.count <= maxSequenceLength,
                "embed(tokenIDs:): sequence of \(sequence.count) tokens is outside 1...\(maxSequenceLength)")
        }
        let order = sequences.indices.sorted { sequences[$0].count > sequences[$1].count }
        let total = sequences.reduce(0) { $0 + $1.count }
        let workers = parallelism == .batches ? threads : 1
        let budget = max(1, min(tokensPerBatch, (total + workers - 1) / workers))
        var batches: [[Int]] = []
        var current: [Int] = []
        var rows = 0
        for index in order {
            let length = sequences[index].count
            if !current.isEmpty && rows + length > budget {
                batches.append(current)
                current = []
                rows = 0
            }
            current.append(index)
            rows += length
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }

    private func run(_ batches: [[Int]], sequences: [[Int32]], workers: Int) -> [Vector] {
        let results = Mutex<[Vector]>(Array(repeating: [], count: sequences.count))
        let next = Atomic<Int>(0)
        let work = { @Sendable (_: Int) in
            var workspace = self.workspaces.withLock { $0.popLast() } ?? Workspace()
            while true {
                let (batchIndex, _) = next.add(1, ordering: .relaxed)
                guard batchIndex < batches.count else { break }
                let members = batches[batchIndex]
                // A lone small batch (a query) spreads each layer over the threads the workers leave idle.
                let team = batches.count == 1 ? self.team : nil
                let vectors = self.encoder.encode(members.map { sequences[$0] }, workspace: &workspace, team: team)
                results.withLock { all in
                    for (member, vector) in zip(members, vectors) { all[member] = vector }
                }
            }
            self.workspaces.withLock { $0.append(workspace) }
        }
        if workers <= 1 {
            work(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: workers, execute: work)
        }
        return results.withLock { $0 }
    }
}
