import Foundation
import Hummingbird
import RAGCore
import Chain
import HepChainApp

/// `POST /v1/search` and `POST /v1/ask` (JSON or Server-Sent Events).
struct SearchRoutes {
    let services: HepChainServices
    let configuration: ServerConfiguration

    func register(on router: Router<HepChainRequestContext>) {
        router.post("/v1/search") { request, _ -> Response in
            var request = request
            let body = try await request.decodeJSON(SearchRequestBody.self, limit: configuration.maxJSONBytes)
            let query = try retrievalQuery(body)
            let collection = body.collection ?? configuration.defaultCollection
            let start = ContinuousClock.now
            let hits = try await services.knowledge.search(query, in: collection)
            return try jsonResponse(
                SearchResponseBody(
                    hits: hits.map(HitBody.init), mode: query.mode.rawValue, collection: collection,
                    ms: milliseconds(since: start)))
        }
        router.post("/v1/ask") { request, context -> Response in
            var request = request
            let body = try await request.decodeJSON(AskRequestBody.self, limit: configuration.maxJSONBytes)
            let question = body.question.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !question.isEmpty else {
                // The chain's own words, so `hepchain ask ""` and the API say the same.
                throw APIError(.unprocessableContent, "\(ChainError.emptyQuestion)")
            }
            let collection = body.collection ?? configuration.defaultCollection
            var filter = body.filters?.filter ?? SearchFilter()
            var loaded: [IngestResult]?
            if let documents = body.documents, !documents.isEmpty {
                // Loading stores the documents for good: a write, which needs a key even with public reads.
                if !configuration.apiKeys.isEmpty && context.apiKeyID == nil {
                    throw APIError(
                        .unauthorized,
                        "Loading 'documents' with /v1/ask stores them, so it needs an API key: send 'Authorization: Bearer <key>', or ask without 'documents'.")
                }
                // "Read arXiv:2303.12712 and tell me …": load first, then answer from those documents only.
                var outcomes: [IngestResult] = []
                for location in documents {
                    let outcome = try await services.knowledge.ingest(location: location, into: collection)
                    services.metrics.recordIngest(status: outcome.status)
                    outcomes.append(outcome)
                }
                loaded = outcomes
                filter.documents = outcomes.compactMap { $0.document.map { DocumentID($0.id) } }
            }
            let ask = AskRequest(
                question: question, collection: collection, chain: body.chain ?? "qa",
                history: try (body.history ?? []).map { try $0.message() }, filter: filter)
            if body.stream == true {
                return streamingAnswer(ask, loaded: loaded)
            }
            let answer = try await services.answers.ask(ask)
            return try jsonResponse(AskResponseBody(answer, loaded: loaded))
        }
    }

    private func retrievalQuery(_ body: SearchRequestBody) throws -> RetrievalQuery {
        let checked: (text: String, k: Int, mode: SearchMode)
        do {
            checked = try SearchRules.check(query: body.query, k: body.k ?? 10, mode: body.mode ?? "hybrid", maxK: configuration.maxK)
        } catch let violation as SearchRules.Violation {
            throw APIError(.unprocessableContent, violation.message)
        }
        return RetrievalQuery(text: checked.text, k: checked.k, mode: checked.mode, filter: body.filters?.filter ?? SearchFilter())
    }

    /// SSE: `event: token` pieces, then `event: done` with the whole answer and citations.
    private func streamingAnswer(_ ask: AskRequest, loaded: [IngestResult]?) -> Response {
        let answers = services.answers
        let headers = ServerSentEvent.headers
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                do {
                    for try await event in answers.stream(ask) {
                        switch event {
                        case .token(let text):
                            try await writer.write(ServerSentEvent.encode(event: "token", json: ["text": text]))
                        case .done(let answer):
                            try await writer.write(ServerSentEvent.encode(event: "done", value: AskResponseBody(answer, loaded: loaded)))
                        }
                    }
                } catch {
                    let apiError = APIError.from(error, requestID: "stream")
                    try await writer.write(ServerSentEvent.encode(event: "error", json: ["message": apiError.message]))
                }
                try await writer.finish(nil)
            })
    }
}

/// Milliseconds since `start`.
func milliseconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) * 1e-15
}

/// Server-Sent Events framing.
enum ServerSentEvent {
    /// Headers of an event stream: not cached, and not buffered by a reverse proxy (nginx holds a response
    /// back until it is complete unless told `X-Accel-Buffering: no`).
    static var headers: HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        headers[Self.accelBuffering] = "no"
        return headers
    }

    // A valid token, so the initialiser cannot fail.
    static let accelBuffering = HTTPFields.Element.Name("X-Accel-Buffering")!

    static func encode(event: String? = nil, json: [String: String]) -> ByteBuffer {
        let data = (try? JSONSerialization.data(withJSONObject: json, options: [.withoutEscapingSlashes])) ?? Data("{}".utf8)
        return frame(event: event, data: String(decoding: data, as: UTF8.self))
    }

    static func encode<T: Encodable>(event: String? = nil, value: T) throws -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return frame(event: event, data: String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    static func frame(event: String?, data: String) -> ByteBuffer {
        var text = ""
        if let event { text += "event: \(event)\n" }
        text += "data: \(data)\n\n"
        return ByteBuffer(string: text)
    }
}
