public import Foundation
public import RAGCore

/// How the knowledge base makes and loads vector indexes; the composition root picks the implementation.
///
/// Usage example:
/// ```swift
/// let factory = VectorIndexFactory(fileExtension: "hnsw",
///     make: { dimension in HNSWIndex(dimension: dimension) },
///     load: { url in try HNSWIndex.load(from: url) })
/// ```
public struct VectorIndexFactory: Sendable {
    /// File name extension of saved indexes, e.g. `hnsw`.
    public var fileExtension: String
    /// A new, empty index for vectors of the given dimension.
    public var make: @Sendable (_ dimension: Int) throws -> any PersistentVectorStore
    /// An index read from a file written by `PersistentVectorStore.save(to:)`.
    public var load: @Sendable (_ url: URL) throws -> any PersistentVectorStore

    /// Creates a factory.
    public init(
        fileExtension: String,
        make: @escaping @Sendable (_ dimension: Int) throws -> any PersistentVectorStore,
        load: @escaping @Sendable (_ url: URL) throws -> any PersistentVectorStore
    ) {
        self.fileExtension = fileExtension
        self.make = make
        self.load = load
    }
}
