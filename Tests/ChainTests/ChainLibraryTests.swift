import Foundation
import RAGCore
import Testing
import TestSupport

@testable import Chain

@Suite("Chain definitions")
struct ChainLibraryTests {
    static func write(_ json: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chains-\(UUID().uuidString).json")
        try json.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test("The built-in chains exist and are made of the documented steps")
    func builtInChains() throws {
        let library = ChainLibrary.builtIn
        #expect(Set(library.chains.keys) == ["qa", "search", "summarize", "condense"])
        #expect(try library.chain(named: "qa").steps.map(\.name) == ["condense", "retrieve", "diversify", "rerank", "pack", "prompt", "generate", "cite"])
        #expect(try library.chain(named: "search").steps.map(\.name) == ["retrieve"])
    }

    @Test("A user-defined chain file loads, with its own template, and runs")
    func userChainRuns() async throws {
        let url = try Self.write("""
            {
              "templates": { "terse": { "system": "One sentence, cite [n].", "user": "{{sources}}\\n\\nQ: {{question}} ({{language}})" } },
              "chains": {
                "precise": {
                  "description": "BM25, strong diversity, small budget",
                  "steps": [
                    {"step": "retrieve", "k": 5, "mode": "bm25"},
                    {"step": "mmr", "lambda": 0.5, "k": 3},
                    {"step": "pack", "budget": 600, "maxSources": 2},
                    {"step": "prompt", "template": "terse"},
                    {"step": "generate", "maxTokens": 100},
                    {"step": "cite"}
                  ]
                },
                "inline": {
                  "steps": [
                    {"step": "retrieve", "k": 3},
                    {"step": "pack"},
                    {"step": "prompt", "template": {"user": "Sources: {{sources}} Question: {{question}}"}},
                    {"step": "generate"}, {"step": "cite"}
                  ]
                }
              }
            }
            """)
        defer { try? FileManager.default.removeItem(at: url) }
        let library = try ChainLibrary.load(from: url)
        #expect(library.chains["qa"] != nil, "built-ins stay available")
        let executor = ChainExecutor(retriever: InMemoryRetriever(), generator: ExtractiveGenerator.hashed(), embedder: HashEmbedder(dimension: 512, trigrams: true), library: library)
        let answer = try await executor.run(chain: "precise", question: "What gluino mass is excluded at 95% confidence level?")
        #expect(answer.trace.map(\.step) == ["retrieve", "diversify", "pack", "prompt", "generate", "cite"])
        #expect(answer.text.contains("1.51 TeV"))
        #expect(answer.trace.first { $0.step == "pack" }?.details["output"]?.hasPrefix("2 sources") == true)
        let inline = try await executor.run(chain: "inline", question: "What gluino mass is excluded at 95% confidence level?")
        #expect(inline.citations.first?.chunkID.document.rawValue == FakeCorpus.susy)
    }

    @Test("retrieve's dense parameter adds the best dense hits the fused list lacks, after every fused hit")
    func denseAdditionsFollowTheFusedList() async throws {
        let url = try Self.write("""
            {"chains": {"wide": {"steps": [{"step": "retrieve", "k": 2, "mode": "hybrid", "dense": 4}]},
                        "narrow": {"steps": [{"step": "retrieve", "k": 2, "mode": "hybrid"}]}}}
            """)
        defer { try? FileManager.default.removeItem(at: url) }
        let retriever = InMemoryRetriever()
        let executor = ChainExecutor(retriever: retriever, generator: ScriptedGenerator { _ in "" }, library: try ChainLibrary.load(from: url))
        let question = "What gluino mass is excluded at 95% confidence level?"
        let narrow = try await executor.run(chain: "narrow", question: question)
        let wide = try await executor.run(chain: "wide", question: question)
        let fused = try await retriever.retrieve(RetrievalQuery(text: question, k: 2, mode: .hybrid)).map(\.chunk.id)
        let dense = try await retriever.retrieve(RetrievalQuery(text: question, k: 4, mode: .dense)).map(\.chunk.id)
        let added = dense.filter { !fused.contains($0) }
        #expect(!added.isEmpty)
        #expect(narrow.trace.first?.details["output"]?.hasPrefix("2 chunks") == true, "\(narrow.trace)")
        #expect(wide.trace.first?.details["output"]?.hasPrefix("\(2 + added.count) chunks") == true, "\(wide.trace)")
        #expect(wide.trace.first?.details["output"]?.contains("(\(added.count) from dense search only)") == true, "\(wide.trace)")
    }

    @Test("The custom template reaches the language model")
    func userTemplateIsRendered() async throws {
        let url = try Self.write("""
            {"templates": {"terse": {"system": "SYSTEM-MARK", "user": "Q: {{question}} in {{language}}"}},
             "chains": {"terse-qa": {"steps": [{"step": "retrieve", "k": 2}, {"step": "pack"}, {"step": "prompt", "template": "terse"}, {"step": "generate"}]}}}
            """)
        defer { try? FileManager.default.removeItem(at: url) }
        let generator = ScriptedGenerator { request in request.messages.map(\.content).joined(separator: "|") }
        let executor = ChainExecutor(retriever: InMemoryRetriever(), generator: generator, library: try ChainLibrary.load(from: url))
        let answer = try await executor.run(chain: "terse-qa", question: "希格斯玻色子的质量是多少？")
        #expect(answer.text == "SYSTEM-MARK|Q: 希格斯玻色子的质量是多少？ in Chinese (简体中文)")
    }

    @Test("An unknown step is rejected with the file, the chain and the step named", arguments: [
        (#"{"chains": {"broken": {"steps": [{"step": "retrieve"}, {"step": "translate"}]}}}"#, "translate"),
        (#"{"chains": {"broken": {"steps": [{"step": "retrieve", "k": "ten"}]}}}"#, "retrieve"),
        (#"{"chains": {"broken": {"steps": [{"step": "diversify", "lambda": 1.5}]}}}"#, "diversify"),
        (#"{"chains": {"broken": {"steps": [{"step": "retrieve", "mode": "fuzzy"}]}}}"#, "retrieve"),
        (#"{"chains": {"broken": {"steps": [{"step": "pack", "budjet": 100}]}}}"#, "pack"),
        (#"{"chains": {"broken": {"steps": [{"step": "prompt", "template": "nonexistent"}]}}}"#, "prompt"),
        (#"{"chains": {"broken": {"steps": [{"step": "prompt", "template": {"user": "{{questoin}}"}}]}}}"#, "prompt"),
    ])
    func badStepsAreRejected(_ json: String, step: String) throws {
        let url = try Self.write(json)
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try ChainLibrary.load(from: url)
            Issue.record("loaded a broken chain file")
        } catch {
            let message = error.description
            #expect(message.contains(url.path), "\(message)")
            #expect(message.contains("'broken'"), "\(message)")
            #expect(message.contains("'\(step)'"), "\(message)")
        }
    }

    @Test("A step whose input no earlier step writes is rejected when the chain is loaded, naming the step and the input", arguments: [
        (#"{"chains": {"broken": {"steps": [{"step": "retrieve"}, {"step": "prompt"}, {"step": "generate"}]}}}"#, "prompt", "packed sources", "pack"),
        (#"{"chains": {"broken": {"steps": [{"step": "generate"}]}}}"#, "generate", "prompt messages", "prompt"),
        (#"{"chains": {"broken": {"steps": [{"step": "pack"}, {"step": "retrieve"}]}}}"#, "pack", "retrieved candidates", "retrieve"),
        (#"{"chains": {"broken": {"steps": [{"step": "retrieve"}, {"step": "cite"}]}}}"#, "cite", "answer", "generate"),
    ])
    func stepsOutOfOrderAreRejected(_ json: String, step: String, missing: String, writer: String) throws {
        let url = try Self.write(json)
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try ChainLibrary.load(from: url)
            Issue.record("loaded a chain whose '\(step)' step has no input")
        } catch {
            let message = error.description
            #expect(message.contains("'\(step)'") && message.contains(missing) && message.contains(writer), "\(message)")
        }
    }

    @Test("Every built-in chain and step type passes the order check; aliases make the same step")
    func builtInsAreInOrder() throws {
        for (name, chain) in ChainLibrary.builtIn.chains {
            #expect(ChainLibrary.orderProblem(chain.steps) == nil, "\(name)")
        }
        #expect(ChainLibrary.stepTypes.contains("mmr") && ChainLibrary.stepTypes.contains("diversify"))
    }

    @Test("A file that is not JSON is rejected with its path")
    func malformedFile() throws {
        let url = try Self.write("chains:\n  qa: [retrieve]\n")
        defer { try? FileManager.default.removeItem(at: url) }
        #expect { try ChainLibrary.load(from: url) } throws: { error in
            (error as? ChainError)?.description.contains(url.path) == true
        }
    }

    @Test("Running an unknown chain names the available ones")
    func unknownChain() async throws {
        let executor = ChainExecutor(retriever: InMemoryRetriever(), generator: ExtractiveGenerator.hashed())
        await #expect {
            _ = try await executor.run(chain: "qna", question: "What?")
        } throws: { error in
            (error as? ChainError)?.description.contains("qa, search, summarize") == true
        }
    }
}
