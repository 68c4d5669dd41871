import Hummingbird

/// Cross-origin access for browser pages on the configured origins (`--cors-origin`; off by default).
///
/// A request whose `Origin` is allowed gets `Access-Control-Allow-Origin` with that origin (and `Vary: Origin`),
/// errors included, so a page can read a 401 or 429. A preflight (`OPTIONS` with
/// `Access-Control-Request-Method`) from an allowed origin is answered 204 here, before authentication: browsers
/// send preflights without credentials. Other origins get no CORS headers, so the browser withholds the answer.
struct CORSMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Allowed origins, exactly as browsers send them (`https://portal.example.org`); `*` allows any.
    let origins: Set<String>

    static var methods: String { "GET, POST, PUT, DELETE, OPTIONS" }
    static var headers: String { "Authorization, Content-Type, X-HepChain-Citations" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin], origins.contains(origin) || origins.contains("*") else {
            return try await next(request, context)
        }
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            var headers = HTTPFields()
            addOrigin(origin, to: &headers)
            headers[.accessControlAllowMethods] = Self.methods
            headers[.accessControlAllowHeaders] = request.headers[.accessControlRequestHeaders] ?? Self.headers
            headers[.accessControlMaxAge] = "600"
            return Response(status: .noContent, headers: headers)
        }
        var response = try await next(request, context)
        addOrigin(origin, to: &response.headers)
        response.headers[.accessControlExposeHeaders] = "Retry-After, X-Request-Id"
        return response
    }

    private func addOrigin(_ origin: String, to headers: inout HTTPFields) {
        headers[.accessControlAllowOrigin] = origins.contains("*") ? "*" : origin
        headers[.vary] = "Origin"
    }
}
