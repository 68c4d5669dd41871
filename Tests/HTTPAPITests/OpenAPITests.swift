import Foundation
import TestSupport
import Testing

@testable import HTTPAPI

/// `/openapi.json` is kept true (issue 23): its paths and methods equal the router's routes, and openapi-core (PyPI)
/// validates the document and real requests and responses of the running server against it.
@Suite("OpenAPI description", .serialized)
struct OpenAPITests {
    static let validator = TestPaths.root.appendingPathComponent("Tests/HTTPAPITests/Fixtures/validate_openapi.py")

    /// `GET /v1/models/{id}` for a router path `/v1/models/:id` (or `{id}`).
    static func normalized(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
        }.joined(separator: "/")
    }

    @Test("The document's routes are the router's routes, and real responses validate against it")
    func documentMatchesServer() async throws {
        let server = try await TestServer.shared.start()
        let router = buildRouter(configuration: server.runtime.configuration, services: server.runtime.services())
        let routes = Set(router.routes.map { "\($0.method.rawValue) \(Self.normalized("\($0.path)"))" })

        let run = try await ChildProcess(
            executable: URL(fileURLWithPath: "/usr/bin/env"),
            arguments: OpenAIClientTests.interpreter + [Self.validator.path, server.client.base.absoluteString, server.apiKey], timeout: .seconds(600)
        ).run(sourceLocation: #_sourceLocation)
        try #require(run.status == 0, "the validator failed (run `make setup` for openapi-core):\n\(run.errors.suffix(3_000))")
        let report = try #require(try JSONSerialization.jsonObject(with: run.outputData) as? [String: Any])
        let documented = Set(report["paths"] as? [String] ?? [])
        #expect(documented.subtracting(routes).isEmpty, "documented but not served: \(documented.subtracting(routes).sorted())")
        #expect(routes.subtracting(documented).isEmpty, "served but not documented: \(routes.subtracting(documented).sorted())")
        #expect((report["checked"] as? [Any])?.count ?? 0 >= 15)
        let failures = report["failures"] as? [[String: Any]] ?? []
        #expect(failures.isEmpty, "responses that do not match the description:\n\(failures.map { "\($0)" }.joined(separator: "\n"))")

        let served = try await server.client.get("/openapi.json")
        #expect(served.headers["content-type"]?.hasPrefix("application/json") == true)
        let document = try served.json()
        #expect(document["openapi"] as? String == "3.1.0")
        #expect((document["info"] as? [String: Any])?["version"] as? String == server.runtime.info.version)
    }
}
