// Bulk copies between typed arrays and bytes, for index files: one memcpy per array instead of a loop
// per element. Files are little-endian; every platform Swift supports here (x86-64, arm64) is too.
package import Foundation

/// Appends the in-memory bytes of `values` to `data`.
package func appendRawBytes<T: BitwiseCopyable>(of values: [T], to data: inout Data) {
    values.withUnsafeBytes { data.append(contentsOf: $0) }
}

/// Appends the in-memory bytes of one value to `data`.
package func appendRawBytes<T: BitwiseCopyable>(of value: T, to data: inout Data) {
    withUnsafeBytes(of: value) { data.append(contentsOf: $0) }
}

/// `count` values of `T` read from `data` at byte `offset` (relative to `data.startIndex`), unaligned.
package func loadRawValues<T: BitwiseCopyable>(_ type: T.Type, from data: Data, at offset: Int, count: Int) -> [T] {
    let byteCount = count * MemoryLayout<T>.stride
    precondition(offset >= 0 && count >= 0 && offset + byteCount <= data.count, "loadRawValues: range out of bounds")
    guard count > 0 else { return [] }
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        data.withUnsafeBytes { source in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(
                from: UnsafeRawBufferPointer(rebasing: source[offset ..< offset + byteCount]))
        }
        initialized = count
    }
}

/// One value of `T` read from `data` at byte `offset` (relative to `data.startIndex`), unaligned.
package func loadRawValue<T: BitwiseCopyable>(_ type: T.Type, from data: Data, at offset: Int) -> T {
    precondition(offset >= 0 && offset + MemoryLayout<T>.size <= data.count, "loadRawValue: range out of bounds")
    return data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
}

/// A 64-bit FNV-1a-style checksum of `data[range]` (byte offsets relative to `data.startIndex`), folded a word
/// at a time; detects truncation and bit flips in index files, not adversarial changes.
package func checksum64(of data: Data, in range: Range<Int>) -> UInt64 {
    precondition(range.lowerBound >= 0 && range.upperBound <= data.count, "checksum64: range out of bounds")
    let prime: UInt64 = 0x0000_0100_0000_01B3
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    data.withUnsafeBytes { bytes in
        var offset = range.lowerBound
        while offset + 8 <= range.upperBound {
            hash = (hash ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* prime
            hash ^= hash >> 29
            offset += 8
        }
        while offset < range.upperBound {
            hash = (hash ^ UInt64(bytes[offset])) &* prime
            offset += 1
        }
    }
    return hash
}
