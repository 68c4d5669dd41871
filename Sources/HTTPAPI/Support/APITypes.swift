import Foundation
public import Chain
public import RAGCore
public import HepChainApp

// MARK: - Shared JSON shapes

/// One search hit.
struct HitBody: Codable, Sendable {
    var score: Double
    var text: String
    var citation: CitationBody

    init(_ hit: RetrievedChunk) {
        score = hit.score
        text = hit.chunk.text
        citation = CitationBody(hit.citation)
    }
}

/// Metadata filters in a request body.
struct FilterBody: Codable, Sendable {
    var documents: [String]?
    var categories: [String]?
    var yearFrom: Int?
    var yearTo: Int?
    var language: String?
    var source: String?

    var filter: SearchFilter {
        SearchFilter(
            documents: documents?.map { DocumentID($0) }, categories: categories, yearFrom: yearFrom, yearTo: yearTo,
            language: language, sourcePrefix: source)
    }
}

// MARK: - /v1/search

struct SearchRequestBody: Codable, Sendable {
    var query: String
    var k: Int?
    var mode: String?
    var collection: String?
    var filters: FilterBody?
}

struct SearchResponseBody: Codable, Sendable {
    var hits: [HitBody]
    var mode: String
    var collection: String
    var ms: Double
}

// MARK: - /v1/ask

struct MessageBody: Codable, Sendable {
    var role: String
    var content: String
}

struct AskRequestBody: Codable, Sendable {
    var question: String
    var collection: String?
    var chain: String?
    var history: [MessageBody]?
    var stream: Bool?
    /// URLs or arXiv ids to load on the fly before answering; the answer is restricted to them.
    var documents: [String]?
    var filters: FilterBody?
}

struct TraceBody: Codable, Sendable {
    var step: String
    var ms: Double
    var details: [String: String]
}

struct AskResponseBody: Codable, Sendable {
    var answer: String
    var abstained: Bool
    var citations: [CitationBody]
    var trace: [TraceBody]
    var loaded: [IngestResult]?

    init(_ answer: Answer, loaded: [IngestResult]?) {
        self.answer = answer.text
        abstained = answer.abstained
        citations = answer.citations.map(CitationBody.init)
        trace = answer.trace.map { TraceBody(step: $0.step, ms: $0.milliseconds, details: $0.details) }
        self.loaded = loaded
    }
}

// MARK: - Collections and documents

struct CreateCollectionBody: Codable, Sendable {
    var name: String
}

struct CollectionsBody: Codable, Sendable {
    var collections: [CollectionSummary]
}

struct DocumentsBody: Codable, Sendable {
    var documents: [DocumentSummary]
}

struct AddByLocationBody: Codable, Sendable {
    var url: String?
    var urls: [String]?
    var arxiv: String?
    var collection: String?
}

extension MessageBody {
    func message() throws -> ChatMessage {
        guard let role = ChatMessage.Role(rawValue: role) else {
            throw APIError(.badRequest, "A message role must be 'system', 'user' or 'assistant', not '\(role)'.")
        }
        return ChatMessage(role: role, content: content)
    }
}
