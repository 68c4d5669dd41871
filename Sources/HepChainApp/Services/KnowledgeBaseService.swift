import Foundation
import Ingest
import KnowledgeBase
import RAGCore

/// `KnowledgeService` over the real knowledge base, with on-the-fly loading through the guarded fetcher.
struct KnowledgeBaseService: KnowledgeService {
    let intake: DocumentIntake
    let originals: OriginalFiles

    var knowledgeBase: KnowledgeBase { intake.knowledgeBase }

    func collections() async throws -> [CollectionSummary] {
        var result: [CollectionSummary] = []
        for info in try await knowledgeBase.collections() {
            let statistics = try await knowledgeBase.statistics(in: info.name)
            result.append(
                CollectionSummary(
                    name: info.name, model: info.modelID, dimension: info.dimension, documents: statistics.documents,
                    chunks: statistics.chunks))
        }
        return result
    }

    func createCollection(_ name: String) async throws -> CollectionSummary {
        let info = try await knowledgeBase.createCollection(name)
        return CollectionSummary(name: info.name, model: info.modelID, dimension: info.dimension, documents: 0, chunks: 0)
    }

    func documents(in collection: String) async throws -> [DocumentSummary] {
        DocumentSummary.listing(try await knowledgeBase.documents(in: collection), originals: originals)
    }

    func document(_ id: String, in collection: String) async throws -> DocumentSummary {
        guard let document = try await knowledgeBase.document(DocumentID(id), in: collection) else {
            throw ServiceError(.notFound, "There is no document '\(id.prefix(200))' in collection '\(collection)'.")
        }
        var summary = DocumentSummary(document, originals: originals)
        summary.pages = try await knowledgeBase.pageCount(of: document.id, in: collection)
        return summary
    }

    func deleteDocument(_ id: String, in collection: String) async throws {
        let stored = try await knowledgeBase.document(DocumentID(id), in: collection)
        guard try await knowledgeBase.deleteDocument(DocumentID(id), in: collection) else {
            throw ServiceError(.notFound, "There is no document '\(id.prefix(200))' in collection '\(collection)'.")
        }
        if let stored { try await forgetOriginalIfUnused(contentHash: stored.contentHash) }
    }

    func deleteCollection(_ name: String) async throws {
        let hashes = Set(try await knowledgeBase.documents(in: name).map(\.contentHash))
        try await knowledgeBase.deleteCollection(name)
        for hash in hashes { try await forgetOriginalIfUnused(contentHash: hash) }
    }

    func original(_ id: String, in collection: String) async throws -> OriginalFile {
        guard let document = try await knowledgeBase.document(DocumentID(id), in: collection) else {
            throw ServiceError(.notFound, "There is no document '\(id.prefix(200))' in collection '\(collection)'.")
        }
        guard let file = try originals.original(of: document) else {
            throw ServiceError(
                .notFound,
                "The original of document '\(id.prefix(200))' is not available: it was indexed from \(document.source.prefix(200)), which is no longer there or has changed.")
        }
        return file
    }

    /// Originals are shared by content: removed when no document of any collection has those bytes.
    private func forgetOriginalIfUnused(contentHash: String) async throws {
        for info in try await knowledgeBase.collections() {
            if try await knowledgeBase.documents(in: info.name).contains(where: { $0.contentHash == contentHash }) { return }
        }
        originals.remove(contentHash: contentHash)
    }

    func ingest(data: Data, source: String, contentType: String?, file: URL?, into collection: String) async throws -> IngestResult {
        let outcome = try await knowledgeBase.ingest(data: data, source: source, contentType: contentType, in: collection, file: file)
        return try await result(outcome, collection: collection, data: data)
    }

    func ingest(location: String, into collection: String) async throws -> IngestResult {
        let (outcome, download) = try await intake.ingest(location: location, into: collection)
        return try await result(outcome, collection: collection, data: download.data)
    }

    func search(_ query: RetrievalQuery, in collection: String) async throws -> [RetrievedChunk] {
        try await knowledgeBase.search(query, in: collection)
    }

    func stats() async throws -> KnowledgeStats {
        var totals = KnowledgeStats(documents: 0, chunks: 0, indexBytes: 0)
        for info in try await knowledgeBase.collections() {
            let statistics = try await knowledgeBase.statistics(in: info.name)
            totals.documents += statistics.documents
            totals.chunks += statistics.chunks
            totals.indexBytes += Int(statistics.indexBytes)
        }
        return totals
    }

    /// The API outcome; the bytes of a stored document are kept as its original (a failure to keep them
    /// does not fail the ingest: the document is indexed, only "open the original" will say it is missing).
    private func result(_ outcome: IngestOutcome, collection: String, data: Data) async throws -> IngestResult {
        let stored = try await knowledgeBase.document(outcome.documentID, in: collection)
        var summary = stored.map(DocumentSummary.init)
        if let stored, stored.contentHash == SHA256.hexDigest(of: data) {
            try? originals.save(data, contentHash: stored.contentHash)
            summary?.hasOriginal = originals.exists(for: stored)
        }
        return IngestResult(status: outcome.status.rawValue, source: outcome.source, document: summary)
    }
}
