public import Foundation
import LinearAlgebra

/// Readers and writers for the ANN-benchmarks `.fvecs` / `.ivecs` layout: per row, an `Int32` dimension followed
/// by that many little-endian `Float32` (`.fvecs`) or `Int32` (`.ivecs`) values.
public enum VectorFile {
    /// All rows of an `.fvecs` file.
    public static func readFloatVectors(_ url: URL) throws -> [[Float]] {
        try readRows(url, as: Float.self)
    }

    /// All rows of an `.ivecs` file.
    public static func readIntVectors(_ url: URL) throws -> [[Int32]] {
        try readRows(url, as: Int32.self)
    }

    /// Writes rows as an `.fvecs` file.
    public static func writeFloatVectors(_ rows: [[Float]], to url: URL) throws {
        try writeRows(rows, to: url)
    }

    /// Writes rows as an `.ivecs` file.
    public static func writeIntVectors(_ rows: [[Int32]], to url: URL) throws {
        try writeRows(rows, to: url)
    }

    private static func readRows<T: BitwiseCopyable>(_ url: URL, as type: T.Type) throws -> [[T]] {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw IndexError.fileUnreadable(path: url.path, reason: (error as NSError).localizedDescription)
        }
        let bytes = data.startIndex == 0 ? data : Data(data)
        var rows: [[T]] = []
        var offset = 0
        while offset < bytes.count {
            guard offset + 4 <= bytes.count else {
                throw IndexError.malformedVectorFile(path: url.path, reason: "truncated row header at byte \(offset)")
            }
            let dimension = Int(Int32(littleEndian: loadRawValue(Int32.self, from: bytes, at: offset)))
            guard dimension > 0, offset + 4 + dimension * 4 <= bytes.count else {
                throw IndexError.malformedVectorFile(path: url.path, reason: "row \(rows.count) declares \(dimension) values past the end of the file")
            }
            if let first = rows.first, first.count != dimension {
                throw IndexError.malformedVectorFile(path: url.path, reason: "row \(rows.count) has \(dimension) values, row 0 has \(first.count)")
            }
            rows.append(loadRawValues(T.self, from: bytes, at: offset + 4, count: dimension))
            offset += 4 + dimension * 4
        }
        return rows
    }

    private static func writeRows<T: BitwiseCopyable>(_ rows: [[T]], to url: URL) throws {
        var data = Data()
        for row in rows {
            appendRawBytes(of: Int32(row.count).littleEndian, to: &data)
            appendRawBytes(of: row, to: &data)
        }
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw IndexError.fileUnwritable(path: url.path, reason: (error as NSError).localizedDescription)
        }
    }
}
