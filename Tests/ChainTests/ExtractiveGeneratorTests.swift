import Foundation
import RAGCore
import Testing
import TestSupport

@testable import Chain

@Suite("Offline extractive answers")
struct ExtractiveGeneratorTests {
    static let embedder = FixtureEmbedder.miniLM
    let executor = ChainExecutor(retriever: InMemoryRetriever(), generator: ExtractiveGenerator(embedder: Self.embedder), embedder: Self.embedder)

    @Test("Answers contain the expected fact and cite the right document and page", arguments: QuestionSet.answerable)
    func answersAreGrounded(_ item: QuestionSet.Answerable) async throws {
        let answer = try await executor.run(chain: "qa", question: item.question)
        #expect(!answer.abstained, "abstained on: \(item.question)")
        #expect(answer.text.contains(item.fact), "answer lacks \(item.fact): \(answer.text)")
        let cited = answer.citations.filter { $0.chunkID.document.rawValue == item.document && $0.pageStart == item.page }
        #expect(!cited.isEmpty, "no citation of \(item.document) p. \(item.page): \(answer.citations.map { "\($0.chunkID) p\($0.pageStart)" })")
        // The quote is the cited passage's sentence that carries the fact.
        let factCitation = answer.citations.first { $0.quote?.contains(item.fact) == true }
        #expect(factCitation?.chunkID.document.rawValue == item.document)
    }

    @Test("Questions the corpus cannot answer get exactly the abstention sentence", arguments: QuestionSet.unanswerable)
    func unanswerableQuestionsAbstain(_ question: String) async throws {
        let answer = try await executor.run(chain: "qa", question: question)
        #expect(answer.abstained)
        #expect(answer.text == ExtractiveGenerator.abstention)
        #expect(answer.citations.isEmpty)
    }

    @Test("Every marker in an offline answer points to a citation, numbered from 1 in order of use")
    func markersAreConsistent() async throws {
        for item in QuestionSet.answerable {
            let answer = try await executor.run(chain: "qa", question: item.question)
            let markers = Self.markers(in: answer.text)
            #expect(Set(markers) == Set(answer.citations.compactMap(\.marker)))
            #expect(answer.citations.map(\.marker) == Array(1...max(1, answer.citations.count)).map { Optional($0) } || answer.citations.isEmpty)
            #expect(markers.first == 1)
        }
    }

    @Test("A Chinese question gets a Chinese lead-in and English evidence with markers")
    func chineseQuestionIsAnsweredFromEnglishSources() async throws {
        let answer = try await executor.run(chain: "qa", question: "希格斯玻色子的质量是多少？")
        #expect(answer.text.hasPrefix("根据检索到的文献"))
        #expect(answer.text.contains("[1]"))
    }

    @Test("A perfect embedding match alone does not answer: at cosine 1 everywhere, most on-topic unanswerable questions still abstain")
    func embeddingAloneIsNotEvidence() async throws {
        let executor = ChainExecutor(retriever: InMemoryRetriever(), generator: ExtractiveGenerator(embedder: ConstantEmbedder()), embedder: Self.embedder)
        // Lexical evidence still counts at cosine 1, so a question sharing most words with a passage can pass
        // ("中微子质量的上限" meets a gluino mass limit; "which gravitational wave detector" is not held to the
        // word "detector", since a name answers it); measured: 6 of 9 abstain.
        var abstained = 0
        for question in QuestionSet.unanswerable where try await executor.run(chain: "qa", question: question).abstained {
            abstained += 1
        }
        #expect(abstained >= 6, "\(abstained) of \(QuestionSet.unanswerable.count) abstained")
    }

    @Test("Lexical coverage alone does not answer everything: a paraphrased question needs the embedding's share")
    func coverageAloneIsNotEvidence() async throws {
        let question = "To what concentration did charcoal chromatography reduce krypton in the LUX xenon?"
        let sources = try await InMemoryRetriever().retrieve(RetrievalQuery(text: question, k: 6, mode: .hybrid))
        let request = GenerationRequest(messages: [], question: question, sources: sources)
        let withEmbedding = try await ExtractiveGenerator(embedder: Self.embedder).generate(request)
        let withoutSimilarity = try await ExtractiveGenerator(embedder: ZeroEmbedder(), calibration: .standard).generate(request)
        #expect(!withEmbedding.abstained)
        #expect(withoutSimilarity.abstained)
    }

    @Test("A question in two parts is answered from both documents: the complement sentence covers what the lead lacks")
    func twoPartQuestionQuotesBothParts() async throws {
        func passage(_ text: String, document: String, ordinal: Int) -> RetrievedChunk {
            let id = ChunkID(document: DocumentID(document), ordinal: ordinal)
            let chunk = Chunk(id: id, text: text, pageStart: 1, pageEnd: 1, sectionPath: ["2 Detector"])
            let citation = Citation(chunkID: id, title: document, source: document, arxivID: nil, pageStart: 1, pageEnd: 1, section: chunk.section)
            return RetrievedChunk(chunk: chunk, score: 0, citation: citation)
        }
        let sources = [
            passage(
                "The LUX detector views the liquid xenon with 122 photomultiplier tubes. Each photomultiplier is a Hamamatsu R8778 tube with a quartz window.",
                document: "lux.pdf", ordinal: 1),
            passage(
                "Silicon photomultipliers could replace the tubes in future detectors. The SensL MicroFC-10035-SMT SiPM was tested in liquid xenon at 170 K.",
                document: "sipm.pdf", ordinal: 2),
        ]
        let question = "Which photomultiplier model does LUX use, and which SiPM model was tested in liquid xenon?"
        let request = GenerationRequest(messages: [], question: question, sources: sources)
        // The complement is about which sentences are quoted, not whether to answer: no abstention bar here.
        let quoting = ExtractiveGenerator.Calibration(embeddingWeight: 0, minimumEvidence: 0, minimumCoverage: 0, minimumSimilarity: 0)
        let answer = try await ExtractiveGenerator(embedder: nil, calibration: quoting).generate(request)
        #expect(!answer.abstained)
        // The lead answers the SiPM part; the complement brings the LUX document in. (Its sentence is still the
        // neighbour "views the liquid xenon with 122 photomultiplier tubes", not the R8778 one: the known
        // neighbouring-sentence weakness of docs/answer-step.md.)
        #expect(answer.text.contains("MicroFC-10035-SMT"), "\(answer.text)")
        #expect(Set(Self.markers(in: answer.text)) == [1, 2], "\(answer.text)")
    }

    static func markers(in text: String) -> [Int] {
        var result: [Int] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "["), let close = rest[open...].firstIndex(of: "]") {
            if let number = Int(rest[rest.index(after: open)..<close]) { result.append(number) }
            rest = rest[rest.index(after: close)...]
        }
        return result
    }
}
