import Foundation
import Hummingbird

/// `/healthz`, `/metrics` and `/openapi.json`.
struct OperationsRoutes {
    let services: HepChainServices

    struct Health: Codable {
        var status: String
        var version: String
        var model: String
        var dimension: Int
        var blasCore: String
        var vectorKernels: String
        var generator: String
        var documents: Int?
        var chunks: Int?
    }

    func register(on router: Router<HepChainRequestContext>) {
        router.get("/healthz") { _, _ -> Response in
            let stats = try? await services.knowledge.stats()
            let info = services.info
            return try jsonResponse(
                Health(
                    status: stats == nil ? "degraded" : "ok", version: info.version, model: info.model,
                    dimension: info.dimension, blasCore: info.blasCore, vectorKernels: info.vectorKernels, generator: info.generator,
                    documents: stats?.documents, chunks: stats?.chunks))
        }
        router.get("/openapi.json") { _, _ -> Response in
            guard let document = OpenAPIDocument.json(version: services.info.version) else {
                throw APIError(.internalServerError, "The OpenAPI document (openapi.json) is missing from this installation's HTTPAPI resource bundle.")
            }
            var headers = HTTPFields()
            headers[.contentType] = "application/json; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: document))
        }
        router.get("/metrics") { _, _ -> Response in
            let stats = try? await services.knowledge.stats()
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(
                status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: services.metrics.render(stats: stats, info: services.info))))
        }
    }
}
