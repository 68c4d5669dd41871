import Foundation
import Hummingbird
import HepChainApp

/// Collections: list, create, delete.
struct CollectionRoutes {
    let services: HepChainServices
    let configuration: ServerConfiguration

    func register(on router: Router<HepChainRequestContext>) {
        router.get("/v1/collections") { _, _ -> Response in
            try jsonResponse(CollectionsBody(collections: try await services.knowledge.collections()))
        }
        router.post("/v1/collections") { request, _ -> Response in
            var request = request
            let body = try await request.decodeJSON(CreateCollectionBody.self, limit: configuration.maxJSONBytes)
            try CollectionRoutes.validate(name: body.name)
            return try jsonResponse(try await services.knowledge.createCollection(body.name), status: .created)
        }
        router.delete("/v1/collections/:name") { _, context -> Response in
            let name = try context.parameters.require("name")
            try await services.knowledge.deleteCollection(name)
            return Response(status: .noContent)
        }
    }

    /// Collection names are short identifiers, so they are safe in paths and model names.
    static func validate(name: String) throws {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))
        guard !name.isEmpty, name.count <= 64, name.unicodeScalars.allSatisfy({ allowed.contains($0) && $0.isASCII }) else {
            throw APIError(
                .unprocessableContent,
                "A collection name must be 1–64 characters of letters, digits, '-', '_' or '.'; got '\(name.prefix(80))'.")
        }
    }
}
