import Foundation
import Testing

@testable import HTTPAPI

/// Uploads a careless or hostile client sends (issue 23, defect 6 and the 415 promise of docs/http-api.md).
@Suite("Upload input", .serialized)  // one upload at a time: the rows would otherwise pass maxConcurrentUploads (4) and be shed
struct UploadInputTests {
    static let headers = ["Authorization": "Bearer test-key"]

    @Test("Two uploads without a filename get distinct documents; neither replaces the other")
    func unnamedUploads() async throws {
        let server = try await TestServer.shared.start()
        _ = try await server.client.post("/v1/collections", json: ["name": "unnamed"], headers: Self.headers)
        var ids: [String] = []
        for text in ["The J/psi meson was discovered in 1974 at SLAC and BNL.", "The Upsilon meson was discovered in 1977 at Fermilab."] {
            let reply = try await server.client.post(
                "/v1/documents?collection=unnamed", raw: Data(text.utf8), contentType: "text/plain", headers: Self.headers)
            #expect(reply.status == 201, "\(reply.text)")
            #expect((try reply.json()["status"] as? String) == "added", "\(reply.text)")
            let document = try reply.json()["document"] as? [String: Any]
            ids.append(document?["id"] as? String ?? "")
            #expect((document?["source"] as? String)?.hasPrefix("upload:upload-") == true, "\(reply.text)")
        }
        #expect(ids[0] != ids[1], "\(ids)")
        let listed = try await server.client.get("/v1/documents?collection=unnamed", headers: Self.headers)
        #expect((try listed.json()["documents"] as? [Any])?.count == 2, "\(listed.text)")
    }

    @Test("JSON sent as text/plain is refused with 415 and stores nothing")
    func jsonAsText() async throws {
        let server = try await TestServer.shared.start()
        _ = try await server.client.post("/v1/collections", json: ["name": "jsontext"], headers: Self.headers)
        let body = Data(#"{"url": "https://arxiv.org/abs/2303.12712"}"#.utf8)
        let reply = try await server.client.post("/v1/documents?collection=jsontext", raw: body, contentType: "text/plain", headers: Self.headers)
        #expect(reply.status == 415, "\(reply.text)")
        #expect(reply.errorMessage?.contains("Content-Type: application/json") == true, "\(reply.text)")
        let listed = try await server.client.get("/v1/documents?collection=jsontext", headers: Self.headers)
        #expect((try listed.json()["documents"] as? [Any])?.isEmpty == true, "\(listed.text)")
    }

    @Test("A DOCX upload gets 415 naming the container and the formats that can be read")
    func docx() async throws {
        let server = try await TestServer.shared.start()
        var body = Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00])
        body.append(Data("[Content_Types].xml word/document.xml".utf8))
        body.append(Data(repeating: 0, count: 256))
        let reply = try await server.client.post(
            "/v1/documents?filename=report.docx", raw: body,
            contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", headers: Self.headers)
        #expect(reply.status == 415, "\(reply.text)")
        let message = reply.errorMessage ?? ""
        #expect(message.contains("report.docx") && message.contains("ZIP container") && message.contains("PDF, HTML"), "\(message)")
        #expect(try await server.client.get("/healthz").status == 200)
    }

    struct NameRow: Sendable, CustomStringConvertible {
        var name: String
        /// The `Content-Disposition` parameters after `form-data; name="file"; ` (raw bytes allowed).
        var disposition: String
        /// The stored source must be `upload:` + this (nil: named by content, `upload:upload-…`).
        var expected: String?
        var description: String { name }
    }

    static let longName = String(repeating: "a", count: 1_000) + ".md"

    static let nameRows: [NameRow] = [
        NameRow(name: "a semicolon inside quotes", disposition: #"filename="a;b.md""#, expected: "a;b.md"),
        NameRow(name: "escaped quotes", disposition: #"filename="say \"hi\".md""#, expected: #"say "hi".md"#),
        NameRow(
            name: "RFC 5987 filename* wins over filename",
            disposition: "filename=\"fallback.md\"; filename*=UTF-8''%E9%AB%98%E8%83%BD%E7%89%A9%E7%90%86.md", expected: "高能物理.md"),
        NameRow(name: "filename* alone", disposition: "filename*=utf-8''na%C3%AFve%20notes.md", expected: "naïve notes.md"),
        NameRow(name: "raw UTF-8 CJK", disposition: "filename=\"粒子物理导论.md\"", expected: "粒子物理导论.md"),
        NameRow(name: "path traversal", disposition: #"filename="../../etc/passwd.md""#, expected: "passwd.md"),
        NameRow(name: "Windows path", disposition: #"filename="C:\\Users\\x\\notes.md""#, expected: "notes.md"),
        NameRow(name: "NUL and control characters", disposition: "filename=\"a\u{0}b\u{7}c.md\"", expected: "abc.md"),
        NameRow(name: "a hidden name", disposition: #"filename=".env.md""#, expected: "env.md"),
        NameRow(name: "1,000 characters", disposition: "filename=\"\(longName)\"", expected: String(repeating: "a", count: 197) + ".md"),
        NameRow(name: "an empty name", disposition: #"filename="""#, expected: nil),
    ]

    @Test(
        "Upload names: quotes, semicolons, filename*, CJK, ../, NUL and 1,000 characters are read and made safe; the server answers after each",
        arguments: nameRows)
    func uploadNames(_ row: NameRow) async throws {
        let server = try await TestServer.shared.start()
        _ = try await server.client.post("/v1/collections", json: ["name": "names"], headers: Self.headers)
        let boundary = "hepchain-boundary-7f3a"
        var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; ".utf8)
        body.append(Data(row.disposition.utf8))
        body.append(
            Data("\r\nContent-Type: text/markdown\r\n\r\n# Notes\n\nThe row '\(row.name)' tests upload names: charm quarks and B mesons.\n\r\n--\(boundary)--\r\n".utf8))
        let reply = try await server.client.post(
            "/v1/documents?collection=names", raw: body, contentType: "multipart/form-data; boundary=\(boundary)", headers: Self.headers)
        #expect(reply.status == 201, "\(row.name): \(reply.text)")
        let source = ((try? reply.json())?["document"] as? [String: Any])?["source"] as? String ?? ""
        if let expected = row.expected {
            #expect(source == "upload:" + expected, "\(row.name): \(source)")
        } else {
            #expect(source.hasPrefix("upload:upload-"), "\(row.name): \(source)")
        }
        #expect(try await server.client.get("/healthz").status == 200, "the server answers after \(row.name)")
    }
}
