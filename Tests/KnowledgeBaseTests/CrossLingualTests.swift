import Foundation
import KnowledgeBase
import RAGCore
import Testing

/// The CC-CEDICT file `make setup` exports (`HEPCHAIN_DICTIONARY` overrides), loaded once for the suite.
enum RealDictionary {
    static let file: URL = {
        if let path = ProcessInfo.processInfo.environment["HEPCHAIN_DICTIONARY"], !path.isEmpty { return URL(fileURLWithPath: path) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent("models/cc-cedict/cedict_ts.u8")
    }()

    static let translator: Result<DictionaryTranslator, any Error> = Result {
        try DictionaryTranslator.load(dictionaryFile: file)
    }
}

@Suite("Cross-lingual query translation")
struct CrossLingualTests {
    /// Lines in CC-CEDICT's published format, covering what the cleaner must drop or keep.
    static let sampleDictionary = """
        # CC-CEDICT sample
        #! entries=6
        孤立 孤立 [gu1 li4] /isolated/to isolate/
        觀測 观测 [guan1 ce4] /to observe/to survey/observation (scientific etc)/
        張 张 [Zhang1] /surname Zhang/
        張 张 [zhang1] /to open up/CL:個|个[ge4]/classifier for flat objects, sheet/
        徑跡 径迹 [jing4 ji4] /track (of a particle)/
        大亞灣 大亚湾 [Da4 ya4 wan1] /Daya Bay/
        """

    @Test("The built-in glossary is data: a few hundred concepts with the institute's experiments and facilities")
    func builtInGlossary() throws {
        let glossary = try HEPGlossary.builtIn()
        #expect(glossary.entries.count >= 300)
        let pairs: [(String, String)] = [
            ("北京谱仪", "BESIII"), ("江门中微子实验", "JUNO"), ("高海拔宇宙线观测站", "LHAASO"), ("环形正负电子对撞机", "CEPC"),
            ("大亚湾", "Daya Bay"), ("胶微子", "gluino"), ("量能器", "calorimeter"), ("分支比", "branching fraction"),
        ]
        for (chinese, english) in pairs {
            #expect(glossary.entries.contains { $0.chinese.contains(chinese) && $0.english.contains(english) }, "\(chinese) ↔ \(english)")
        }
        #expect(Set(glossary.entries.map(\.kind)).isSuperset(of: ["experiment", "facility", "particle", "quantity", "detector", "analysis"]))
    }

    @Test("A bad glossary line is named with its file, line and problem")
    func badGlossary() throws {
        #expect(throws: GlossaryError.badLine(
            file: "mine.tsv", line: 3, reason: "expected 'Chinese<TAB>English' or 'Chinese<TAB>English<TAB>kind', found 1 tab-separated column(s)")
        ) {
            try HEPGlossary.parse("# comment\n中微子\tneutrino\n中微子 neutrino\n", name: "mine.tsv")
        }
        #expect(throws: GlossaryError.badLine(file: "mine.tsv", line: 1, reason: "a Chinese and an English name are both needed")) {
            try HEPGlossary.parse("中微子\t | \n", name: "mine.tsv")
        }
        #expect(throws: GlossaryError.badLine(file: "mine.tsv", line: 1, reason: "the first column holds Chinese names; 'neutrino' has no Chinese character")) {
            try HEPGlossary.parse("neutrino\t中微子\n", name: "mine.tsv")
        }
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-glossary-\(UUID().uuidString).tsv")
        #expect(throws: GlossaryError.self) { try DictionaryTranslator.load(glossaryFiles: [missing], dictionaryFile: nil) }
    }

    @Test("A user glossary overrides the built-in one, and the glossary overrides the dictionary; its kinds travel with the terms")
    func userGlossaryOverrides() throws {
        let folder = try temporaryFolder("glossary")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("institute.tsv")
        try "北京谱仪\tBES-three-detector\texperiment\n孤立\tstandalone\n".write(to: file, atomically: true, encoding: .utf8)
        let dictionary = try ChineseEnglishDictionary(bytes: Array(Self.sampleDictionary.utf8), name: "sample.u8")
        var glossary = try HEPGlossary.builtIn()
        glossary = try HEPGlossary.load(file: file).overriding(glossary)
        let translation = DictionaryTranslator(glossary: glossary, dictionary: dictionary).translate("北京谱仪孤立")
        #expect(translation.terms.map(\.targets) == [["BES-three-detector"], ["standalone"]])
        #expect(translation.terms.allSatisfy { $0.origin == .glossary })
        // The kind a glossary gives travels with the term (the answer step holds named things to the quoted paper).
        #expect(translation.terms.map(\.kind) == ["experiment", nil])
        let builtIn = DictionaryTranslator(glossary: try HEPGlossary.builtIn(), dictionary: dictionary).translate("中微子质量的上限")
        #expect(builtIn.terms.first { $0.source == "中微子" }?.kind == "particle", "\(builtIn.terms)")
        #expect(builtIn.terms.first { $0.source == "质量" }?.kind == "quantity", "\(builtIn.terms)")
    }

    @Test("CC-CEDICT lines: classifier, surname and note senses dropped, 'to' removed, common words before proper nouns")
    func dictionaryParsing() throws {
        let dictionary = try ChineseEnglishDictionary(bytes: Array(Self.sampleDictionary.utf8), name: "sample.u8")
        #expect(dictionary.entryCount == 6)
        #expect(dictionary.senses(of: "孤立") == ["isolated", "isolate"])
        #expect(dictionary.senses(of: "观测") == ["observe", "survey", "observation"])
        #expect(dictionary.senses(of: "觀測") == dictionary.senses(of: "观测"))
        #expect(dictionary.senses(of: "张") == ["open up"])
        #expect(dictionary.senses(of: "径迹") == ["track"])
        #expect(dictionary.senses(of: "孤立", limit: 1) == ["isolated"])
        #expect(dictionary.headwords(translating: "Isolated") == ["孤立"])
        #expect(dictionary.headwords(translating: "daya bay") == ["大亚湾"])
        #expect(dictionary.longestHeadword == 3)
        #expect(throws: DictionaryError.badLine(file: "broken.u8", line: 2, reason: "expected 'TRADITIONAL SIMPLIFIED [pinyin] /sense/…/'")) {
            try ChineseEnglishDictionary(bytes: Array("孤立 孤立 [gu1 li4] /isolated/\n孤立 孤立 isolated\n".utf8), name: "broken.u8")
        }
        #expect(throws: DictionaryError.self) {
            try ChineseEnglishDictionary.load(file: URL(fileURLWithPath: "/nonexistent/cedict_ts.u8"))
        }
    }

    @Test("The real CC-CEDICT translates a Chinese question's general words; the glossary its HEP terms")
    func chineseToEnglishWithCEDICT() throws {
        let translator = try RealDictionary.translator.get()
        let dictionary = try #require(translator.dictionary)
        #expect(dictionary.entryCount > 100_000)
        let translation = translator.translate("中子俘获后孤立核反冲的首次观测是如何实现的？")
        #expect(translation.direction == .chineseToEnglish)
        let sources = translation.terms.map(\.source)
        #expect(sources.contains("中子俘获") && sources.contains("核反冲") && sources.contains("孤立"), "\(translation.terms)")
        #expect(!sources.contains("的") && !sources.contains("如何"), "function words are not translated")
        #expect(translation.terms.first { $0.source == "孤立" }?.origin == .dictionary)
        #expect(translation.lexical.contains("neutron capture") && translation.lexical.contains("isolated"))
        #expect(translation.dense.hasPrefix("neutron capture"))
        #expect(!translation.dense.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF })
        // Latin words and numbers stay in the English reading, in place.
        let mixed = translator.translate("13 TeV下ATLAS对胶微子质量的排除限是多少？")
        #expect(mixed.dense.hasPrefix("13 TeV") && mixed.dense.contains("ATLAS gluino mass"), "\(mixed.dense)")
        // Glossary names may start with a Latin letter.
        #expect(translator.translate("W玻色子的电荷不对称性").terms.first?.targets.first == "W boson")
    }

    @Test("A Chinese question with no glossary or dictionary word is searched as written and the note says so")
    func fallback() throws {
        let translator = try RealDictionary.translator.get()
        let query = "㐀㐁㐂？"
        let translation = translator.translate(query)
        #expect(translation.direction == .none)
        #expect(translation.lexical == query && translation.dense == query)
        #expect(translation.note.contains("no glossary or dictionary word"))
        let glossaryOnly = DictionaryTranslator.glossaryOnly.translate("孤立的观测")
        #expect(glossaryOnly.note.contains("glossary only"))
    }

    @Test("English → Chinese: glossary names as whole words (acronyms as written), then dictionary words")
    func englishToChinese() throws {
        let translator = try RealDictionary.translator.get()
        let juno = translator.translate("What is the energy resolution of JUNO?")
        #expect(juno.direction == .englishToChinese)
        #expect(juno.addedTerms.contains("能量分辨率") && juno.addedTerms.contains("江门中微子实验"), "\(juno.terms)")
        #expect(juno.dense == "What is the energy resolution of JUNO?")
        #expect(juno.lexical.hasPrefix("What is the energy resolution of JUNO? "))
        #expect(translator.translate("The fit MET the expectation").terms.contains { $0.source == "MET" })
        #expect(!translator.translate("The result met the expectation").terms.contains { $0.source == "met" && $0.origin == .glossary })
        // Only Han characters of a Chinese name reach BM25: "紧凑μ子线圈" must not add the token "μ" to an English query.
        let cms = translator.translate("CMS results")
        #expect(cms.lexical.contains("紧凑 子线圈") && !cms.lexical.contains("μ"), "\(cms.lexical)")
        let isolated = translator.translate("isolated events")
        #expect(isolated.terms.contains { $0.source == "isolated" && $0.origin == .dictionary && $0.targets.contains("孤立") }, "\(isolated.terms)")
    }

    @Test("Through the knowledge base: a dictionary-only Chinese word finds the English passage, English finds Chinese")
    func knowledgeBaseSearch() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sources = try writeSources(sampleCorpus, in: folder)
        let configuration = KnowledgeBaseConfiguration(translator: try RealDictionary.translator.get())
        let knowledgeBase = try await openKnowledgeBase(folder, configuration: configuration)
        _ = try await knowledgeBase.ingest(sources: [sources])
        // 反应堆 ("reactor") and 液体 ("liquid") are in CC-CEDICT, not in the glossary.
        let english = try await knowledgeBase.search(RetrievalQuery(text: "反应堆里的液体", k: 3, mode: .bm25, filter: SearchFilter(language: "en")))
        #expect(english.first?.chunk.text.contains("reactor neutrino oscillation with a liquid scintillator") == true, "\(english.map(\.chunk.text))")
        let chinese = try await knowledgeBase.search(RetrievalQuery(text: "neutrino mass ordering", k: 3, mode: .bm25, filter: SearchFilter(language: "zh")))
        #expect(chinese.first?.chunk.text.contains("质量顺序") == true)
        let glossaryOnly = try await openKnowledgeBase(folder, configuration: KnowledgeBaseConfiguration(translator: NoTranslation()))
        let untranslated = try await glossaryOnly.search(RetrievalQuery(text: "反应堆里的液体", k: 3, mode: .bm25, filter: SearchFilter(language: "en")))
        #expect(untranslated.isEmpty, "without translation a Chinese query has no English BM25 match")
    }
}
