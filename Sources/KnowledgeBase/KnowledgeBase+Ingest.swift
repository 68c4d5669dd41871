public import Foundation
public import RAGCore
import Ingest
import Store

extension KnowledgeBase {
    // MARK: - Batch

    /// Ingests files and folders (recursively, hidden files skipped): parses and embeds up to
    /// `configuration.parallelism` sources at once, stores each document in its own transaction, and
    /// collects per-source failures without stopping.
    ///
    /// Cancelling the calling task interrupts the batch: no further source starts, the ones in progress are
    /// abandoned before their commit (they are neither outcomes nor failures), the index is flushed, and the
    /// report covers what was done. Running the batch again resumes it, since stored sources are skipped.
    ///
    /// A stored document with the same bytes is skipped unless it was chunked with other settings than the
    /// chunker's (then it is chunked and embedded again, its outcome naming the old settings) or `reindex` is set.
    public func ingest(
        sources: [URL], in collection: String = defaultCollection, reindex: Bool = false,
        progress: (@Sendable (IngestProgress) -> Void)? = nil
    ) async throws -> IngestReport {
        let info = try await requireCollection(collection)
        try await indexes.prepare(info)
        let clock = ContinuousClock()
        let start = clock.now
        var report = IngestReport()
        var files: [(url: URL, bytes: Int, shownAs: String)] = []
        for source in sources {
            do {
                files += try Self.expand(source).map { ($0.url, $0.bytes, Self.shownPath(of: $0.url, indexedFrom: source)) }
            } catch {
                report.failures.append(.init(source: source.path, message: "\(error)"))
            }
        }
        let bytesTotal = files.reduce(0) { $0 + $1.bytes }
        var state = IngestProgress(
            documentsDone: 0, documentsTotal: files.count, chunks: 0, bytesDone: 0, bytesTotal: bytesTotal,
            failures: report.failures.count, elapsedSeconds: 0, currentSource: nil)

        func elapsed() -> Double {
            let duration = clock.now - start
            return duration.inSeconds
        }

        try await withThrowingTaskGroup(of: (String, Int, Result<IngestOutcome, any Error>).self) { group in
            var next = 0
            func startNext() {
                guard next < files.count else { return }
                let file = files[next]
                next += 1
                state.currentSource = file.url.path
                state.elapsedSeconds = elapsed()
                progress?(state)
                group.addTask {
                    do {
                        return (file.url.path, file.bytes, .success(try await self.ingestFile(file.url, into: info, reindex: reindex, shownAs: file.shownAs)))
                    } catch {
                        return (file.url.path, file.bytes, .failure(error))
                    }
                }
            }
            for _ in 0..<max(1, configuration.parallelism) { startNext() }
            // On interruption the loop drains the sources in progress (no new one starts), so the report says which
            // were finished and which rolled back.
            while let (source, bytes, result) = try await group.next() {
                switch result {
                case .success(let outcome):
                    report.outcomes.append(outcome)
                    state.chunks += outcome.chunks
                    if Task.isCancelled { report.finishedAfterInterrupt.append(source) }
                case .failure where Task.isCancelled:
                    // Interrupted: the source was abandoned before its commit, and the next run picks it up.
                    report.rolledBack.append(source)
                    continue
                case .failure(let error):
                    report.failures.append(.init(source: source, message: "\(error)"))
                    state.failures += 1
                }
                state.documentsDone += 1
                state.bytesDone += bytes
                state.elapsedSeconds = elapsed()
                progress?(state)
                if Task.isCancelled { continue }
                startNext()
            }
        }
        try await indexes.flush()
        report.seconds = elapsed()
        return report
    }

    /// Regular files under `source` (or `source` itself), sorted by path, with their sizes; in a folder, the
    /// corpus's notes and what its `.hepchainignore` files list are left out (`CorpusIgnore`).
    static func expand(_ source: URL) throws -> [(url: URL, bytes: Int)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source.path, isDirectory: &isDirectory) else {
            throw KnowledgeBaseError.sourceNotFound(path: source.path)
        }
        guard isDirectory.boolValue else { return [(source, try fileSize(source))] }
        guard let enumerator = FileManager.default.enumerator(
            at: source, includingPropertiesForKeys: [.isRegularFileKey, .fileSizeKey], options: [.skipsHiddenFiles])
        else { throw KnowledgeBaseError.sourceNotFound(path: source.path) }
        var files: [(URL, Int)] = []
        let ignore = CorpusIgnore(root: source)
        for case let url as URL in enumerator {
            if ignore.ignores(url) { continue }
            let values = try url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey])
            if values.isRegularFile == true { files.append((url, values.fileSize ?? 0)) }
        }
        return files.sorted { $0.0.path < $1.0.path }
    }

    /// How a file indexed from `source` is shown to API clients: its path relative to the folder `source`
    /// (e.g. `sub/paper.pdf`), or its name when `source` is the file itself. Never the server's absolute path.
    static func shownPath(of file: URL, indexedFrom source: URL) -> String {
        let root = source.standardizedFileURL.path
        let path = file.standardizedFileURL.path
        guard path != root, path.hasPrefix(root.hasSuffix("/") ? root : root + "/") else { return file.lastPathComponent }
        return String(path.dropFirst(root.hasSuffix("/") ? root.count : root.count + 1))
    }

    /// The metadata key under which a local file's shown path is stored (`shownPath(of:indexedFrom:)`).
    public static let shownPathKey = "shownPath"

    /// The operating system's reason a read failed ("Permission denied", "No such device or address"), not
    /// Foundation's dump of the error.
    static func readFailureReason(_ error: any Error) -> String {
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedFailureReason ?? nsError.localizedDescription
    }

    /// Everything a pipe or other non-regular file yields until its end.
    private static func readToEnd(_ url: URL) throws -> Data {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        return try handle.readToEnd() ?? Data()
    }

    private static func fileSize(_ url: URL) throws -> Int {
        try url.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0
    }

    // MARK: - Single sources

    /// Ingests one file: skipped without parsing when a document with the same bytes is stored.
    func ingestFile(_ url: URL, into collection: CollectionInfo, reindex: Bool = false, shownAs: String? = nil) async throws -> IngestOutcome {
        // A named pipe or a process substitution (`<(curl …)`) can be read only once, and `Data(contentsOf:)`
        // refuses it: read it to its end through a file handle and parse those bytes.
        let isRegularFile = (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) ?? true
        // A pipe's writer may take its time: read off the cooperative pool.
        let data: Data
        do {
            data = isRegularFile ? try Data(contentsOf: url) : try await BlockingWork.run { try Self.readToEnd(url) }
        } catch {
            throw IngestError.unreadable(source: url.path, reason: Self.readFailureReason(error))
        }
        let hash = SHA256.hexDigest(of: data)
        if !reindex, let existing = try await store.document(contentHash: hash, in: collection.name), isCurrent(existing) {
            return IngestOutcome(source: url.path, documentID: existing.id, status: .unchanged, chunks: 0, bytes: data.count)
        }
        try Task.checkCancellation()
        let loader = self.loader
        var document =
            isRegularFile
            ? try await loader.load(url) : try await BlockingWork.run { try loader.parse(data, source: url.path, contentType: nil) }
        document.metadata.extra[Self.shownPathKey] = shownAs ?? url.lastPathComponent
        // Until issue 23 a local file's id was its source, the absolute `file:` URL (or path, for a pipe).
        let legacyID = DocumentID(document.source)
        document.identity = Self.localID(of: url)
        let outcome = try await commit(document, contentHash: hash, bytes: data.count, source: url.path, into: collection, force: reindex)
        if outcome.documentID != legacyID, outcome.status == .added || outcome.status == .replaced {
            // A data folder from before: the file's document under its old id is replaced, not kept beside it.
            _ = try await deleteDocument(legacyID, in: collection.name)
        }
        return outcome
    }

    /// A local file's document id, `local:<16 hex digits of the SHA-256 of its absolute path>/<file name>`: the same
    /// for the file whichever folder it is indexed from (so indexing it again finds its document), distinct for
    /// two files of one name in different folders, and it does not show where the file sits on the server.
    public static func localID(of url: URL) -> DocumentID {
        let path = url.standardizedFileURL.path
        return DocumentID("local:\(SHA256.hexDigest(of: Data(path.utf8)).prefix(16))/\(url.lastPathComponent)")
    }

    /// Whether a stored document was chunked with this knowledge base's chunking settings (a document stored
    /// before settings were recorded counts as current; `hepchain index --reindex` redoes those).
    func isCurrent(_ document: StoredDocument) -> Bool {
        guard let stored = document.metadata.extra[Self.chunkingKey] else { return true }
        return stored == chunker.settings
    }

    /// The metadata key the chunking settings are stored under.
    static let chunkingKey = "chunking"

    /// Ingests bytes from an upload or a fetch, parsed by the loader with an optional declared content type.
    ///
    /// The document is durable when this returns; the index file is rewritten at most every
    /// `indexSaveInterval` (call `flush()` at shutdown), and a stale file is caught up on the next open.
    ///
    /// `metadata`, when given, takes precedence over what the parser found (its empty fields are filled from
    /// the parse): a harvested arXiv paper keeps the title, authors and categories of its API entry.
    ///
    /// `file`, when given, is a local file holding exactly `data` (an upload's scratch file), which the PDF loader
    /// reads in place instead of copying `data` to a temporary file.
    public func ingest(
        data: Data, source: String, contentType: String? = nil, in collection: String = defaultCollection,
        metadata: DocumentMetadata? = nil, reindex: Bool = false, file: URL? = nil
    ) async throws -> IngestOutcome {
        let info = try await requireCollection(collection)
        try await indexes.prepare(info)
        let hash = SHA256.hexDigest(of: data)
        if !reindex, let existing = try await store.document(contentHash: hash, in: collection), isCurrent(existing) {
            return IngestOutcome(source: source, documentID: existing.id, status: .unchanged, chunks: 0, bytes: data.count)
        }
        // Parsing a PDF or an e-print waits for pdftotext or gzip: off the cooperative pool.
        let loader = self.loader
        var document = try await BlockingWork.run { try loader.parse(data, source: source, contentType: contentType, file: file) }
        if let metadata { document.metadata = metadata.filling(from: document.metadata) }
        return try await commit(document, contentHash: hash, bytes: data.count, source: source, into: info, force: reindex)
    }

    /// Ingests an already parsed document; `contentHash` identifies its content (e.g. SHA-256 of the source bytes).
    public func ingest(
        document: Document, contentHash: String, in collection: String = defaultCollection
    ) async throws -> IngestOutcome {
        let info = try await requireCollection(collection)
        try await indexes.prepare(info)
        if let existing = try await store.document(contentHash: contentHash, in: collection) {
            return IngestOutcome(source: document.source, documentID: existing.id, status: .unchanged, chunks: 0, bytes: 0)
        }
        return try await commit(document, contentHash: contentHash, bytes: 0, source: document.source, into: info)
    }

    // MARK: - Pipeline

    /// Chunk → embed in batches → one store transaction → index update.
    private func commit(
        _ document: Document, contentHash: String, bytes: Int, source: String, into collection: CollectionInfo, force: Bool = false
    ) async throws -> IngestOutcome {
        let id = document.id
        let existing = try await store.document(id, in: collection.name)
        var rechunkedFrom: String?
        if let existing {
            if existing.contentHash == contentHash, !force, isCurrent(existing) {
                return IngestOutcome(source: source, documentID: id, status: .unchanged, chunks: 0, bytes: bytes)
            }
            if let stored = existing.metadata.arxivVersion, let offered = document.metadata.arxivVersion, offered < stored {
                return IngestOutcome(source: source, documentID: id, status: .olderVersion, chunks: 0, bytes: bytes)
            }
        }
        if let existing, existing.contentHash == contentHash, !isCurrent(existing) {
            rechunkedFrom = existing.metadata.extra[Self.chunkingKey]
        }
        try Task.checkCancellation()
        var chunks = chunker.chunks(of: document)
        guard !chunks.isEmpty else { throw KnowledgeBaseError.noText(source: source) }
        for index in chunks.indices { chunks[index].id = ChunkID(document: id, ordinal: index) }
        let vectors = try await embed(chunks.map(\.text), source: source)
        // The last point where an interrupted batch abandons a document; after it the commit runs to the end.
        try Task.checkCancellation()
        var metadata = document.metadata
        if !chunker.settings.isEmpty { metadata.extra[Self.chunkingKey] = chunker.settings }
        let record = StoredDocument(
            id: id, collection: collection.name, source: document.source, format: document.format, contentHash: contentHash,
            metadata: metadata, fetchedAt: Timestamp.now(), chunkCount: chunks.count)
        let receipt = try await store.replaceDocument(record, chunks: chunks, vectors: vectors, embeddedBy: embedder.modelID)
        try await indexes.apply(receipt, vectors: vectors, to: collection)
        return IngestOutcome(
            source: source, documentID: id, status: existing == nil ? .added : .replaced, chunks: chunks.count, bytes: bytes,
            rechunkedFrom: rechunkedFrom)
    }

    private func embed(_ texts: [String], source: String) async throws -> [Vector] {
        var vectors: [Vector] = []
        vectors.reserveCapacity(texts.count)
        let batchSize = max(1, configuration.embeddingBatchSize)
        for start in stride(from: 0, to: texts.count, by: batchSize) {
            try Task.checkCancellation()
            let batch = Array(texts[start..<min(texts.count, start + batchSize)])
            let embedded = try await embedder.embed(batch)
            guard embedded.count == batch.count else {
                throw KnowledgeBaseError.badEmbedding(
                    source: source, detail: "\(embedded.count) vectors for \(batch.count) texts")
            }
            if let wrong = embedded.first(where: { $0.count != embedder.dimension }) {
                throw KnowledgeBaseError.badEmbedding(
                    source: source, detail: "a vector of length \(wrong.count) instead of \(embedder.dimension)")
            }
            vectors += embedded
        }
        return vectors
    }
}
