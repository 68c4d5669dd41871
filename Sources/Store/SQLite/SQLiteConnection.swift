import CSQLite
import Foundation

/// One SQLite database handle with a statement cache; closed when released.
///
/// A connection is used by one task at a time: `SQLiteDocumentStore` keeps its writer under a mutex and
/// checks readers out of a pool.
package final class SQLiteConnection: @unchecked Sendable {
    // Sendable: the handle is opened in multi-thread mode (SQLITE_OPEN_NOMUTEX), which allows use from any
    // thread but by one at a time; every owner (writer mutex, reader pool check-out) guarantees exclusivity.
    private let handle: OpaquePointer
    private var cache: [String: SQLiteStatement] = [:]
    /// Path of the database file.
    package let path: String

    /// Opens (creating if needed) the database at `path` with the pragmas every HepChain connection uses.
    /// With `readOnly`, the file is opened `immutable=1`: no lock, no `-wal` or `-shm` file is created, so a
    /// copy on a read-only disk can be served; the caller promises that nothing else changes it meanwhile.
    package init(path: String, busyTimeoutMilliseconds: Int32 = 10_000, readOnly: Bool = false) throws {
        var database: OpaquePointer?
        let flags = readOnly
            ? SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let target = readOnly ? "file:\(path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path)?immutable=1" : path
        let code = sqlite3_open_v2(target, &database, flags, nil)
        guard code == SQLITE_OK, let database else {
            let message = database.map { Self.errorMessage($0) } ?? "out of memory"
            sqlite3_close_v2(database)
            throw StoreError.cannotOpen(path: path, code: code, message: message)
        }
        self.handle = database
        self.path = path
        // Set before anything else touches the file, so a busy database is waited for instead of failing.
        let timeoutCode = sqlite3_busy_timeout(database, busyTimeoutMilliseconds)
        guard timeoutCode == SQLITE_OK else {
            throw StoreError.cannotOpen(path: path, code: timeoutCode, message: String(cString: sqlite3_errmsg(database)))
        }
        try execute("PRAGMA foreign_keys = ON")
        try execute("PRAGMA synchronous = NORMAL")
        // Page cache of 32 MiB and reads through a memory map (no pread copy per page).
        try execute("PRAGMA cache_size = -32768")
        try execute("PRAGMA mmap_size = 268435456")
    }

    deinit {
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// SQLite's message for the last error on `database`; for an I/O error, with the extended code and the
    /// operating system's errno, which tell a full disk from a file closed behind SQLite's back.
    static func errorMessage(_ database: OpaquePointer) -> String {
        let message = String(cString: sqlite3_errmsg(database))
        let extended = sqlite3_extended_errcode(database)
        guard extended & 0xFF == SQLITE_IOERR || extended & 0xFF == SQLITE_CANTOPEN else { return message }
        return "\(message) (extended code \(extended), errno \(sqlite3_system_errno(database)))"
    }

    /// Runs one or more SQL statements without parameters.
    package func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? Self.errorMessage(handle)
            sqlite3_free(message)
            throw StoreError.sqlite(code: code, message: text, sql: sql)
        }
    }

    /// A prepared statement for `sql`, reused across calls with the same text.
    package func statement(_ sql: String) throws -> SQLiteStatement {
        if let cached = cache[sql] { return cached }
        // Filters with variable-length IN lists make new SQL texts; a bound keeps the cache from growing forever.
        if cache.count >= 256 { cache.removeAll() }
        let statement = try SQLiteStatement(database: handle, sql: sql)
        cache[sql] = statement
        return statement
    }

    /// Runs a statement that returns no rows.
    package func run(_ sql: String, _ values: [SQLiteValue] = []) throws {
        let statement = try statement(sql)
        try statement.bind(values)
        defer { statement.reset() }
        while try statement.step() {}
    }

    /// Runs a query and maps each row.
    package func query<Row>(_ sql: String, _ values: [SQLiteValue] = [], row: (SQLiteStatement) throws -> Row) throws -> [Row] {
        let statement = try statement(sql)
        try statement.bind(values)
        defer { statement.reset() }
        var rows: [Row] = []
        while try statement.step() { rows.append(try row(statement)) }
        return rows
    }

    /// The first row of a query, mapped, or nil.
    package func queryFirst<Row>(_ sql: String, _ values: [SQLiteValue] = [], row: (SQLiteStatement) throws -> Row) throws -> Row? {
        let statement = try statement(sql)
        try statement.bind(values)
        defer { statement.reset() }
        return try statement.step() ? row(statement) : nil
    }

    /// The rowid of the last insert on this connection.
    package var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Starts a transaction, retrying SQLITE_PROTOCOL: in WAL mode SQLite returns it when it loses a race for
    /// the shared-memory index many times in a row, which happens under heavy load and is transient.
    private func begin(_ sql: String) throws {
        var attempt = 0
        while true {
            let code = sqlite3_exec(handle, sql, nil, nil, nil)
            if code == SQLITE_OK { return }
            attempt += 1
            guard code == SQLITE_PROTOCOL, attempt < 50 else {
                throw StoreError.sqlite(code: code, message: Self.errorMessage(handle), sql: sql)
            }
            usleep(useconds_t(2_000 * min(attempt, 10)))
        }
    }

    /// Runs `body` in a transaction, committing on return and rolling back on a thrown error.
    ///
    /// Write transactions start with `BEGIN IMMEDIATE`, which takes the write lock up front: a deferred
    /// transaction that later upgrades to writing can fail with SQLITE_BUSY without waiting (the busy
    /// handler is not used for upgrades), so several writing processes would error instead of queueing.
    package func transaction<Result>(immediate: Bool, _ body: () throws -> Result) throws -> Result {
        try begin(immediate ? "BEGIN IMMEDIATE" : "BEGIN")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            // The original error is what the caller needs; a failed rollback (e.g. after SQLite already
            // rolled back on its own) adds nothing.
            if sqlite3_get_autocommit(handle) == 0 {
                _ = sqlite3_exec(handle, "ROLLBACK", nil, nil, nil)
            }
            throw error
        }
    }
}
