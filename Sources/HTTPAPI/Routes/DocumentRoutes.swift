import Foundation
import Hummingbird
import NIOCore
import HepChainApp
import Ingest

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

        let receiver = UploadReceiver(folder: UploadReceiver.folder(inDataFolder: configuration.dataFolder), limit: configuration.maxBodyBytes)
        try receiver.checkDeclaredLength(request.headers[.contentLength])
        var statistics = UploadReceiver.Statistics()
        let files: [ReceivedFile]
        if let boundary = UploadReceiver.boundary(of: contentType) {
            files = try await receiver.receiveMultipart(request.body, boundary: boundary, statistics: &statistics)
            guard !files.isEmpty else {
                throw APIError(.unprocessableContent, "The multipart form has no file part; send the document as a file field.")
            }
        } else if contentType.lowercased().hasPrefix("multipart/") {
            throw APIError(.badRequest, "The content type '\(contentType)' has no boundary parameter; send multipart/form-data with its boundary.")
        } else {
            let name = request.uri.queryParameters.get("filename").flatMap { UploadName.sanitize(String($0)) }
            files = [
                try await receiver.receiveRaw(
                    request.body, name: name, contentType: contentType.isEmpty ? nil : contentType, statistics: &statistics)
            ]
        }
        do {
            if files.count == 1, files[0].bytes == 0 {
                throw APIError(.badRequest, "The upload is empty; send the document bytes, a multipart form, or JSON with a URL.")
            }
            if UploadReceiver.boundary(of: contentType) == nil, Self.isJSONAsText(try Self.contents(of: files[0]), contentType: contentType) {
                throw APIError(
                    .unsupportedMediaType,
                    "The body is JSON sent as '\(contentType.isEmpty ? "no content type" : contentType)'. To add documents by URL send it with 'Content-Type: application/json'; to upload a document send the file itself (PDF, HTML, LaTeX, Markdown or text).")
            }
        } catch {
            UploadReceiver.discard(files)
            throw error
        }
        let totalBytes = files.reduce(0) { $0 + $1.bytes }
        if files.count == 1 && totalBytes <= configuration.synchronousUploadBytes {
            let file = files[0]
            defer { UploadReceiver.discard(files) }
            let outcome = try await ingest(file, into: collection)
            services.metrics.recordIngest(status: outcome.status)
            return try jsonResponse(outcome, status: .created)
        }
        let byName = Dictionary(files.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        // Files sent twice under one name are indexed once: the others' scratch files go now.
        UploadReceiver.discard(files.filter { byName[$0.name]?.file != $0.file })
        let status = await jobs.start(sources: files.map(\.name)) { name in
            guard let file = byName[name] else { return IngestResult(status: "failed", source: name, error: "missing") }
            defer { UploadReceiver.discard([file]) }
            return await ingestOutcome(source: "upload:\(name)") { try await ingest(file, into: collection) }
        }
        return try jsonResponse(status, status: .accepted)
    }

    /// Ingests one received file from its scratch file, its parse errors as `uploadError` words them.
    func ingest(_ file: ReceivedFile, into collection: String) async throws -> IngestResult {
        do {
            return try await services.knowledge.ingest(
                data: try Self.contents(of: file), source: "upload:\(file.name)", contentType: file.contentType, file: file.file,
                into: collection)
        } catch {
            throw Self.uploadError(error)
        }
    }

    /// What an uploaded file's parse error is to the caller. Binary bytes with no magic number a loader or
    /// `AutoLoader.unreadableFormat` knows (random bytes, `blob.bin`, a binary file named `.txt` or `.html`) are
    /// a format HepChain cannot read: 415 naming the file and the formats it can read, like a DOCX, not 422.
    /// The CLI keeps `IngestError.binaryContent`'s own sentence ("…contains binary data. Check the file type…").
    static func uploadError(_ error: any Error) -> any Error {
        guard case IngestError.binaryContent(let source, let expected) = error else { return error }
        return APIError(
            .unsupportedMediaType,
            "Cannot read '\(source)': it is binary data in no format HepChain can read (its name and content type said \(expected)). Upload PDF, HTML, LaTeX, Markdown or text.")
    }

    /// The bytes of a received file, mapped from its scratch file rather than copied into memory.
    static func contents(of file: ReceivedFile) throws -> Data {
        do { return try Data(contentsOf: file.file, options: .alwaysMapped) } catch {
            throw APIError(.internalServerError, "Cannot read the received upload back from the data folder: \(error.localizedDescription)")
        }
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
