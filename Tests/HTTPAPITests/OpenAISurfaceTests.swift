import Foundation
import HTTPAPI
import Testing

/// The OpenAI surface beyond what the `openai` client test covers: token-id embeddings, refused options, text
/// completions, single models, usage chunks and stream headers (issue 23).
@Suite("OpenAI surface", .serialized)
struct OpenAISurfaceTests {
    /// "What is the mass of the J/ψ meson?" in tiktoken's cl100k_base (`tiktoken.get_encoding("cl100k_base").encode`);
    /// ψ is split over two ids (139, 230), so decoding must join bytes before reading UTF-8.
    static let question = "What is the mass of the J/ψ meson?"
    static let questionIDs = [3923, 374, 279, 3148, 315, 279, 622, 14, 139, 230, 11083, 263, 30]

    static func vectors(_ reply: LoopbackClient.Reply) throws -> [[Double]] {
        let data = try #require(try reply.json()["data"] as? [[String: Any]], "\(reply.text)")
        return data.compactMap { $0["embedding"] as? [Double] }
    }

    @Test("Token-id input (LangChain's default) decodes with cl100k_base and embeds the same text; bad ids are named")
    func tokenIDEmbeddings() async throws {
        let server = try await TestServer.shared.start()
        let text = try await server.client.post("/v1/embeddings", json: ["input": Self.question, "model": "all-MiniLM-L6-v2"])
        #expect(text.status == 200, "\(text.text)")
        let nested = try await server.client.post("/v1/embeddings", json: ["input": [Self.questionIDs, [40, 1093]], "model": "all-MiniLM-L6-v2"])
        #expect(nested.status == 200, "\(nested.text)")
        let flat = try await server.client.post("/v1/embeddings", json: ["input": Self.questionIDs])
        #expect(flat.status == 200, "\(flat.text)")
        let expected = try #require(try Self.vectors(text).first)
        let fromIDs = try Self.vectors(nested)
        #expect(fromIDs.count == 2)
        #expect(zip(expected, fromIDs[0]).allSatisfy { abs($0 - $1) < 1e-5 }, "ids decode to the very text")
        #expect(zip(expected, try #require(try Self.vectors(flat).first)).allSatisfy { abs($0 - $1) < 1e-5 })
        let usage = try #require(try nested.json()["usage"] as? [String: Int])
        #expect(usage["prompt_tokens"] == Self.questionIDs.count + 2, "usage counts the ids sent")

        for bad in [100_300, -1, 100_265] {
            let reply = try await server.client.post("/v1/embeddings", json: ["input": [[3923, bad]]])
            #expect(reply.status == 400, "\(bad): \(reply.text)")
            #expect(reply.errorMessage?.contains("\(bad)") == true && reply.errorMessage?.contains("cl100k_base") == true, "\(reply.text)")
        }
        let mixed = try await server.client.post("/v1/embeddings", json: ["input": [1, "a"]])
        #expect(mixed.status == 400, "\(mixed.text)")
        #expect(mixed.errorMessage?.contains("token-id") == true, "\(mixed.text)")
    }

    @Test("dimensions other than the model's and unserved model names are refused; aliases are accepted")
    func embeddingChecks() async throws {
        let server = try await TestServer.shared.start()
        let shorter = try await server.client.post("/v1/embeddings", json: ["input": "x", "dimensions": 128])
        #expect(shorter.status == 400)
        #expect(shorter.errorMessage?.contains("384") == true && shorter.errorMessage?.contains("128") == true, "\(shorter.text)")
        #expect(try await server.client.post("/v1/embeddings", json: ["input": "x", "dimensions": 384]).status == 200)
        let unknown = try await server.client.post("/v1/embeddings", json: ["input": "x", "model": "text-embedding-3-small"])
        #expect(unknown.status == 404)
        #expect(unknown.errorMessage?.contains("all-MiniLM-L6-v2") == true, "\(unknown.text)")

        let variant = try await TestServer.variant { $0.embeddingModelAliases = ["text-embedding-3-small"] }
        defer { variant.stop() }
        let alias = try await variant.client.post("/v1/embeddings", json: ["input": "x", "model": "text-embedding-3-small"])
        #expect(alias.status == 200, "\(alias.text)")
        #expect(try alias.json()["model"] as? String == "text-embedding-3-small")
    }

    @Test("tools, functions, response_format, n > 1 and unknown citation modes get 400 naming the field")
    func refusedOptions() async throws {
        let server = try await TestServer.shared.start()
        let messages = [["role": "user", "content": Self.question]]
        let tool: [String: Any] = ["type": "function", "function": ["name": "lookup", "parameters": ["type": "object"]]]
        let rows: [(String, [String: Any], String)] = [
            ("/v1/chat/completions", ["messages": messages, "tools": [tool]], "'tools'"),
            ("/v1/chat/completions", ["messages": messages, "functions": [["name": "lookup"]]], "'functions'"),
            ("/v1/chat/completions", ["messages": messages, "response_format": ["type": "json_object"]], "'response_format'"),
            ("/v1/chat/completions", ["messages": messages, "n": 2], "'n'"),
            ("/v1/chat/completions", ["messages": messages, "citations": "footnotes"], "'citations'"),
            ("/v1/completions", ["prompt": Self.question, "tools": [tool]], "'tools'"),
        ]
        for (path, body, field) in rows {
            let reply = try await server.client.post(path, json: body)
            #expect(reply.status == 400, "\(path) \(field): \(reply.text)")
            #expect(reply.errorMessage?.contains(field) == true, "\(reply.text)")
        }
        let text = try await server.client.post("/v1/chat/completions", json: ["messages": messages, "response_format": ["type": "text"], "tools": []])
        #expect(text.status == 200, "text format and an empty tool list are what HepChain does anyway: \(text.text)")
    }

    @Test("/v1/completions answers as text_completion, plain and streamed; inline sources end the text")
    func textCompletions() async throws {
        let server = try await TestServer.shared.start()
        let plain = try await server.client.post("/v1/completions", json: ["model": "hepchain", "prompt": Self.question])
        #expect(plain.status == 200, "\(plain.text)")
        let body = try plain.json()
        #expect(body["object"] as? String == "text_completion")
        let choice = try #require((body["choices"] as? [[String: Any]])?.first)
        let answer = choice["text"] as? String ?? ""
        #expect(answer.contains("3096"), "\(answer)")
        #expect(choice["finish_reason"] as? String == "stop")
        #expect(!((body["citations"] as? [Any]) ?? []).isEmpty)

        let streamed = try await server.client.post(
            "/v1/completions", json: ["prompt": Self.question, "stream": true, "stream_options": ["include_usage": true]])
        #expect(streamed.headers["x-accel-buffering"] == "no")
        let events = LoopbackClient.events(streamed.text).map(\.data)
        #expect(events.last == "[DONE]")
        let chunks = events.dropLast().compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let pieces = chunks.compactMap { ($0["choices"] as? [[String: Any]])?.first?["text"] as? String }.joined()
        #expect(pieces == answer, "the streamed text is the plain answer")
        #expect(chunks.allSatisfy { $0["object"] as? String == "text_completion" })
        let usage = try #require(chunks.last?["usage"] as? [String: Int], "the last chunk carries usage")
        #expect((chunks.last?["choices"] as? [Any])?.isEmpty == true)
        #expect(usage["total_tokens"] == (usage["prompt_tokens"] ?? 0) + (usage["completion_tokens"] ?? 0))

        let inline = try await server.client.post(
            "/v1/chat/completions", json: ["messages": [["role": "user", "content": Self.question]]],
            headers: ["X-HepChain-Citations": "inline"])
        let content = try #require(((try inline.json()["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any])?["content"] as? String)
        let block = try #require(content.range(of: "\n\nSources:\n[1] "), "\(content)")
        #expect(content[..<block.lowerBound].contains("3096"))
        #expect(content[block.upperBound...].contains("http") || content[block.upperBound...].contains("/"), "a source location: \(content)")
    }

    @Test("Chat streams end with a usage chunk only when asked, and carry X-Accel-Buffering: no")
    func chatUsageChunk() async throws {
        let server = try await TestServer.shared.start()
        let messages = [["role": "user", "content": Self.question]]
        for includeUsage in [false, true] {
            let reply = try await server.client.post(
                "/v1/chat/completions", json: ["messages": messages, "stream": true, "stream_options": ["include_usage": includeUsage]])
            #expect(reply.headers["content-type"]?.hasPrefix("text/event-stream") == true)
            #expect(reply.headers["x-accel-buffering"] == "no")
            let events = LoopbackClient.events(reply.text).map(\.data).dropLast()
            let last = try #require(events.last.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
            #expect((last["usage"] != nil) == includeUsage, "\(last)")
        }
        let ask = try await server.client.post("/v1/ask", json: ["question": Self.question, "stream": true])
        #expect(ask.headers["x-accel-buffering"] == "no")
    }

    @Test("GET /v1/models/{id} returns a served model (chains, collections, the embedding model) and 404 otherwise")
    func singleModel() async throws {
        let server = try await TestServer.shared.start()
        for id in ["hepchain", "qa@default", "all-MiniLM-L6-v2"] {
            let reply = try await server.client.get("/v1/models/\(id)")
            #expect(reply.status == 200, "\(id): \(reply.text)")
            #expect(try reply.json()["id"] as? String == id)
        }
        let missing = try await server.client.get("/v1/models/gpt-5")
        #expect(missing.status == 404)
        #expect(missing.errorMessage?.contains("gpt-5") == true)
    }
}
