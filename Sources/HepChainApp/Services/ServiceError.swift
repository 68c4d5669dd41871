public import RAGCore

/// A refusal by a service (no such document, a run already going, a count out of range), classified so that
/// the HTTP layer answers with the matching status and the CLI with the matching exit code.
public struct ServiceError: UserFacingError {
    /// What kind of refusal it is.
    public var kind: ErrorKind
    /// One sentence for the caller.
    public var message: String

    /// Creates a refusal.
    public init(_ kind: ErrorKind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
