import Hummingbird

/// Requires `Authorization: Bearer <key>` on write routes, and on read routes when configured.
///
/// With no keys configured every request passes: the server then should listen on 127.0.0.1 only.
struct AuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let keys: Set<String>
    let requireKeyForReads: Bool
    /// Read-only POST routes (they compute, they do not store).
    static var readOnlyPosts: Set<String> {
        ["/v1/search", "/v1/ask", "/v1/chat/completions", "/v1/embeddings"]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !keys.isEmpty else { return try await next(request, context) }
        let path = request.uri.path
        // The health check and the web page (which holds no data and asks for a key itself) are public.
        if path == "/healthz" || WebAssets.byPath[path] != nil && request.method == .get {
            return try await next(request, context)
        }
        let isRead = request.method == .get || request.method == .head
            || (request.method == .post && Self.readOnlyPosts.contains(path))
        if isRead && !requireKeyForReads { return try await next(request, context) }
        guard let header = request.headers[.authorization] else {
            throw APIError(.unauthorized, "This route needs an API key: send 'Authorization: Bearer <key>'.")
        }
        let prefix = "Bearer "
        guard header.hasPrefix(prefix), keys.contains(String(header.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)) else {
            throw APIError(.unauthorized, "The API key is not valid.")
        }
        return try await next(request, context)
    }
}
