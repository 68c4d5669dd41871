/// What kind of failure an error is, so the HTTP layer and the CLI can answer it correctly.
public enum ErrorKind: String, Sendable, Codable {
    /// The caller sent something malformed or invalid (HTTP 400/422).
    case invalidInput
    /// A named thing does not exist (404).
    case notFound
    /// The request conflicts with stored state, e.g. an embedding model mismatch (409).
    case conflict
    /// The input is too large (413).
    case tooLarge
    /// The format is not supported (415).
    case unsupportedFormat
    /// A dependency (model folder, LLM server, network) is unavailable (503).
    case unavailable
    /// Anything else: a bug or an environment failure (500).
    case `internal`
}

/// An error whose `description` is one sentence a user can act on:
/// what failed, on what, and what to do.
public protocol UserFacingError: Error, CustomStringConvertible, Sendable {
    /// Classification for status codes and exit codes.
    var kind: ErrorKind { get }
}
