import Foundation
import HTTPAPI
import KnowledgeBase
import RAGCore
import Testing
@testable import HepChainApp

/// Query translation as the runtime composes it: the configured dictionary and glossaries, the knowledge base's
/// search, and the chain's trace, over the repository's sample pages (two of them Chinese institute pages).
@Suite("Query translation in the runtime")
struct TranslationRuntimeTests {
    @Test("The dictionary defaults to cc-cedict/ beside the model; 'off', a file, the environment and a missing file")
    func dictionaryLocation() throws {
        var configuration = ServerConfiguration()
        configuration.modelFolder = "/opt/hep/models/all-MiniLM-L6-v2"
        let location = try #require(configuration.dictionaryLocation())
        #expect(location.file.path == "/opt/hep/models/cc-cedict/cedict_ts.u8" && location.isDefault)
        try configuration.applyEnvironment(["HEPCHAIN_DICTIONARY": "off", "HEPCHAIN_GLOSSARY": "/a.tsv:/b.tsv"])
        #expect(configuration.dictionaryLocation() == nil)
        #expect(configuration.glossaryFiles == ["/a.tsv", "/b.tsv"])

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-dictionary-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(#"{"dictionaryFile": "/nowhere/cedict_ts.u8", "glossaryFiles": ["/c.tsv"]}"#.utf8).write(to: file)
        let loaded = try ServerConfiguration.load(file: file)
        #expect(loaded.dictionaryLocation()?.file.path == "/nowhere/cedict_ts.u8" && loaded.dictionaryLocation()?.isDefault == false)
        #expect(loaded.glossaryFiles == ["/c.tsv"])
        // A named dictionary must load; a missing default one leaves the glossaries, and the note says where it looked.
        var named = ServerConfiguration()
        named.dictionaryFile = "/nowhere/cedict_ts.u8"
        let error = #expect(throws: DictionaryError.self) { try HepChainRuntime.translator(for: named) }
        #expect(error?.description.contains("/nowhere/cedict_ts.u8") == true)
        var missingDefault = ServerConfiguration()
        missingDefault.modelFolder = "/nowhere/models/all-MiniLM-L6-v2"
        let glossaryOnly = try HepChainRuntime.translator(for: missingDefault)
        #expect(glossaryOnly.dictionary == nil)
        #expect(glossaryOnly.translate("孤立").note.contains("not found at /nowhere/models/cc-cedict/cedict_ts.u8"))
    }

    @Test("An English question finds the Chinese institute page; a Chinese question's trace says what was translated")
    func endToEnd() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-clir-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        var configuration = ServerConfiguration()
        configuration.dataFolder = data.path
        configuration.modelFolder = TestPaths.model.path
        let runtime = try await HepChainRuntime.open(configuration: configuration)
        let report = try await runtime.knowledgeBase.ingest(sources: [TestPaths.corpora.appendingPathComponent("html")])
        #expect(report.failures.isEmpty, "\(report.failures)")
        let translator = try #require(runtime.knowledgeBase.configuration.translator as? DictionaryTranslator)
        #expect(translator.dictionary != nil, "make setup exports CC-CEDICT beside the model")

        // English → Chinese: "storage ring" (glossary) and "circumference" (CC-CEDICT) reach 储存环 and 周长 on the
        // BESIII page, whose text has none of the question's English words.
        let english = "What is the circumference of the storage ring?"
        let hits = try await runtime.knowledgeBase.search(RetrievalQuery(text: english, k: 3, mode: .bm25, filter: SearchFilter(language: "zh")))
        let top = try #require(hits.first)
        #expect(top.chunk.text.contains("237.5"), "\(hits.map { $0.chunk.text.prefix(80) })")
        #expect(!["circumference", "storage", "ring"].contains { top.chunk.text.lowercased().contains($0) })

        // Chinese → English, reported in the retrieve step's trace.
        let answer = try await runtime.executor.run(question: "喷注标记用了哪些机器学习方法？")
        let retrieve = try #require(answer.trace.first { $0.step == "retrieve" })
        #expect(retrieve.details["translation"]?.hasPrefix("zh→en: 喷注标记→jet tagging") == true, "\(retrieve.details)")
        let nothing = try await runtime.executor.run(question: "㐀㐁㐂？")
        #expect(nothing.trace.first { $0.step == "retrieve" }?.details["translation"]?.contains("no glossary or dictionary word") == true)
        try await runtime.close()
    }
}
