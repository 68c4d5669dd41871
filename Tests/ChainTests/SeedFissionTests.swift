import Foundation
import RAGCore
import Testing

@testable import Chain

@Suite("Seed fission")
struct SeedFissionTests {
    @Test("Offline fission grows N grounded pairs whose citations point to real passages")
    func offlineFission() async throws {
        let retriever = InMemoryRetriever()
        let fission = SeedFission(retriever: retriever, generator: ExtractiveGenerator.hashed(), embedder: HashEmbedder())
        let records = try await fission.run(seed: "Higgs boson mass", count: 6)
        #expect(records.count == 6)
        #expect(Set(records.map(\.question)).count == records.count, "questions are distinct")
        let ids = Set(records.map(\.id))
        for record in records {
            #expect(record.mode == "offline")
            #expect(!record.answer.contains(ExtractiveGenerator.abstention))
            #expect(!record.sources.isEmpty)
            // Grounded: each quote is a sentence of a corpus passage on the cited document and page.
            for source in record.sources {
                let passage = FakeCorpus.chunks.first { $0.chunk.id.document.rawValue == source.document && $0.chunk.pageStart == source.page }
                #expect(passage?.chunk.text.contains(source.quote ?? "<none>") == true, "\(source)")
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
    }

    @Test("With a language model each role is a prompt; the checker's BAD verdict drops a question")
    func llmFission() async throws {
        let generator = ScriptedGenerator { request in
            let system = request.messages.first?.content ?? ""
            if system.contains("newcomer") { return "What gluino mass is excluded at 95% confidence level?\nIs this paper good?" }
            if system.contains("question bank") { return request.question.hasPrefix("Is ") ? "BAD" : "GOOD" }
            return "The gluino mass limit is 1.51 TeV [1]."
        }
        let fission = SeedFission(retriever: InMemoryRetriever(), generator: generator, maximumDepth: 2)
        let records = try await fission.run(seed: "supersymmetry", count: 3)
        #expect(records.count == 1, "the duplicate question is asked once; the yes/no one is dropped")
        #expect(records.first?.question == "What gluino mass is excluded at 95% confidence level?")
        #expect(records.first?.mode == "llm")
        #expect(records.first?.sources.first?.quote != nil)
    }

    @Test("JSONL output has one record per line with the eval-compatible expected field")
    func jsonlOutput() async throws {
        let fission = SeedFission(retriever: InMemoryRetriever(), generator: ExtractiveGenerator.hashed(), embedder: HashEmbedder())
        let records = try await fission.run(seed: "nuclear recoils neutron capture", count: 3)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fission-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        try SeedFission.writeJSONL(records, to: url)
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == records.count)
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            for key in ["question", "answer", "sources", "depth", "expected"] { #expect(object[key] != nil, "\(key)") }
            let expected = try #require(object["expected"] as? [[String: Any]])
            #expect(expected.allSatisfy { $0["document"] is String && $0["page"] is Int })
        }
    }
}
