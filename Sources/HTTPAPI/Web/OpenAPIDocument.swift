import Foundation
import Hummingbird
import NIOCore

/// The OpenAPI 3.1 description of the HTTP API, served at `GET /openapi.json` (public: it holds no data).
///
/// The document is `Sources/HTTPAPI/Resources/openapi.json`, written by hand next to the routes (shared error
/// responses and parameters under `components`); `OpenAPITests` keeps it true: its paths and methods must equal
/// the router's routes, the document must validate as OpenAPI 3.1, and real responses of the running server must
/// validate against it (openapi-core from PyPI). `info.version` is the server's version.
enum OpenAPIDocument {
    /// The document with `info.version` set, or nil when the resource is missing from the install.
    static func json(version: String) -> ByteBuffer? {
        text.map { ByteBuffer(string: $0.replacingOccurrences(of: #""version": "VERSION""#, with: #""version": "\#(version)""#)) }
    }

    /// The resource's text, read once.
    static let text: String? = Bundle.module.url(forResource: "openapi", withExtension: "json")
        .flatMap { try? String(contentsOf: $0, encoding: .utf8) }
}
