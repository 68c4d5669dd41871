public import RAGCore

/// Failures of the vector index, each with a sentence that names the input and says what to do.
public enum IndexError: UserFacingError, Equatable {
    /// A vector's length differs from the index dimension.
    case dimensionMismatch(expected: Int, found: Int)
    /// `add` got a different number of vectors and keys.
    case countMismatch(vectors: Int, keys: Int)
    /// A vector contains NaN or infinity.
    case nonFiniteVector(key: VectorKey)
    /// The index would exceed the 2³² − 1 slots a file can address.
    case capacityExceeded(limit: Int)
    /// The file cannot be read or written.
    case fileUnreadable(path: String, reason: String)
    /// The file cannot be written.
    case fileUnwritable(path: String, reason: String)
    /// The file does not start with the index magic bytes.
    case notAnIndexFile(path: String)
    /// The file was written by an unknown format version.
    case unsupportedVersion(path: String, found: UInt32, supported: UInt32)
    /// The file is shorter than its header says.
    case truncated(path: String, expectedBytes: Int, actualBytes: Int)
    /// The file's contents do not match its checksum or are inconsistent.
    case corrupt(path: String, reason: String)
    /// A loaded index has another dimension than the caller expects.
    case fileDimensionMismatch(path: String, expected: Int, found: Int)

    /// Classification for status and exit codes.
    public var kind: ErrorKind {
        switch self {
        case .dimensionMismatch, .countMismatch, .nonFiniteVector: .invalidInput
        case .capacityExceeded: .tooLarge
        case .fileUnreadable: .notFound
        case .fileUnwritable: .internal
        case .notAnIndexFile, .unsupportedVersion, .truncated, .corrupt, .fileDimensionMismatch: .conflict
        }
    }

    /// One sentence: what failed, on what, and what to do.
    public var description: String {
        let rebuild = "Delete it and rebuild the index from the stored vectors (e.g. 'hepchain reindex')."
        switch self {
        case .dimensionMismatch(let expected, let found):
            return "Cannot add a vector of dimension \(found) to an index of dimension \(expected). Embed with the model the index was built for, or create a new index."
        case .countMismatch(let vectors, let keys):
            return "Cannot add \(vectors) vectors with \(keys) keys. Pass exactly one key per vector."
        case .nonFiniteVector(let key):
            return "Cannot add the vector for key \(key): it contains NaN or infinity. Check the embedder output."
        case .capacityExceeded(let limit):
            return "Cannot grow the index beyond \(limit) vectors. Split the collection across several indexes."
        case .fileUnreadable(let path, let reason):
            return "Cannot read the index file '\(path)': \(reason). Check the path and its permissions."
        case .fileUnwritable(let path, let reason):
            return "Cannot write the index file '\(path)': \(reason). Check free space and permissions."
        case .notAnIndexFile(let path):
            return "The file '\(path)' is not a HepChain vector index (wrong magic bytes). Point to an index file, or rebuild it."
        case .unsupportedVersion(let path, let found, let supported):
            return "The index file '\(path)' has format version \(found); this build reads version \(supported). \(rebuild)"
        case .truncated(let path, let expected, let actual):
            return "The index file '\(path)' is truncated (\(actual) of \(expected) bytes). \(rebuild)"
        case .corrupt(let path, let reason):
            return "The index file '\(path)' is corrupt (\(reason)). \(rebuild)"
        case .fileDimensionMismatch(let path, let expected, let found):
            return "The index file '\(path)' holds \(found)-dimensional vectors, but \(expected) were expected. Rebuild the index with the current embedding model."
        }
    }
}
