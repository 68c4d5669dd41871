import Hummingbird

/// Secure by default: when API keys are configured every route needs `Authorization: Bearer <key>`, except
/// `/healthz`, `/metrics`, `/openapi.json`, the web page's static files (which hold no data; the page asks for a key itself) and
/// CORS preflights (browsers send them without credentials). `publicReads` opens the read routes to callers
/// without a key; writes, including `/v1/ask` with `documents` (checked by that route), still need one.
///
/// A valid key's id (`key<N>`, never the key) is put in the context for the access log and the routes.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = HepChainRequestContext
    let keys: APIKeys
    let publicReads: Bool

    /// POST routes that compute and store nothing (`/v1/ask` stores only with `documents`, which it checks).
    static let readOnlyPosts: Set<String> = ["/v1/search", "/v1/ask", "/v1/chat/completions", "/v1/completions", "/v1/embeddings"]

    /// Paths anyone may call even when keys are configured.
    static func isPublic(_ request: Request) -> Bool {
        let path = request.uri.path
        if path == "/healthz" || path == "/metrics" || path == "/openapi.json" { return true }
        if request.method == .options { return true }
        return WebAssets.byPath[path] != nil && (request.method == .get || request.method == .head)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !keys.isEmpty else { return try await next(request, context) }
        var context = context
        context.apiKeyID = keys.keyID(in: request)
        if context.apiKeyID != nil || Self.isPublic(request) { return try await next(request, context) }
        let isRead = request.method == .get || request.method == .head
            || (request.method == .post && Self.readOnlyPosts.contains(request.uri.path))
        if isRead && publicReads { return try await next(request, context) }
        guard request.headers[.authorization] != nil else {
            throw APIError(.unauthorized, "This route needs an API key: send 'Authorization: Bearer <key>'.")
        }
        throw APIError(.unauthorized, "The API key is not valid.")
    }
}
