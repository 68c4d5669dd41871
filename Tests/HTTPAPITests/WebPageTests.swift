import Foundation
@testable import HTTPAPI
@testable import HepChainApp
import RAGCore
import Testing

/// The web page's routes (`GET /`, its assets), the original-file route it opens citations with, and the
/// seed-fission routes, on the real application. The page itself is driven in a browser by
/// Tests/Browser/test_web.py (scripts/browser-tests.sh).
@Suite("Web page and originals", .serialized)
struct WebPageTests {
    func auth(_ server: TestServer.Running) -> [String: String] { ["Authorization": "Bearer \(server.apiKey)"] }

    @Test("GET / and its assets come from the binary, under 150 KB, with a self-only CSP and no other host named")
    func page() async throws {
        let server = try await TestServer.shared.start()
        var total = 0
        for (path, type) in [("/", "text/html"), ("/assets/app.js", "text/javascript"), ("/assets/app.css", "text/css")] {
            let reply = try await server.client.get(path)  // no key: the page is public even with keys configured
            #expect(reply.status == 200, "\(path): \(reply.status)")
            #expect(reply.headers["content-type"]?.hasPrefix(type) == true, "\(path): \(reply.headers)")
            #expect(reply.headers["content-security-policy"]?.contains("default-src 'self'") == true)
            #expect(reply.headers["x-content-type-options"] == "nosniff")
            let etag = try #require(reply.headers["etag"])
            let again = try await server.client.get(path, headers: ["If-None-Match": etag])
            #expect(again.status == 304)
            total += reply.body.count
            // The only other host the page may name is arXiv's abstract page, as a link the user follows.
            let hosts = reply.text.matches(of: /https?:\/\/[A-Za-z0-9.-]+/).map { String($0.output) }
            #expect(Set(hosts).isSubset(of: ["https://arxiv.org"]), "\(path) names \(Set(hosts))")
        }
        #expect(total <= 150 * 1024, "the page weighs \(total) bytes")
        #expect(total == WebAssets.totalBytes)
        let html = try await server.client.get("/").text
        #expect(html.contains(#"<script type="module" src="/assets/app.js"></script>"#))
        #expect(!html.contains("<script>"), "inline scripts are refused by the page's own CSP")
        let js = try await server.client.get("/assets/app.js").text
        #expect(!js.contains("innerHTML") && !js.contains("insertAdjacentHTML") && !js.contains("document.write"))
    }

    @Test("A document indexed from a file opens as its original PDF with a safe inline name")
    func originalOfIndexedPDF() async throws {
        let server = try await TestServer.shared.start()
        let documents = try await server.client.get("/v1/documents").json()["documents"] as? [[String: Any]] ?? []
        // Indexed from the repository's corpus: its id is `local:<path hash>/<name>` (no server path, issue 23);
        // its source shows only the path below the folder it was indexed from.
        let pdf = try #require(documents.first {
            ($0["format"] as? String) == "pdf" && ($0["id"] as? String)?.hasPrefix("local:") == true
        })
        #expect(pdf["hasOriginal"] as? Bool == true)
        let id = try #require(pdf["id"] as? String)
        #expect((pdf["source"] as? String).map { !$0.hasPrefix("/") && !$0.hasPrefix("file:") } == true, "\(pdf)")
        let encoded = try #require(id.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        let reply = try await server.client.get("/v1/documents/\(encoded)/original")
        #expect(reply.status == 200, "\(reply.text.prefix(300))")
        #expect(reply.headers["content-type"] == "application/pdf")
        #expect(reply.body.starts(with: Data("%PDF-".utf8)))
        let disposition = try #require(reply.headers["content-disposition"])
        #expect(disposition.wholeMatch(of: /inline; filename="[A-Za-z0-9._-]+\.pdf"/) != nil, "\(disposition)")
        let stored = try #require(try await server.runtime.knowledgeBase.document(DocumentID(id), in: server.runtime.configuration.defaultCollection))
        let fileBytes = try Data(contentsOf: try #require(URL(string: stored.source)))
        #expect(reply.body == fileBytes)
        let summary = try await server.client.get("/v1/documents/\(encoded)").json()
        let pages = try #require(summary["pages"] as? Int)
        #expect((1...50).contains(pages), "\(summary)")
        let missing = try await server.client.get("/v1/documents/no-such-document/original")
        #expect(missing.status == 404)
        #expect(missing.errorMessage?.contains("no-such-document") == true)
    }

    @Test("An upload keeps its bytes: served sandboxed with a cleaned name, and gone when the document is deleted")
    func originalOfUpload() async throws {
        let server = try await TestServer.shared.start()
        let collection = "web-originals"
        _ = try await server.client.post("/v1/collections", json: ["name": collection], headers: auth(server))
        let text = "Quarkonium <script>alert(1)</script> & notes on the web originals test, \(UUID().uuidString).\n"
        let name = #"my "notes"<b>.txt"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let upload = try await server.client.post(
            "/v1/documents?collection=\(collection)&filename=\(name)", raw: Data(text.utf8), contentType: "text/plain",
            headers: auth(server))
        #expect(upload.status == 201, "\(upload.text)")
        let document = try #require(try upload.json()["document"] as? [String: Any])
        #expect(document["hasOriginal"] as? Bool == true)
        let id = try #require(document["id"] as? String).addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let original = try await server.client.get("/v1/documents/\(id)/original?collection=\(collection)")
        #expect(original.status == 200, "\(original.text)")
        #expect(original.text == text)
        #expect(original.headers["content-type"] == "text/plain; charset=utf-8")
        #expect(original.headers["content-disposition"] == #"inline; filename="my__notes__b_.txt""#)
        #expect(original.headers["content-security-policy"]?.hasPrefix("sandbox") == true)
        let deleted = try await server.client.request("DELETE", "/v1/documents/\(id)?collection=\(collection)", headers: auth(server))
        #expect(deleted.status == 204)
        let gone = try await server.client.get("/v1/documents/\(id)/original?collection=\(collection)")
        #expect(gone.status == 404)
        let stored = URL(fileURLWithPath: server.runtime.configuration.dataFolder).appendingPathComponent("originals")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: stored.path)) ?? []
        #expect(!left.contains { (try? String(contentsOf: stored.appendingPathComponent($0), encoding: .utf8)) == text })
        _ = try await server.client.request("DELETE", "/v1/collections/\(collection)", headers: auth(server))
    }

    @Test("Download names keep only safe characters and the extension of the content type")
    func filenames() {
        func name(_ source: String, arxiv: String? = nil, type: String) -> String {
            var metadata = DocumentMetadata()
            metadata.arxivID = arxiv
            let document = StoredDocument(
                id: DocumentID(source), collection: "c", source: source, format: "pdf", contentHash: "", metadata: metadata,
                fetchedAt: "")
            return OriginalFiles.filename(for: document, contentType: type)
        }
        #expect(name("/data/papers/jpsi.pdf", type: "application/pdf") == "jpsi.pdf")
        #expect(name("upload:../../etc/passwd", type: "text/plain; charset=utf-8") == "passwd.txt")
        #expect(name("upload:报告 2024.pdf", type: "application/pdf") == "___2024.pdf")
        #expect(name("https://example.org/a/b/page.html?x=1", type: "text/html") == "page.html")
        #expect(name("https://arxiv.org/pdf/2303.12712", arxiv: "2303.12712", type: "application/pdf") == "arXiv-2303.12712.pdf")
        #expect(name("upload:...", type: "application/pdf") == "document.pdf")
        #expect(name("upload:x.tar.gz", type: "application/gzip") == "x.tar.gz")
        #expect(OriginalFiles.contentType(of: Data("%PDF-1.7".utf8), format: "html") == "application/pdf")
        #expect(OriginalFiles.contentType(of: Data([0x1f, 0x8b, 8, 0]), format: "latex") == "application/gzip")
        #expect(OriginalFiles.localPath("upload:/etc/passwd") == nil)
        #expect(OriginalFiles.localPath("https://example.org/x") == nil)
    }

    @Test("Seed fission runs in the background: 401 without a key, 202 with one, pairs to read when done")
    func fission() async throws {
        let server = try await TestServer.shared.start()
        let anonymous = try await server.client.post("/v1/fission", json: ["topic": "BESIII", "count": 2])
        #expect(anonymous.status == 401)
        let empty = try await server.client.post("/v1/fission", json: ["topic": "  "], headers: auth(server))
        #expect(empty.status == 422)
        let started = try await server.client.post("/v1/fission", json: ["topic": "BESIII", "count": 2], headers: auth(server))
        #expect(started.status == 202, "\(started.text)")
        let id = try #require(try started.json()["id"] as? String)
        var run: [String: Any] = [:]
        let deadline = ContinuousClock.now + .seconds(120)
        repeat {
            try await Task.sleep(for: .milliseconds(200))
            run = try await server.client.get("/v1/fission/\(id)").json()
        } while run["status"] as? String == "running" && ContinuousClock.now < deadline
        #expect(run["status"] as? String == "done", "\(run)")
        let records = run["records"] as? [[String: Any]] ?? []
        #expect(!records.isEmpty && records.count <= 2)
        for record in records {
            #expect((record["question"] as? String)?.isEmpty == false)
            #expect((record["sources"] as? [Any])?.isEmpty == false)
        }
        let list = try await server.client.get("/v1/fission").json()["runs"] as? [[String: Any]] ?? []
        #expect(list.contains { $0["id"] as? String == id && $0["records"] == nil })
        #expect(try await server.client.get("/v1/fission/nope").status == 404)
    }
}
