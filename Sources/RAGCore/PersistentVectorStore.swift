public import Foundation

/// A `VectorStore` that can be written to a file and knows which store change it reflects.
///
/// The knowledge base keeps the document store as the source of truth. It saves the index with
/// `userCheckpoint` set to the last store change the index contains; on the next start it compares
/// that number with the store's change log, and catches the index up (or rebuilds it) when it is stale.
///
/// Usage example:
/// ```swift
/// let index: any PersistentVectorStore = HNSWIndex(dimension: 384)
/// try index.add(vectors, keys: keys)
/// index.userCheckpoint = 1_042
/// try index.save(to: folder.appendingPathComponent("default.hnsw"))
/// ```
public protocol PersistentVectorStore: VectorStore {
    /// Caller-owned number persisted in the file header; the knowledge base stores its change-log sequence here.
    var userCheckpoint: UInt64 { get nonmutating set }
    /// Writes the whole index to `url`, replacing any file there.
    func save(to url: URL) throws
}
