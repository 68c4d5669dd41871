/// Maps texts to fixed-size, L2-normalised vectors.
///
/// Usage example:
/// ```swift
/// let embedder: any Embedder = try BERTEmbedder(modelFolder: URL(fileURLWithPath: "models/all-MiniLM-L6-v2"))
/// let vectors = try await embedder.embed(["What is the J/psi?"])
/// ```
public protocol Embedder: Sendable {
    /// Length of every vector.
    var dimension: Int { get }
    /// Identifier of the model, recorded with stored vectors (e.g. `all-MiniLM-L6-v2`).
    var modelID: String { get }
    /// One vector per text, in order.
    func embed(_ texts: [String]) async throws -> [Vector]
    /// Threads one `embed` call keeps busy (1 for most; `BERTEmbedder.threads`): `CoalescingEmbedder` runs
    /// cores ÷ this many calls at once.
    var threadsPerCall: Int { get }
}

extension Embedder {
    public var threadsPerCall: Int { 1 }
}
