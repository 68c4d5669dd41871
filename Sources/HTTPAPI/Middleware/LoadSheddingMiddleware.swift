import Hummingbird

/// Refuses expensive requests over the concurrency limit of their kind (`WorkLimiter`) with 503 and
/// `Retry-After: 1`, before any work is done for them.
///
/// A request keeps its place until its response body has been written, so a streamed answer, which works
/// while it writes, counts for as long as it runs.
struct LoadSheddingMiddleware<Context: RequestContext>: RouterMiddleware {
    let limiter: WorkLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let kind = WorkLimiter.Kind(method: request.method, path: request.uri.path) else {
            return try await next(request, context)
        }
        guard let slot = limiter.acquire(kind) else {
            let limit = limiter.limits[kind] ?? 0
            throw APIError(
                .serviceUnavailable,
                "The server is busy: \(limit) \(kind.plural) are already running (\(kind.setting) = \(limit)); retry in 1 s.",
                retryAfterSeconds: 1)
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            slot.release()
            throw error
        }
        let body = response.body
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            defer { slot.release() }
            try await body.write(writer)
        }
        return response
    }
}
