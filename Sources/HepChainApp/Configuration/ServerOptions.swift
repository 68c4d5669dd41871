public import ArgumentParser

/// The data-folder and configuration options every command takes.
public struct DataOptions: ParsableArguments {
    /// Data folder.
    @Option(name: .long, help: "Data folder (default: $HEPCHAIN_DATA, else ./data when it exists, else $XDG_DATA_HOME/hepchain/data).")
    public var data: String?

    /// Configuration file.
    @Option(name: .long, help: "Configuration file (JSON; default: $HEPCHAIN_CONFIG, else the first of <data>/hepchain.json, $XDG_CONFIG_HOME/hepchain/hepchain.json, /etc/hepchain/hepchain.json).")
    public var config: String?

    /// Shared PostgreSQL store.
    @Option(name: .long, help: "Shared store: postgres://USER@HOST:PORT/DATABASE (PostgreSQL + pgvector; default: $HEPCHAIN_STORE, else the configuration file's store, else SQLite in the data folder).")
    public var store: String?

    /// Read replicas of the shared store.
    @Option(name: .customLong("store-read-replicas"), help: "Comma-separated postgres:// URLs of streaming replicas of --store that searches read from.")
    public var storeReadReplicas: String?

    /// Embedding model folder.
    @Option(name: .long, help: "Embedding model folder (default: $HEPCHAIN_MODEL, else the configuration file, else models/all-MiniLM-L6-v2 in $XDG_DATA_HOME/hepchain, /usr/local/share/hepchain, the install prefix or the checkout).")
    public var model: String?

    /// CC-CEDICT file for query translation.
    @Option(help: "CC-CEDICT file for Chinese↔English query translation, or 'off' (default: $HEPCHAIN_DICTIONARY, else cc-cedict/cedict_ts.u8 beside the model folder).")
    public var dictionary: String?

    /// User glossaries.
    @Option(help: "Glossary file (Chinese<TAB>English<TAB>kind lines) over the built-in HEP glossary; repeat for several.")
    public var glossary: [String] = []

    /// Creates empty options (ArgumentParser fills them).
    public init() {}

    /// The resolved configuration with these flags applied.
    public func configuration(_ more: (inout ServerConfiguration) -> Void = { _ in }) throws -> ServerConfiguration {
        try ServerConfiguration.resolve(dataFolder: data, configFile: config, modelFolder: model) { configuration in
            if let store { configuration.store = store }
            if let storeReadReplicas {
                configuration.storeReadReplicas = storeReadReplicas.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            }
            if let dictionary { configuration.dictionaryFile = dictionary }
            if !glossary.isEmpty { configuration.glossaryFiles = glossary }
            more(&configuration)
        }
    }
}

/// Flags of `rag-server` and `hepchain serve`.
public struct ServerOptions: ParsableArguments {
    /// Data folder, configuration file, model.
    @OptionGroup public var common: DataOptions

    @Option(help: "Address to listen on (default 127.0.0.1).") public var host: String?
    // `.unconditional`: `--port -1` is a (bad) port, not a missing value followed by a flag.
    @Option(parsing: .unconditional, help: "Port to listen on, 1 to 65535 (default 8080; 0 picks a free one).") public var port: Int?
    @Option(name: .customLong("api-key"), help: "Accepted bearer token; repeat for several. Every route but /healthz, /metrics and the web page then needs one.")
    public var apiKeys: [String] = []
    @Flag(help: "With --api-key: let callers without a key read (search, ask, chat, embeddings, lists); writes still need one.")
    public var publicReads = false
    @Flag(help: .hidden) public var requireKeyForReads = false  // The default since keys guard reads; kept so old command lines run.
    @Option(name: .customLong("cors-origin"), help: "Origin a browser page may call the API from, e.g. https://portal.example.org, or '*'; repeat for several (default: none).")
    public var corsOrigins: [String] = []
    @Option(help: "Largest upload in bytes (default 64 MiB).") public var maxBodyBytes: Int?
    @Option(help: "Seconds a request may take, body included, before it gets 408 (slow body) or 503 (slow work); 0 = off (default 60).")
    public var requestTimeout: Double?
    @Option(help: "Seconds an upload to POST /v1/documents may take, receiving and indexing; 0 = off (default 300).")
    public var uploadTimeout: Double?
    @Option(help: "Requests per second per client (API key, else address) before 429 with Retry-After; 0 = off (default 0).")
    public var rateLimit: Double?
    @Option(help: "Requests a client may burst above --rate-limit (default 20).") public var rateLimitBurst: Int?
    @Flag(help: "Let the fetcher load loopback, private and link-local addresses.") public var allowPrivateAddresses = false
    @Option(help: "OpenAI-compatible server for generation, e.g. http://127.0.0.1:8000/v1 (default: offline extractive answers).")
    public var llmBaseURL: String?
    @Option(help: "Model name to request from the LLM server.") public var llmModel: String?
    @Option(help: "JSON file with user-defined chains.") public var chains: String?
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") public var logLevel: String?

    /// Creates empty options (ArgumentParser fills them).
    public init() {}

    /// The resolved configuration with every flag applied.
    public func configuration() throws -> ServerConfiguration {
        try common.configuration { configuration in
            if let host { configuration.host = host }
            if let port { configuration.port = port }
            if !apiKeys.isEmpty { configuration.apiKeys = apiKeys }
            if publicReads { configuration.publicReads = true }
            if requireKeyForReads { configuration.publicReads = false }
            if !corsOrigins.isEmpty { configuration.corsOrigins = corsOrigins }
            if let maxBodyBytes { configuration.maxBodyBytes = maxBodyBytes }
            if let requestTimeout { configuration.requestTimeoutSeconds = requestTimeout }
            if let uploadTimeout { configuration.uploadTimeoutSeconds = uploadTimeout }
            if let rateLimit { configuration.rateLimitPerSecond = rateLimit }
            if let rateLimitBurst { configuration.rateLimitBurst = rateLimitBurst }
            if allowPrivateAddresses { configuration.allowPrivateAddresses = true }
            if let llmBaseURL { configuration.llmBaseURL = llmBaseURL }
            if let llmModel { configuration.llmModel = llmModel }
            if let chains { configuration.chainsFile = chains }
            if let logLevel { configuration.logLevel = logLevel }
        }
    }
}
