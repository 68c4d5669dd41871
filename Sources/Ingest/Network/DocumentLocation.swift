public import Foundation

/// Where a document comes from, as a user writes it: a local file or folder, an http(s) URL, or an arXiv id
/// (`2401.01234`, `hep-ex/0307015v2`, an `arxiv.org/abs/…` URL). The one place that tells them apart, for
/// `hepchain index`, `hepchain parse` and the server.
///
/// Usage example:
/// ```swift
/// switch try DocumentLocation("2401.01234") {
/// case .file(let url): try await loader.load(url)
/// case .remote(let location): try await fetcher.fetchDocument(location)
/// }
/// ```
public enum DocumentLocation: Sendable, Hashable {
    /// A file or folder that exists on this machine.
    case file(URL)
    /// An http(s) URL or an arXiv id, fetched through the guarded `Fetcher` (`fetchDocument`).
    case remote(String)

    /// Classifies `source`: an existing path first, then a URL or arXiv id.
    /// - Throws: `IngestError.unreadable` naming `source` when it is none of them.
    public init(_ source: String) throws(IngestError) {
        if FileManager.default.fileExists(atPath: source) {
            self = .file(URL(fileURLWithPath: source))
        } else if Self.isRemote(source) {
            self = .remote(source.trimmingCharacters(in: .whitespacesAndNewlines))
        } else {
            throw .unreadable(source: source, reason: "there is no such file or folder, and it is not an http(s) URL or an arXiv id")
        }
    }

    /// Whether `source` is written as an http(s) URL or an arXiv id (whether or not it exists).
    public static func isRemote(_ source: String) -> Bool {
        let trimmed = source.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.hasPrefix("http://") || trimmed.hasPrefix("https://") || (try? ArxivID(parsing: trimmed)) != nil
    }
}
