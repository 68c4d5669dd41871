import Foundation

/// Where a `PostgresDocumentStore` connects and how it indexes vectors, read from a `postgres://` URL.
///
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?schema=S&sslmode=disable|prefer|require&ef_search=N&vector_index=vector|halfvec&max_connections=N&min_connections=N&random_page_cost=X&change_log_retention=N]`
///
/// Usage example:
/// ```swift
/// let configuration = try PostgresStoreConfiguration(url: "postgres://hepchain@db.example.org/hepchain?ef_search=80")
/// let store = try await PostgresDocumentStore.connect(configuration)
/// ```
public struct PostgresStoreConfiguration: Sendable, Hashable {
    /// How pgvector's HNSW index holds each collection's vectors.
    public enum VectorIndexType: String, Sendable, Hashable, CaseIterable {
        /// 32-bit floats (`vector(N)`, `vector_cosine_ops`).
        case vector
        /// 16-bit floats (`halfvec(N)`, `halfvec_cosine_ops`): half the index memory; the table keeps 32-bit vectors.
        case halfvec
    }

    /// TLS towards the server.
    public enum TLSMode: String, Sendable, Hashable {
        /// Plain TCP.
        case disable
        /// TLS when the server offers it.
        case prefer
        /// TLS or no connection.
        case require
    }

    /// Host name or address.
    public var host: String
    /// TCP port.
    public var port: Int
    /// Role to log in as.
    public var user: String
    /// Password, if the server asks for one.
    public var password: String?
    /// Database name.
    public var database: String
    /// PostgreSQL schema holding HepChain's tables (created on first connect); several stores can share a
    /// database under different schemas.
    public var schema: String
    /// TLS mode (`sslmode`).
    public var tls: TLSMode
    /// `hnsw.ef_search` for dense queries: candidates kept while walking the graph (more is slower and more exact).
    public var efSearch: Int
    /// Vector type of new collections' HNSW indexes.
    public var vectorIndex: VectorIndexType
    /// HNSW graph degree (`m`) of new collections' indexes.
    public var hnswM: Int
    /// HNSW build-time candidate list (`ef_construction`) of new collections' indexes.
    public var hnswEfConstruction: Int
    /// Most connections this process opens.
    public var maxConnections: Int
    /// Connections kept open (and warmed when the store connects) even when idle: a server expecting N concurrent
    /// searches sets N, so a burst does not wait for new connections (a new one costs ~30 ms: fork, login, and the
    /// backend's first statements loading pgvector and the catalog). 0 (the default): opened on demand.
    public var minConnections: Int
    /// The planner's `random_page_cost` for this store's sessions (a startup parameter). PostgreSQL's default, 4,
    /// prices HNSW's page visits as disk reads, and on a collection of a few thousand chunks the planner then
    /// scans and sorts every vector (each one read from TOAST) instead of walking the index: ~10× slower. 1.1
    /// is the usual value for data in memory or on SSD.
    public var randomPageCost: Double
    /// Change-log entries kept behind the latest (`change_log_retention`): writers prune older ones, and a
    /// process whose BM25 index is further behind rebuilds it from the chunks instead of catching up.
    public var changeLogRetention: Int

    /// The default change-log retention: one million changes (~50 MB of log rows).
    public static let defaultChangeLogRetention = 1_000_000

    /// The default `ef_search`, chosen by measurement (docs/postgres.md): recall@10 ≥ 0.95 against exact search.
    public static let defaultEfSearch = 64

    /// The default `random_page_cost` of the store's sessions (docs/postgres.md, "Search").
    public static let defaultRandomPageCost = 1.1

    /// Parses a `postgres://` (or `postgresql://`) URL; the error names the URL (without its password) and the problem.
    public init(url text: String) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "postgres" || scheme == "postgresql"
        else {
            throw PostgresStoreError.invalidURL(url: Self.redacted(text), reason: "it must start with postgres://")
        }
        guard let host = components.host, !host.isEmpty else {
            throw PostgresStoreError.invalidURL(url: Self.redacted(text), reason: "it names no host")
        }
        guard let user = components.user, !user.isEmpty else {
            throw PostgresStoreError.invalidURL(url: Self.redacted(text), reason: "it names no user (postgres://USER@HOST/DATABASE)")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw PostgresStoreError.invalidURL(url: Self.redacted(text), reason: "it names no database (postgres://USER@HOST/DATABASE)")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database.removingPercentEncoding ?? database
        self.schema = "hepchain"
        self.tls = .prefer
        self.efSearch = Self.defaultEfSearch
        self.vectorIndex = .vector
        self.hnswM = 16
        self.hnswEfConstruction = 64
        self.maxConnections = 16
        self.minConnections = 0
        self.randomPageCost = Self.defaultRandomPageCost
        self.changeLogRetention = Self.defaultChangeLogRetention
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            func integer(_ range: ClosedRange<Int>) throws -> Int {
                guard let number = Int(value), range.contains(number) else {
                    throw PostgresStoreError.invalidURL(
                        url: Self.redacted(text), reason: "\(item.name)=\(value) is not a whole number in \(range.lowerBound)...\(range.upperBound)")
                }
                return number
            }
            switch item.name {
            case "schema":
                guard Self.isPlainIdentifier(value) else {
                    throw PostgresStoreError.invalidURL(
                        url: Self.redacted(text), reason: "schema=\(value) must be 1 to 63 lower-case letters, digits or '_', starting with a letter")
                }
                schema = value
            case "sslmode":
                guard let mode = TLSMode(rawValue: value) else {
                    throw PostgresStoreError.invalidURL(url: Self.redacted(text), reason: "sslmode=\(value) is not one of disable, prefer, require")
                }
                tls = mode
            case "ef_search": efSearch = try integer(1...1000)
            case "vector_index":
                guard let type = VectorIndexType(rawValue: value) else {
                    throw PostgresStoreError.invalidURL(url: Self.redacted(text), reason: "vector_index=\(value) is not one of vector, halfvec")
                }
                vectorIndex = type
            case "hnsw_m": hnswM = try integer(2...100)
            case "hnsw_ef_construction": hnswEfConstruction = try integer(4...1000)
            case "max_connections": maxConnections = try integer(1...1000)
            case "min_connections": minConnections = try integer(0...1000)
            case "random_page_cost":
                guard let cost = Double(value), cost.isFinite, cost > 0, cost <= 1000 else {
                    throw PostgresStoreError.invalidURL(url: Self.redacted(text), reason: "random_page_cost=\(value) is not a number in (0, 1000]")
                }
                randomPageCost = cost
            case "change_log_retention": changeLogRetention = try integer(1...1_000_000_000)
            default:
                throw PostgresStoreError.invalidURL(
                    url: Self.redacted(text),
                    reason: "unknown option '\(item.name)' (known: schema, sslmode, ef_search, vector_index, hnsw_m, hnsw_ef_construction, max_connections, min_connections, random_page_cost, change_log_retention)")
            }
        }
        guard minConnections <= maxConnections else {
            throw PostgresStoreError.invalidURL(
                url: Self.redacted(text), reason: "min_connections=\(minConnections) is more than max_connections=\(maxConnections)")
        }
    }

    /// The URL with its password replaced by `***`, for messages and logs.
    public var displayURL: String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = user
        if password != nil { components.password = "***" }
        components.host = host
        components.port = port
        components.path = "/" + database
        if schema != "hepchain" { components.queryItems = [URLQueryItem(name: "schema", value: schema)] }
        return components.string ?? "postgres://\(user)@\(host):\(port)/\(database)"
    }

    /// True for `text` that starts with `postgres://` or `postgresql://`: a store URL rather than a folder.
    public static func isPostgresURL(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }

    /// Lower-case letters, digits and `_`, starting with a letter, at most 63 bytes: safe to splice into SQL.
    static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, (1...63).contains(name.utf8.count), first >= 0x61, first <= 0x7A else { return false }
        return name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
    }

    private static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? text
    }
}
