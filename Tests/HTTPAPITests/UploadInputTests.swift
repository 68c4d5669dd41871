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
        NameRow(name: "a name of only a path", disposition: #"filename="../../""#, expected: nil),
        NameRow(
            name: "RFC 5987 in ISO-8859-1", disposition: "filename*=iso-8859-1'fr'r%E9sum%E9.md", expected: "résumé.md"),
        NameRow(
            name: "a malformed filename* falls back to filename", disposition: "filename=\"plain.md\"; filename*=UTF-8''%E9%ZZ.md",
            expected: "plain.md"),
        NameRow(name: "bidirectional overrides", disposition: "filename=\"evil\u{202E}dm.exe.md\"", expected: "evildm.exe.md"),
        NameRow(name: "upper-case parameter names", disposition: #"FILENAME="Upper.md""#, expected: "Upper.md"),
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

    struct FormatRow: Sendable, CustomStringConvertible {
        var name: String
        var head: [UInt8]
        var format: String
        /// Whether 512 zero bytes follow `head` (rows of noise are the whole file).
        var padded = true
        var description: String { name }
        var bytes: Data { Data(head) + (padded ? Data(repeating: 0, count: 512) : Data()) }
    }

    /// `count` bytes of reproducible noise (SplitMix64): binary data in no format, with no magic number.
    static func noise(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return UInt8(truncatingIfNeeded: z ^ (z >> 31))
        }
    }

    static let formatRows: [FormatRow] = [
        FormatRow(name: "photo.png", head: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], format: "PNG image"),
        FormatRow(name: "scan.jpg", head: [0xFF, 0xD8, 0xFF, 0xE0], format: "JPEG image"),
        FormatRow(name: "tool", head: [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01], format: "ELF executable"),
        FormatRow(name: "papers.7z", head: [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C, 0x00, 0x04], format: "7z archive"),
        FormatRow(name: "sheet.xls", head: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], format: "OLE2 container"),
        // Binary data no magic number names was refused as "contains binary data" (422) by the text and HTML loaders.
        FormatRow(name: "blob.bin", head: noise(6_000, seed: 23), format: "binary data", padded: false),
        FormatRow(name: "no-extension", head: noise(3_000, seed: 19), format: "binary data", padded: false),
        FormatRow(name: "notes.txt", head: [0x00, 0x01, 0x02, 0x03, 0xFE, 0x10], format: "binary data"),
        FormatRow(name: "page.html", head: noise(2_048, seed: 7), format: "binary data", padded: false),
    ]

    @Test(
        "Formats that cannot be read (containers, images, binary data of no format) get 415 naming the file, the format and the formats that can, as raw bodies and as form files; nothing is stored",
        arguments: formatRows)
    func unreadableFormats(_ row: FormatRow) async throws {
        let server = try await TestServer.shared.start()
        _ = try await server.client.post("/v1/collections", json: ["name": "formats"], headers: Self.headers)
        let bytes = row.bytes
        let raw = try await server.client.post(
            "/v1/documents?collection=formats&filename=\(row.name)", raw: bytes, contentType: "application/octet-stream", headers: Self.headers)
        let boundary = "hepchain-format-row"
        var form = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(row.name)\"\r\n\r\n".utf8)
        form.append(bytes)
        form.append(Data("\r\n--\(boundary)--\r\n".utf8))
        let multipart = try await server.client.post(
            "/v1/documents?collection=formats", raw: form, contentType: "multipart/form-data; boundary=\(boundary)", headers: Self.headers)
        for reply in [raw, multipart] {
            #expect(reply.status == 415, "\(row.name): \(reply.text)")
            let message = reply.errorMessage ?? ""
            #expect(message.contains(row.name) && message.contains(row.format) && message.contains("PDF, HTML, LaTeX, Markdown or text"), "\(message)")
        }
        let listed = try await server.client.get("/v1/documents?collection=formats", headers: Self.headers)
        #expect((try listed.json()["documents"] as? [Any])?.isEmpty == true, "\(listed.text)")
    }

    @Test("A chunked body without a length is refused with 413 while it streams, long before its end; the server answers after")
    func chunkedOverTheLimit() async throws {
        let server = try await TestServer.shared.start()
        let limit = server.runtime.configuration.maxBodyBytes
        let chunk = Data(repeating: UInt8(ascii: "x"), count: 64 << 10)
        let count = (16 * limit) / chunk.count  // 16 times the limit
        let boundary = "hepchain-endless"
        let head = """
            POST /v1/documents HTTP/1.1\r
            Host: 127.0.0.1\r
            Authorization: Bearer test-key\r
            Content-Type: multipart/form-data; boundary=\(boundary)\r
            Transfer-Encoding: chunked\r
            \r

            """
        let first = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"endless.txt\"\r\n\r\n".utf8)
        let connection = try RawHTTPConnection(port: server.client.base.port ?? 0)
        let reply = try await connection.streamChunked(head: head, first: first, chunk: chunk, count: count, limit: 60)
        #expect(reply.status == 413, "\(String(decoding: reply.body, as: UTF8.self))")
        // Refused near the limit: what was sent past it sat in socket buffers, not in the server.
        #expect(reply.bodyBytesSent < 4 * limit, "sent \(reply.bodyBytesSent) of \(count * chunk.count) bytes before the reply")
        #expect(try await server.client.get("/healthz").status == 200)
    }

    @Test("Uploads leave no scratch file behind: one file (201), several (202 job), refused ones")
    func scratchFilesRemoved() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-uploads-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let variant = try await TestServer.variant { $0.dataFolder = data.path }
        defer { variant.stop() }
        _ = try await variant.client.post("/v1/collections", json: ["name": "scratch"], headers: Self.headers)
        let boundary = "hepchain-scratch"
        func form(_ files: [(String, String)]) -> Data {
            var body = Data()
            for (name, text) in files {
                body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: text/markdown\r\n\r\n\(text)\r\n".utf8))
            }
            body.append(Data("--\(boundary)--\r\n".utf8))
            return body
        }
        let type = "multipart/form-data; boundary=\(boundary)"
        let one = try await variant.client.post(
            "/v1/documents?collection=scratch", raw: form([("one.md", "# One\n\nThe tau lepton decays hadronically.")]), contentType: type, headers: Self.headers)
        #expect(one.status == 201, "\(one.text)")
        let several = try await variant.client.post(
            "/v1/documents?collection=scratch",
            raw: form([("two.md", "# Two\n\nNeutrino oscillations imply mass."), ("three.md", "# Three\n\nThe W boson mass was measured.")]),
            contentType: type, headers: Self.headers)
        #expect(several.status == 202, "\(several.text)")
        let job = try #require(try several.json()["id"] as? String)
        var state = "running"
        for _ in 0..<600 where state == "running" {
            try await Task.sleep(for: .milliseconds(100))
            state = (try await variant.client.get("/v1/jobs/\(job)", headers: Self.headers).json()["state"] as? String) ?? "?"
        }
        #expect(state == "finished")
        let refused = try await variant.client.post(
            "/v1/documents?collection=scratch", raw: form([("cut.md", "text")]).dropLast(8), contentType: type, headers: Self.headers)
        #expect(refused.status == 400, "\(refused.text)")
        let scratch = data.appendingPathComponent("uploads")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: scratch.path)) ?? []).isEmpty)
        #expect(FileManager.default.fileExists(atPath: scratch.path), "uploads were received into <data>/uploads/")
    }
}
