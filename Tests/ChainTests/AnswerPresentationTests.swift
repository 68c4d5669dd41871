import Foundation
import RAGCore
import Testing

@testable import Chain

@Suite("Answer presentation")
struct AnswerPresentationTests {
    static let answer = Answer(
        text: "The combined mass is 125.09 GeV [1].",
        citations: [Citation(
            marker: 1, chunkID: ChunkID(document: DocumentID("arxiv:1503.07589"), ordinal: 1), title: "Combined Measurement of the Higgs Boson Mass",
            source: "https://arxiv.org/abs/1503.07589", arxivID: "1503.07589", pageStart: 5, pageEnd: 5, section: "4 Results",
            quote: "The combined measured mass of the Higgs boson is m_H = 125.09 GeV.")],
        trace: [TraceEntry(step: "retrieve", milliseconds: 1.23456, details: ["input": "q", "output": "3 chunks"])])

    @Test("The JSON payload uses the CLI's keys and flattens trace details")
    func json() throws {
        let data = try JSONEncoder().encode(AnswerPayload(Self.answer))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["answer"] as? String == "The combined mass is 125.09 GeV [1].")
        let citation = try #require((object["citations"] as? [[String: Any]])?.first)
        #expect(citation["marker"] as? Int == 1)
        #expect(citation["arxivId"] as? String == "1503.07589")
        #expect(citation["pageStart"] as? Int == 5)
        #expect(citation["chunk"] as? String == "arxiv:1503.07589#1")
        let trace = try #require((object["trace"] as? [[String: Any]])?.first)
        #expect(trace["step"] as? String == "retrieve")
        #expect(trace["ms"] as? Double == 1.235)
        #expect(trace["output"] as? String == "3 chunks")
    }

    @Test("The terminal rendering lists numbered citations with title, page, section, URL and quote")
    func text() {
        #expect(AnswerFormatter.text(Self.answer) == """
            The combined mass is 125.09 GeV [1].

            [1] Combined Measurement of the Higgs Boson Mass (arXiv:1503.07589), p. 5, §4 Results — https://arxiv.org/abs/1503.07589
                “The combined measured mass of the Higgs boson is m_H = 125.09 GeV.”
            """)
    }
}
