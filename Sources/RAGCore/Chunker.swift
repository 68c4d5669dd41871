/// Splits a document into passages for embedding and citation.
///
/// Usage example:
/// ```swift
/// let chunker: any Chunker = TokenWindowChunker(tokens: tokenizer, budget: 200, overlap: 32)
/// for chunk in chunker.chunks(of: document) { print(chunk.pageStart, chunk.text) }
/// ```
public protocol Chunker: Sendable {
    /// The chunks of `document`, in order, with ordinals 0, 1, 2, …
    func chunks(of document: Document) -> [Chunk]
    /// The settings that decide the chunks, in a stable form ("tokenWindow budget=200 overlap=32"): stored with
    /// each document, so that a document chunked with other settings is chunked again. Empty: not tracked.
    var settings: String { get }
}

extension Chunker {
    /// Not tracked.
    public var settings: String { "" }
}

/// Counts model wordpieces, so chunkers can budget passages in the embedder's own units.
public protocol TokenCounter: Sendable {
    /// Number of wordpieces in `text`, without special tokens such as `[CLS]` and `[SEP]`.
    func tokenCount(_ text: String) -> Int
}
