import Foundation

/// A read-only memory map of a whole file, unmapped when the last reference goes away.
final class MappedFile: @unchecked Sendable {
    // Sendable: the mapping is PROT_READ and never remapped; it is unmapped only in deinit.
    let path: String
    let bytes: UnsafeRawBufferPointer

    /// Maps `url` read-only; an empty file maps to an empty buffer.
    init(url: URL) throws {
        path = url.path
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw EmbeddingError.invalidCheckpoint(file: url.path, tensor: nil, reason: "it cannot be opened (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw EmbeddingError.invalidCheckpoint(file: url.path, tensor: nil, reason: "it cannot be inspected (\(String(cString: strerror(errno))))")
        }
        let size = Int(status.st_size)
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            throw EmbeddingError.invalidCheckpoint(file: url.path, tensor: nil, reason: "it cannot be memory-mapped (\(String(cString: strerror(errno))))")
        }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    deinit {
        if let base = bytes.baseAddress {
            munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        }
    }
}
