import Foundation
import Hummingbird
import NIOCore
import HepChainApp

/// Documents: upload (raw body or multipart), add by URL or arXiv id, list, get, delete; jobs.
struct DocumentRoutes {
    let services: HepChainServices
    let configuration: ServerConfiguration
    let jobs: JobQueue

    func register(on router: Router<HepChainRequestContext>) {
        router.get("/v1/documents") { request, _ -> Response in
            let collection = collectionName(request)
            return try jsonResponse(DocumentsBody(documents: try await services.knowledge.documents(in: collection)))
        }
        router.get("/v1/documents/:id") { request, context -> Response in
            let id = try documentID(context)
            return try jsonResponse(try await services.knowledge.document(id, in: collectionName(request)))
        }
        router.get("/v1/documents/:id/original") { request, context -> Response in
            let id = try documentID(context)
            let file = try await services.knowledge.original(id, in: collectionName(request))
            return originalResponse(file)
        }
        router.delete("/v1/documents/:id") { request, context -> Response in
            let id = try documentID(context)
            try await services.knowledge.deleteDocument(id, in: collectionName(request))
            return Response(status: .noContent)
        }
        router.post("/v1/documents") { request, _ -> Response in
            try await add(request)
        }
        router.get("/v1/jobs/:id") { _, context -> Response in
            let id = try context.parameters.require("id")
            guard let status = await jobs.status(id) else {
                throw APIError(.notFound, "There is no job '\(id)'.")
            }
            return try jsonResponse(status)
        }
    }

    private func collectionName(_ request: Request) -> String {
        request.uri.queryParameters.get("collection").map { String($0) } ?? configuration.defaultCollection
    }

    private func documentID(_ context: HepChainRequestContext) throws -> String {
        let raw = try context.parameters.require("id")
        return raw.removingPercentEncoding ?? raw
    }

    /// One route, three bodies: JSON `{url|urls|arxiv}`, `multipart/form-data` files, or raw bytes with
    /// their content type and `?filename=`.
    private func add(_ request: Request) async throws -> Response {
        var request = request
        let contentType = request.headers[.contentType] ?? ""
        let collection = collectionName(request)
        if contentType.lowercased().hasPrefix("application/json") {
            let body = try await request.decodeJSON(AddByLocationBody.self, limit: configuration.maxJSONBytes)
            let target = body.collection ?? collection
            var locations = body.urls ?? []
            if let url = body.url { locations.append(url) }
            if let arxiv = body.arxiv { locations.append(arxiv) }
            guard !locations.isEmpty else {
                throw APIError(.unprocessableContent, "Give 'url', 'urls' or 'arxiv' to add documents by location.")
            }
            if locations.count == 1 {
                let outcome = try await services.knowledge.ingest(location: locations[0], into: target)
                services.metrics.recordIngest(status: outcome.status)
                return try jsonResponse(outcome, status: .created)
            }
            let status = await jobs.start(sources: locations) { location in
                await ingestOutcome(source: location) {
                    try await services.knowledge.ingest(location: location, into: target)
                }
            }
            return try jsonResponse(status, status: .accepted)
        }

        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: configuration.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, "The upload is larger than the limit of \(configuration.maxBodyBytes) bytes.")
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, "The upload is larger than the limit of \(configuration.maxBodyBytes) bytes.")
        }
        let data = Data(buffer: body)
        guard !data.isEmpty else {
            throw APIError(.badRequest, "The upload is empty; send the document bytes, a multipart form, or JSON with a URL.")
        }
        var files: [(name: String, contentType: String?, data: Data)] = []
        if let boundary = MultipartForm.boundary(of: contentType) {
            for part in try MultipartForm.parse(data, boundary: boundary) where part.filename != nil {
                let name = part.filename.flatMap(UploadName.sanitize) ?? Self.unnamedUploadName(part.body)
                files.append((name, part.contentType, part.body))
            }
            guard !files.isEmpty else {
                throw APIError(.unprocessableContent, "The multipart form has no file part; send the document as a file field.")
            }
        } else {
            if Self.isJSONAsText(data, contentType: contentType) {
                throw APIError(
                    .unsupportedMediaType,
                    "The body is JSON sent as '\(contentType.isEmpty ? "no content type" : contentType)'. To add documents by URL send it with 'Content-Type: application/json'; to upload a document send the file itself (PDF, HTML, LaTeX, Markdown or text).")
            }
            let name = request.uri.queryParameters.get("filename").flatMap { UploadName.sanitize(String($0)) } ?? Self.unnamedUploadName(data)
            files.append((name, contentType.isEmpty ? nil : contentType, data))
        }
        let totalBytes = files.reduce(0) { $0 + $1.data.count }
        if files.count == 1 && totalBytes <= configuration.synchronousUploadBytes {
            let file = files[0]
            let outcome = try await services.knowledge.ingest(
                data: file.data, source: "upload:\(file.name)", contentType: file.contentType, into: collection)
            services.metrics.recordIngest(status: outcome.status)
            return try jsonResponse(outcome, status: .created)
        }
        let byName = Dictionary(files.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let status = await jobs.start(sources: files.map(\.name)) { name in
            guard let file = byName[name] else { return IngestResult(status: "failed", source: name, error: "missing") }
            return await ingestOutcome(source: "upload:\(name)") {
                try await services.knowledge.ingest(
                    data: file.data, source: "upload:\(file.name)", contentType: file.contentType, into: collection)
            }
        }
        return try jsonResponse(status, status: .accepted)
    }

    /// The name of an upload sent without one: `upload-` and a 64-bit FNV-1a hash of its bytes in hex, so two
    /// different unnamed uploads get different ids (they used to share `upload:upload`, the second replacing
    /// the first) and sending the same bytes again replaces only itself.
    static func unnamedUploadName(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a offset basis
        for byte in data { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }  // FNV prime
        let hex = String(hash, radix: 16)
        return "upload-" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Whether a body sent as text (or with no type) is a JSON object or array: a client that meant
    /// `{"url": …}` but forgot `Content-Type: application/json` would otherwise store the JSON as a document.
    static func isJSONAsText(_ data: Data, contentType: String) -> Bool {
        let type = contentType.lowercased()
        guard type.isEmpty || type.hasPrefix("text/plain") else { return false }
        guard let first = data.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }), first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else {
            return false
        }
        return (try? JSONSerialization.jsonObject(with: data)) != nil
    }

    /// The original bytes, shown inline (PDF, HTML, text) or downloaded (archives), never as part of this
    /// origin: everything but a PDF is sandboxed (a stored HTML page runs no script here), and the type is
    /// not sniffed.
    private func originalResponse(_ file: OriginalFile) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = file.contentType
        let inline = file.contentType.hasPrefix("application/pdf") || file.contentType.hasPrefix("text/")
        headers[.contentDisposition] = "\(inline ? "inline" : "attachment"); filename=\"\(file.filename)\""
        headers[.xContentTypeOptions] = "nosniff"
        headers[.cacheControl] = "private, max-age=300"
        // Chromium's PDF viewer does not open in a sandboxed document; a PDF runs no script of this origin.
        if !file.contentType.hasPrefix("application/pdf") {
            headers[.contentSecurityPolicy] = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: file.data)))
    }

    private func ingestOutcome(source: String, _ work: () async throws -> IngestResult) async -> IngestResult {
        do {
            let outcome = try await work()
            services.metrics.recordIngest(status: outcome.status)
            return outcome
        } catch {
            services.metrics.recordIngest(status: "failed")
            return IngestResult(status: "failed", source: source, error: "\(error)")
        }
    }
}
