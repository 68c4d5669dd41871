import Hummingbird
import HepChainApp

/// Seed fission from the API: `POST /v1/fission {"topic", "count", "collection"}` starts a run (202),
/// `GET /v1/fission` lists runs, `GET /v1/fission/{id}` gives a run with its pairs so far.
struct FissionRoutes {
    let services: HepChainServices
    let configuration: ServerConfiguration

    struct StartBody: Codable, Sendable {
        var topic: String
        var count: Int?
        var collection: String?
    }

    struct RunsBody: Codable, Sendable {
        var runs: [FissionRunBody]
    }

    func register(on router: Router<HepChainRequestContext>) {
        router.post("/v1/fission") { request, _ -> Response in
            var request = request
            let body = try await request.decodeJSON(StartBody.self, limit: configuration.maxJSONBytes)
            let run = try await service().start(
                topic: body.topic, count: body.count ?? 10, collection: body.collection ?? configuration.defaultCollection)
            return try jsonResponse(run, status: .accepted)
        }
        router.get("/v1/fission") { _, _ -> Response in
            try jsonResponse(RunsBody(runs: await service().runs()))
        }
        router.get("/v1/fission/:id") { _, context -> Response in
            let id = try context.parameters.require("id")
            guard let run = try await service().run(id) else {
                throw APIError(.notFound, "There is no fission run '\(id.prefix(100))'.")
            }
            return try jsonResponse(run)
        }
    }

    private func service() throws -> any FissionService {
        guard let fission = services.fission else {
            throw APIError(.notFound, "This server does not run seed fission.")
        }
        return fission
    }
}
