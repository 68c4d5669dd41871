import Foundation
import HTTPAPI
import LinearAlgebra
import Testing

/// Routes, status codes and error bodies of the real application.
@Suite("HTTP API contract", .serialized)
struct APIContractTests {
    func auth(_ server: TestServer.Running) -> [String: String] { ["Authorization": "Bearer \(server.apiKey)"] }

    @Test("Malformed JSON, wrong types and huge numbers get 400 with a message naming the problem")
    func badJSON() async throws {
        let server = try await TestServer.shared.start()
        let malformed = try await server.client.post("/v1/search", raw: Data("{\"query\": ".utf8), contentType: "application/json")
        #expect(malformed.status == 400)
        #expect(malformed.errorMessage?.contains("not valid") == true, "\(malformed.text)")
        let wrongType = try await server.client.post("/v1/search", json: ["query": 42])
        #expect(wrongType.status == 400)
        #expect(wrongType.errorMessage?.contains("query") == true, "\(wrongType.text)")
        // A number the field cannot hold is named as out of range, not called malformed JSON.
        for number in ["1e308", "1e300", "-1e308", "2.5", "99999999999999999999"] {
            let huge = try await server.client.post("/v1/search", raw: Data(#"{"query":"x","temperature":0.5,"k":\#(number)}"#.utf8), contentType: "application/json")
            #expect(huge.status == 400, "\(huge.text)")
            #expect(huge.errorMessage?.contains("'k' is out of range") == true, "\(number): \(huge.text)")
            #expect(huge.errorMessage?.contains("malformed") == false, "\(huge.text)")
        }
        let outOfRange = try await server.client.post("/v1/search", json: ["query": "x", "k": 100000])
        #expect(outOfRange.status == 422)
        #expect(outOfRange.errorMessage?.contains("k must be") == true)
    }

    @Test("An empty question gets 422 and an unknown mode names the allowed ones")
    func emptyQuestion() async throws {
        let server = try await TestServer.shared.start()
        let empty = try await server.client.post("/v1/ask", json: ["question": "   "])
        #expect(empty.status == 422)
        let mode = try await server.client.post("/v1/search", json: ["query": "x", "mode": "psychic"])
        #expect(mode.status == 422)
        #expect(mode.errorMessage?.contains("hybrid") == true)
    }

    @Test("Unknown collections and documents get 404")
    func notFound() async throws {
        let server = try await TestServer.shared.start()
        let search = try await server.client.post("/v1/search", json: ["query": "x", "collection": "no-such-collection"])
        #expect(search.status == 404, "\(search.text)")
        let document = try await server.client.get("/v1/documents/no-such-document")
        #expect(document.status == 404)
        let job = try await server.client.get("/v1/jobs/job_missing")
        #expect(job.status == 404)
    }

    @Test("Write routes need the API key: 401 without it, 201 with it; a duplicate collection is 409")
    func authAndConflict() async throws {
        let server = try await TestServer.shared.start()
        let anonymous = try await server.client.post("/v1/collections", json: ["name": "papers"])
        #expect(anonymous.status == 401)
        #expect(anonymous.headers["www-authenticate"] == "Bearer")
        let wrongKey = try await server.client.post("/v1/collections", json: ["name": "papers"], headers: ["Authorization": "Bearer nope"])
        #expect(wrongKey.status == 401)
        let created = try await server.client.post("/v1/collections", json: ["name": "papers"], headers: auth(server))
        #expect(created.status == 201, "\(created.text)")
        let again = try await server.client.post("/v1/collections", json: ["name": "papers"], headers: auth(server))
        #expect(again.status == 409, "\(again.text)")
        let badName = try await server.client.post("/v1/collections", json: ["name": "../etc"], headers: auth(server))
        #expect(badName.status == 422)
        let deleted = try await server.client.request("DELETE", "/v1/collections/papers", headers: auth(server))
        #expect(deleted.status == 204)
    }

    @Test("Uploading a PDF indexes it; uploading it again is a no-op; a broken PDF gets 422 and stores nothing")
    func uploads() async throws {
        let server = try await TestServer.shared.start()
        let headers = auth(server)
        _ = try await server.client.post("/v1/collections", json: ["name": "uploads"], headers: headers)
        let pdf = try Data(contentsOf: TestPaths.sharedCorpora.appendingPathComponent("pdf/jacow_ipac2018_wepml008.pdf"))
        let first = try await server.client.post("/v1/documents?collection=uploads&filename=wepml008.pdf", raw: pdf, contentType: "application/pdf", headers: headers)
        #expect(first.status == 201, "\(first.text)")
        #expect((try first.json())["status"] as? String == "added")
        let second = try await server.client.post("/v1/documents?collection=uploads&filename=wepml008.pdf", raw: pdf, contentType: "application/pdf", headers: headers)
        #expect((try second.json())["status"] as? String == "unchanged")

        let broken = try Data(contentsOf: TestPaths.sharedCorpora.appendingPathComponent("bad/not_a_pdf_dummy_desy_thesis_title.pdf"))
        let rejected = try await server.client.post("/v1/documents?collection=uploads&filename=dummy.pdf", raw: broken, contentType: "application/pdf", headers: headers)
        #expect(rejected.status == 422 || rejected.status == 415, "\(rejected.text)")
        #expect(rejected.errorMessage?.isEmpty == false)

        let listed = try await server.client.get("/v1/documents?collection=uploads")
        let documents = try listed.json()["documents"] as? [[String: Any]] ?? []
        #expect(documents.count == 1)
    }

    @Test("A multipart upload is indexed like a raw one")
    func multipart() async throws {
        let server = try await TestServer.shared.start()
        _ = try await server.client.post("/v1/collections", json: ["name": "forms"], headers: auth(server))
        let html = try Data(contentsOf: TestPaths.corpora.appendingPathComponent("html/jet-tagging.html"))
        let boundary = "hepchain-test-boundary"
        var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"jet-tagging.html\"\r\nContent-Type: text/html\r\n\r\n".utf8)
        body.append(html)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        let reply = try await server.client.post(
            "/v1/documents?collection=forms", raw: body, contentType: "multipart/form-data; boundary=\(boundary)", headers: auth(server))
        #expect(reply.status == 201, "\(reply.text)")
        let search = try await server.client.post("/v1/search", json: ["query": "anti-kt jet algorithm", "collection": "forms", "k": 1])
        let hits = try search.json()["hits"] as? [[String: Any]] ?? []
        #expect(hits.count == 1)
    }

    @Test("A body over the size limit gets 413")
    func tooLarge() async throws {
        let server = try await TestServer.shared.start()
        let big = Data(repeating: 0x41, count: 5 * 1024 * 1024)
        let reply = try await server.client.post("/v1/documents?filename=big.txt", raw: big, contentType: "text/plain", headers: auth(server))
        #expect(reply.status == 413, "\(reply.text)")
    }

    @Test("Chat completions answer in OpenAI's shape with citations, streamed and not")
    func chatCompletions() async throws {
        let server = try await TestServer.shared.start()
        let request: [String: Any] = ["model": "hepchain", "messages": [["role": "user", "content": "What is the mass of the J/ψ meson?"]]]
        let reply = try await server.client.post("/v1/chat/completions", json: request)
        #expect(reply.status == 200, "\(reply.text)")
        let body = try reply.json()
        #expect(body["object"] as? String == "chat.completion")
        let choice = (body["choices"] as? [[String: Any]])?.first
        #expect(((choice?["message"] as? [String: Any])?["content"] as? String)?.contains("3096") == true, "\(reply.text)")
        #expect((body["citations"] as? [Any])?.isEmpty == false)

        var streamed = request
        streamed["stream"] = true
        let stream = try await server.client.post("/v1/chat/completions", json: streamed)
        let events = LoopbackClient.events(stream.text)
        #expect(events.last?.data == "[DONE]")
        let chunks = events.dropLast().compactMap { try? JSONSerialization.jsonObject(with: Data($0.data.utf8)) as? [String: Any] }
        #expect(chunks.allSatisfy { $0["object"] as? String == "chat.completion.chunk" })
        #expect(chunks.contains { ($0["citations"] as? [Any])?.isEmpty == false })
        let unknown = try await server.client.post("/v1/chat/completions", json: ["model": "gpt-9", "messages": [["role": "user", "content": "hi"]]])
        #expect(unknown.status == 404)
    }

    @Test("Embeddings come from the native model, as floats or base64, and models are listed")
    func embeddingsAndModels() async throws {
        let server = try await TestServer.shared.start()
        let reply = try await server.client.post("/v1/embeddings", json: ["input": ["J/psi", "charmonium"], "model": "all-MiniLM-L6-v2"])
        #expect(reply.status == 200)
        let data = try reply.json()["data"] as? [[String: Any]] ?? []
        #expect(data.count == 2)
        #expect((data.first?["embedding"] as? [Double])?.count == 384)
        let encoded = try await server.client.post("/v1/embeddings", json: ["input": "J/psi", "encoding_format": "base64"])
        let text = ((try encoded.json()["data"] as? [[String: Any]])?.first?["embedding"] as? String) ?? ""
        #expect(Data(base64Encoded: text)?.count == 384 * 4)
        let models = try await server.client.get("/v1/models")
        let ids = (try models.json()["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(ids.contains("hepchain") && ids.contains("qa@default"))
    }

    @Test("Health reports the BLAS kernel and metrics count requests in Prometheus format")
    func operations() async throws {
        let server = try await TestServer.shared.start()
        let health = try await server.client.get("/healthz")
        #expect(health.status == 200)
        let body = try health.json()
        #expect(body["status"] as? String == "ok")
        #expect((body["blasCore"] as? String)?.isEmpty == false)
        #expect(body["vectorKernels"] as? String == KernelLevel.selected.rawValue)
        _ = try await server.client.post("/v1/search", json: ["query": "neutrino"])
        let metrics = try await server.client.get("/metrics")
        #expect(metrics.text.contains(#"hepchain_http_requests_total{method="POST",route="/v1/search",status="200"}"#))
        #expect(metrics.text.contains("hepchain_chunks "))
    }
}
