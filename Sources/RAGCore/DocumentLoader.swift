public import Foundation

/// Turns raw bytes of one format into a `Document`.
///
/// Usage example:
/// ```swift
/// let loader: any DocumentLoader = PDFLoader()
/// let document = try await loader.load(URL(fileURLWithPath: "paper.pdf"))
/// ```
public protocol DocumentLoader: Sendable {
    /// Loads and parses a local file.
    func load(_ source: URL) async throws -> Document
    /// Parses bytes that came from `source` (an upload or a fetched URL) with an optional declared content type.
    func parse(_ data: Data, source: String, contentType: String?) throws -> Document
    /// Parses bytes that are the whole content of the local file `file` (an upload's scratch file): a loader that
    /// hands files to a child process reads `file` in place instead of writing `data` to a copy. Nil: `data` only.
    func parse(_ data: Data, source: String, contentType: String?, file: URL?) throws -> Document
}

extension DocumentLoader {
    /// Loaders that read bytes in memory parse `data` and ignore `file`.
    public func parse(_ data: Data, source: String, contentType: String?, file: URL?) throws -> Document {
        try parse(data, source: source, contentType: contentType)
    }
}
