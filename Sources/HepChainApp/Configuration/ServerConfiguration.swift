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
    /// Shared document store: a `postgres://USER@HOST:PORT/DATABASE` URL (PostgreSQL + pgvector, for many servers
    /// and workers on one database); nil keeps the embedded SQLite store in the data folder.
    public var store: String?
    /// Streaming replicas of `store` (`postgres://` URLs) that searches read from; writes go to `store`.
    public var storeReadReplicas: [String] = []
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
    /// Whether read routes (search, ask, chat, embeddings, lists) are open to callers without a key when keys
    /// are configured. Off: with keys configured every route but `/healthz`, `/metrics` and the web page's
    /// static files needs one.
    public var publicReads: Bool = false
    /// Origins a browser page may call the API from (CORS), e.g. `https://portal.example.org`; `*` allows any.
    /// Empty: no CORS headers, so pages on other origins cannot read answers.
    public var corsOrigins: [String] = []
    /// Further names `/v1/embeddings` accepts for the embedding model (e.g. `text-embedding-3-small`, for
    /// clients with a fixed default); the model's own name (its folder name) is always accepted.
    public var embeddingModelAliases: [String] = []
    /// tiktoken `cl100k_base` vocabulary for token-id input to `/v1/embeddings`; nil:
    /// `tiktoken/cl100k_base.tiktoken` beside the model folder (where `make setup` exports it).
    public var tokenVocabularyFile: String?
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

    /// Where the data folder, model folder and configuration file came from (keys `data`, `model`, `config`), as
    /// `hepchain --version` and `hepchain doctor` report them; filled by `resolve`.
    public var origins: [String: String] = [:]

    /// Reads a JSON configuration file; keys not in the file keep their defaults. Strict: the file must be a JSON
    /// object, every key must be known (an unknown one is reported with the closest known key) and every value
    /// must have its key's type.
    public static func load(file: URL) throws -> ServerConfiguration {
        var configuration = ServerConfiguration()
        try ConfigurationPatch.read(file: file).apply(to: &configuration)
        return configuration
    }

    /// Applies `HEPCHAIN_*` environment variables; a value that does not parse is an error naming the variable.
    public mutating func applyEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let reader = EnvironmentReader(environment: environment)
        if let value = environment["HEPCHAIN_HOST"] { host = value }
        if let value = try reader.integer("HEPCHAIN_PORT", in: 0...65535, expected: "a port number from 0 to 65535") { port = value }
        if let value = environment["HEPCHAIN_DATA"] { dataFolder = value }
        if let value = environment["HEPCHAIN_MODEL"] { modelFolder = value }
        if let value = environment["HEPCHAIN_STORE"], !value.isEmpty { store = value }
        if let value = environment["HEPCHAIN_STORE_READ_REPLICAS"], !value.isEmpty {
            storeReadReplicas = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if let value = environment["HEPCHAIN_DICTIONARY"], !value.isEmpty { dictionaryFile = value }
        if let value = environment["HEPCHAIN_GLOSSARY"], !value.isEmpty {
            glossaryFiles = value.split(separator: ":").map(String.init).filter { !$0.isEmpty }
        }
        if let value = environment["HEPCHAIN_API_KEYS"] {
            apiKeys = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if let value = environment["HEPCHAIN_LLM_BASE_URL"], !value.isEmpty { llmBaseURL = value }
        if let value = environment["HEPCHAIN_LLM_MODEL"], !value.isEmpty { llmModel = value }
        if let value = try reader.boolean("HEPCHAIN_ALLOW_PRIVATE_ADDRESSES") { allowPrivateAddresses = value }
        if let value = try reader.boolean("HEPCHAIN_PUBLIC_READS") { publicReads = value }
        if let value = environment["HEPCHAIN_CORS_ORIGINS"] {
            corsOrigins = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if let value = environment["HEPCHAIN_LOG_LEVEL"] { logLevel = value }
        if let value = environment["HEPCHAIN_ARXIV_API_URL"], !value.isEmpty { arxivAPIURL = value }
        if let value = environment["HEPCHAIN_ARXIV_BASE_URL"], !value.isEmpty { arxivBaseURL = value }
        if let value = try reader.seconds("HEPCHAIN_REQUEST_TIMEOUT") { requestTimeoutSeconds = value }
        if let value = try reader.seconds("HEPCHAIN_UPLOAD_TIMEOUT") { uploadTimeoutSeconds = value }
        if let value = try reader.number("HEPCHAIN_RATE_LIMIT", expected: "0 (off) or a positive number of requests per second") {
            rateLimitPerSecond = value
        }
        if let value = try reader.integer("HEPCHAIN_RATE_LIMIT_BURST", in: 1...Int.max, expected: "a whole number of requests, at least 1") {
            rateLimitBurst = value
        }
        if let value = try reader.integer("HEPCHAIN_QUERY_BATCH_LIMIT", in: 1...Int.max, expected: "a whole number, at least 1 (1 = no batching)") {
            queryBatchLimit = value
        }
        if let value = try reader.integer("HEPCHAIN_EMBEDDING_THREADS", in: 1...4096, expected: "a whole number of threads, at least 1") {
            embeddingThreads = value
        }
        if let value = environment["HEPCHAIN_QUERY_PRECISION"], !value.isEmpty { queryPrecision = value }
    }

    /// The log levels `logLevel` may name.
    public static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

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

    /// The tiktoken `cl100k_base` file that token-id input to `/v1/embeddings` is decoded with.
    public func tokenVocabularyLocation() -> URL {
        if let tokenVocabularyFile { return URL(fileURLWithPath: tokenVocabularyFile) }
        let model = URL(fileURLWithPath: modelFolder).standardizedFileURL
        return model.deletingLastPathComponent().appendingPathComponent("tiktoken/cl100k_base.tiktoken")
    }

    /// Problems that make the configuration unusable, one sentence each (empty when it is fine).
    public var problems: [String] {
        var problems: [String] = []
        if !(0...65535).contains(port) { problems.append("port must be from 1 to 65535 (or 0, which picks a free one); got \(port).") }
        if maxK < 1 { problems.append("maxK must be at least 1; got \(maxK).") }
        if maxBodyBytes < 1 { problems.append("maxBodyBytes must be at least 1; got \(maxBodyBytes).") }
        if maxJSONBytes < 1 { problems.append("maxJSONBytes must be at least 1; got \(maxJSONBytes).") }
        if chunkTokens < 8 { problems.append("chunkTokens must be at least 8 wordpieces; got \(chunkTokens).") }
        if chunkOverlap < 0 { problems.append("chunkOverlap must be 0 or more wordpieces; got \(chunkOverlap).") }
        if queryBatchLimit < 1 { problems.append("queryBatchLimit must be at least 1 (1 = no batching); got \(queryBatchLimit).") }
        if let threads = embeddingThreads, threads < 1 { problems.append("embeddingThreads must be at least 1; got \(threads).") }
        if !(arxivDelaySeconds >= 0) || !arxivDelaySeconds.isFinite {
            problems.append("arxivDelaySeconds must be 0 or a positive number of seconds; got \(arxivDelaySeconds).")
        }
        if !Self.logLevels.contains(logLevel) {
            problems.append("logLevel must be one of \(Self.logLevels.joined(separator: ", ")); got '\(logLevel.prefix(40))'.")
        }
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
        for url in [store].compactMap({ $0 }) + storeReadReplicas where !url.lowercased().hasPrefix("postgres://") && !url.lowercased().hasPrefix("postgresql://") {
            problems.append("store and storeReadReplicas must be postgres:// URLs; got '\(url.prefix(60))'.")
        }
        if !storeReadReplicas.isEmpty && store == nil {
            problems.append("storeReadReplicas needs store: replicas serve reads of a PostgreSQL primary.")
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
    var store: String?
    var storeReadReplicas: [String]?
    var modelFolder: String?
    var dictionaryFile: String?
    var glossaryFiles: [String]?
    var defaultCollection: String?
    var apiKeys: [String]?
    var publicReads: Bool?
    var corsOrigins: [String]?
    var embeddingModelAliases: [String]?
    var tokenVocabularyFile: String?
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

    /// The keys a configuration file may hold: every setting except `origins`, which is not a setting.
    static let knownKeys: [String] = Mirror(reflecting: ServerConfiguration()).children.compactMap(\.label).filter { $0 != "origins" }

    /// Reads and checks a configuration file (see `ServerConfiguration.load(file:)`).
    static func read(file: URL) throws -> ConfigurationPatch {
        let path = file.path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw ConfigurationError.unreadable(path: path, reason: "there is no such file")
        }
        guard !isFolder.boolValue else { throw ConfigurationError.unreadable(path: path, reason: "it is a folder, not a file") }
        let data: Data
        do {
            data = try FileHandle(forReadingFrom: file).readToEnd() ?? Data()
        } catch {
            let reason = access(path, R_OK) == 0 ? "\(error.localizedDescription)" : "permission denied"
            throw ConfigurationError.unreadable(path: path, reason: reason)
        }
        guard !data.allSatisfy({ [0x20, 0x0A, 0x0D, 0x09].contains($0) }) else {
            throw ConfigurationError.invalid(path: path, reason: "it is empty; a configuration file is a JSON object such as {\"port\": 8080}")
        }
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw ConfigurationError.invalid(path: path, reason: "it must be a JSON object such as {\"port\": 8080}")
            }
            object = parsed
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError.invalid(path: path, reason: "it is not valid JSON (\((error as NSError).userInfo[NSDebugDescriptionErrorKey] ?? error.localizedDescription))")
        }
        for key in object.keys.sorted() where !knownKeys.contains(key) {
            throw ConfigurationError.unknownKey(path: path, key: key, suggestion: closestKey(to: key, in: knownKeys))
        }
        do {
            return try JSONDecoder().decode(ConfigurationPatch.self, from: data)
        } catch {
            // Find the key at fault by decoding each on its own (the decoder's own report does not always name it).
            for key in object.keys.sorted() {
                guard let value = object[key], let single = try? JSONSerialization.data(withJSONObject: [key: value]) else { continue }
                if (try? JSONDecoder().decode(ConfigurationPatch.self, from: single)) == nil {
                    throw ConfigurationError.wrongType(path: path, key: key, value: jsonText(value), expected: expectedByKey[key] ?? "another type")
                }
            }
            throw ConfigurationError.invalid(path: path, reason: "\(error)")
        }
    }

    /// What each key's value must be, in words, from the setting's type.
    static let expectedByKey: [String: String] = Dictionary(
        uniqueKeysWithValues: Mirror(reflecting: ServerConfiguration()).children.compactMap { child in
            child.label.map { ($0, describe(type(of: child.value))) }
        })

    /// The known key closest to `key` (case-insensitive edit distance at most a third of its length, at least 2).
    static func closestKey(to key: String, in keys: [String]) -> String? {
        let lowered = Array(key.lowercased())
        let scored = keys.map { ($0, editDistance(lowered, Array($0.lowercased()))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= max(2, lowered.count / 3) ? best.0 : nil
    }

    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int?.Type: "a whole number"
        case is Double.Type, is Double?.Type: "a number"
        case is Bool.Type, is Bool?.Type: "true or false"
        case is String.Type, is String?.Type: "a string (in double quotes)"
        case is [String].Type: "an array of strings"
        default: "a value of type \(type)"
        }
    }

    private static func jsonText(_ value: Any) -> String {
        if let string = value as? String { return "\"\(string)\"" }
        if JSONSerialization.isValidJSONObject([value]),
            let data = try? JSONSerialization.data(withJSONObject: [value], options: [.fragmentsAllowed])
        {
            return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
        }
        return "\(value)"
    }

    func apply(to configuration: inout ServerConfiguration) {
        if let host { configuration.host = host }
        if let port { configuration.port = port }
        if let dataFolder { configuration.dataFolder = dataFolder }
        if let store { configuration.store = store }
        if let storeReadReplicas { configuration.storeReadReplicas = storeReadReplicas }
        if let modelFolder { configuration.modelFolder = modelFolder }
        if let dictionaryFile { configuration.dictionaryFile = dictionaryFile }
        if let glossaryFiles { configuration.glossaryFiles = glossaryFiles }
        if let defaultCollection { configuration.defaultCollection = defaultCollection }
        if let apiKeys { configuration.apiKeys = apiKeys }
        if let publicReads { configuration.publicReads = publicReads }
        if let corsOrigins { configuration.corsOrigins = corsOrigins }
        if let embeddingModelAliases { configuration.embeddingModelAliases = embeddingModelAliases }
        if let tokenVocabularyFile { configuration.tokenVocabularyFile = tokenVocabularyFile }
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
public enum ConfigurationError: Error, CustomStringConvertible, Equatable {
    /// The file cannot be read.
    case unreadable(path: String, reason: String)
    /// The file is not valid configuration JSON.
    case invalid(path: String, reason: String)
    /// A setting (from the file, the environment or a flag) has a value that cannot be used.
    case invalidValue(key: String, value: String, reason: String)
    /// Settings (from any source) that cannot be used.
    case invalidSettings([String])
    /// The configuration file has a key HepChain does not know.
    case unknownKey(path: String, key: String, suggestion: String?)
    /// A key of the configuration file has a value of the wrong type.
    case wrongType(path: String, key: String, value: String, expected: String)
    /// No embedding model where the settings say, or (when none says) in any standard location.
    case modelNotFound(path: String, origin: String, searched: [String])

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
        case .unknownKey(let path, let key, let suggestion):
            "The configuration file '\(path)' has an unknown key '\(key)'\(suggestion.map { " (did you mean '\($0)'?)" } ?? ""). See docs/CONFIGURATION.md for the keys."
        case .wrongType(let path, let key, let value, let expected):
            "The configuration file '\(path)' sets \(key) to \(value.prefix(80)), but it must be \(expected). See docs/CONFIGURATION.md."
        case .modelNotFound(let path, let origin, let searched):
            if searched.isEmpty {
                "No embedding model at '\(path)' (from \(origin)). Fix that path, or pass --model DIR or set HEPCHAIN_MODEL; `make setup` exports the default model to models/all-MiniLM-L6-v2."
            } else {
                "No embedding model found; looked in \(searched.joined(separator: ", ")). Pass --model DIR, set HEPCHAIN_MODEL or modelFolder in the configuration file, or install one (`make setup`, then `make install`)."
            }
        }
    }
}

/// Reads `HEPCHAIN_*` variables strictly: a value that does not parse names the variable, the value and what was expected.
struct EnvironmentReader {
    let environment: [String: String]

    private func value(_ name: String) -> String? {
        guard let raw = environment[name] else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }

    func integer(_ name: String, in range: ClosedRange<Int>, expected: String) throws -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw ConfigurationError.invalidValue(key: name, value: text, reason: "it must be \(expected)")
        }
        return number
    }

    func number(_ name: String, expected: String) throws -> Double? {
        guard let text = value(name) else { return nil }
        guard let number = Double(text), number.isFinite, number >= 0 else {
            throw ConfigurationError.invalidValue(key: name, value: text, reason: "it must be \(expected)")
        }
        return number
    }

    func seconds(_ name: String) throws -> Double? {
        try number(name, expected: "0 (off) or a positive number of seconds")
    }

    func boolean(_ name: String) throws -> Bool? {
        guard let text = value(name) else { return nil }
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError.invalidValue(key: name, value: text, reason: "it must be true or false (also 1/0, yes/no, on/off)")
        }
    }
}
