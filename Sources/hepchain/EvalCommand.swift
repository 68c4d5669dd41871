import ArgumentParser
import Chain
import Foundation
import HTTPAPI
import KnowledgeBase
import RAGCore

struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure retrieval quality (recall@1/5/10, MRR, nDCG@10) of dense, BM25 and hybrid search.",
        discussion: """
            QA.jsonl holds one question per line:
              {"question": "...", "expected": [{"file": "corpora/pdf/besiii.pdf", "page": 3}]}
            (or "document": id instead of "file", or "quote": "exact text"). `hepchain fission` writes this format.
            """)

    @OptionGroup var options: DataOptions
    @Argument(help: "Question file (JSON lines).") var questions: String
    @Option(help: "Collection.") var collection = "default"
    @Flag(help: "Print the report as JSON.") var json = false

    func run() async throws {
        let runtime = try await HepChainRuntime.open(configuration: try options.configuration(), existingStore: true)
        let report = try await Evaluation.run(
            qa: URL(fileURLWithPath: questions), knowledgeBase: runtime.knowledgeBase, collection: collection)
        if json {
            try printJSON(report)
        } else {
            print(report.table)
        }
    }
}

struct FissionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fission",
        abstract: "Grow grounded question–answer pairs from a seed topic over the indexed corpus (JSON lines).",
        discussion: """
            Three roles: a newcomer asks two questions about each input, a checker keeps the good ones, an expert
            answers from retrieved sources. With --llm-base-url each role uses the model; offline, questions come
            from headings and key sentences and answers are extractive. The output is a `hepchain eval` set.
            """)

    @OptionGroup var options: DataOptions
    @Argument(help: "Seed topic, e.g. BESIII or 高能物理.") var seed: String
    @Option(help: "Number of pairs.") var count = 20
    @Option(help: "Collection.") var collection = "default"
    @Option(help: "Write JSONL here instead of stdout.") var output: String?
    @Option(help: "OpenAI-compatible server for the roles (default: offline reduced mode).") var llmBaseURL: String?
    @Option(help: "Model name for the LLM server.") var llmModel: String?

    func run() async throws {
        guard count > 0 else { throw ValidationError("--count must be at least 1.") }
        let configuration = try options.configuration { configuration in
            if let llmBaseURL { configuration.llmBaseURL = llmBaseURL }
            if let llmModel { configuration.llmModel = llmModel }
        }
        let runtime = try await HepChainRuntime.open(configuration: configuration, existingStore: true)
        let fission = SeedFission(
            retriever: CollectionRetriever(knowledgeBase: runtime.knowledgeBase, collection: collection),
            generator: runtime.executor.context.generator, embedder: runtime.embedder, library: runtime.executor.library)
        let logsProgress = output != nil
        let records = try await fission.run(seed: seed, count: count) { record in
            if logsProgress { printError("fission: \(record.question)") }
        }
        if let output {
            try SeedFission.writeJSONL(records, to: URL(fileURLWithPath: output))
            print("Wrote \(records.count) pairs to \(output).")
        } else {
            for record in records { try printJSONLine(record) }
        }
    }
}
