public import Foundation
public import Ingest
public import LinearAlgebra

/// Everything `rag-server` and `hepchain serve` can be configured with.
///
/// Precedence: built-in defaults < configuration file (`<data>/hepchain.json` or `--config`) < environment
/// (`HEPCHAIN_*`) < command-line flags. See docs/CONFIGURATION.md for the reference.
public struct ServerConfiguration: Codable, Sendable, Hashable {
    /// Address to listen on.
    public var host: String = "127.0.0.1"
    /// Port to listen on (0 picks a free one).
    public var port: Int = 8080
    /// Data folder: SQLite store, index files, job records.
    public var dataFolder: String = "./data"
    /// Embedding model folder (Hugging Face layout).
    public var modelFolder: String = "models/all-MiniLM-L6-v2"
    /// CC-CEDICT file for Chinese ↔ English query translation; nil: `cc-cedict/cedict_ts.u8` beside the model
    /// folder (where `make setup` exports it); `off`: translate with the glossaries alone.
    public var dictionaryFile: String?
    /// User glossaries (tab-separated, the format of the built-in HEP glossary) over the built-in one; a later file
    /// overrides an earlier one.
    public var glossaryFiles: [String] = []
    /// Collection used when a request names none.
    public var defaultCollection: String = "default"
    /// Bearer tokens accepted. Empty: no authentication (only sensible on 127.0.0.1).
    public var apiKeys: [String] = []
    /// Whether read routes (search, ask, list) also need a key when keys are configured.
    public var requireKeyForReads: Bool = false
    /// Largest accepted request body, in bytes.
    public var maxBodyBytes: Int = 64 * 1024 * 1024
    /// Largest JSON body, in bytes.
    public var maxJSONBytes: Int = 1024 * 1024
    /// Seconds a request may take, body included, before it is answered with 408 (body too slow) or 503
    /// (handler too slow); 0 turns the limit off. Uploads have their own limit; jobs and the bodies of
    /// streamed answers run past it.
    public var requestTimeoutSeconds: Double = 60
    /// Seconds an upload (`POST /v1/documents`: receiving the body and indexing it, if it is indexed before
    /// the reply) may take; 0 turns the limit off.
    public var uploadTimeoutSeconds: Double = 300
    /// Requests per second each client may make on average (API key when it sends a valid one, else its
    /// address); 0 turns rate limiting off. `/healthz` and `/metrics` are not limited.
    public var rateLimitPerSecond: Double = 0
    /// Requests a client may make in a burst above the average rate (the token bucket's size).
    public var rateLimitBurst: Int = 20
    /// Whether the fetcher may load URLs on loopback, private and link-local addresses.
    public var allowPrivateAddresses: Bool = false
    /// Largest `k` a search may ask for.
    public var maxK: Int = 100
    /// Largest upload (bytes) answered synchronously; bigger ones become jobs.
    public var synchronousUploadBytes: Int = 8 * 1024 * 1024
    /// OpenAI-compatible chat server for generation; nil uses the offline extractive generator.
    public var llmBaseURL: String?
    /// Model name to request from the LLM server.
    public var llmModel: String?
    /// Environment variable holding the LLM API key.
    public var llmAPIKeyVariable: String = "OPENAI_API_KEY"
    /// Chain definitions file (JSON); nil uses the built-in chains.
    public var chainsFile: String?
    /// Log level: trace, debug, info, notice, warning, error, critical.
    public var logLevel: String = "info"
    /// Chunk budget in the embedding model's wordpieces (clamped below the model's sequence limit).
    public var chunkTokens: Int = 200
    /// Wordpieces repeated between consecutive chunks of a section.
    public var chunkOverlap: Int = 32
    /// Most search queries embedded in one model call when they arrive together (1 turns batching off).
    public var queryBatchLimit: Int = 32
    /// Threads one embedder call uses; nil picks `BERTEmbedder.defaultThreads` (1 on up to 2 cores).
    public var embeddingThreads: Int?
    /// Element type of the weights that queries (batches of ≤ 256 wordpieces) multiply against: `float32`
    /// (exact) or `float16` (half the bytes; cosine ≥ 0.999 to exact, docs/benchmarks/embedding.md).
    public var queryPrecision: String = "float32"
    /// arXiv API endpoint for `hepchain index --arxiv-query` (a mirror or a local test server can stand in).
    public var arxivAPIURL: String = "https://export.arxiv.org/api/query"
    /// Site that arXiv papers are downloaded from: `<arxivBaseURL>/e-print/<id>` and `<arxivBaseURL>/pdf/<id>`.
    public var arxivBaseURL: String = "https://arxiv.org"
    /// Seconds between arXiv API requests while harvesting (arXiv's policy asks for 3).
    public var arxivDelaySeconds: Double = 3

    /// The defaults.
    public init() {}

    /// Reads a JSON configuration file; keys not in the file keep their defaults.
    public static func load(file: URL) throws -> ServerConfiguration {
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw ConfigurationError.unreadable(path: file.path, reason: error.localizedDescription)
        }
        do {
            let patch = try JSONDecoder().decode(ConfigurationPatch.self, from: data)
            var configuration = ServerConfiguration()
            patch.apply(to: &configuration)
            return configuration
        } catch {
            throw ConfigurationError.invalid(path: file.path, reason: "\(error)")
        }
    }

    /// Applies `HEPCHAIN_*` environment variables.
    public mutating func applyEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let value = environment["HEPCHAIN_HOST"] { host = value }
        if let value = environment["HEPCHAIN_PORT"].flatMap(Int.init) { port = value }
        if let value = environment["HEPCHAIN_DATA"] { dataFolder = value }
        if let value = environment["HEPCHAIN_MODEL"] { modelFolder = value }
        if let value = environment["HEPCHAIN_DICTIONARY"], !value.isEmpty { dictionaryFile = value }
        if let value = environment["HEPCHAIN_GLOSSARY"], !value.isEmpty {
            glossaryFiles = value.split(separator: ":").map(String.init).filter { !$0.isEmpty }
        }
        if let value = environment["HEPCHAIN_API_KEYS"] {
            apiKeys = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if let value = environment["HEPCHAIN_LLM_BASE_URL"], !value.isEmpty { llmBaseURL = value }
        if let value = environment["HEPCHAIN_LLM_MODEL"], !value.isEmpty { llmModel = value }
        if let value = environment["HEPCHAIN_ALLOW_PRIVATE_ADDRESSES"] { allowPrivateAddresses = ["1", "true", "yes"].contains(value.lowercased()) }
        if let value = environment["HEPCHAIN_LOG_LEVEL"] { logLevel = value }
        if let value = environment["HEPCHAIN_ARXIV_API_URL"], !value.isEmpty { arxivAPIURL = value }
        if let value = environment["HEPCHAIN_ARXIV_BASE_URL"], !value.isEmpty { arxivBaseURL = value }
        if let value = environment["HEPCHAIN_REQUEST_TIMEOUT"].flatMap(Double.init) { requestTimeoutSeconds = value }
        if let value = environment["HEPCHAIN_UPLOAD_TIMEOUT"].flatMap(Double.init) { uploadTimeoutSeconds = value }
        if let value = environment["HEPCHAIN_RATE_LIMIT"].flatMap(Double.init) { rateLimitPerSecond = value }
        if let value = environment["HEPCHAIN_RATE_LIMIT_BURST"].flatMap(Int.init) { rateLimitBurst = value }
        if let value = environment["HEPCHAIN_QUERY_BATCH_LIMIT"].flatMap(Int.init) { queryBatchLimit = value }
        if let value = environment["HEPCHAIN_EMBEDDING_THREADS"].flatMap(Int.init) { embeddingThreads = value }
        if let value = environment["HEPCHAIN_QUERY_PRECISION"], !value.isEmpty { queryPrecision = value }
    }

    /// The values `queryPrecision` may take, for the messages of both checks below: "float32 or float16".
    static let queryPrecisionChoices = PackedWeight.Precision.allCases.map(\.rawValue).joined(separator: " or ")

    /// `queryPrecision` as the embedder's type.
    public func queryWeightPrecision() throws -> PackedWeight.Precision {
        guard let precision = PackedWeight.Precision(rawValue: queryPrecision) else {
            throw ConfigurationError.invalidValue(
                key: "queryPrecision", value: queryPrecision, reason: "it must be \(Self.queryPrecisionChoices)")
        }
        return precision
    }

    /// The arXiv API endpoint and download site, checked to be absolute http(s) URLs.
    public func arxivEndpoints() throws -> ArxivEndpoints {
        func check(_ text: String, key: String) throws -> URL {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil
            else {
                throw ConfigurationError.invalidValue(key: key, value: trimmed, reason: "it must be an absolute http(s) URL")
            }
            return url
        }
        return ArxivEndpoints(api: try check(arxivAPIURL, key: "arxivAPIURL"), site: try check(arxivBaseURL, key: "arxivBaseURL"))
    }

    /// The CC-CEDICT file to load and whether it is the default one beside the model folder (which may be
    /// missing: then queries are translated with the glossaries alone); nil when `dictionaryFile` is `off`.
    /// All of the dictionary's path logic is here, so a shared data-file search can take it over.
    public func dictionaryLocation() -> (file: URL, isDefault: Bool)? {
        if let dictionaryFile {
            return dictionaryFile.lowercased() == "off" ? nil : (URL(fileURLWithPath: dictionaryFile), false)
        }
        let model = URL(fileURLWithPath: modelFolder).standardizedFileURL
        return (model.deletingLastPathComponent().appendingPathComponent("cc-cedict/cedict_ts.u8"), true)
    }

    /// Problems that make the configuration unusable, one sentence each (empty when it is fine).
    public var problems: [String] {
        var problems: [String] = []
        if !(requestTimeoutSeconds >= 0) || !requestTimeoutSeconds.isFinite {
            problems.append("requestTimeoutSeconds must be 0 (off) or a positive number of seconds; got \(requestTimeoutSeconds).")
        }
        if !(uploadTimeoutSeconds >= 0) || !uploadTimeoutSeconds.isFinite {
            problems.append("uploadTimeoutSeconds must be 0 (off) or a positive number of seconds; got \(uploadTimeoutSeconds).")
        }
        if !(rateLimitPerSecond >= 0) || !rateLimitPerSecond.isFinite {
            problems.append("rateLimitPerSecond must be 0 (off) or a positive number of requests per second; got \(rateLimitPerSecond).")
        }
        if rateLimitPerSecond > 0 && rateLimitBurst < 1 {
            problems.append("rateLimitBurst must be at least 1 when rate limiting is on; got \(rateLimitBurst).")
        }
        if PackedWeight.Precision(rawValue: queryPrecision) == nil {
            problems.append("queryPrecision must be \(Self.queryPrecisionChoices); got '\(queryPrecision.prefix(40))'.")
        }
        return problems
    }
}

/// A configuration file where every key is optional.
struct ConfigurationPatch: Decodable {
    var host: String?
    var port: Int?
    var dataFolder: String?
    var modelFolder: String?
    var dictionaryFile: String?
    var glossaryFiles: [String]?
    var defaultCollection: String?
    var apiKeys: [String]?
    var requireKeyForReads: Bool?
    var maxBodyBytes: Int?
    var maxJSONBytes: Int?
    var requestTimeoutSeconds: Double?
    var uploadTimeoutSeconds: Double?
    var rateLimitPerSecond: Double?
    var rateLimitBurst: Int?
    var allowPrivateAddresses: Bool?
    var maxK: Int?
    var synchronousUploadBytes: Int?
    var llmBaseURL: String?
    var llmModel: String?
    var llmAPIKeyVariable: String?
    var chainsFile: String?
    var logLevel: String?
    var chunkTokens: Int?
    var chunkOverlap: Int?
    var queryBatchLimit: Int?
    var embeddingThreads: Int?
    var queryPrecision: String?
    var arxivAPIURL: String?
    var arxivBaseURL: String?
    var arxivDelaySeconds: Double?

    func apply(to configuration: inout ServerConfiguration) {
        if let host { configuration.host = host }
        if let port { configuration.port = port }
        if let dataFolder { configuration.dataFolder = dataFolder }
        if let modelFolder { configuration.modelFolder = modelFolder }
        if let dictionaryFile { configuration.dictionaryFile = dictionaryFile }
        if let glossaryFiles { configuration.glossaryFiles = glossaryFiles }
        if let defaultCollection { configuration.defaultCollection = defaultCollection }
        if let apiKeys { configuration.apiKeys = apiKeys }
        if let requireKeyForReads { configuration.requireKeyForReads = requireKeyForReads }
        if let maxBodyBytes { configuration.maxBodyBytes = maxBodyBytes }
        if let maxJSONBytes { configuration.maxJSONBytes = maxJSONBytes }
        if let requestTimeoutSeconds { configuration.requestTimeoutSeconds = requestTimeoutSeconds }
        if let uploadTimeoutSeconds { configuration.uploadTimeoutSeconds = uploadTimeoutSeconds }
        if let rateLimitPerSecond { configuration.rateLimitPerSecond = rateLimitPerSecond }
        if let rateLimitBurst { configuration.rateLimitBurst = rateLimitBurst }
        if let allowPrivateAddresses { configuration.allowPrivateAddresses = allowPrivateAddresses }
        if let maxK { configuration.maxK = maxK }
        if let synchronousUploadBytes { configuration.synchronousUploadBytes = synchronousUploadBytes }
        if let llmBaseURL { configuration.llmBaseURL = llmBaseURL }
        if let llmModel { configuration.llmModel = llmModel }
        if let llmAPIKeyVariable { configuration.llmAPIKeyVariable = llmAPIKeyVariable }
        if let chainsFile { configuration.chainsFile = chainsFile }
        if let logLevel { configuration.logLevel = logLevel }
        if let chunkTokens { configuration.chunkTokens = chunkTokens }
        if let chunkOverlap { configuration.chunkOverlap = chunkOverlap }
        if let queryBatchLimit { configuration.queryBatchLimit = queryBatchLimit }
        if let embeddingThreads { configuration.embeddingThreads = embeddingThreads }
        if let queryPrecision { configuration.queryPrecision = queryPrecision }
        if let arxivAPIURL { configuration.arxivAPIURL = arxivAPIURL }
        if let arxivBaseURL { configuration.arxivBaseURL = arxivBaseURL }
        if let arxivDelaySeconds { configuration.arxivDelaySeconds = arxivDelaySeconds }
    }
}

/// A configuration file that cannot be used.
public enum ConfigurationError: Error, CustomStringConvertible {
    /// The file cannot be read.
    case unreadable(path: String, reason: String)
    /// The file is not valid configuration JSON.
    case invalid(path: String, reason: String)
    /// A setting (from the file, the environment or a flag) has a value that cannot be used.
    case invalidValue(key: String, value: String, reason: String)
    /// Settings (from any source) that cannot be used.
    case invalidSettings([String])

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "Cannot read the configuration file '\(path)': \(reason). Check the path given to --config."
        case .invalid(let path, let reason):
            "The configuration file '\(path)' is not valid: \(reason). See docs/CONFIGURATION.md for the keys."
        case .invalidValue(let key, let value, let reason):
            "The setting \(key) = '\(value.prefix(200))' cannot be used: \(reason). See docs/CONFIGURATION.md."
        case .invalidSettings(let problems):
            "Invalid configuration: \(problems.joined(separator: " ")) See docs/CONFIGURATION.md."
        }
    }
}
