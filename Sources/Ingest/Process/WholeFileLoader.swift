public import Foundation
public import RAGCore

/// A loader that reads the whole file (up to `maxBytes`) and parses the bytes as it would an upload: text,
/// Markdown and HTML. PDF and LaTeX loaders read files their own way (an external tool, an archive).
public protocol WholeFileLoader: DocumentLoader {
    /// Largest accepted input in bytes.
    var maxBytes: Int { get }
}

extension WholeFileLoader {
    /// Loads `source` by reading it (at most `maxBytes`) and parsing the bytes with no declared content type.
    public func load(_ source: URL) async throws -> Document {
        let data = try FileProbe.contents(of: source, limit: maxBytes)
        return try parse(data, source: source.absoluteString, contentType: nil)
    }
}
