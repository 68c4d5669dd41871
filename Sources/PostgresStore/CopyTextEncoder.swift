import PostgresNIO
import RAGCore

/// Rows in PostgreSQL's `COPY … FROM STDIN (FORMAT text)` form: tab-separated columns, one line per row,
/// backslash escapes for backslash, tab, newline and carriage return, `\N` for NULL. Vectors are pgvector's
/// text form `[x,y,…]` with each float written in its shortest exact form (Swift's `description`), so the
/// server parses back the same 32-bit values.
struct CopyTextEncoder {
    private(set) var buffer: ByteBuffer
    private var atLineStart = true

    init(capacity: Int = 1 << 16) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    /// Starts a new column (writes the separator unless it is the row's first).
    private mutating func separate() {
        if atLineStart { atLineStart = false } else { buffer.writeInteger(UInt8(ascii: "\t")) }
    }

    /// A text column; returns false when the text holds a NUL, which PostgreSQL text cannot store.
    mutating func text(_ value: String) -> Bool {
        separate()
        var ok = true
        var plain = true
        for byte in value.utf8 where byte == 0x5C || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0 {
            plain = false
            if byte == 0 { ok = false }
        }
        if plain {
            buffer.writeString(value)
            return true
        }
        for byte in value.utf8 {
            switch byte {
            case 0x5C: buffer.writeStaticString("\\\\")
            case 0x09: buffer.writeStaticString("\\t")
            case 0x0A: buffer.writeStaticString("\\n")
            case 0x0D: buffer.writeStaticString("\\r")
            case 0: continue
            default: buffer.writeInteger(byte)
            }
        }
        return ok
    }

    /// A text column that may be NULL (`\N`); returns false when the text holds a NUL.
    mutating func optionalText(_ value: String?) -> Bool {
        guard let value else {
            separate()
            buffer.writeStaticString("\\N")
            return true
        }
        return text(value)
    }

    /// A `TEXT[]` column: the array literal `{"a","b"}` (each element quoted, `"` and `\` escaped), itself
    /// escaped as COPY text.
    mutating func textArray(_ values: [String]) -> Bool {
        let elements = values.map { value in
            "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return text("{" + elements.joined(separator: ",") + "}")
    }

    /// An integer column.
    mutating func integer<Value: BinaryInteger>(_ value: Value) {
        separate()
        buffer.writeString(String(value))
    }

    /// An integer column that may be NULL.
    mutating func optionalInteger<Value: BinaryInteger>(_ value: Value?) {
        guard let value else {
            separate()
            buffer.writeStaticString("\\N")
            return
        }
        integer(value)
    }

    /// A pgvector column.
    mutating func vector(_ value: Vector) {
        separate()
        buffer.writeInteger(UInt8(ascii: "["))
        for (index, element) in value.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
            buffer.writeString(element.description)
        }
        buffer.writeInteger(UInt8(ascii: "]"))
    }

    /// Ends the row.
    mutating func endRow() {
        buffer.writeInteger(UInt8(ascii: "\n"))
        atLineStart = true
    }

    /// Hands the bytes written so far to the caller and starts an empty buffer.
    mutating func take() -> ByteBuffer {
        let full = buffer
        buffer = ByteBufferAllocator().buffer(capacity: max(1 << 16, full.readableBytes))
        return full
    }
}
