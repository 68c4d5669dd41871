import Foundation
import HTTPAPI
import Logging
import Synchronization
import Testing

/// Secure by default (issue 23): with keys configured every route but `/healthz`, `/metrics` and the web page's
/// static files needs one; `publicReads` opens reads but never writes; CORS only for configured origins.
@Suite("Authentication and CORS", .serialized)
struct AuthTests {
    static let key = ["Authorization": "Bearer test-key"]

    @Test("With keys, reads need a key too; health, metrics and the page's static files stay public")
    func secureByDefault() async throws {
        let variant = try await TestServer.variant { $0.apiKeys = ["test-key", "second-key"]; $0.publicReads = false }
        defer { variant.stop() }
        let client = variant.client
        let search: [String: Any] = ["query": "J/psi mass"]
        let guarded: [(String, String, [String: Any]?)] = [
            ("GET", "/v1/collections", nil), ("GET", "/v1/documents", nil), ("GET", "/v1/models", nil),
            ("POST", "/v1/search", search), ("POST", "/v1/ask", ["question": "J/psi mass?"]),
            ("POST", "/v1/chat/completions", ["messages": [["role": "user", "content": "J/psi mass?"]]]),
            ("POST", "/v1/completions", ["prompt": "J/psi mass?"]), ("POST", "/v1/embeddings", ["input": "x"]),
            ("POST", "/v1/collections", ["name": "x"]),
        ]
        for (method, path, body) in guarded {
            let data = try body.map { try JSONSerialization.data(withJSONObject: $0) }
            let anonymous = try await client.request(method, path, body: data, contentType: "application/json")
            #expect(anonymous.status == 401, "\(method) \(path) without a key: \(anonymous.text)")
            let wrong = try await client.request(method, path, body: data, contentType: "application/json", headers: ["Authorization": "Bearer test-kez"])
            #expect(wrong.status == 401, "\(method) \(path) with a wrong key")
        }
        #expect(try await client.post("/v1/search", json: search, headers: Self.key).status == 200)
        #expect(try await client.post("/v1/search", json: search, headers: ["Authorization": "Bearer second-key"]).status == 200)
        for path in ["/healthz", "/metrics", "/", "/assets/app.js"] {
            #expect(try await client.get(path).status == 200, "\(path) is public")
        }
    }

    @Test("publicReads opens reads, but /v1/ask with documents (a write) still needs a key (defect 1)")
    func publicReadsKeepWritesGuarded() async throws {
        let variant = try await TestServer.variant { $0.apiKeys = ["test-key"]; $0.publicReads = true }
        defer { variant.stop() }
        let client = variant.client
        #expect(try await client.post("/v1/search", json: ["query": "J/psi mass"]).status == 200)
        #expect(try await client.post("/v1/collections", json: ["name": "open"]).status == 401)
        let sneaky = try await client.post("/v1/ask", json: ["question": "What is it?", "documents": ["https://example.org/paper.html"]])
        #expect(sneaky.status == 401, "\(sneaky.text)")
        #expect(sneaky.errorMessage?.contains("documents") == true)
        #expect(!(try await client.get("/v1/documents", headers: Self.key).text.contains("example.org")), "nothing was fetched or stored")
        let asked = try await client.post("/v1/ask", json: ["question": "What is the mass of the J/ψ meson?"])
        #expect(asked.status == 200, "asking without documents is a read: \(asked.text)")
    }

    @Test("Keys are compared whole, in constant time: prefixes, extensions and case changes are refused")
    func keyComparison() async throws {
        let variant = try await TestServer.variant { $0.apiKeys = ["test-key"]; $0.publicReads = false }
        defer { variant.stop() }
        for candidate in ["test-ke", "test-key2", "TEST-KEY", "", "test-key\u{0}"] {
            let reply = try await variant.client.get("/v1/collections", headers: ["Authorization": "Bearer \(candidate)"])
            #expect(reply.status == 401, "'\(candidate)'")
        }
        #expect(try await variant.client.get("/v1/collections", headers: ["Authorization": "bearer test-key"]).status == 200)
    }

    @Test("CORS: off by default; an allowed origin gets a 204 preflight without a key and headers on every answer")
    func cors() async throws {
        let server = try await TestServer.shared.start()
        let preflightHeaders = ["Origin": "https://portal.example.org", "Access-Control-Request-Method": "POST"]
        let off = try await server.client.request("OPTIONS", "/v1/search", headers: preflightHeaders)
        #expect(off.headers["access-control-allow-origin"] == nil)

        let variant = try await TestServer.variant {
            $0.apiKeys = ["test-key"]; $0.publicReads = false; $0.corsOrigins = ["https://portal.example.org"]
        }
        defer { variant.stop() }
        let preflight = try await variant.client.request(
            "OPTIONS", "/v1/search", headers: preflightHeaders.merging(["Access-Control-Request-Headers": "authorization, content-type"]) { $1 })
        #expect(preflight.status == 204, "\(preflight.text)")
        #expect(preflight.headers["access-control-allow-origin"] == "https://portal.example.org")
        #expect(preflight.headers["access-control-allow-methods"]?.contains("POST") == true)
        #expect(preflight.headers["access-control-allow-headers"]?.lowercased().contains("authorization") == true)
        let refused = try await variant.client.post("/v1/search", json: ["query": "x"], headers: ["Origin": "https://portal.example.org"])
        #expect(refused.status == 401)
        #expect(refused.headers["access-control-allow-origin"] == "https://portal.example.org", "a page can read the 401")
        let other = try await variant.client.post("/v1/search", json: ["query": "x"], headers: ["Origin": "https://evil.example", "Authorization": "Bearer test-key"])
        #expect(other.headers["access-control-allow-origin"] == nil)
    }

    @Test("The access log names the client address and the key's id, and never the key")
    func accessLog() async throws {
        let records = RecordingLogHandler.Records()
        var logger = Logger(label: "auth-log") { _ in RecordingLogHandler(records: records) }
        logger.logLevel = .info
        let variant = try await TestServer.variant(
            configure: { $0.apiKeys = ["first-secret-key", "second-secret-key"]; $0.publicReads = false }, logger: logger)
        defer { variant.stop() }
        #expect(try await variant.client.get("/v1/collections", headers: ["Authorization": "Bearer second-secret-key"]).status == 200)
        #expect(try await variant.client.get("/v1/collections", headers: ["Authorization": "Bearer wrong-secret-key"]).status == 401)
        let lines = records.lines
        let served = lines.first { $0.contains("path=/v1/collections") && $0.contains("status=200") }
        #expect(served?.contains("key=key2") == true && served?.contains("client=127.0.0.1") == true, "\(lines)")
        let refused = lines.first { $0.contains("path=/v1/collections") && $0.contains("status=401") }
        #expect(refused?.contains("key=none") == true, "\(lines)")
        #expect(!lines.contains { $0.contains("secret-key") }, "a key reached the log: \(lines)")
    }
}

/// Keeps every log record as one line: level, message and sorted `key=value` metadata.
struct RecordingLogHandler: LogHandler {
    final class Records: Sendable {
        private let stored = Mutex<[String]>([])
        func append(_ line: String) { stored.withLock { $0.append(line) } }
        var lines: [String] { stored.withLock { $0 } }
    }

    let records: Records
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        let fields = all.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " ")
        records.append("\(event.level) \(event.message) \(fields)")
    }
}
