import CSQLite

/// A prepared statement; finalized when released.
package final class SQLiteStatement {
    private let handle: OpaquePointer
    private let database: OpaquePointer
    /// The SQL text, for error messages.
    package let sql: String

    init(database: OpaquePointer, sql: String) throws {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(database, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw StoreError.sqlite(code: code, message: SQLiteConnection.errorMessage(database), sql: sql)
        }
        self.handle = statement
        self.database = database
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// Resets the statement and binds `values` to parameters 1, 2, …
    package func bind(_ values: [SQLiteValue]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .integer(let number): code = sqlite3_bind_int64(handle, index, number)
            case .real(let number): code = sqlite3_bind_double(handle, index, number)
            case .text(let text): code = sqlite3_bind_text(handle, index, text, -1, hepchain_sqlite_transient())
            case .floats(let floats):
                code = floats.withUnsafeBytes { bytes in
                    sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), hepchain_sqlite_transient())
                }
            case .null: code = sqlite3_bind_null(handle, index)
            }
            guard code == SQLITE_OK else { throw error(code) }
        }
    }

    /// Advances to the next row; false when done.
    package func step() throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        guard code == SQLITE_DONE else {
            sqlite3_reset(handle)
            throw error(code)
        }
        return false
    }

    /// Resets the statement so its locks are released; bindings stay.
    package func reset() { sqlite3_reset(handle) }

    // MARK: - Columns (0-based)

    /// True when the column is NULL.
    package func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    /// Integer column.
    package func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    /// Integer column as `Int`.
    package func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }
    /// Integer column, nil when NULL.
    package func optionalInt(_ column: Int32) -> Int? { isNull(column) ? nil : int(column) }
    /// Real column.
    package func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }
    /// Text column ("" when NULL).
    package func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        return String(cString: pointer)
    }
    /// Text column, nil when NULL.
    package func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }
    /// Blob column read as little-endian float32s.
    package func floats(_ column: Int32) -> [Float] {
        let byteCount = Int(sqlite3_column_bytes(handle, column))
        guard byteCount > 0, let source = sqlite3_column_blob(handle, column) else { return [] }
        let count = byteCount / MemoryLayout<Float>.size
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(
                from: UnsafeRawBufferPointer(start: source, count: count * MemoryLayout<Float>.size))
            initialized = count
        }
    }

    private func error(_ code: Int32) -> StoreError {
        .sqlite(code: code, message: SQLiteConnection.errorMessage(database), sql: sql)
    }
}
