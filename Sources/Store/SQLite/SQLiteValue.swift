/// A value bound to a statement parameter.
package enum SQLiteValue: Sendable, Hashable {
    /// 64-bit integer.
    case integer(Int64)
    /// Double.
    case real(Double)
    /// UTF-8 text.
    case text(String)
    /// Little-endian float32 array stored as a blob.
    case floats([Float])
    /// NULL.
    case null

    /// `.integer` from an `Int`.
    package static func int(_ value: Int) -> SQLiteValue { .integer(Int64(value)) }
    /// `.text`, or `.null` for nil.
    package static func optionalText(_ value: String?) -> SQLiteValue { value.map { .text($0) } ?? .null }
    /// `.integer`, or `.null` for nil.
    package static func optionalInt(_ value: Int?) -> SQLiteValue { value.map { .integer(Int64($0)) } ?? .null }
}
