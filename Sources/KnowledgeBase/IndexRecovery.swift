/// How a collection's vector index was brought up to date when it was opened.
public enum IndexRecovery: String, Hashable, Sendable, Codable {
    /// No vectors yet; a new empty index.
    case created
    /// The index file was current.
    case loaded
    /// The index file was stale and the missing changes were applied from the store's change log.
    case caughtUp
    /// The index file was missing, unreadable, from another store state or mismatched; rebuilt from stored vectors.
    case rebuilt
}
