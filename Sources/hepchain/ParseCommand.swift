import ArgumentParser
import Embedding
import Foundation
import HepChainApp
import Ingest
import RAGCore

struct ParseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse a file or URL and print its metadata, pages, sections and chunks (nothing is stored).",
        discussion: "Use it to see why an answer cited what it cited. Exits non-zero with the reason when the input cannot be parsed.")

    @OptionGroup var options: DataOptions
    @Argument(help: "A file, an http(s) URL or an arXiv id.") var source: String
    @Flag(help: "Print {\"document\", \"pages\", \"chunks\"} as JSON.") var json = false
    @Flag(help: "Let the fetcher load loopback, private and link-local addresses.") var allowPrivateAddresses = false

    func run() async throws {
        let configuration = try options.configuration { if allowPrivateAddresses { $0.allowPrivateAddresses = true } }
        let embedder = try BERTEmbedder(modelFolder: URL(fileURLWithPath: configuration.modelFolder))
        let loader = AutoLoader()
        let document: Document
        switch try DocumentLocation(source) {
        case .file(let url):
            document = try await loader.load(url)
        case .remote(let location):
            let fetcher = Fetcher(configuration: .init(allowPrivateAddresses: configuration.allowPrivateAddresses))
            let download = try await fetcher.fetchDocument(location, arxiv: try configuration.arxivEndpoints())
            document = try loader.parse(download.data, source: download.source, contentType: download.contentType)
        }
        let chunks = HepChainRuntime.chunker(for: configuration, embedder: embedder).chunks(of: document)
        let report = ParsedDocumentReport(document: document, chunks: chunks, counter: embedder.tokenizer)
        if json {
            try printJSON(report)
            return
        }
        let metadata = document.metadata
        print("Title:    \(metadata.title ?? "(none)")")
        if !metadata.authors.isEmpty { print("Authors:  \(metadata.authors.joined(separator: ", "))") }
        if let arxiv = metadata.arxivID { print("arXiv:    \(arxiv)\(metadata.arxivVersion.map { "v\($0)" } ?? "")") }
        if let date = metadata.date { print("Date:     \(date)") }
        print("Format:   \(document.format), \(document.pages.count) pages, language \(metadata.language ?? "?")")
        if !document.sections.isEmpty {
            print("\nSections:")
            for section in document.sections {
                print("  \(String(repeating: "  ", count: max(0, section.level - 1)))\(section.title)  (p. \(section.page))")
            }
        }
        print("\nChunks (\(chunks.count)):")
        for chunk in chunks {
            let text = chunk.text.replacingOccurrences(of: "\n", with: " ")
            print("  #\(chunk.id.ordinal) p. \(pageRange(chunk.pageStart, chunk.pageEnd)) \(embedder.tokenizer.tokenCount(chunk.text)) wp  \(chunk.section ?? "")")
            print("     \(text.prefix(160))\(text.count > 160 ? "…" : "")")
        }
    }
}

struct EmbedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embed JSON lines {\"text\": …} from stdin; print {\"embedding\": […]} per line.",
        discussion: "Example: echo '{\"text\": \"J/psi decays\"}' | hepchain embed --tokens")

    @Option(help: "Model folder (default: $HEPCHAIN_MODEL, else models/all-MiniLM-L6-v2).") var model: String?
    @Flag(help: "Also print the wordpiece ids.") var tokens = false
    @Option(help: "Lines embedded per batch.") var batch = 64

    struct Input: Decodable { var text: String }
    struct Output: Encodable {
        var embedding: [Float]
        var tokens: [Int32]?
    }

    func run() async throws {
        let folder = model ?? ProcessInfo.processInfo.environment["HEPCHAIN_MODEL"] ?? "models/all-MiniLM-L6-v2"
        let embedder = try BERTEmbedder(modelFolder: URL(fileURLWithPath: folder))
        var lineNumber = 0
        var pending: [String] = []
        func flush() async throws {
            guard !pending.isEmpty else { return }
            let vectors = try await embedder.embed(pending)
            for (text, vector) in zip(pending, vectors) {
                let ids = tokens ? embedder.tokenizer.encode(text, maxLength: embedder.maxSequenceLength) : nil
                try printJSONLine(Output(embedding: vector, tokens: ids))
            }
            pending.removeAll(keepingCapacity: true)
        }
        while let line = readLine(strippingNewline: true) {
            lineNumber += 1
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            do {
                pending.append(try JSONDecoder().decode(Input.self, from: Data(line.utf8)).text)
            } catch {
                printError("Line \(lineNumber) of stdin is not a JSON object with a string field \"text\".")
                throw ExitCode(1)
            }
            if pending.count >= batch { try await flush() }
        }
        try await flush()
    }
}
