import Foundation
import RAGCore
import Testing
import TestSupport

@testable import Chain

@Suite("Seed fission")
struct SeedFissionTests {
    static func passage(_ text: String, section: [String] = ["2 Method"], document: String = "arxiv:0000.00001", page: Int = 3) -> RetrievedChunk {
        let id = ChunkID(document: DocumentID(document), ordinal: 100 + page)  // clear of the fake corpus ordinals
        let chunk = Chunk(id: id, text: text, pageStart: page, pageEnd: page, sectionPath: section)
        let citation = Citation(chunkID: id, title: "A test paper", source: document, arxivID: nil, pageStart: page, pageEnd: page, section: chunk.section)
        return RetrievedChunk(chunk: chunk, score: 0, citation: citation)
    }

    /// The fake corpus plus passages written for these tests: method, reason, comparison and dating
    /// sentences next to the reference list, captions and author list a fission run must not ask about.
    static func retriever() -> InMemoryRetriever {
        let higgs = "arxiv:1503.07589"
        let extra = [
            passage(
                """
                The signal yield is extracted from a simultaneous fit to the diphoton invariant mass spectra of all categories. \
                Photon energies are calibrated with electrons from Z boson decays recorded in the same data set. \
                Events with large pileup are excluded to reduce the impact of mismeasured photons on the Higgs boson mass.
                """, section: ["3 Analysis"], document: higgs, page: 3),
            passage(
                """
                The Higgs boson mass resolution in the four-lepton channel is better than the resolution in the diphoton channel. \
                The Higgs boson was discovered in 2012 by the ATLAS and CMS Collaborations at the Large Hadron Collider. \
                The Higgs boson is an elementary scalar particle predicted by the Brout-Englert-Higgs mechanism.
                """, section: ["1 Introduction"], document: higgs, page: 2),
            passage(
                """
                The systematic uncertainties in the Higgs boson mass are dominated by the photon energy scale. \
                Muon momenta are corrected using J/psi and Z boson decays to dimuon final states.
                """, section: ["5 Systematic uncertainties"], document: higgs, page: 7),
            passage(
                """
                The photon energy scale is determined using electrons from Z boson decays with a correction for the response to photons. \
                The electron energy resolution in the central barrel is smaller than the photon energy resolution in the endcaps. \
                The photon identification efficiency is measured with radiative Z boson decays in data.
                """, section: ["6 Photon calibration"], document: higgs, page: 9),
            passage(
                """
                ATLAS and CMS Collaborations, “Procedure for the LHC Higgs boson search combination”, ATL-PHYS-PUB-2011-11, arXiv:1101.0593. \
                G. Aad et al., “Observation of a new particle in the search for the Standard Model Higgs boson”, Phys. Lett. B 716 (2012) 1.
                """, section: ["References"], document: higgs, page: 12),
            passage(
                """
                Figure 2: Summary of the Higgs boson mass measurements from the individual and combined analyses. \
                A. Abbott, B. Baker, C. Clark, D. Dunn, E. Evans, F. Fisher, G. Green, H. Hill.
                """, section: ["4 Results"], document: higgs, page: 8),
        ]
        var retriever = InMemoryRetriever()
        retriever.chunks = FakeCorpus.chunks + extra
        return retriever
    }

    @Test(
        "The newcomer writes a grammatical question of the sentence's kind",
        arguments: [
            ("The combined measured mass of the Higgs boson is m_H = 125.09 ± 0.21 (stat.) GeV.", "What is the combined measured mass of the Higgs boson?", FissionQuestionKind.value),
            ("The detector has a diameter of 100 mm and a thickness of 33 mm.", "What is the diameter of the detector?", .value),
            ("The Large Underground Xenon experiment is a dark matter search located in South Dakota.", "What is the Large Underground Xenon experiment?", .definition),
            ("The multijet background is estimated from data in control regions with inverted selections.", "How is the multijet background estimated?", .method),
            ("Events with isolated leptons are vetoed to reduce the background from top-quark pairs.", "Why are events with isolated leptons vetoed?", .reason),
            ("The systematic uncertainty of the four-lepton channel is smaller than the diphoton channel uncertainty.", "How does the systematic uncertainty of the four-lepton channel compare with the diphoton channel uncertainty?", .comparison),
            ("The first proton collisions were recorded by the ATLAS detector at the LHC.", "Who recorded the first proton collisions?", .who),
            ("The BEPCII collider was upgraded in 2008 to reach a higher luminosity.", "When was the BEPCII collider upgraded?", .when),
            ("The boosted decision tree is trained to separate signal events from the background.", "What is the boosted decision tree trained for?", .reason),
            ("The muon trigger is based on two muons with opposite charge.", "What is the muon trigger based on?", .method),
            ("The forward-backward asymmetry is defined as the ratio of the difference to the sum.", "How is the forward-backward asymmetry defined?", .definition),
            ("The collision data were collected at the BEPCII collider in Beijing.", "Where were the collision data collected?", .location),
            ("The energy resolution of the calorimeter reaches 3 % at 1 GeV.", "What does the energy resolution of the calorimeter reach?", .value),
            ("The photon identification efficiency depends on the shower shape in the calorimeter.", "What does the photon identification efficiency depend on?", .method),
            ("However, the multijet background is estimated from data in control regions.", "How is the multijet background estimated?", .method),
            ("We estimate the multijet background from data in control regions with inverted selections.", "How is the multijet background estimated?", .method),
            ("We used the anti-kt algorithm to reconstruct jets from topological calorimeter clusters.", "What was the anti-kt algorithm used for?", .reason),
            ("The photon energy scale can be determined using electrons from Z boson decays.", "How can the photon energy scale be determined?", .method),
            ("The calorimeter response has been calibrated with test-beam electrons of known energy.", "How was the calorimeter response calibrated?", .method),
            ("The boosted decision tree is used for the classification of signal events.", "What is the boosted decision tree used for?", .reason),
            ("The modelling uncertainty is estimated as the difference between the two generators.", "How is the modelling uncertainty estimated?", .method),
            ("The transverse mass refers to the mass of the lepton-neutrino system in the transverse plane.", "What does the transverse mass refer to?", .definition),
            ("In the diphoton channel, the background is estimated from a fit to the sidebands.", "In the diphoton channel, how is the background estimated?", .method),
            ("For electrons, the energy scale is calibrated with Z boson decays in data.", "For electrons, how is the energy scale calibrated?", .method),
            ("The systematic uncertainties in the Higgs boson mass are dominated by the photon energy scale.", "What are the systematic uncertainties in the Higgs boson mass dominated by?", .method),
            ("We find that the xenon reduction factor is limited by the purity of the helium carrier gas.", "What is the xenon reduction factor limited by?", .method),
            ("The multijet background in the signal regions is mainly due to mismeasured jet energies in the calorimeter.", "What causes the multijet background in the signal regions?", .reason),
            ("The neural network classifier exploits the kinematic differences between signal and background events.", "What does the neural network classifier exploit?", .method),
        ])
    func questionKinds(sentence: String, question: String, kind: FissionQuestionKind) {
        let drafts = OfflineQuestionWriter.drafts(from: sentence, passage: Self.passage(sentence), language: "en")
        #expect(drafts.first?.text == question)
        #expect(drafts.first?.kind == kind)
        #expect(drafts.allSatisfy { FissionRubric.isWellFormed($0.text) })
    }

    @Test("A Chinese run writes Chinese question templates around the English terms")
    func chineseTemplates() {
        let sentence = "The combined measured mass of the Higgs boson is m_H = 125.09 ± 0.21 (stat.) GeV."
        let draft = OfflineQuestionWriter.drafts(from: sentence, passage: Self.passage(sentence), language: "zh").first
        #expect(draft?.text == "combined measured mass of the Higgs boson的数值是多少？")
        #expect(draft?.english == "What is the combined measured mass of the Higgs boson?")
        // A fronted phrase keeps naming the context in Chinese; "dominated by" asks what dominates.
        let scoped = "In the diphoton channel, the background is estimated from a fit to the sidebands."
        #expect(OfflineQuestionWriter.drafts(from: scoped, passage: Self.passage(scoped), language: "zh").first?.text == "在diphoton channel中，background是如何估计的？")
        let dominated = "The systematic uncertainties in the Higgs boson mass are dominated by the photon energy scale."
        #expect(OfflineQuestionWriter.drafts(from: dominated, passage: Self.passage(dominated), language: "zh").first?.text == "systematic uncertainties in the Higgs boson mass是由什么主导的？")
        let required = "A comprehensive programme of detector studies is required to assess the tracking efficiencies at high pileup."
        #expect(OfflineQuestionWriter.drafts(from: required, passage: Self.passage(required), language: "zh").first?.text == "为什么要求comprehensive programme of detector studies？")
    }

    @Test("No question from reference entries, author lists, affiliations, captions, pronoun subjects or reference sections")
    func neverFromNonEvidence() {
        let noise = [
            "G. Aad et al., “Combined Measurement of the Higgs Boson Mass”, Phys. Rev. Lett. 114 (2015) 191803.",
            "Figure 3: The combined mass of the Higgs boson is shown as a function of the channel.",
            "A. Abbott, B. Baker, C. Clark, D. Dunn, E. Evans, F. Fisher.",
            "Department of Physics, University of Oxford, Institute of Physics, Laboratory of Nuclear Studies.",
            "It is estimated from data in control regions with inverted selections.",
            "The related uncertainties are described in Section 7 and are included in the table of systematic effects.",
            "The work of C. P. is supported by the Swedish Research Council under a national contract.",
            "Particularly interesting is the case of interactive GPUs which remain idle while the user is coding.",
            "Candidate electrons are required to have a transverse momentum above the trigger threshold.",
            "We use a boosted decision tree to separate the signal from the background.",
            "We thank the CERN staff for the excellent operation of the accelerator complex.",
            "The signal region is used for example in the search for squarks.",
            "The bias voltage was applied to both piezo stages of the levitation setup.",
            "The observed exclusion limits are indicated by the dashed lines in the mass plane.",
            "In this case, the background is estimated from data in control regions.",
            "For example, the multijet background is estimated from data in control regions.",
            "In Section 5, the signal yield is extracted from a fit to the mass spectrum.",
        ].joined(separator: " ")
        var used = Set<String>()
        #expect(OfflineQuestionWriter.questions(from: [Self.passage(noise)], count: 5, language: "en", used: &used, kindCounts: [:]).isEmpty)
        let good = "The multijet background is estimated from data in control regions with inverted selections."
        let references = Self.passage(good + " " + noise, section: ["References"])
        #expect(OfflineQuestionWriter.questions(from: [references], count: 5, language: "en", used: &used, kindCounts: [:]).isEmpty)
        // Mostly references makes the whole chunk a reference section, so the mixed passage has a caption and a pronoun sentence only.
        let mixedText = "Figure 3: The combined mass of the Higgs boson is shown as a function of the channel. It is estimated from data in control regions. " + good
        let mixed = OfflineQuestionWriter.questions(from: [Self.passage(mixedText)], count: 5, language: "en", used: &used, kindCounts: [:])
        #expect(mixed.map(\.text) == ["How is the multijet background estimated?"])
    }

    @Test("Offline fission over the corpus: grounded pairs of several kinds, a tree, the rubric passes ≥ 85 %")
    func offlineFission() async throws {
        // Four passages per input so the small corpus leaves later inputs something unread.
        let fission = SeedFission(retriever: Self.retriever(), generator: ExtractiveGenerator.hashed(), embedder: HashEmbedder(dimension: 512, trigrams: true), passagesPerInput: 4)
        // 16 pairs: the seed's readings and its papers' titles alone give about 10 (breadth first), the rest are deeper.
        let result = try await fission.run(seed: "Higgs boson mass", count: 16)
        let records = result.records
        #expect(records.count >= 4)
        #expect(Set(records.map(\.question)).count == records.count, "questions are distinct")
        #expect(Set(records.compactMap(\.kind)).count >= 2, "\(records.map(\.question))")
        let ids = Set(records.map(\.id))
        for record in records {
            #expect(record.mode == "offline")
            #expect(!record.question.contains("…") && !record.question.contains("'"), "no quoted titles: \(record.question)")
            #expect(!record.answer.contains(ExtractiveGenerator.abstention))
            #expect(record.sources.allSatisfy { $0.page != 12 && $0.page != 8 }, "never the reference list or the caption page")
            // Grounded: each quote is a sentence of a corpus passage on the cited document and page.
            for source in record.sources {
                let pages = Self.retriever().chunks.filter { $0.chunk.id.document.rawValue == source.document && $0.chunk.pageStart == source.page }
                #expect(pages.contains { $0.chunk.text.contains(source.quote ?? "<none>") }, "\(source)")
            }
            #expect(record.expected.allSatisfy { expected in record.sources.contains { $0.document == expected.document && $0.page == expected.page } })
            if let parent = record.parent {
                #expect(ids.contains(parent))
                #expect(record.depth > 1)
            } else {
                #expect(record.depth == 1)
            }
        }
        #expect(records.contains { $0.depth > 1 }, "the tree grows beyond the seed")
        let rubric = FissionRubric.evaluate(records)
        #expect(rubric.passRate >= 0.85, "\(rubric.failing)")
        #expect(result.report.rubric == rubric)
        #expect(result.report.rounds.map(\.pairs).reduce(0, +) == records.count)
        #expect(result.report.rounds.first?.depth == 1)
    }

    @Test("--depth 1 keeps every question about the seed (its readings, its papers' titles, the headings of the sections read)")
    func depthAndBreadth() async throws {
        let shallow = SeedFission(retriever: Self.retriever(), generator: ExtractiveGenerator.hashed(), embedder: HashEmbedder(dimension: 512, trigrams: true), maximumDepth: 1, breadth: 1)
        let result = try await shallow.run(seed: "Higgs boson mass", count: 10)
        // With breadth 1 each input keeps one question at once; the others of its passages are set aside and checked
        // when the inputs run out, so the run still reaches its count from the seed's neighbourhood.
        #expect((2...10).contains(result.records.count), "\(result.records.map(\.question))")
        #expect(Set(result.records.map(\.question)).count == result.records.count)
        #expect(result.records.allSatisfy { $0.depth == 1 && $0.parent == nil })
    }

    @Test("A Chinese seed gives Chinese questions (≥ 90 %) over English passages")
    func chineseSeed() async throws {
        let fission = SeedFission(retriever: Self.retriever(), generator: ExtractiveGenerator.hashed(), embedder: HashEmbedder(dimension: 512, trigrams: true))
        let records = try await fission.run(seed: "希格斯玻色子质量", count: 6).records
        #expect(!records.isEmpty)
        let chinese = records.filter { $0.question.unicodeScalars.contains(where: TextAnalysis.isCJK) }
        #expect(Double(chinese.count) >= 0.9 * Double(records.count), "\(records.map(\.question))")
        #expect(records.allSatisfy { $0.language == "zh" && FissionRubric.isWellFormed($0.question) })
    }

    @Test("The rubric fails the pairs the issue reported")
    func rubricCatchesBadPairs() {
        for question in [
            "What does 'Combined Measurement of the Higgs Boson Mass in…' say about ATLAS CMS Collaborations “Procedure?",
            "what is the Assuming negative loglikelihood ratio?", "say about Figure Scans twice negative?", "What is the summary of the?",
            "What is the mass of?", "What is the trigger efficiency for?",
        ] {
            #expect(!FissionRubric.isWellFormed(question), "\(question)")
        }
        // A preposition after its verb is English.
        for question in ["What is the boosted decision tree trained for?", "What does the inner detector consist of?", "What is the trigger based on?", "What is the uncertainty dominated by?"] {
            #expect(FissionRubric.isWellFormed(question), "\(question)")
        }
        let quote = "The combined measured mass of the Higgs boson is m_H = 125.09 ± 0.21 (stat.) ± 0.11 (syst.) GeV."
        func record(_ id: String, _ question: String, quote: String, answer: String = "125.09 GeV [1].") -> FissionRecord {
            var record = FissionRecord(
                id: id, question: question, answer: answer, sources: [.init(document: "arxiv:1503.07589", page: 5, quote: quote)], depth: 1,
                parent: nil, expected: [.init(document: "arxiv:1503.07589", page: 5)], mode: "offline")
            record.kind = .value
            return record
        }
        let good = record("q1", "What is the combined measured mass of the Higgs boson?", quote: quote)
        let reference = record("q2", "What is the Higgs boson mass combination procedure?", quote: "ATLAS and CMS Collaborations, “Procedure for the LHC Higgs boson search combination”, ATL-PHYS-PUB-2011-11, arXiv:1101.0593.")
        let unsupported = record("q3", "What is the width of the top quark?", quote: quote)
        let duplicate = record("q4", "What is the combined measured mass of the Higgs boson?", quote: quote)
        #expect(FissionRubric.failures(of: good, in: [good]).isEmpty)
        #expect(FissionRubric.failures(of: reference, in: [good, reference]).contains(.sourcesNotReferences))
        #expect(FissionRubric.failures(of: unsupported, in: [good, unsupported]) == [.supported])
        #expect(FissionRubric.failures(of: duplicate, in: [good, duplicate]) == [.notDuplicate])
        #expect(FissionRubric.evaluate([good, reference, unsupported, duplicate]).passed == 0)
    }

    @Test("With an LLM behind the OpenAI protocol each role sends its (editable) template; BAD and near-duplicates are dropped and counted")
    func llmFissionOverOpenAIProtocol() async throws {
        let server = try LoopbackHTTPServer { request, _ in
            let messages = request.json["messages"] as? [[String: Any]] ?? []
            let system = messages.first?["content"] as? String ?? ""
            let user = messages.last?["content"] as? String ?? ""
            if system.contains("EDITED NEWCOMER") {
                return LoopbackHTTPServer.completion(
                    "What gluino mass is excluded at 95% confidence level?\nWhat gluino mass is excluded at the 95% confidence level?\nIs the gluino search paper well written?")
            }
            if system.contains("question bank") { return LoopbackHTTPServer.completion(user.contains("Is the gluino search paper") ? "BAD" : "GOOD") }
            if system.contains("expert in high-energy physics") {
                return LoopbackHTTPServer.completion("The gluino mass is excluded up to 1.51 TeV at the 95% confidence level [1].")
            }
            return LoopbackHTTPServer.json(status: 400, ["error": ["message": "unexpected prompt: \(system)"]])
        }
        defer { server.stop() }
        let generator = OpenAIChatGenerator(configuration: .init(
            baseURL: server.baseURL, model: "fake-llm", apiKey: "sk-test", connectTimeout: 5, readTimeout: 15, maxRetries: 0, initialBackoff: 0.01,
            maxBackoff: 1))
        let chains = """
            {"templates": {"fission-newcomer": {"system": "EDITED NEWCOMER about {{topic}}: two questions in {{language}}.", "user": "{{input}}"}}}
            """
        let library = try ChainLibrary.builtIn.loading(json: Data(chains.utf8), file: "test.json")
        let fission = SeedFission(retriever: InMemoryRetriever(), generator: generator, embedder: HashEmbedder(dimension: 512, trigrams: true), library: library, maximumDepth: 1)
        let result = try await fission.run(seed: "supersymmetry gluino", count: 3)
        #expect(result.records.map(\.question) == ["What gluino mass is excluded at 95% confidence level?"])
        #expect(result.records.first?.mode == "llm")
        #expect(result.records.first?.sources.first?.quote?.contains("1.51 TeV") == true)
        // The model repeats its questions on every reading of the seed: each repeat is a near-duplicate.
        #expect(result.report.rejected["near-duplicate", default: 0] >= 1, "\(result.report.rejected)")
        #expect(result.report.rejected["checker-rejected", default: 0] >= 1, "\(result.report.rejected)")
        let duplicate = try #require(result.report.nearDuplicates.first)
        #expect(duplicate.earlier == "What gluino mass is excluded at 95% confidence level?" && duplicate.cosine >= 0.9)
        let systems = server.requests.compactMap { (($0.json["messages"] as? [[String: Any]])?.first?["content"] as? String) }
        #expect(systems.contains { $0.hasPrefix("EDITED NEWCOMER about supersymmetry gluino") })
        #expect(systems.contains { $0.contains("question bank") })
        #expect(systems.contains { $0.contains("expert in high-energy physics") })
    }

    @Test("Outputs: eval JSONL, OpenAI chat fine-tuning JSONL, Alpaca JSON")
    func outputFormats() async throws {
        let fission = SeedFission(retriever: InMemoryRetriever(), generator: ExtractiveGenerator.hashed(), embedder: HashEmbedder(dimension: 512, trigrams: true))
        let records = try await fission.run(seed: "nuclear recoils neutron capture", count: 3).records
        try #require(!records.isEmpty)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fission-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        try SeedFission.writeJSONL(records, to: url)
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == records.count)
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            for key in ["question", "answer", "sources", "depth", "expected", "kind"] { #expect(object[key] != nil, "\(key)") }
            let expected = try #require(object["expected"] as? [[String: Any]])
            #expect(expected.allSatisfy { $0["document"] is String && $0["page"] is Int })
        }
        let chat = try SeedFission.encode(records, format: .openai).split(separator: UInt8(ascii: "\n"))
        #expect(chat.count == records.count)
        for (line, record) in zip(chat, records) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            let messages = try #require(object["messages"] as? [[String: String]])
            #expect(messages.map { $0["role"] } == ["system", "user", "assistant"])
            #expect(messages[1]["content"] == record.question && messages[2]["content"] == record.answer)
        }
        let alpaca = try #require(try JSONSerialization.jsonObject(with: SeedFission.encode(records, format: .alpaca)) as? [[String: String]])
        #expect(alpaca.map { $0["instruction"] } == records.map(\.question))
        #expect(alpaca.allSatisfy { $0["input"] == "" && $0["output"]?.isEmpty == false })
    }
}
