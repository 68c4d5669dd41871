import Hummingbird

/// Refuses write routes when the data folder is served read-only (`readOnly`, or a folder the server cannot
/// write), with 403 and a message saying why, instead of a SQLite "readonly database" error as a 500.
struct ReadOnlyMiddleware<Context: RequestContext>: RouterMiddleware {
    let dataFolder: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let isRead = request.method == .get || request.method == .head || request.method == .options
            || (request.method == .post && AuthMiddleware.readOnlyPosts.contains(request.uri.path))
        guard isRead else {
            throw APIError(
                .forbidden,
                "This server serves the data folder '\(dataFolder)' read-only (readOnly is set, or the folder cannot be written): uploads, deletions and collection changes are refused. Run a server on a writable copy to change it.")
        }
        return try await next(request, context)
    }
}
