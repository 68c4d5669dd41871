public import Foundation

/// Readers and writers for the ANN-benchmarks `.fvecs` / `.ivecs` layout: per row, an `Int32` dimension followed
/// by that many little-endian `Float32` (`.fvecs`) or `Int32` (`.ivecs`) values. The recall tests read the real
/// MiniLM set with it; the bench package reads and writes its data sets with it.
public enum VectorFile {
    /// A vector file that cannot be read or written, naming the file and the problem.
    public struct Failure: Error, CustomStringConvertible {
        /// The file.
        public var path: String
        /// What is wrong with it.
        public var reason: String
        /// A failure of the file at `path`, because of `reason`.
        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
        /// "Cannot use the vector file '…': …".
        public var description: String { "Cannot use the vector file '\(path)': \(reason)" }
    }

    /// All rows of an `.fvecs` file.
    public static func readFloatVectors(_ url: URL) throws -> [[Float]] {
        try readRows(url).map { $0.map { Float(bitPattern: $0) } }
    }

    /// All rows of an `.ivecs` file.
    public static func readIntVectors(_ url: URL) throws -> [[Int32]] {
        try readRows(url).map { $0.map { Int32(bitPattern: $0) } }
    }

    /// Writes rows as an `.fvecs` file.
    public static func writeFloatVectors(_ rows: [[Float]], to url: URL) throws {
        try writeRows(rows.map { $0.map(\.bitPattern) }, to: url)
    }

    /// Writes rows as an `.ivecs` file.
    public static func writeIntVectors(_ rows: [[Int32]], to url: URL) throws {
        try writeRows(rows.map { $0.map { UInt32(bitPattern: $0) } }, to: url)
    }

    /// The rows as raw 32-bit words, each row after its `Int32` length.
    private static func readRows(_ url: URL) throws -> [[UInt32]] {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw Failure(path: url.path, reason: "it cannot be read (\((error as NSError).localizedDescription))")
        }
        return try data.withUnsafeBytes { bytes -> [[UInt32]] in
            func word(at offset: Int) -> UInt32 { UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
            var rows: [[UInt32]] = []
            var offset = 0
            while offset < bytes.count {
                guard offset + 4 <= bytes.count else {
                    throw Failure(path: url.path, reason: "truncated row header at byte \(offset); the ANN-benchmarks layout is an Int32 count, then the values, per row")
                }
                let dimension = Int(Int32(bitPattern: word(at: offset)))
                guard dimension > 0, offset + 4 + dimension * 4 <= bytes.count else {
                    throw Failure(path: url.path, reason: "row \(rows.count) declares \(dimension) values past the end of the file")
                }
                if let first = rows.first, first.count != dimension {
                    throw Failure(path: url.path, reason: "row \(rows.count) has \(dimension) values, row 0 has \(first.count)")
                }
                rows.append((0..<dimension).map { word(at: offset + 4 + 4 * $0) })
                offset += 4 + dimension * 4
            }
            return rows
        }
    }

    private static func writeRows(_ rows: [[UInt32]], to url: URL) throws {
        var words: [UInt32] = []
        words.reserveCapacity(rows.reduce(0) { $0 + 1 + $1.count })
        for row in rows {
            words.append(UInt32(row.count).littleEndian)
            words.append(contentsOf: row.map(\.littleEndian))
        }
        do {
            try words.withUnsafeBytes { try Data($0).write(to: url, options: .atomic) }
        } catch {
            throw Failure(path: url.path, reason: "it cannot be written (\((error as NSError).localizedDescription))")
        }
    }
}
