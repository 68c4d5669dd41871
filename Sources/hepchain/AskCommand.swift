import ArgumentParser
import Chain
import Foundation
import HepChainApp
import RAGCore

struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask", abstract: "Answer a question from the indexed documents, with numbered citations.")

    @OptionGroup var options: DataOptions
    @Argument(help: "The question.") var question: String
    @Option(help: "Chain to run: qa, search, summarize, condense, or one from --chains.") var chain = "qa"
    @Option(help: "Collection to answer from.") var collection = "default"
    @Option(help: "JSON file with user-defined chains.") var chains: String?
    @Option(help: "OpenAI-compatible server for generation (default: offline extractive).") var llmBaseURL: String?
    @Option(help: "Model name for the LLM server.") var llmModel: String?
    @Flag(help: "Print the answer as it is generated.") var stream = false
    @Flag(help: "Print {\"answer\", \"citations\", \"trace\"} as JSON.") var json = false

    struct Output: Encodable {
        struct Step: Encodable {
            var step: String
            var ms: Double
            var details: [String: String]
        }
        var answer: String
        var abstained: Bool
        var citations: [CitationBody]
        var trace: [Step]
    }

    func run() async throws {
        let configuration = try options.configuration { configuration in
            if let chains { configuration.chainsFile = chains }
            if let llmBaseURL { configuration.llmBaseURL = llmBaseURL }
            if let llmModel { configuration.llmModel = llmModel }
        }
        // Checked before opening anything, with the words POST /v1/ask uses.
        if question.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw ChainError.emptyQuestion }
        let runtime = try await HepChainRuntime.open(configuration: configuration, existingStore: true)
        let answers = runtime.answers
        let request = AskRequest(question: question, collection: collection, chain: chain)
        var answer: Answer
        if stream && !json {
            var final: Answer?
            var streamed = ""
            for try await event in answers.stream(request) {
                switch event {
                case .token(let text):
                    streamed += text
                    FileHandle.standardOutput.write(Data(text.utf8))
                case .done(let done): final = done
                }
            }
            print()
            guard let final else { throw ExitCode.failure }
            if streamed != final.text {
                // Only a chain without a cite step could stream text that differs from its answer.
                print("\nWith citations numbered as listed below:\n\(final.text)")
            }
            answer = final
        } else {
            answer = try await answers.ask(request)
        }
        if json {
            try printJSON(
                Output(
                    answer: answer.text, abstained: answer.abstained, citations: answer.citations.map(CitationBody.init),
                    trace: answer.trace.map { Output.Step(step: $0.step, ms: $0.milliseconds, details: $0.details) }))
            return
        }
        if !stream { print(answer.text) }
        if !answer.citations.isEmpty { print() }
        for citation in answer.citations {
            let marker = citation.marker.map { "[\($0)]" } ?? "-"
            let title = citation.title ?? citation.source
            print("\(marker) \(title), p. \(pageRange(citation.pageStart, citation.pageEnd))\(citation.section.map { " — \($0)" } ?? "")")
            print("    \(citation.arxivID.map { "arXiv:\($0)  " } ?? "")\(citation.source)")
        }
    }
}
