import ArgumentParser
import Foundation
import HepChainApp
import KnowledgeBase
import RAGCore

struct Search: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time knowledge-base searches (query embedding included) per mode and report p50/p90/p99 latency.",
        discussion: """
            Runs every question of --questions (JSON lines with a "question" field, e.g. eval/corpus.jsonl)
            once to warm up, then --runs passes per mode, one search at a time, against the data folder's
            collection. Latency is wall time of KnowledgeBase.search, as the HTTP routes call it.
            """)
    @OptionGroup var options: DataOptions
    @Option(help: "Questions file (JSON lines with a \"question\" field).") var questions: String
    @Option(help: "Comma-separated modes.") var modes = "dense,bm25,hybrid"
    @Option(name: .short, help: "Hits per search.") var k = 10
    @Option(help: "Timed passes over the questions per mode.") var runs = 3
    @Option(help: "Collection to search.") var collection = "default"
    @Flag(help: "Print JSON.") var json = false

    struct Row: Encodable {
        var mode: String
        var searches: Int
        var p50Milliseconds: Double
        var p90Milliseconds: Double
        var p99Milliseconds: Double
        var meanMilliseconds: Double
    }

    func run() async throws {
        let texts = try questionTexts(questions)
        let searchModes = try modes.split(separator: ",").map { name -> SearchMode in
            guard let mode = SearchMode(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--modes takes dense, bm25 and hybrid separated by commas; got '\(name)'.")
            }
            return mode
        }
        let runtime = try await HepChainRuntime.open(configuration: try options.configuration())
        var rows: [Row] = []
        for mode in searchModes {
            for text in texts { _ = try await runtime.knowledgeBase.search(RetrievalQuery(text: text, k: k, mode: mode), in: collection) }
            var latencies: [Double] = []
            for _ in 0..<max(1, runs) {
                for text in texts {
                    let start = ContinuousClock.now
                    _ = try await runtime.knowledgeBase.search(RetrievalQuery(text: text, k: k, mode: mode), in: collection)
                    let elapsed = ContinuousClock.now - start
                    latencies.append(elapsed.inMilliseconds)
                }
            }
            latencies.sort()
            rows.append(Row(
                mode: mode.rawValue, searches: latencies.count, p50Milliseconds: percentile(latencies, 0.5),
                p90Milliseconds: percentile(latencies, 0.9), p99Milliseconds: percentile(latencies, 0.99),
                meanMilliseconds: latencies.reduce(0, +) / Double(latencies.count)))
        }
        if json { try printJSONLine(rows); return }
        let statistics = try await runtime.knowledgeBase.statistics(in: collection)
        print("collection '\(collection)': \(statistics.documents) documents, \(statistics.chunks) chunks; k = \(k)")
        print("| mode | searches | p50 ms | p90 ms | p99 ms | mean ms |")
        print("|---|---|---|---|---|---|")
        for row in rows {
            let times = [row.p50Milliseconds, row.p90Milliseconds, row.p99Milliseconds, row.meanMilliseconds]
            print("| \(row.mode) | \(row.searches) | " + times.map { String(format: "%.2f", $0) }.joined(separator: " | ") + " |")
        }
    }
}

struct Translate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time loading the glossaries and CC-CEDICT, and translating each question (zh↔en query translation).",
        discussion: """
            Loads the translator as the runtime does (--dictionary, --glossary, configuration) --runs times, then
            translates every question of --questions --runs times after one warm-up pass. Reports the median load
            and per-query percentiles (wall time).
            """)
    @OptionGroup var options: DataOptions
    @Option(help: "Questions file (JSON lines with a \"question\" field).") var questions: String
    @Option(help: "Loads, and timed passes over the questions.") var runs = 5
    @Flag(help: "Print each question's translation note.") var show = false

    func run() async throws {
        let configuration = try options.configuration()
        let texts = try questionTexts(questions)
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        // Process CPU time (`clock()`), next to wall time: on a shared machine the wall clock also counts waiting.
        func cpuMilliseconds() -> Double { Double(clock()) * 1000 / Double(CLOCKS_PER_SEC) }
        var loads: [Double] = []
        var loadCPU: [Double] = []
        var translator = try HepChainRuntime.translator(for: configuration)
        for _ in 0..<max(1, runs) {
            let start = ContinuousClock.now
            let cpuStart = cpuMilliseconds()
            translator = try HepChainRuntime.translator(for: configuration)
            loads.append((ContinuousClock.now - start).inMilliseconds)
            loadCPU.append(cpuMilliseconds() - cpuStart)
        }
        for text in texts { _ = translator.translate(text) }
        var latencies: [Double] = []
        let cpuStart = cpuMilliseconds()
        for _ in 0..<max(1, runs) {
            for text in texts {
                let start = ContinuousClock.now
                _ = translator.translate(text)
                latencies.append((ContinuousClock.now - start).inMilliseconds)
            }
        }
        let queryCPU = (cpuMilliseconds() - cpuStart) / Double(latencies.count)
        latencies.sort()
        let entries = translator.dictionary.map { "CC-CEDICT \($0.entryCount) entries" } ?? "no dictionary"
        print("glossary \(translator.glossary.entries.count) concepts, \(entries); \(texts.count) questions × \(max(1, runs)) passes")
        print(String(
            format: "load (glossaries + dictionary, both directions): median %.1f ms wall (min %.1f), %.1f ms CPU",
            median(loads), loads.min() ?? 0, median(loadCPU)))
        print(String(
            format: "translate per query: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms wall; mean %.3f ms CPU",
            percentile(latencies, 0.5), percentile(latencies, 0.9), percentile(latencies, 0.99), latencies.last ?? 0, queryCPU))
        if show {
            for text in texts { print("\(text)\n    \(translator.translate(text).note)") }
        }
    }
}
