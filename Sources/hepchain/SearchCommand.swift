import ArgumentParser
import Chain
import Foundation
import HepChainApp
import RAGCore

struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Retrieve the passages that best match a query.",
        discussion: """
            Filters (repeatable): --filter category=hep-ex --filter year=2015-2020 --filter language=zh
            --filter document=arxiv:1503.07589 --filter source=https://pos.sissa.it/
            """)

    @OptionGroup var options: DataOptions
    @Argument(help: "The query.") var query: String
    @Option(help: "dense, bm25 or hybrid.") var mode = "hybrid"
    @Option(name: .short, help: "Number of passages.") var k = 5
    @Option(help: "Collection to search.") var collection = "default"
    @Option(help: "key=value metadata filter: document, category, year (YYYY or YYYY-YYYY), language, source.")
    var filter: [String] = []
    @Flag(help: "Print {\"hits\": [...]} as JSON.") var json = false

    struct Output: Encodable {
        struct Hit: Encodable {
            var score: Double
            var text: String
            var citation: CitationBody
        }
        var hits: [Hit]
    }

    func run() async throws {
        let configuration = try options.configuration()
        // The same rules and words as POST /v1/search (HTTP 422 there, exit 64 here).
        let checked: (text: String, k: Int, mode: SearchMode)
        do {
            checked = try SearchRules.check(query: query, k: k, mode: mode, maxK: configuration.maxK)
        } catch let violation as SearchRules.Violation {
            throw usageError(violation.message)
        }
        let runtime = try await HepChainRuntime.open(configuration: configuration, existingStore: true)
        let query = RetrievalQuery(text: checked.text, k: checked.k, mode: checked.mode, filter: try SearchFilter(arguments: filter))
        let hits = try await runtime.knowledgeBase.search(query, in: collection)
        // What the query was translated to (zh↔en), on stderr so that the JSON on stdout stays as it is.
        let note = runtime.knowledgeBase.configuration.translator.translate(query.text).note
        if !note.isEmpty { printError(note) }
        if json {
            try printJSON(Output(hits: hits.map { Output.Hit(score: $0.score, text: $0.chunk.text, citation: CitationBody($0.citation)) }))
            return
        }
        if hits.isEmpty { print("No passages found.") }
        for (index, hit) in hits.enumerated() {
            let citation = hit.citation
            print("[\(index + 1)] \(String(format: "%.4f", hit.score))  \(citation.title ?? citation.source), p. \(pageRange(citation.pageStart, citation.pageEnd))\(citation.section.map { " — \($0)" } ?? "")")
            print("    \(citation.source)")
            let text = hit.chunk.text.replacingOccurrences(of: "\n", with: " ")
            print("    \(text.prefix(300))\(text.count > 300 ? "…" : "")\n")
        }
    }
}

extension SearchFilter {
    /// Parses `key=value` command-line filters.
    init(arguments: [String]) throws {
        self.init()
        for argument in arguments {
            let pair = argument.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, !pair[1].isEmpty else {
                throw ValidationError("A filter is key=value, e.g. category=hep-ex; got '\(argument)'.")
            }
            switch pair[0] {
            case "document": documents = (documents ?? []) + [DocumentID(pair[1])]
            case "category": categories = (categories ?? []) + [pair[1]]
            case "language": language = pair[1]
            case "source": sourcePrefix = pair[1]
            case "year":
                let bounds = pair[1].split(separator: "-").map { Int($0) }
                guard (1...2).contains(bounds.count), bounds.allSatisfy({ $0 != nil }) else {
                    throw ValidationError("A year filter is YYYY or YYYY-YYYY; got '\(pair[1])'.")
                }
                yearFrom = bounds.first ?? nil
                yearTo = bounds.last ?? nil
            default:
                throw ValidationError("Unknown filter '\(pair[0])'; use document, category, year, language or source.")
            }
        }
    }
}
