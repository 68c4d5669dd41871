import Foundation
import Hummingbird
import Logging

/// Turns every error a route throws into a JSON error response, logged with the request id. Once the
/// request's deadline has passed, whatever the cancelled work threw is reported as the timeout (408/503).
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            if let deadline = RequestDeadline.current, deadline.hasExpired {
                let apiError = deadline.error
                context.logger.warning(
                    "request deadline passed", metadata: ["status": "\(apiError.status.code)", "seconds": "\(deadline.seconds)"])
                return jsonErrorResponse(apiError, requestID: context.id)
            }
            let apiError = APIError.from(error, requestID: context.id)
            if apiError.status.code >= 500 {
                context.logger.error("request failed", metadata: ["status": "\(apiError.status.code)", "error": "\(error)"])
            } else {
                context.logger.info("request rejected", metadata: ["status": "\(apiError.status.code)", "reason": "\(apiError.message)"])
            }
            return jsonErrorResponse(apiError, requestID: context.id)
        }
    }
}

/// A JSON error response for `error`.
func jsonErrorResponse(_ error: APIError, requestID: String) -> Response {
    let body = ErrorBody(error: .init(message: error.message, type: error.type, request_id: requestID))
    let data = (try? JSONEncoder().encode(body)) ?? Data(#"{"error":{"message":"error"}}"#.utf8)
    var headers = HTTPFields()
    headers[.contentType] = "application/json; charset=utf-8"
    if error.status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
    if let seconds = error.retryAfterSeconds { headers[.retryAfter] = String(seconds) }
    // After a body that arrived too slowly the rest of it is not worth reading: ask the client to close.
    if error.status == .requestTimeout { headers[.connection] = "close" }
    return Response(status: error.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
}
