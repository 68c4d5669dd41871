import Foundation
import Hummingbird

/// Answers 429 with `Retry-After` when a client makes requests faster than the configured rate.
///
/// A client is its API key when it sends one of the configured keys (so several users behind one proxy
/// are limited separately), else its IP address (any port). Unknown keys do not get their own bucket:
/// otherwise a client could evade the limit by inventing keys. `/healthz` and `/metrics` are not limited,
/// so probes and scrapers keep working while a client is throttled.
struct RateLimitMiddleware<Context: RemoteAddressRequestContext>: RouterMiddleware {
    let limiter: RateLimiter
    let keys: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if path == "/healthz" || path == "/metrics" { return try await next(request, context) }
        let decision = limiter.acquire(client(request, context: context))
        guard decision.allowed else {
            let seconds = max(1, Int(decision.retryAfter.rounded(.up)))
            throw APIError(
                .tooManyRequests,
                "Too many requests: this client may make \(Self.format(limiter.rate)) requests per second (bursts of \(Int(limiter.burst))); retry in \(seconds) s.",
                retryAfterSeconds: seconds)
        }
        return try await next(request, context)
    }

    func client(_ request: Request, context: Context) -> String {
        if let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
            let key = String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
            if keys.contains(key) { return "key:" + key }
        }
        guard let address = context.remoteAddress else { return "address:unknown" }
        return "address:" + (address.ipAddress ?? address.pathname ?? "\(address)")
    }

    static func format(_ rate: Double) -> String {
        rate == rate.rounded() ? String(Int(rate)) : String(format: "%g", rate)
    }
}
