import Foundation

/// One part of a `multipart/form-data` body.
struct MultipartPart: Sendable {
    var name: String?
    var filename: String?
    var contentType: String?
    var body: Data
}

/// A minimal RFC 7578 `multipart/form-data` reader: enough for file uploads from browsers, curl `-F` and
/// Python `requests`. Malformed bodies are rejected with a message, never guessed at.
enum MultipartForm {
    /// The boundary parameter of a `multipart/form-data` content type, or nil.
    static func boundary(of contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    /// Splits `body` into parts.
    static func parse(_ body: Data, boundary: String) throws -> [MultipartPart] {
        let delimiter = Data("--\(boundary)".utf8)
        let headerEnd = Data("\r\n\r\n".utf8)
        var parts: [MultipartPart] = []
        guard var cursor = body.range(of: delimiter)?.upperBound else {
            throw APIError(.badRequest, "The multipart body does not contain its boundary '\(boundary)'.")
        }
        while true {
            // After a delimiter: "--" ends the body, CRLF starts a part.
            if body[cursor...].starts(with: Data("--".utf8)) { break }
            guard body[cursor...].starts(with: Data("\r\n".utf8)) else {
                throw APIError(.badRequest, "The multipart body is malformed after a boundary.")
            }
            cursor += 2
            guard let headersRange = body.range(of: headerEnd, in: cursor..<body.endIndex) else {
                throw APIError(.badRequest, "A multipart part has no end of headers.")
            }
            let headerText = String(decoding: body[cursor..<headersRange.lowerBound], as: UTF8.self)
            let contentStart = headersRange.upperBound
            guard let next = body.range(of: Data("\r\n".utf8) + delimiter, in: contentStart..<body.endIndex) else {
                throw APIError(.badRequest, "A multipart part is not terminated by the boundary.")
            }
            var part = MultipartPart(name: nil, filename: nil, contentType: nil, body: body[contentStart..<next.lowerBound])
            for line in headerText.components(separatedBy: "\r\n") {
                let pair = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2 else { continue }
                switch pair[0].lowercased() {
                case "content-type": part.contentType = pair[1]
                case "content-disposition":
                    let parameters = UploadName.parameters(ofContentDisposition: pair[1])
                    part.name = parameters.name
                    part.filename = parameters.filename
                default: break
                }
            }
            parts.append(part)
            cursor = next.upperBound
        }
        return parts
    }
}
