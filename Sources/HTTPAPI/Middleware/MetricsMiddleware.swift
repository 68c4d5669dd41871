import Foundation
import Hummingbird

/// Records each request's route, status and latency, and logs one line per request with its id, the client's
/// address and the id of the API key it used (`key<N>`; never the key).
struct MetricsMiddleware<Context: RemoteAddressRequestContext>: RouterMiddleware {
    let metrics: Metrics
    let keys: APIKeys

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let route = context.endpointPath ?? "unmatched"
        metrics.recordRequest(method: request.method.rawValue, route: route, status: response.status.code, seconds: seconds)
        context.logger.info(
            "request",
            metadata: [
                "method": "\(request.method.rawValue)", "path": "\(request.uri.path)", "status": "\(response.status.code)",
                "ms": "\(String(format: "%.1f", seconds * 1000))",
                "client": "\(context.remoteAddress?.ipAddress ?? "unknown")", "key": "\(keys.keyID(in: request) ?? "none")",
            ])
        return response
    }
}
