import Foundation
import Hummingbird
import NIOCore

extension Request {
    /// Collects the body (up to `limit` bytes) and decodes it as JSON, with a 413 for a larger body and a
    /// 400 that names the field for malformed JSON or wrong types.
    mutating func decodeJSON<T: Decodable>(_ type: T.Type, limit: Int) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, "The JSON body is larger than \(limit) bytes.")
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, "The JSON body is larger than \(limit) bytes.")
        }
        guard buffer.readableBytes > 0 else {
            throw APIError(.badRequest, "The request body is empty; send a JSON object.")
        }
        let data = Data(buffer: buffer)
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty, let field = Self.numberOutOfRange(T.self, in: data) {
                throw APIError(.badRequest, "The request body is not valid: '\(field.name)' is out of range: \(field.value) is not a number this field accepts.")
            }
            throw APIError(.badRequest, "The request body is not valid: \(APIError.describe(error))")
        }
    }

    /// The top-level field whose number the decoder could not read, when the body is valid JSON. Foundation's
    /// decoder reports a number that does not fit the field's type (`"k": 1e308`, `"k": 2.5` for an integer) as
    /// "not valid JSON" with no field: each numeric field is tried with 0 in its place, and the one whose
    /// replacement changes the outcome is named.
    static func numberOutOfRange<T: Decodable>(_ type: T.Type, in data: Data) -> (name: String, value: String)? {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return nil }
        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            // Only numbers no integer field can hold are suspects (booleans read as 0 or 1 and are not).
            guard let number = value as? NSNumber, number.doubleValue.rounded() != number.doubleValue || abs(number.doubleValue) >= 0x1p63 else {
                continue
            }
            var replaced = object
            replaced[key] = 0
            guard let changed = try? JSONSerialization.data(withJSONObject: replaced) else { continue }
            do {
                _ = try JSONDecoder().decode(T.self, from: changed)
                return (key, "\(number)")
            } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
                continue
            } catch {
                return (key, "\(number)")
            }
        }
        return nil
    }
}

/// Encodes a value as a JSON response.
func jsonResponse<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.withoutEscapingSlashes]
    let data = try encoder.encode(value)
    var headers = HTTPFields()
    headers[.contentType] = "application/json; charset=utf-8"
    return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
}
