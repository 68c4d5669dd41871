public import RAGCore

/// A deterministic bag-of-words embedder by feature hashing: each lower-cased alphanumeric word adds ±1 at
/// a hashed coordinate, and the sum is L2-normalised. Texts sharing words get positive cosine similarity.
///
/// The trivial `Embedder` for tests of other modules: no model files, no BLAS, same output on every run
/// and machine (FNV-1a, not Swift's seeded `Hasher`). A text without words maps to the zero vector.
///
/// Usage example:
/// ```swift
/// let embedder = HashEmbedder(dimension: 64)
/// let vectors = try await embedder.embed(["higgs boson mass", "mass of the Higgs"])
/// ```
public struct HashEmbedder: Embedder {
    /// Length of every vector.
    public let dimension: Int

    /// `hash-<dimension>`.
    public var modelID: String { "hash-\(dimension)" }

    /// An embedder of `dimension` coordinates (at least 1).
    public init(dimension: Int = 384) {
        precondition(dimension >= 1, "HashEmbedder: dimension must be positive")
        self.dimension = dimension
    }

    /// One unit (or zero) vector per text, in order.
    public func embed(_ texts: [String]) async throws -> [Vector] {
        texts.map(vector(for:))
    }

    /// The vector of one text, synchronously.
    public func vector(for text: String) -> Vector {
        var vector = [Float](repeating: 0, count: dimension)
        for word in Self.words(text) {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in word.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
            let index = Int(hash % UInt64(dimension))
            vector[index] += (hash >> 63) == 0 ? 1 : -1
        }
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return vector }
        return vector.map { $0 / norm }
    }

    private static func words(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }
}
