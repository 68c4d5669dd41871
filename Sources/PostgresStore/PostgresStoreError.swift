import PostgresNIO
public import RAGCore
import Store

/// Failures of the PostgreSQL store that the SQLite store cannot have (the shared ones, such as an unknown
/// collection, are `StoreError`s in both).
public enum PostgresStoreError: UserFacingError {
    /// The store URL cannot be used.
    case invalidURL(url: String, reason: String)
    /// The server refused or failed a statement: SQLSTATE, the server's message, and what we were doing.
    case server(sqlState: String, message: String, action: String)
    /// The server could not be reached or the connection broke.
    case connection(url: String, detail: String, action: String)
    /// The database was migrated by a newer program.
    case unknownMigrations(url: String, names: [String])
    /// A read-only open found no HepChain schema (read commands never create one).
    case noSchema(url: String, schema: String)
    /// A read-only open found a schema that lacks migrations this build needs (read commands never migrate).
    case schemaOutdated(url: String, missing: [String])
    /// The `vector` extension is missing and this role may not create it.
    case missingVectorExtension(url: String, detail: String)
    /// Text PostgreSQL cannot store (a NUL character).
    case unstorableText(document: String, detail: String)

    /// Classification for status and exit codes.
    public var kind: ErrorKind {
        switch self {
        case .invalidURL: .invalidInput
        case .connection, .missingVectorExtension: .unavailable
        case .server(let sqlState, _, _):
            // Class 08 (connection), 53 (resources), 57 (operator intervention, e.g. shutdown), 40001/40P01 (retry).
            ["08", "53", "57"].contains(String(sqlState.prefix(2))) || sqlState == "40001" || sqlState == "40P01"
                ? .unavailable : .internal
        case .unknownMigrations: .internal
        case .noSchema: .notFound
        case .schemaOutdated: .conflict
        case .unstorableText: .invalidInput
        }
    }

    /// One sentence: what failed, on what, and what to do.
    public var description: String {
        switch self {
        case .invalidURL(let url, let reason):
            "The store URL '\(url)' is invalid: \(reason)."
        case .server(let sqlState, let message, let action):
            "PostgreSQL error \(sqlState): \(message) - while \(action)"
        case .connection(let url, let detail, let action):
            "Cannot reach PostgreSQL at \(url) (\(detail)) while \(action). Check that the server runs and accepts this user."
        case .unknownMigrations(let url, let names):
            "The database \(url) has migrations this program does not know (\(names.joined(separator: ", "))). Use the newer HepChain that created it."
        case .noSchema(let url, let schema):
            "No HepChain schema '\(schema)' at \(url); run `hepchain migrate --to` or index something into it first (read commands never create it)."
        case .schemaOutdated(let url, let missing):
            "The HepChain schema at \(url) lacks migrations this build needs (\(missing.joined(separator: ", "))); run `hepchain index` or `hepchain migrate` once to upgrade it."
        case .missingVectorExtension(let url, let detail):
            "The database \(url) has no pgvector extension and it cannot be created (\(detail)). Run `CREATE EXTENSION vector` as a superuser."
        case .unstorableText(let document, let detail):
            "Cannot store '\(document)' in PostgreSQL: \(detail)."
        }
    }

    /// Wraps an error from PostgresNIO, keeping the server's SQLSTATE and message (never statement arguments).
    static func wrap(_ error: any Error, action: String, url: String) -> any Error {
        if error is PostgresStoreError || error is StoreError || error is CancellationError { return error }
        if let error = error as? PSQLError {
            if let info = error.serverInfo, let state = info[.sqlState] {
                return PostgresStoreError.server(sqlState: state, message: info[.message] ?? "", action: action)
            }
            var detail = "\(error.code)"
            if let underlying = error.underlying { detail += ": \(underlying)" }
            return PostgresStoreError.connection(url: url, detail: detail, action: action)
        }
        if let error = error as? PostgresDecodingError {
            return StoreError.corruptRow(table: "?", detail: "\(error.code) decoding column '\(error.columnName)' while \(action)")
        }
        return error
    }
}
