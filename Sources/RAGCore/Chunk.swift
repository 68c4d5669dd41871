/// The stable identity of a chunk: its document and its position in it.
public struct ChunkID: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Owning document.
    public var document: DocumentID
    /// 0-based position of the chunk in its document.
    public var ordinal: Int
    /// Creates a chunk id.
    public init(document: DocumentID, ordinal: Int) {
        self.document = document
        self.ordinal = ordinal
    }
    /// `document#ordinal`.
    public var description: String { "\(document.rawValue)#\(ordinal)" }
}

/// A passage of a document, small enough to embed whole, with what a citation needs.
public struct Chunk: Hashable, Sendable, Codable {
    /// Identity (document and ordinal).
    public var id: ChunkID
    /// The passage text as the embedder and the reader see it.
    public var text: String
    /// First page the passage is on (1-based).
    public var pageStart: Int
    /// Last page the passage is on.
    public var pageEnd: Int
    /// Headings enclosing the passage, outermost first.
    public var sectionPath: [String]
    /// Offset of the passage start in `pageStart`'s page text, in Unicode scalars.
    public var startOffset: Int
    /// Offset of the passage end in `pageEnd`'s page text, in Unicode scalars (exclusive).
    public var endOffset: Int
    /// BCP-47 language of the passage (`en`, `zh`).
    public var language: String

    /// Creates a chunk.
    public init(
        id: ChunkID, text: String, pageStart: Int, pageEnd: Int, sectionPath: [String] = [],
        startOffset: Int = 0, endOffset: Int = 0, language: String = "en"
    ) {
        self.id = id
        self.text = text
        self.pageStart = pageStart
        self.pageEnd = pageEnd
        self.sectionPath = sectionPath
        self.startOffset = startOffset
        self.endOffset = endOffset
        self.language = language
    }

    /// The section path joined with " > ", or nil when the chunk is outside any section.
    public var section: String? { sectionPath.isEmpty ? nil : sectionPath.joined(separator: " > ") }

    /// Whether the chunk lies in a references, bibliography or acknowledgements section (any heading of its path).
    public var isBackMatter: Bool { sectionPath.contains(where: Self.isBackMatterHeading) }

    /// "References", "Bibliography", "Acknowledgements", "参考文献", "致谢": a heading of what follows a paper's
    /// body (a case-insensitive prefix, so "References and notes" counts).
    public static func isBackMatterHeading(_ heading: String) -> Bool {
        let lower = heading.lowercased()
        return ["references", "bibliography", "acknowledg", "参考文献", "致谢"].contains(where: lower.hasPrefix)
    }
}
