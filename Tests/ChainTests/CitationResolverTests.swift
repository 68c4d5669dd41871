import RAGCore
import Testing
import TestSupport

@testable import Chain

@Suite("Citations")
struct CitationResolverTests {
    let sources = Array(FakeCorpus.chunks.prefix(3))  // Higgs pp. 1, 5, 6

    @Test("Markers are renumbered in order of first use and each maps to its chunk with page and quote")
    func renumbering() {
        let answer = "The diphoton mass is 125.07 ± 0.29 GeV [3]. The combined mass is 125.09 GeV [2]. Again [3]."
        let resolution = CitationResolver().resolve(answer, sources: sources)
        #expect(resolution.text == "The diphoton mass is 125.07 ± 0.29 GeV [1]. The combined mass is 125.09 GeV [2]. Again [1].")
        #expect(resolution.citations.map(\.pageStart) == [6, 5])
        #expect(resolution.citations.map(\.marker) == [1, 2])
        #expect(resolution.citations[0].quote?.contains("125.07 ± 0.29 GeV") == true)
        #expect(resolution.citations[1].quote?.hasPrefix("The combined measured mass of the Higgs boson") == true)
        #expect(resolution.citations[0].arxivID == "1503.07589")
        #expect(resolution.citations[0].section == "4 Results > 4.1 Individual channels")
        #expect(resolution.danglingMarkers.isEmpty)
    }

    @Test("Markers pointing to no source are removed and reported; lists and ranges are understood")
    func danglingAndGroups() {
        let resolution = CitationResolver().resolve("A [1, 4]. B [0]. C [2-3]. Array a[i] stays.", sources: sources)
        #expect(resolution.text == "A [1]. B. C [2][3]. Array a[i] stays.")
        #expect(resolution.danglingMarkers == [4, 0])
        #expect(resolution.citations.count == 3)
    }
}

@Suite("Sentences")
struct SentenceSplittingTests {
    @Test("Sentences split at full stops but not inside numbers, abbreviations, initials or uncertainties")
    func splitting() {
        let text = """
            The combined mass is m_H = 125.09 ± 0.21 (stat.) ± 0.11 (syst.) GeV, see Fig. 3 and Ref. [12]. \
            A.N. Villano et al. observed recoils
            down to 450 eV. 北京谱仪是通用探测器。质心能量为4.95 GeV。 \
            Charmonium, Ds and Ds* from overlap fermion on domain wall fermion configurations PoS(LATTICE 2013)500 pdf Y.b. Yang. \
            The mass is 3.1 GeV. Yes.
            """
        #expect(TextAnalysis.sentences(in: text) == [
            "The combined mass is m_H = 125.09 ± 0.21 (stat.) ± 0.11 (syst.) GeV, see Fig. 3 and Ref. [12].",
            "A.N. Villano et al. observed recoils down to 450 eV.",
            "北京谱仪是通用探测器。",
            "质心能量为4.95 GeV。",
            "Charmonium, Ds and Ds* from overlap fermion on domain wall fermion configurations PoS(LATTICE 2013)500 pdf Y.b. Yang.",
            "The mass is 3.1 GeV.",
            "Yes.",
        ])
    }

    @Test("The cite step reports answer sentences that carry no marker")
    func uncitedSentences() async throws {
        let generator = ScriptedGenerator { _ in "The mass is 125.09 GeV [1]. It is a scalar." }
        let answer = try await ChainExecutor(retriever: InMemoryRetriever(), generator: generator).run(question: "What is the combined measured mass of the Higgs boson?")
        #expect(answer.trace.last?.details["uncited"] == "1 of 2 sentences")
    }
}

@Suite("Source references in quotes")
struct SourceReferenceTests {
    @Test("A quoted sentence's own bibliography markers do not become answer citations")
    func bibliographyMarkersAreStripped() async throws {
        var chunks = FakeCorpus.chunks
        chunks[1].chunk.text = "The combined measured mass of the Higgs boson is m_H = 125.09 ± 0.24 GeV [7, 8], in agreement with earlier results [2]."
        let retriever = InMemoryRetriever(chunks: chunks)
        let answer = try await ChainExecutor(retriever: retriever, generator: ExtractiveGenerator(embedder: nil)).run(
            question: "What is the combined measured mass of the Higgs boson?")
        #expect(answer.text.hasPrefix("The combined measured mass of the Higgs boson is m_H = 125.09 ± 0.24 GeV, in agreement with earlier results [1]."))
        #expect(answer.citations.first?.pageStart == 5)
    }

    @Test("With nothing retrieved the generator is not called and the chain abstains")
    func noSourcesNoCall() async throws {
        let generator = ScriptedGenerator { _ in "From memory: 125 GeV." }
        let answer = try await ChainExecutor(retriever: InMemoryRetriever(chunks: []), generator: generator).run(question: "What is the Higgs mass?")
        #expect(answer.abstained)
        #expect(answer.text == ExtractiveGenerator.abstention)
    }
}
