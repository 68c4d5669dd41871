public import Hummingbird
import Foundation
import RAGCore

/// An error the API answers with its own status and a JSON body `{"error": {"message", "type", "request_id"}}`.
public struct APIError: Error, Sendable, CustomStringConvertible {
    /// HTTP status.
    public var status: HTTPResponse.Status
    /// One sentence for the caller.
    public var message: String
    /// Machine-readable kind, OpenAI style (`invalid_request_error`, `not_found_error`, …).
    public var type: String
    /// Seconds the client should wait before retrying (sent as `Retry-After`), for 429 and 503.
    public var retryAfterSeconds: Int?

    /// Creates an error.
    public init(_ status: HTTPResponse.Status, _ message: String, type: String? = nil, retryAfterSeconds: Int? = nil) {
        self.status = status
        self.message = message
        self.type = type ?? APIError.defaultType(for: status)
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var description: String { message }

    static func defaultType(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 401: "authentication_error"
        case 404: "not_found_error"
        case 408: "timeout_error"
        case 409: "conflict_error"
        case 413: "request_too_large"
        case 415: "unsupported_media_type"
        case 429: "rate_limit_error"
        case 400..<500: "invalid_request_error"
        case 503: "service_unavailable"
        default: "server_error"
        }
    }

    /// Maps any error to what the caller sees. Caller mistakes get 4xx with the reason; anything else a 5xx
    /// that names the request id, so the log line can be found.
    static func from(_ error: any Error, requestID: String) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as any UserFacingError:
            return APIError(status(for: error.kind), error.description)
        case let error as HTTPError:
            return APIError(error.status, error.body ?? error.status.reasonPhrase)
        case let error as DecodingError:
            return APIError(.badRequest, "The request body is not valid: \(describe(error))")
        case is CancellationError:
            return APIError(.serviceUnavailable, "The request was cancelled before it finished (request \(requestID)).")
        default:
            return APIError(
                .internalServerError, "Internal error while handling request \(requestID): \(error). See the server log.")
        }
    }

    static func status(for kind: ErrorKind) -> HTTPResponse.Status {
        switch kind {
        case .invalidInput: .unprocessableContent
        case .notFound: .notFound
        case .conflict: .conflict
        case .tooLarge: .contentTooLarge
        case .unsupportedFormat: .unsupportedMediaType
        case .unavailable: .serviceUnavailable
        case .internal: .internalServerError
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the body" : "'\(keys.joined(separator: "."))'"
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context)) should be of type \(type)."
        case .valueNotFound(let type, let context):
            return "\(path(context)) is missing a value of type \(type)."
        case .keyNotFound(let key, let context):
            let parent = context.codingPath.isEmpty ? "" : " in \(path(context))"
            return "the field '\(key.stringValue)' is required\(parent)."
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return "\(path(context)) is malformed: \(underlying ?? context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

/// The JSON error body.
struct ErrorBody: Codable {
    struct Detail: Codable {
        var message: String
        var type: String
        var request_id: String
    }
    var error: Detail
}
