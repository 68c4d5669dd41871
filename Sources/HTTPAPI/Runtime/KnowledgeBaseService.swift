import Foundation
import Ingest
import KnowledgeBase
import RAGCore

/// `KnowledgeService` over the real knowledge base, with on-the-fly loading through the guarded fetcher.
struct KnowledgeBaseService: KnowledgeService {
    let knowledgeBase: KnowledgeBase
    let fetcher: Fetcher
    let arxiv: ArxivEndpoints

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

    func deleteCollection(_ name: String) async throws {
        try await knowledgeBase.deleteCollection(name)
    }

    func documents(in collection: String) async throws -> [DocumentSummary] {
        try await knowledgeBase.documents(in: collection).map(DocumentSummary.init)
    }

    func document(_ id: String, in collection: String) async throws -> DocumentSummary {
        guard let document = try await knowledgeBase.document(DocumentID(id), in: collection) else {
            throw APIError(.notFound, "There is no document '\(id.prefix(200))' in collection '\(collection)'.")
        }
        return DocumentSummary(document)
    }

    func deleteDocument(_ id: String, in collection: String) async throws {
        guard try await knowledgeBase.deleteDocument(DocumentID(id), in: collection) else {
            throw APIError(.notFound, "There is no document '\(id.prefix(200))' in collection '\(collection)'.")
        }
    }

    func ingest(data: Data, source: String, contentType: String?, into collection: String) async throws -> IngestResult {
        let outcome = try await knowledgeBase.ingest(data: data, source: source, contentType: contentType, in: collection)
        return try await result(outcome, collection: collection)
    }

    func ingest(location: String, into collection: String) async throws -> IngestResult {
        let resource = try await fetcher.fetchDocument(location, arxiv: arxiv)
        let outcome = try await knowledgeBase.ingest(
            data: resource.data, source: resource.source, contentType: resource.contentType, in: collection)
        return try await result(outcome, collection: collection)
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

    private func result(_ outcome: IngestOutcome, collection: String) async throws -> IngestResult {
        let stored = try await knowledgeBase.document(outcome.documentID, in: collection)
        return IngestResult(status: outcome.status.rawValue, source: outcome.source, document: stored.map(DocumentSummary.init))
    }
}

extension DocumentSummary {
    init(_ document: StoredDocument) {
        self.init(
            id: document.id.rawValue, title: document.metadata.title, source: document.source,
            arxivId: document.metadata.arxivID, arxivVersion: document.metadata.arxivVersion,
            authors: document.metadata.authors, categories: document.metadata.categories, year: document.metadata.year,
            language: document.metadata.language, format: document.format,
            chunks: document.chunkCount)
    }
}
