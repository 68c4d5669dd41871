import Foundation
import HTTPAPI
import Testing

/// The real application over HTTP: ingest the project corpus and the shared real documents, then ask.
@Suite("End to end over HTTP", .serialized)
struct EndToEndTests {
    /// True when one of the citations points at `file` and its page range covers `page`.
    func cites(_ reply: [String: Any], file: String, page: Int) -> Bool {
        let citations = reply["citations"] as? [[String: Any]] ?? []
        return citations.contains { citation in
            let source = citation["source"] as? String ?? ""
            let start = citation["pageStart"] as? Int ?? -1
            let end = citation["pageEnd"] as? Int ?? -1
            return source.hasSuffix(file) && start <= page && page <= end
        }
    }

    @Test("Asking about the project corpus cites the right document and page")
    func asksProjectCorpus() async throws {
        let server = try await TestServer.shared.start()
        let reply = try await server.client.post("/v1/ask", json: ["question": "How many J/ψ events had BESIII collected by 2019?"])
        #expect(reply.status == 200, "\(reply.text)")
        let body = try reply.json()
        let answer = body["answer"] as? String ?? ""
        #expect(answer.contains("10 billion") || answer.contains("10 × 10") || answer.contains("1.0 × 10"), "answer: \(answer)")
        #expect(cites(body, file: "besiii.pdf", page: 3), "citations: \(body["citations"] ?? "none")")
    }

    @Test("Asking about a real arXiv paper cites it at the page that states the result")
    func asksSharedCorpus() async throws {
        let server = try await TestServer.shared.start()
        let reply = try await server.client.post(
            "/v1/ask", json: ["question": "What is the combined measured mass of the Higgs boson?"])
        #expect(reply.status == 200, "\(reply.text)")
        let body = try reply.json()
        let answer = body["answer"] as? String ?? ""
        #expect(answer.contains("125.09"), "answer: \(answer)")
        #expect(cites(body, file: "arxiv_1503.07589v1_atlas_cms_higgs_mass.pdf", page: 1), "citations: \(body["citations"] ?? "none")")
    }

    @Test("A question the documents cannot answer abstains")
    func abstains() async throws {
        let server = try await TestServer.shared.start()
        let reply = try await server.client.post("/v1/ask", json: ["question": "What is the recipe for a good sourdough bread?"])
        #expect(reply.status == 200)
        let body = try reply.json()
        #expect(body["abstained"] as? Bool == true, "\(reply.text)")
    }

    @Test("Search returns hits with citation data in every mode")
    func searchModes() async throws {
        let server = try await TestServer.shared.start()
        for mode in ["dense", "bm25", "hybrid"] {
            let reply = try await server.client.post("/v1/search", json: ["query": "CsI(Tl) crystal calorimeter", "k": 3, "mode": mode])
            #expect(reply.status == 200, "\(mode): \(reply.text)")
            let hits = try reply.json()["hits"] as? [[String: Any]] ?? []
            #expect(hits.count == 3, "\(mode)")
            let citation = hits.first?["citation"] as? [String: Any]
            #expect(citation?["source"] is String && citation?["pageStart"] is Int, "\(mode)")
            // The server's folders never reach a client: a local file is cited by its name.
            let sources = hits.compactMap { ($0["citation"] as? [String: Any])?["source"] as? String }
            #expect(sources.allSatisfy { !$0.hasPrefix("/") && !$0.hasPrefix("file:") && !$0.contains("/shared/") }, "\(sources)")
        }
    }

    @Test("Streaming /v1/ask sends token events and a final event with citations")
    func streamsAsk() async throws {
        let server = try await TestServer.shared.start()
        let reply = try await server.client.post(
            "/v1/ask", json: ["question": "Who discovered the J/ψ meson?", "stream": true])
        #expect(reply.status == 200)
        #expect(reply.headers["content-type"]?.hasPrefix("text/event-stream") == true)
        let events = LoopbackClient.events(reply.text)
        #expect(events.contains { $0.event == "token" })
        let done = try #require(events.last)
        #expect(done.event == "done")
        let final = try JSONSerialization.jsonObject(with: Data(done.data.utf8)) as? [String: Any]
        #expect((final?["citations"] as? [Any])?.isEmpty == false)
        // The streamed text is the final text, so its [n] markers match the citations' markers.
        let streamed = events.filter { $0.event == "token" }
            .compactMap { (try? JSONSerialization.jsonObject(with: Data($0.data.utf8))) as? [String: String] }
            .compactMap { $0["text"] }.joined()
        #expect(streamed == final?["answer"] as? String)
    }
}
