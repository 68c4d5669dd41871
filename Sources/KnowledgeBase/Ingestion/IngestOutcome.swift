public import RAGCore

/// What ingesting one source did.
public struct IngestOutcome: Hashable, Sendable, Codable {
    /// What happened to the document.
    public enum Status: String, Hashable, Sendable, Codable {
        /// A new document was stored.
        case added
        /// A stored document with the same identity was replaced (changed content or a newer arXiv version).
        case replaced
        /// The same content was already stored; nothing changed.
        case unchanged
        /// A newer arXiv version of the paper is already stored; nothing changed.
        case olderVersion
    }
    /// Source as given.
    public var source: String
    /// Identity of the document (for `unchanged`, of the stored copy).
    public var documentID: DocumentID
    /// What happened.
    public var status: Status
    /// Chunks written (0 unless added or replaced).
    public var chunks: Int
    /// Bytes of the source.
    public var bytes: Int
    /// For a document chunked again because the chunking settings changed: the settings it had.
    public var rechunkedFrom: String?

    /// Creates an outcome.
    public init(source: String, documentID: DocumentID, status: Status, chunks: Int, bytes: Int, rechunkedFrom: String? = nil) {
        self.source = source
        self.documentID = documentID
        self.status = status
        self.chunks = chunks
        self.bytes = bytes
        self.rechunkedFrom = rechunkedFrom
    }
}
