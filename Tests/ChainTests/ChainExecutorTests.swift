import Foundation
import RAGCore
import Testing
import TestSupport

@testable import Chain

@Suite("Chain executor")
struct ChainExecutorTests {
    let retriever = InMemoryRetriever()

    @Test("Every step leaves a trace entry with its name, duration and input/output summaries")
    func traceCoversEverySteps() async throws {
        let executor = ChainExecutor(retriever: retriever, generator: ExtractiveGenerator.hashed(), embedder: HashEmbedder(dimension: 512, trigrams: true))
        let answer = try await executor.run(question: "What gluino mass is excluded at 95% confidence level?")
        #expect(answer.trace.map(\.step) == ["condense", "retrieve", "diversify", "rerank", "pack", "prompt", "generate", "cite"])
        for entry in answer.trace {
            #expect(entry.milliseconds >= 0)
            #expect(entry.details["input"] != nil && entry.details["output"] != nil, "\(entry.step)")
        }
        #expect(answer.trace.first { $0.step == "rerank" }?.details["output"] == "skipped: no reranker configured")
    }

    @Test("A failing step is reported by name and keeps the underlying error")
    func failingStepIsWrapped() async throws {
        let executor = ChainExecutor(retriever: retriever, generator: ExtractiveGenerator.hashed(), reranker: FailingReranker())
        await #expect {
            _ = try await executor.run(question: "What gluino mass is excluded?")
        } throws: { error in
            guard case ChainError.stepFailed(let step, let underlying) = error else { return false }
            return step == "rerank" && underlying is FailingReranker.Broken
                && (error as? ChainError)?.description == "Step 'rerank' failed: cross-encoder weights are missing"
        }
    }

    @Test("A configured reranker reorders the candidates")
    func rerankerRuns() async throws {
        let executor = ChainExecutor(retriever: retriever, generator: ExtractiveGenerator.hashed(), reranker: ReversingReranker())
        let answer = try await executor.run(question: "What gluino mass is excluded at 95% confidence level?")
        #expect(answer.trace.first { $0.step == "rerank" }?.details["output"] == "6 chunks")
    }

    @Test("Streaming yields the generated pieces, then the answer with citations and trace; pieces add up to the answer")
    func streaming() async throws {
        let generator = ScriptedGenerator { _ in "The combined mass is 125.09 GeV [1]." }
        let executor = ChainExecutor(retriever: retriever, generator: generator, embedder: HashEmbedder(dimension: 512, trigrams: true))
        var pieces: [String] = []
        var steps: [String] = []
        var final: Answer?
        for try await event in executor.stream(question: "What is the combined measured mass of the Higgs boson?") {
            #expect(final == nil, "nothing may follow the answer")
            switch event {
            case .token(let piece): pieces.append(piece)
            case .step(let entry): steps.append(entry.step)
            case .answer(let answer): final = answer
            }
        }
        let answer = try #require(final)
        #expect(pieces.count > 1)
        #expect(pieces.joined() == answer.text)
        #expect(answer.citations.count == 1)
        #expect(steps == answer.trace.map(\.step))
    }

    @Test("Streaming reports a failure as the stream's error")
    func streamingFailure() async throws {
        let executor = ChainExecutor(retriever: retriever, generator: ExtractiveGenerator.hashed(), reranker: FailingReranker())
        await #expect(throws: ChainError.self) {
            for try await _ in executor.stream(question: "What gluino mass is excluded?") {}
        }
    }

    @Test("Offline condense makes a follow-up standalone from the history, and the follow-up is answered")
    func condenseFollowUp() async throws {
        let executor = ChainExecutor(retriever: retriever, generator: ExtractiveGenerator.hashed(), embedder: HashEmbedder(dimension: 512, trigrams: true))
        let history = [
            ChatMessage(role: .user, content: "What is the thickness of the silicon detector that observed nuclear recoils?"),
            ChatMessage(role: .assistant, content: "33 mm [1]."),
        ]
        let rewritten = try await executor.run(chain: "condense", question: "And its diameter?", history: history)
        #expect(rewritten.text.hasPrefix("And its diameter? ("))
        #expect(rewritten.text.contains("silicon"))
        let answer = try await executor.run(chain: "qa", question: "And its diameter?", history: history)
        #expect(answer.text.contains("100 mm"), "\(answer.text)")
        #expect(answer.citations.first?.chunkID.document.rawValue == FakeCorpus.recoils)
    }

    @Test("A self-contained question is not rewritten")
    func condenseLeavesStandaloneQuestions() async throws {
        let executor = ChainExecutor(retriever: retriever, generator: ExtractiveGenerator.hashed())
        let history = [ChatMessage(role: .user, content: "Tell me about LUX.")]
        let answer = try await executor.run(chain: "condense", question: "What gluino mass is excluded at 95% confidence level?", history: history)
        #expect(answer.text == "What gluino mass is excluded at 95% confidence level?")
    }

    @Test("With a language model, condense asks the model for the standalone question")
    func condenseWithModel() async throws {
        let generator = ScriptedGenerator { request in
            request.messages.last?.content.contains("Follow-up question: Its width?") == true ? "What is the width of the Higgs boson?\nextra" : "?"
        }
        let executor = ChainExecutor(retriever: retriever, generator: generator)
        let answer = try await executor.run(chain: "condense", question: "Its width?", history: [ChatMessage(role: .user, content: "What is the Higgs mass?")])
        #expect(answer.text == "What is the width of the Higgs boson?")
    }

    @Test("The search chain returns the hits as citations quoted at the sentence closest to the question")
    func searchChain() async throws {
        let executor = ChainExecutor(retriever: retriever, generator: ExtractiveGenerator.hashed())
        let answer = try await executor.run(chain: "search", question: "krypton concentration xenon", options: ChainOptions(k: 3))
        #expect(answer.text.isEmpty)
        #expect(answer.citations.count <= 3)
        #expect(answer.citations.first?.chunkID.document.rawValue == FakeCorpus.lux)
        #expect(answer.citations.first?.quote?.contains("3.5 ppt") == true)
        #expect(answer.citations.allSatisfy { $0.marker == nil })
    }

    @Test("Summarize map-reduces one document's chunks into cited sentences from that document only")
    func summarizeChain() async throws {
        let executor = ChainExecutor(retriever: retriever, generator: ExtractiveGenerator.hashed())
        let answer = try await executor.run(chain: "summarize", question: "", options: ChainOptions(document: DocumentID(FakeCorpus.higgs)))
        #expect(!answer.text.isEmpty)
        #expect(!answer.citations.isEmpty)
        #expect(answer.citations.allSatisfy { $0.chunkID.document.rawValue == FakeCorpus.higgs })
        #expect(ExtractiveGeneratorTests.markers(in: answer.text).allSatisfy { (1...answer.citations.count).contains($0) })
    }

    @Test("Summarize without a document says which option is missing")
    func summarizeNeedsDocument() async throws {
        let executor = ChainExecutor(retriever: retriever, generator: ExtractiveGenerator.hashed())
        await #expect {
            _ = try await executor.run(chain: "summarize", question: "")
        } throws: { error in
            (error as? ChainError)?.description.contains("needs a document") == true
        }
    }

    @Test("Summarize with a language model maps groups and reduces, keeping document-wide markers")
    func summarizeWithModel() async throws {
        let generator = ScriptedGenerator { request in
            request.messages.first?.content.hasPrefix("Combine") == true ? "Summary of all [1] and [3]." : "Partial [1]."
        }
        let executor = ChainExecutor(retriever: retriever, generator: generator)
        let answer = try await executor.run(chain: "summarize", question: "", options: ChainOptions(document: DocumentID(FakeCorpus.higgs)))
        #expect(answer.text == "Summary of all [1] and [2].")
        #expect(answer.citations.map(\.pageStart) == [1, 6])
    }

    @Test("Packing respects the token budget")
    func packingBudget() async throws {
        var state = ChainState(question: "Higgs")
        state.candidates = FakeCorpus.chunks
        let context = ChainContext(retriever: retriever, generator: ExtractiveGenerator.hashed())
        _ = try await PackStep(budget: 250, maximumSources: 10).run(&state, context: context)
        let used = state.sources.reduce(0) { $0 + context.tokenCounter.tokenCount($1.chunk.text) }
        #expect(!state.sources.isEmpty)
        #expect(used <= 250)
        #expect(state.sources.count < FakeCorpus.chunks.count)
    }

    @Test("An empty question is rejected before any step runs")
    func emptyQuestion() async throws {
        let executor = ChainExecutor(retriever: retriever, generator: ExtractiveGenerator.hashed())
        await #expect(throws: ChainError.self) { _ = try await executor.run(question: "   ") }
    }
}

@Suite("Conversations")
struct ConversationTests {
    @Test("The last user message is the question and the earlier turns are the history")
    func messagesAreSplit() async throws {
        let generator = ScriptedGenerator { request in "Q=\(request.question)" }
        let executor = ChainExecutor(retriever: InMemoryRetriever(), generator: generator)
        let answer = try await executor.run(chain: "condense", messages: [
            ChatMessage(role: .system, content: "Be brief."),
            ChatMessage(role: .user, content: "What is the thickness of the silicon detector?"),
            ChatMessage(role: .assistant, content: "33 mm [1]."),
            ChatMessage(role: .user, content: "What about its diameter?"),
        ])
        #expect(answer.text == "Q=What about its diameter?")
        await #expect(throws: ChainError.self) {
            _ = try await executor.run(messages: [ChatMessage(role: .system, content: "Be brief.")])
        }
    }
}
