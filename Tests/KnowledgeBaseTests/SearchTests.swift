import Foundation
import KnowledgeBase
import RAGCore
import Testing

@Suite("Search")
struct SearchTests {
    private func loadedKnowledgeBase(_ folder: URL, configuration: KnowledgeBaseConfiguration = .init()) async throws -> KnowledgeBase {
        let sources = try writeSources(sampleCorpus, in: folder)
        let knowledgeBase = try await openKnowledgeBase(folder, configuration: configuration)
        _ = try await knowledgeBase.ingest(sources: [sources])
        return knowledgeBase
    }

    @Test("Each mode finds the passage with the query's words first, with citation data down to the page")
    func modes() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let knowledgeBase = try await loadedKnowledgeBase(folder)
        for mode in SearchMode.allCases {
            let hits = try await knowledgeBase.search(RetrievalQuery(text: "photon energy scale systematic uncertainties", k: 3, mode: mode))
            let top = try #require(hits.first, "mode \(mode)")
            #expect(top.chunk.text.hasPrefix("Systematic uncertainties"), "mode \(mode)")
            #expect(top.citation.pageStart == 2)
            #expect(top.citation.arxivID == "1503.07589")
            #expect(top.citation.title == "Combined Measurement of the Higgs Boson Mass")
            #expect(top.citation.source.hasSuffix("higgs.txt"))
            #expect(zip(hits, hits.dropFirst()).allSatisfy { $0.score >= $1.score })
        }
    }

    @Test("A Chinese question finds English passages lexically through the term table")
    func chineseToEnglish() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let knowledgeBase = try await loadedKnowledgeBase(folder)
        let hits = try await knowledgeBase.search(RetrievalQuery(text: "北京谱仪的粲偶素数据", k: 5, mode: .bm25, filter: SearchFilter(language: "en")))
        #expect(hits.first?.chunk.text.contains("BESIII") == true)
        let chinese = try await knowledgeBase.search(RetrievalQuery(text: "neutrino mass ordering", k: 5, mode: .bm25, filter: SearchFilter(language: "zh")))
        #expect(chinese.first?.chunk.text.contains("中微子质量") == true)
    }

    @Test("Filtered dense search returns only allowed chunks, exactly or through the index predicate")
    func filteredDense() async throws {
        for threshold in [0, 10_000] {
            let folder = try temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let knowledgeBase = try await loadedKnowledgeBase(folder, configuration: KnowledgeBaseConfiguration(exactSearchThreshold: threshold))
            let filters = [
                SearchFilter(categories: ["hep-ex"]), SearchFilter(yearFrom: 2021), SearchFilter(language: "zh"),
                SearchFilter(documents: [DocumentID("arxiv:1503.07589")]),
            ]
            let documents = try await knowledgeBase.documents()
            for filter in filters {
                let allowed = Set(documents.filter { document in
                    (filter.categories.map { !Set($0).isDisjoint(with: document.metadata.categories) } ?? true)
                        && (filter.yearFrom.map { (document.metadata.year ?? 0) >= $0 } ?? true)
                        && (filter.documents.map { $0.contains(document.id) } ?? true)
                }.map(\.id))
                for mode in SearchMode.allCases {
                    let hits = try await knowledgeBase.search(RetrievalQuery(text: "detector measurement mass", k: 20, mode: mode, filter: filter))
                    #expect(hits.allSatisfy { allowed.contains($0.chunk.id.document) }, "\(mode) \(filter)")
                    if let language = filter.language { #expect(hits.allSatisfy { $0.chunk.language == language }) }
                }
                let dense = try await knowledgeBase.search(RetrievalQuery(text: "detector measurement mass", k: 20, mode: .dense, filter: filter))
                let unfiltered = try await knowledgeBase.search(RetrievalQuery(text: "detector measurement mass", k: 100, mode: .dense))
                let expectedCount = unfiltered.filter { hit in
                    allowed.contains(hit.chunk.id.document) && (filter.language.map { hit.chunk.language == $0 } ?? true)
                }.count
                #expect(dense.count == min(20, expectedCount), "dense \(filter) threshold \(threshold)")
            }
        }
    }

    @Test("Weighted reciprocal rank fusion adds w/(k + rank) over both lists")
    func fusion() {
        let fusion = HybridFusion(denseWeight: 2, lexicalWeight: 1, rankConstant: 10, depth: 10)
        let fused = fusion.fuse(dense: [1, 2, 3] as [VectorKey], lexical: [3, 4, 1] as [VectorKey])
        let expected: [VectorKey: Double] = [
            1: 2.0 / 11 + 1.0 / 13, 2: 2.0 / 12, 3: 2.0 / 13 + 1.0 / 11, 4: 1.0 / 12,
        ]
        #expect(fused.map(\.key) == expected.sorted { $0.value > $1.value }.map(\.key))
        for (key, score) in fused { #expect(abs(score - (expected[key] ?? -1)) < 1e-12) }
    }

    @Test("The built-in glossary translates Chinese terms to English for both searches and English terms to Chinese for BM25")
    func glossaryTranslation() {
        let translator = DictionaryTranslator.glossaryOnly
        let chinese = translator.translate("江门中微子实验的探测器")
        #expect(chinese.addedTerms.contains("JUNO") && chinese.addedTerms.contains("detector"))
        #expect(chinese.dense == "JUNO detector")
        let english = translator.translate("BESIII charmonium results")
        #expect(english.addedTerms.contains("北京谱仪") && english.addedTerms.contains("粲偶素"))
        #expect(english.dense == "BESIII charmonium results")
        #expect(translator.translate("jetty gluonic").addedTerms.isEmpty)
        // Case-insensitive English (short acronyms excepted), whole words only: a letter next to a term blocks it.
        #expect(translator.translate("what did besiii measure?").addedTerms.contains("北京谱仪"))
        #expect(translator.translate("Neutrino-oscillation fits").addedTerms.contains("中微子振荡"))
        #expect(!translator.translate("BESIIIx data").addedTerms.contains("北京谱仪"))
        #expect(!translator.translate("é€BESIIIé").addedTerms.contains("北京谱仪"))
        #expect(translator.translate("(BESIII)").addedTerms.contains("北京谱仪"))
        #expect(translator.translate("粲偶素 and ψ(3686)").addedTerms == ["charmonium"])
    }

    @Test("A second knowledge base on the same folder sees documents the first one adds")
    func twoOpeners() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = try await openKnowledgeBase(folder)
        let reader = try await openKnowledgeBase(folder)
        #expect(try await reader.search(RetrievalQuery(text: "tetraquark", mode: .dense)).isEmpty)
        _ = try await writer.ingest(document: Document(source: "x", format: "text", pages: [Page(number: 1, text: "compact tetraquark lattice")]), contentHash: "x")
        let hits = try await reader.search(RetrievalQuery(text: "tetraquark", mode: .dense))
        #expect(hits.first?.chunk.text == "compact tetraquark lattice")
        _ = try await writer.deleteDocument(DocumentID("x"))
        #expect(try await reader.search(RetrievalQuery(text: "tetraquark", mode: .dense)).isEmpty)
    }
}

@Suite("Search: back matter")
struct BackMatterTests {
    /// A paper whose reference list repeats the query's words more often than the sentence that answers it.
    static let paper = [
        "susy.md": """
            ## Results

            No excess is observed. Gluino masses below 1.51 TeV are excluded at 95% confidence level for a massless neutralino.

            ## References

            [1] ATLAS Collaboration, Search for gluino masses excluded with jets, gluino mass limits, Phys. Lett. B 757 (2016) 334.
            [2] CMS Collaboration, Gluino masses excluded at 95% confidence level, gluino mass search, JHEP 10 (2016) 006.
            """
    ]

    @Test("Hybrid search ranks a reference list below the body unless the query is about references")
    func referencesCountHalf() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let knowledgeBase = try await openKnowledgeBase(folder)
        _ = try await knowledgeBase.ingest(sources: [try writeSources(Self.paper, in: folder)])
        func top(_ text: String, _ mode: SearchMode) async throws -> [String] {
            try await knowledgeBase.search(RetrievalQuery(text: text, k: 2, mode: mode)).map { $0.chunk.sectionPath.last ?? "" }
        }
        #expect(try await top("gluino masses excluded", .bm25).first == "References", "the list matches the words more often")
        #expect(try await top("gluino masses excluded", .hybrid) == ["Results", "References"])
        #expect(try await top("which references exclude gluino masses", .hybrid).first == "References")
    }
}
