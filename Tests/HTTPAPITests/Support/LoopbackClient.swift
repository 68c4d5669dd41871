import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real HTTP/1.1 client over loopback (URLSession), so tests exercise the server the way curl does.
struct LoopbackClient: Sendable {
    let base: URL
    /// The shared session pools keep-alive connections across every client of the process; a prober that must
    /// never meet a connection another request left idle (and the server closed) passes its own.
    var session: URLSession = .shared

    /// A session of its own that keeps at most one connection to the server.
    static func singleConnectionSession() -> URLSession {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 1
        return URLSession(configuration: configuration)
    }

    struct Reply: Sendable {
        var status: Int
        var headers: [String: String]
        var body: Data

        var text: String { String(decoding: body, as: UTF8.self) }

        func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
                throw CocoaError(.coderReadCorrupt)
            }
            return object
        }

        /// The error message of a JSON error body.
        var errorMessage: String? {
            ((try? json())?["error"] as? [String: Any])?["message"] as? String
        }
    }

    func request(
        _ method: String, _ path: String, body: Data? = nil, contentType: String? = nil, headers: [String: String] = [:],
        timeout: TimeInterval = 120
    ) async throws -> Reply {
        guard let url = URL(string: path, relativeTo: base) else { throw URLError(.badURL) }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = method
        request.httpBody = body
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { fields[key.lowercased()] = value }
        }
        return Reply(status: http.statusCode, headers: fields, body: data)
    }

    func get(_ path: String, headers: [String: String] = [:]) async throws -> Reply {
        try await request("GET", path, headers: headers)
    }

    func post(_ path: String, json: Any, headers: [String: String] = [:]) async throws -> Reply {
        let body = try JSONSerialization.data(withJSONObject: json)
        return try await request("POST", path, body: body, contentType: "application/json", headers: headers)
    }

    func post(_ path: String, raw: Data, contentType: String, headers: [String: String] = [:]) async throws -> Reply {
        try await request("POST", path, body: raw, contentType: contentType, headers: headers)
    }

    /// Parses a Server-Sent Events body into (event, data) pairs.
    static func events(_ body: String) -> [(event: String?, data: String)] {
        var result: [(String?, String)] = []
        for block in body.components(separatedBy: "\n\n") where !block.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            var event: String?
            var data: [String] = []
            for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("event: ") { event = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data.append(String(line.dropFirst(6))) }
            }
            result.append((event, data.joined(separator: "\n")))
        }
        return result
    }
}
