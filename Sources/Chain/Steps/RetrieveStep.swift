public import RAGCore

/// Retrieves candidate chunks for the (standalone) question. Parameters: `k`, `mode` (dense, bm25, hybrid),
/// `dense` (hybrid only: the best dense hits the fused list lacks are added after it), `documents` and
/// `perDocument` (a question that asks two things of papers it names: search each of them apart).
///
/// The hybrid fusion weights BM25 far above the embedding (it ranks better on HEP text), so a chunk only the
/// embedding finds — a paraphrase, "discovered" against "shared the Nobel Prize for the discovery" — never
/// reaches the fused top k. For answering, recall matters more than the order: `dense` adds those chunks as
/// candidates, and the later steps (diversify, pack, the answer step) judge them on their text. The search
/// ranking itself (`hepchain search`, the fusion weights) is unchanged.
///
/// A question that asks two things of two papers ("compare the luminosities of the squark search and of the
/// Drell-Yan measurement") draws a list that one paper fills: its words match more of that paper's chunks. With
/// `documents` set, such a question is also searched inside each of the first `documents` papers of the list
/// that it names (a distinctive word of the title), without the words of their titles (inside a paper they
/// match every chunk; the other's name the other paper), and the best `perDocument` chunks of each are added.
public struct RetrieveStep: ChainStep {
    /// Number of chunks to retrieve.
    public var k: Int
    /// Dense, BM25 or hybrid.
    public var mode: SearchMode
    /// Hybrid only: how many of the best dense hits to add when the fused list lacks them (0: none).
    public var dense: Int
    /// A two-part question: how many of the list's first documents may be searched apart (0: none).
    public var documents: Int
    /// Chunks added from each document searched apart.
    public var perDocument: Int

    /// Creates the step.
    public init(k: Int = 20, mode: SearchMode = .hybrid, dense: Int = 0, documents: Int = 0, perDocument: Int = 3) {
        self.k = k
        self.mode = mode
        self.dense = dense
        self.documents = documents
        self.perDocument = perDocument
    }

    /// `retrieve`.
    public var name: String { "retrieve" }
    public var reads: Set<ChainField> { [] }
    public var writes: Set<ChainField> { [.candidates] }

    /// Fills `candidates`.
    public func run(_ state: inout ChainState, context: ChainContext) async throws -> [String: String] {
        let text = state.searchText
        let query = RetrievalQuery(
            text: text, k: state.options.k ?? k, mode: state.options.mode ?? mode, filter: state.options.filter, denseAdditions: dense)
        state.candidates = try await context.retriever.retrieve(query)
        // Additions come after a full fused list (a shorter one already holds every dense hit).
        let added = max(0, state.candidates.count - query.k)
        let apart = try await searchDocumentsApart(query, found: &state.candidates, retriever: context.retriever, translator: context.translator)
        let documents = Set(state.candidates.map(\.chunk.id.document)).count
        var details = [
            "input": "query of \(text.count) characters, k=\(query.k), mode=\(query.mode.rawValue)",
            "output": "\(state.candidates.count) chunks from \(documents) documents" + (added > 0 ? " (\(added) from dense search only)" : "")
                + (apart > 0 ? " (\(apart) from documents searched apart)" : ""),
        ]
        let note = context.translator.translate(text).note
        if !note.isEmpty { details["translation"] = note }
        return details
    }

    /// For a question that asks two things, adds the best chunks of each of the first `documents` documents in
    /// `found` that it names, each searched alone; returns how many were added. A chunk found this way takes the list's score
    /// at its rank within its document (a listed one keeps its own when higher), so later steps weigh it like
    /// the list's own.
    private func searchDocumentsApart(
        _ query: RetrievalQuery, found: inout [RetrievedChunk], retriever: any Retriever, translator: any QueryTranslator
    ) async throws -> Int {
        guard documents > 0, perDocument > 0, TextAnalysis.asksTwoThings(query.text), query.filter.documents == nil else { return 0 }
        // Only papers the question names (a title word not common to HEP titles; in English for a Chinese
        // question): a question in two parts about one paper ("what mass…? at what pion mass?") is not about the
        // list's next papers.
        let asking = Set(TextAnalysis.contentTerms(query.text + " " + translator.translate(query.text).dense))
        var order: [DocumentID] = []
        var titles: [DocumentID: Set<String>] = [:]
        var seen: Set<DocumentID> = []
        for hit in found where seen.insert(hit.chunk.id.document).inserted && seen.count <= documents {
            let title = Set(TextAnalysis.contentTerms(hit.citation.title ?? ""))
            guard !title.intersection(asking).subtracting(Self.commonTitleTerms).isEmpty else { continue }
            order.append(hit.chunk.id.document)
            titles[hit.chunk.id.document] = title
        }
        guard order.count > 1 else { return 0 }
        var position = Dictionary(found.enumerated().map { ($1.chunk.id, $0) }, uniquingKeysWith: { first, _ in first })
        var added = 0
        // Inside one paper its title's words match every chunk and the other papers' name the other paper: what
        // is left is what the question asks ("integrated luminosities").
        let naming = titles.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        let asked = Self.removingWords(of: naming, from: query.text)
        guard !TextAnalysis.contentTerms(asked).isEmpty else { return 0 }
        for document in order {
            var apart = query
            apart.text = asked
            apart.k = perDocument
            apart.denseAdditions = 0
            apart.filter.documents = [document]
            let scores = found.map(\.score).sorted(by: >)
            for (rank, hit) in try await retriever.retrieve(apart).enumerated() {
                let score = scores[min(rank, scores.count - 1)]
                if let existing = position[hit.chunk.id] {
                    // Found again, higher inside its paper than in the list: it is worth that rank.
                    found[existing].score = max(found[existing].score, score)
                    continue
                }
                var hit = hit
                hit.score = score
                position[hit.chunk.id] = found.count
                found.append(hit)
                added += 1
            }
        }
        return added
    }

    /// Title words of many HEP papers: sharing one does not name a paper.
    static let commonTitleTerms: Set<String> = Set([
        "atlas", "cms", "lhcb", "alice", "detector", "experiment", "experiments", "measurement", "measurements", "search",
        "searches", "tev", "gev", "collision", "collisions", "lhc", "pp", "proton", "data", "using", "study", "new",
        "high", "energy", "physics", "analysis", "model", "13", "8", "7",
    ].map(TextAnalysis.stem))

    /// `text` without the words whose every term is in `terms` ("squark/gluino" goes when both are).
    static func removingWords(of terms: Set<String>, from text: String) -> String {
        guard !terms.isEmpty else { return text }
        return text.split(separator: " ").filter { word in
            let wordTerms = TextAnalysis.contentTerms(String(word))
            return wordTerms.isEmpty || !wordTerms.allSatisfy(terms.contains)
        }.joined(separator: " ")
    }
}
