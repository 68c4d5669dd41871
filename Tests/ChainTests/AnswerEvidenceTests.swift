import Foundation
import RAGCore
import Testing
import TestSupport

@testable import Chain

/// The answer step's rules on sentences taken from the real papers of `../shared/corpora` (the dev-half misses
/// of docs/answer-step.md they were written for): what a question asks, which lines are evidence, and which
/// documents must carry the question's names.
@Suite("Answer evidence rules on real sentences")
struct AnswerEvidenceTests {
    static func passage(_ text: String, document: String, title: String? = nil, ordinal: Int = 0, authors: [String] = []) -> RetrievedChunk {
        let id = ChunkID(document: DocumentID(document), ordinal: ordinal)
        let chunk = Chunk(id: id, text: text, pageStart: 1, pageEnd: 1, sectionPath: [])
        let citation = Citation(
            chunkID: id, title: title ?? document, source: "file:///corpora/\(document)", arxivID: nil, pageStart: 1, pageEnd: 1, section: nil,
            authors: authors)
        return RetrievedChunk(chunk: chunk, score: 0, citation: citation)
    }

    /// Lexical scoring only, never abstaining: these tests are about which sentence is quoted.
    static let quoting = ExtractiveGenerator(
        embedder: nil, calibration: .init(embeddingWeight: 0, minimumEvidence: 0, minimumCoverage: 0, minimumSimilarity: 0))

    @Test("What a question asks: 'when' only as the question word, 'what is meant by', and Chinese 'which two physicists'", arguments: [
        ("By what factor do the EFT Wilson-coefficient limits improve when the fits use only experimental uncertainties?", AnswerKind.quantity),
        ("When was the Higgs boson discovered?", .date),
        ("In the ATLAS+CMS Higgs mass paper, what is meant by an Asimov data set?", .definition),
        ("引言中提到，超对称规范理论的重要作用是由哪两位物理学家的工作所揭示的？", .name),
        ("Living Review 最近收录的论文中，哪一篇提出了面向 ROOT 高能物理分析的大语言模型智能体？", .name),
    ])
    func questionKinds(_ question: String, _ kind: AnswerKind) {
        #expect(AnswerKind(question: question, focus: QuestionFocus(question)) == kind)
    }

    @Test("Figure and table labels are read from questions and captions, in English and Chinese")
    func labels() {
        typealias Label = ExtractiveGenerator.FigureLabel
        #expect(ExtractiveGenerator.labels(in: "What does Figure 1 of the 3.9 GHz tuner-testing paper show?") == [Label(kind: "figure", number: 1)])
        #expect(ExtractiveGenerator.labels(in: "表 1 给出的二维截面测量分区中") == [Label(kind: "table", number: 1)])
        #expect(ExtractiveGenerator.labels(in: "as shown in Fig. 7 and TABLE 2.") == [Label(kind: "figure", number: 7), Label(kind: "table", number: 2)])
        #expect(ExtractiveGenerator.labels(in: "we configure 1 tuner per cavity; see the figures").isEmpty)
        #expect(ExtractiveGenerator.label(ofCaption: "Figure 1: Slim Blade Tuner mounted on the dressed cavity before installed into HTS.") == Label(kind: "figure", number: 1))
    }

    @Test("The caption a question names answers it, over a sentence that matches more of its words")
    func namedCaptionLeads() async throws {
        let sources = [
            Self.passage(
                "This measurement shows that: (1) tuner/cavity system don’t have internal mechanical resonances below 150 Hz; and (2) major contributions to microphonics spectrum came from sources with frequencies below 150 Hz.",
                document: "jacow_ipac2018_wepml008.pdf", ordinal: 14),
            Self.passage(
                "Design of the 3.9 GHz tuner, technical specifications and results of the warm test measurements presented in the paper. Figure 1: Slim Blade Tuner mounted on the dressed cavity before installed into HTS.",
                document: "jacow_ipac2018_wepml008.pdf", ordinal: 2),
        ]
        let question = "What does Figure 1 of the 3.9 GHz tuner-testing paper show?"
        let answer = try await Self.quoting.generate(GenerationRequest(messages: [], question: question, sources: sources))
        #expect(answer.text.hasPrefix("Figure 1: Slim Blade Tuner"), "\(answer.text)")
    }

    /// The two chunks Ingest makes of ../shared/corpora/atom/arxiv_oai_getrecord_1305.0014.xml (its record page:
    /// title, record lines, abstract; the abstract shortened here).
    static let recordChunks = [
        passage(
            "Framework for maximum likelihood analysis of neutron beta decay observables to resolve the limits of the V-A law\n\nAuthors: S. Gardner, B. Plaster.\nSubmitted to arXiv on 2013-04-30 as arXiv:1305.0014 [hep-ph], latest version 2013-06-28.\nJournal reference: Phys. Rev. C 87, 065504 (2013).",
            document: "arxiv:1305.0014", title: "Framework for maximum likelihood analysis of neutron beta decay observables to resolve the limits of the V-A law"),
        passage(
            "DOI: 10.1103/PhysRevC.87.065504.\nComments: as-published version, 16 pages, 2 figures.\n\nWe assess the ability of future neutron beta decay measurements of up to O(10^{-4}) precision to falsify the standard model, particularly the V-A law, and to identify the dynamics beyond it. To do this, we employ a maximum likelihood statistical framework which incorporates both experimental and theoretical uncertainties.",
            document: "arxiv:1305.0014", title: "Framework for maximum likelihood analysis of neutron beta decay observables to resolve the limits of the V-A law",
            ordinal: 1),
    ]

    @Test("A record line answers the question that asks for its field: authors, journal, comment, submission date", arguments: [
        ("Who wrote arXiv:1305.0014 on a maximum-likelihood framework for neutron beta-decay observables?", "Authors: S. Gardner, B. Plaster"),
        ("arXiv:1305.0014（中子 β 衰变观测量的最大似然分析框架）最终发表在哪个期刊？", "Journal reference: Phys. Rev. C 87, 065504 (2013)"),
        ("How many pages does the neutron beta decay maximum likelihood paper have?", "Comments: as-published version, 16 pages"),
        ("When was the maximum likelihood framework for neutron beta decay submitted to arXiv?", "Submitted to arXiv on 2013-04-30"),
    ])
    func recordFieldAnswers(_ question: String, _ expected: String) async throws {
        let answer = try await Self.quoting.generate(GenerationRequest(messages: [], question: question, sources: Self.recordChunks))
        let lead = TextAnalysis.sentences(in: answer.text.replacingOccurrences(of: "根据检索到的文献：", with: "")).first ?? ""
        #expect(lead.contains(expected), "\(answer.text)")
    }

    /// The first chunk Ingest makes of ../shared/corpora/pdf/arxiv_1612.06414v1_instanton_corrections.pdf (title page:
    /// title, authors, affiliations, the arXiv stamp, the start of the abstract), and a passage of its body; the
    /// authors are those Ingest read from the title page's fonts.
    static let titlePageChunks = [
        passage(
            "Instanton Corrections for m and Ω Micha Moskovic 1 and Ahmad Zein Assi 2\n\nUniversità di Torino, Dipartimento di Fisica and I.N.F.N. - sezione di Torino, Via P. Giuria 1,\n\narXiv:1612.06414v1 [hep-th] 19 Dec 2016\n\nI-10125 Torino, Italy 2\n\nHigh Energy Section - ICTP, Strada Costiera, 11-34014 Trieste, Italy\n\nAbstract In this paper, we study instanton corrections in the N = 2⋆ gauge theory by using its",
            document: "arxiv:1612.06414", title: "Instanton Corrections for m and Ω", authors: ["Micha Moskovic", "Ahmad Zein Assi"]),
        passage(
            "The latter is based on the so-called Ω-deformation which regularises the integrals over the instanton moduli space. We write the deformed instanton partition function of the N = 2⋆ theory.",
            document: "arxiv:1612.06414", title: "Instanton Corrections for m and Ω", ordinal: 7, authors: ["Micha Moskovic", "Ahmad Zein Assi"]),
    ]

    @Test("A paper's authors and the day it was posted come from its metadata and its arXiv stamp, though the title page reads as an author list", arguments: [
        ("Who are the authors of the string theory paper Instanton Corrections for m and Ω?",
         "The authors of “Instanton Corrections for m and Ω” are Micha Moskovic and Ahmad Zein Assi"),
        ("《Instanton Corrections for m and Ω》这篇弦论文章的作者是谁？",
         "The authors of “Instanton Corrections for m and Ω” are Micha Moskovic and Ahmad Zein Assi"),
        ("When was Instanton Corrections for m and Ω posted on arXiv?",
         "“Instanton Corrections for m and Ω” was posted to arXiv on 19 Dec 2016 as arXiv:1612.06414v1 [hep-th]"),
    ])
    func documentFacts(_ question: String, _ expected: String) async throws {
        let answer = try await Self.quoting.generate(GenerationRequest(messages: [], question: question, sources: Self.titlePageChunks))
        let lead = TextAnalysis.sentences(in: answer.text.replacingOccurrences(of: "根据检索到的文献：", with: "")).first ?? ""
        #expect(lead.hasPrefix(expected), "\(answer.text)")
        #expect(answer.text.contains(expected + " [1]"), "cited at the title page: \(answer.text)")
        let other = try await Self.quoting.generate(GenerationRequest(
            messages: [], question: "What does the Ω-deformation regularise in Instanton Corrections for m and Ω?", sources: Self.titlePageChunks))
        #expect(!other.text.contains("The authors of") && !other.text.contains("posted to arXiv"), "\(other.text)")
    }

    @Test("A long author list is cut to eight names and a count")
    func longAuthorList() {
        let names = (1...30).map { "A. Author\($0)" }
        let sentence = ExtractiveGenerator.authorSentence(title: "LUX", authors: names)
        #expect(sentence == "The authors of “LUX” are \(names.prefix(8).joined(separator: ", ")) and 22 others.")
        #expect(ExtractiveGenerator.authorSentence(title: "", authors: ["A. El-Khadra"]) == "The author of this document is A. El-Khadra.")
    }

    @Test("Record lines are not evidence for a question that does not ask for their field")
    func recordFieldsStayOut() async throws {
        let question = "What is employed to incorporate both experimental and theoretical inputs in tests of the V-A law with neutron beta decay?"
        let answer = try await Self.quoting.generate(GenerationRequest(messages: [], question: question, sources: Self.recordChunks))
        for label in ["Authors:", "Journal reference:", "DOI:", "Comments:", "Submitted to arXiv"] {
            #expect(!answer.text.contains(label), "\(answer.text)")
        }
        #expect(answer.text.contains("maximum likelihood statistical framework"), "\(answer.text)")
    }

    @Test("A title line with its collaboration is not quoted as evidence, except for a question about the authors")
    func titleLines() {
        let title = "Combined Measurement of the Higgs Boson Mass in pp Collisions at √s = 7 and 8 TeV with the ATLAS and CMS Experiments"
        let line = "Combined Measurement of the Higgs Boson Mass in pp √ Collisions at s = 7 and 8 TeV with the ATLAS and CMS Experiments The ATLAS and CMS Collaborations∗"
        #expect(ExtractiveGenerator.isTitleLine(line, title: title))
        #expect(!ExtractiveGenerator.isTitleLine("The combined measured mass of the Higgs boson is m H = 125.09 ± 0.21 (stat.) ± 0.11 (syst.) GeV.", title: title))
        #expect(ExtractiveGenerator.form(of: "Micha Moskovic, Ahmad Zein Assi, Università di Torino, Dipartimento di Fisica, I.N.F.N.") == nil)
        #expect(ExtractiveGenerator.form(of: "Micha Moskovic, Ahmad Zein Assi, Università di Torino, Dipartimento di Fisica, I.N.F.N.", keepingAuthorLists: true) != nil)
    }

    @Test("A question about the authors is answered from the title line that names them")
    func authorsFromTheTitleLine() async throws {
        let text = "Instanton Corrections for m and Ω Micha Moskovic 1 and Ahmad Zein Assi 2\n\nAbstract In this paper, we study instanton corrections in the N = 2⋆ gauge theory by using its description in string theory as a freely-acting orbifold."
        let sources = [Self.passage(text, document: "arxiv_1612.06414.pdf", title: "Instanton Corrections for m and Ω")]
        let answer = try await Self.quoting.generate(GenerationRequest(messages: [], question: "Who are the authors of 'Instanton Corrections for m and Ω'?", sources: sources))
        #expect(answer.text.contains("Moskovic") && answer.text.contains("Zein Assi"), "\(answer.text)")
    }

    @Test("A running heading that layout dropped into a sentence does not cut the sentence from its displayed value")
    func runningHeadingInsideASentence() {
        let text = "Then we find the mass of the lightest axial-vector tetraquark state in the [15S ] representation with spin-zero cq diquark and spin-one light anti-diquark to be\n\nRESULTS\n\nM[15S ],1+ ≈ 2600 MeV, In Ref. [29], it is argued that the states are near mass degenerate."
        let windows = ExtractiveGenerator.sentenceWindows(in: text)
        #expect(windows.contains { $0.contains("tetraquark state") && $0.contains("2600 MeV") }, "\(windows)")
        #expect(!windows.contains("RESULTS"))
    }

    @Test("The question's names and numbers must be in the documents quoted: Run 2 at 13 TeV is not answered by the Run 1 paper")
    func salientTermsOfTheQuotedDocuments() async throws {
        let runOne = Self.passage(
            "The combined measured mass of the Higgs boson is m H = 125.09 ± 0.21 (stat.) ± 0.11 (syst.) GeV, from the ATLAS and CMS data of LHC Run 1.",
            document: "arxiv_1503.07589v1_atlas_cms_higgs_mass.pdf")
        let other = Self.passage(
            "This paper reports a search for squarks and gluinos based on a 3.2 fb−1 dataset of 13 TeV proton–proton collisions recorded by the ATLAS experiment in Run 2.",
            document: "arxiv_1605.03814_atlas_susy_13tev.pdf")
        let question = "What Higgs boson mass did ATLAS and CMS obtain by combining their Run 2 data at 13 TeV?"
        let generator = ExtractiveGenerator(embedder: nil)
        let answer = try await generator.generate(GenerationRequest(messages: [], question: question, sources: [runOne, other]))
        #expect(answer.abstained, "\(answer.text)")
        let runOneQuestion = "What Higgs boson mass did ATLAS and CMS obtain by combining their Run 1 data?"
        let answered = try await generator.generate(GenerationRequest(messages: [], question: runOneQuestion, sources: [runOne, other]))
        #expect(!answered.abstained && answered.text.contains("125.09"), "\(answered.text)")
    }

    @Test("'Run 2' and '13 TeV' are names only as phrases; 'Standard Model' names nothing a paper must mention")
    func salientPhrases() {
        let runOne = Self.passage(
            "The Run 1 data at 7 and 8 TeV were split into 2 channels and 13 categories; the combined mass is 125.09 GeV.",
            document: "arxiv_1503.07589v1_atlas_cms_higgs_mass.pdf")
        let missing = ExtractiveGenerator.missingSalientTerms(
            of: "What Higgs boson mass did ATLAS obtain from Run 2 data at 13 TeV, beyond the Standard Model?", in: [runOne])
        #expect(Set(missing) == ["Run 2", "13 TeV"], "Higgs and ATLAS are in the file name: \(missing)")
    }

    @Test("Questions that ask two things may be answered from two documents", arguments: [
        ("Which photomultiplier model does LUX use, and which SiPM model was evaluated as a PMT replacement?", true),
        ("HSF 的软件触发与重建 CWP 草稿和分析设施白皮书分别预计 HL-LHC 从哪一年开始运行？", true),
        ("ATLAS+CMS 联合测得的希格斯玻色子质量是多少？ATLAS 的双玻色子超出又出现在多大质量附近？", true),
        ("What Higgs boson mass did ATLAS and CMS obtain by combining their Run 2 data at 13 TeV?", false),
        ("Compare the integrated luminosities used by the ATLAS 2015 squark/gluino search and by the ATLAS Drell-Yan measurement.", true),
        ("How many states appear in the flavour decomposition of a heavy-light tetraquark, compared with Eq. (1)?", false),
    ])
    func twoThings(_ question: String, _ expected: Bool) {
        #expect(TextAnalysis.asksTwoThings(question) == expected)
    }

    @Test("Names meet across spellings: superscripts, Greek letters by name, the file name, title and authors of the document")
    func salientSpellings() {
        let source = Self.passage(
            "The SK-IV solar neutrino data determine the solar mixing angle as sin2 theta_12 = 0.327+0.026-0.031.",
            document: "hsf_cwp_software_trigger_reconstruction_draft.pdf", title: "HEP Software Foundation Community White Paper")
        #expect(ExtractiveGenerator.missingSalientTerms(of: "SK-IV 太阳中微子数据单独给出的太阳混合角 sin²θ12 是多少？", in: [source]).isEmpty)
        #expect(ExtractiveGenerator.missingSalientTerms(of: "What does the HSF CWP draft say about SK-IV?", in: [source]).isEmpty)
        #expect(ExtractiveGenerator.missingSalientTerms(of: "What does XENONnT measure?", in: [source]) == ["XENONnT"])
        let tetraquarks = Self.passage(
            "We find that compact tetraquarks are not consistent with the lattice results.", document: "arxiv:2503.05372",
            title: "Are compact open-charm tetraquarks consistent with recent lattice results?", authors: ["Feng-Kun Guo", "Christoph Hanhart"])
        #expect(ExtractiveGenerator.missingSalientTerms(of: "What does the Guo-Hanhart paper conclude?", in: [tetraquarks]).isEmpty, "named by its authors")
        #expect(ExtractiveGenerator.missingSalientTerms(of: "What does the Guo-Nakamura paper conclude?", in: [tetraquarks]) == ["Nakamura"])
    }

    @Test("A Chinese question's named things must be in the quoted document, by any of their English names")
    func chineseNamedThings() {
        let source = Self.passage(
            "An exclusion limit at the 95% confidence level on the mass of the gluino is set at 1.51 TeV.",
            document: "arxiv:1605.03814", title: "Search for squarks and gluinos with the ATLAS detector")
        let generator = ExtractiveGenerator(embedder: nil)
        #expect(ExtractiveGenerator.missingSalientTerms(
            of: "中微子质量的上限是多少？", names: generator.namedThings(in: "中微子质量的上限是多少？"), in: [source]) == ["neutrino"])
        #expect(ExtractiveGenerator.missingSalientTerms(
            of: "胶微子质量的排除限是多少？", names: generator.namedThings(in: "胶微子质量的排除限是多少？"), in: [source]).isEmpty)
        #expect(generator.namedThings(in: "What is the neutrino mass?").isEmpty)
    }

    @Test("A count is a numeral standing alone, not a table, figure or equation number nor a digit inside a symbol", arguments: [
        ("The combined analysis incorporates approximately 300 nuisance parameters.", true),
        ("About 1,200 events remain after the selection.", true),
        ("Table 1 lists the contribution of each group of nuisance parameters.", false),
        ("The mass is measured in the H → ZZ → 4ℓ channel, see Fig. 2 and Eq. (3).", false),
    ])
    func countsStandAlone(_ sentence: String, _ expected: Bool) {
        #expect(AnswerKind.hasCount(sentence) == expected)
    }

    @Test("The answer step embeds a Chinese question's English reading when a translator gives one")
    func chineseQuestionEmbeddedInEnglish() async throws {
        struct Reading: QueryTranslator {
            func translate(_ query: String) -> QueryTranslation {
                QueryTranslation(
                    lexical: query + " gluino mass", dense: "gluino mass excluded", direction: .chineseToEnglish,
                    terms: [.init(source: "胶微子", targets: ["gluino"], origin: .glossary, kind: "particle")], note: "test reading")
            }
        }
        let counting = CountingEmbedder()
        let generator = ExtractiveGenerator(embedder: counting, translator: Reading())
        let source = Self.passage("The gluino mass is excluded below 1.51 TeV at 95% confidence level.", document: "arxiv:1605.03814")
        _ = try await generator.evidence(question: "胶微子质量的排除限是多少？", sources: [source])
        #expect(counting.texts.first == "gluino mass excluded", "\(counting.texts.prefix(1))")
    }
}

