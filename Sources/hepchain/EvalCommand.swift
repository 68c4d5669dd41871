import ArgumentParser
import Chain
import Foundation
import HepChainApp
import KnowledgeBase
import RAGCore

struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure retrieval quality (recall@1/5/10, MRR, nDCG@10) and, with --answers, answer quality of the qa chain.",
        discussion: """
            QA.jsonl holds one question per line:
              {"question": "...", "expected": [{"file": "corpora/pdf/besiii.pdf", "page": 3}]}
            (or "document": id instead of "file", or "quote": "exact text"). `hepchain fission` writes this format.

            With --answers the file is an answer set (eval/README.md): each question also has "must_contain"
            (the key facts), "lang", "type" and "answerable". The qa chain answers every question and the
            report gives, per language and type: key-fact rate, right-document citation rate, false
            abstentions, abstention on unanswerable questions, whether retrieval found the fact, and latency.
            Retrieval metrics for the answerable questions follow.
            """)

    @OptionGroup var options: DataOptions
    @Argument(help: "Question file (JSON lines).") var questions: String
    @Option(help: "Collection.") var collection = "default"
    @Flag(help: "Run the qa chain on an answer set and report answer quality too.") var answers = false
    @Option(help: "With --answers: also write each question's outcome (answer text included) to this JSONL file.")
    var outcomes: String?
    @Flag(help: "With --answers: never abstain, and print key-fact recall, precision and abstention at each confidence threshold (to choose minimumEvidence).")
    var calibrate = false
    @Flag(help: "Print the report as JSON.") var json = false

    func run() async throws {
        let runtime = try await HepChainRuntime.open(configuration: try options.configuration(), existingStore: true)
        let url = URL(fileURLWithPath: questions)
        var answerReport: AnswerReport?
        if answers {
            let set = try AnswerQuestion.load(url)
            var executor = runtime.executor
            let retriever = CollectionRetriever(knowledgeBase: runtime.knowledgeBase, collection: collection)
            executor.context.retriever = retriever
            if calibrate, executor.context.generator is ExtractiveGenerator {
                var calibration = ExtractiveGenerator.Calibration.standard
                calibration.minimumEvidence = -.infinity
                calibration.minimumEvidenceChinese = -.infinity
                calibration.minimumCoverage = -.infinity
                calibration.minimumSimilarity = -.infinity
                executor.context.generator = ExtractiveGenerator(
                    embedder: runtime.embedder, calibration: calibration, translator: executor.context.translator)
            }
            answerReport = try await AnswerEvaluation.run(set, retriever: retriever) { question in
                try await executor.run(chain: "qa", question: question)
            }
            if let outcomes, let answerReport {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                let lines = try answerReport.outcomes.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
                try (lines.joined(separator: "\n") + "\n").write(toFile: outcomes, atomically: true, encoding: .utf8)
            }
        }
        // Retrieval, for all questions and per language (Chinese questions over English papers are reported apart).
        let retrievalQuestions = try EvaluationQuestion.load(url)
        let knowledgeBase = runtime.knowledgeBase
        let collection = collection
        func retrieval(_ questions: [EvaluationQuestion]) async throws -> EvaluationReport {
            try await Evaluation.run(questions: questions) { query in try await knowledgeBase.search(query, in: collection) }
        }
        var reports = [("all", try await retrieval(retrievalQuestions))]
        let byLanguage = Dictionary(grouping: retrievalQuestions) { TextAnalysis.language(of: $0.question) }
        if byLanguage.count > 1 {
            for language in byLanguage.keys.sorted() { reports.append(("lang=\(language)", try await retrieval(byLanguage[language]!))) }
        }
        if json {
            struct Combined: Encodable {
                var answers: AnswerReport?
                var retrieval: [String: EvaluationReport]
            }
            try printJSON(Combined(answers: answerReport, retrieval: Dictionary(uniqueKeysWithValues: reports)))
        } else {
            if let answerReport {
                print(answerReport.table + "\n")
                if calibrate { print(answerReport.abstentionCurve(thresholds: stride(from: 0.2, through: 0.8, by: 0.025).map { $0 }) + "\n") }
            }
            for (label, report) in reports { print("retrieval, \(label):\n" + report.table + "\n") }
        }
    }
}

struct FissionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fission",
        abstract: "Grow grounded question–answer pairs from a seed topic over the indexed corpus.",
        discussion: """
            Three roles: a newcomer asks --breadth questions about each input from evidence sentences, a checker keeps \
            the good ones (well formed, not answerable from the question, no near-duplicates, answer supported by the \
            cited sentences), an expert (the qa chain) answers. The key terms of each answer seed the next round, down \
            to --depth. With --llm-base-url each role uses its prompt template (fission-newcomer, fission-checker, \
            fission-expert). Formats: jsonl (a `hepchain eval` set), openai (chat fine-tuning JSONL), alpaca (JSON). \
            The diversity report goes to stderr.
            """)

    @OptionGroup var options: DataOptions
    @Argument(help: "Seed topic, e.g. BESIII or 高能物理.") var seed: String
    @Option(help: "Number of pairs.") var count = 20
    @Option(help: "Largest question depth (1 = questions about the seed only).") var depth = 4
    @Option(help: "Questions kept per input.") var breadth = 2
    @Option(help: "Embedding cosine at or above which a question is a near-duplicate of an earlier one.") var duplicateThreshold = 0.85
    @Option(help: "Output format: jsonl, openai or alpaca.") var format = "jsonl"
    @Option(help: "Collection.") var collection = "default"
    @Option(help: "Write the pairs here instead of stdout.") var output: String?
    @Option(help: "Write the diversity and rejection report here as JSON.") var report: String?
    @Option(help: "OpenAI-compatible server for the roles (default: offline).") var llmBaseURL: String?
    @Option(help: "Model name for the LLM server.") var llmModel: String?
    @Option(help: "Chain file whose templates replace fission-newcomer, fission-checker or fission-expert (docs/chain.md).")
    var chains: String?

    func run() async throws {
        guard count > 0 else { throw ValidationError("--count must be at least 1.") }
        guard depth > 0 else { throw ValidationError("--depth must be at least 1.") }
        guard breadth > 0 else { throw ValidationError("--breadth must be at least 1.") }
        guard (0...1).contains(duplicateThreshold) else { throw ValidationError("--duplicate-threshold must be between 0 and 1.") }
        guard let outputFormat = FissionOutputFormat(rawValue: format) else {
            throw ValidationError("--format '\(format)' is not one of jsonl, openai, alpaca.")
        }
        let configuration = try options.configuration { configuration in
            if let llmBaseURL { configuration.llmBaseURL = llmBaseURL }
            if let llmModel { configuration.llmModel = llmModel }
            if let chains { configuration.chainsFile = chains }
        }
        let runtime = try await HepChainRuntime.open(configuration: configuration, existingStore: true)
        let fission = SeedFission(
            retriever: CollectionRetriever(knowledgeBase: runtime.knowledgeBase, collection: collection),
            generator: runtime.executor.context.generator, embedder: runtime.embedder, library: runtime.executor.library,
            maximumDepth: depth, breadth: breadth, duplicateThreshold: duplicateThreshold)
        let logsProgress = output != nil
        let result = try await fission.run(seed: seed, count: count) { record in
            if logsProgress { printError("fission: \(record.question)") }
        }
        if let output {
            try SeedFission.write(result.records, format: outputFormat, to: URL(fileURLWithPath: output))
            print("Wrote \(result.records.count) pairs to \(output).")
        } else {
            FileHandle.standardOutput.write(try SeedFission.encode(result.records, format: outputFormat))
        }
        if let report {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            do {
                try encoder.encode(result.report).write(to: URL(fileURLWithPath: report), options: .atomic)
            } catch {
                throw ValidationError("--report '\(report)' could not be written: \(error.localizedDescription)")
            }
        }
        printError(result.report.summary)
    }
}
