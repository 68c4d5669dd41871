public import RAGCore

/// Failures of the document store.
public enum StoreError: UserFacingError, Equatable {
    /// SQLite returned an error code while executing `sql` (nil when no statement was involved).
    case sqlite(code: Int32, message: String, sql: String?)
    /// The database file could not be opened.
    case cannotOpen(path: String, code: Int32, message: String)
    /// The database was migrated by a newer program that knows migrations this one does not.
    case unknownMigrations(path: String, names: [String])
    /// A collection name is already used.
    case collectionExists(name: String)
    /// No collection has this name.
    case collectionNotFound(name: String)
    /// A collection name contains characters other than letters, digits, `-`, `_` and `.`.
    case invalidCollectionName(name: String)
    /// Vectors of another model or dimension were offered to a collection.
    case modelMismatch(collection: String, expectedModel: String, expectedDimension: Int, model: String, dimension: Int)
    /// A document write had a different number of chunks and vectors.
    case chunkVectorCountMismatch(document: String, chunks: Int, vectors: Int)
    /// A stored row could not be decoded.
    case corruptRow(table: String, detail: String)

    /// Classification for status and exit codes.
    public var kind: ErrorKind {
        switch self {
        case .collectionExists, .modelMismatch: .conflict
        case .collectionNotFound: .notFound
        case .invalidCollectionName, .chunkVectorCountMismatch: .invalidInput
        case .cannotOpen: .unavailable
        case .sqlite(let code, _, _):
            // SQLITE_BUSY (5) and SQLITE_LOCKED (6): another process holds the write lock for too long.
            code == 5 || code == 6 ? .unavailable : .internal
        case .unknownMigrations, .corruptRow: .internal
        }
    }

    /// One sentence: what failed, on what, and what to do.
    public var description: String {
        switch self {
        case .sqlite(let code, let message, let sql):
            if let sql { "SQLite error \(code): \(message) - while executing `\(sql)`" } else { "SQLite error \(code): \(message)" }
        case .cannotOpen(let path, let code, let message):
            "Cannot open the database '\(path)': SQLite error \(code): \(message). Check that the data folder exists and is writable."
        case .unknownMigrations(let path, let names):
            "The database '\(path)' has migrations this program does not know (\(names.joined(separator: ", "))). Use the newer HepChain that created it."
        case .collectionExists(let name):
            "The collection '\(name)' already exists. Choose another name or delete it first."
        case .collectionNotFound(let name):
            "There is no collection named '\(name)'. Create it first or list the existing collections."
        case .invalidCollectionName(let name):
            "The collection name '\(name)' is invalid. Use 1 to 64 letters, digits, '-', '_' or '.'."
        case .modelMismatch(let collection, let expectedModel, let expectedDimension, let model, let dimension):
            "The collection '\(collection)' holds \(expectedDimension)-dimensional vectors of '\(expectedModel)', not \(dimension)-dimensional vectors of '\(model)'. Use the same model or another collection."
        case .chunkVectorCountMismatch(let document, let chunks, let vectors):
            "Cannot store '\(document)': it has \(chunks) chunks but \(vectors) vectors. Embed every chunk exactly once."
        case .corruptRow(let table, let detail):
            "A row of table '\(table)' cannot be read (\(detail)). Restore the database from a backup or re-ingest the documents."
        }
    }
}
