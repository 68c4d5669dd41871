// ingest-runner parse PATH [--json]   — what `hepchain parse` will print
// ingest-runner bench PATH…           — IngestBenchmark over the given PDFs, as JSON
import Foundation
import Ingest
import RAGCore

/// Roughly one wordpiece per 4 characters, for inspection only; the real counter is the embedder's tokenizer.
struct ApproximateCounter: TokenCounter {
    func tokenCount(_ text: String) -> Int { max(1, text.unicodeScalars.count / 4) }
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else {
    FileHandle.standardError.write(Data("usage: ingest-runner parse PATH [--json] | bench PATH…\n".utf8))
    exit(2)
}
do {
    switch command {
    case "parse":
        let path = arguments.dropFirst().first { !$0.hasPrefix("--") } ?? ""
        let document = try await AutoLoader().load(URL(fileURLWithPath: path))
        let chunks = TokenWindowChunker(counter: ApproximateCounter()).chunks(of: document)
        let report = ParsedDocumentReport(document: document, chunks: chunks, counter: ApproximateCounter())
        if arguments.contains("--json") {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.plainText)
        }
    case "bench":
        let paths = arguments.dropFirst().map { URL(fileURLWithPath: $0) }
        // HEPCHAIN_PDF_FONTS=off|first|all (default all): extent of the font-size pass.
        let fonts: PDFLoader.FontAnalysis = switch ProcessInfo.processInfo.environment["HEPCHAIN_PDF_FONTS"] {
        case "off": .off
        case "first": .firstPage
        default: .allPages
        }
        // HEPCHAIN_PDF_PARTS=N: children laying out one PDF at once (default: PDFLoader's, one per core up to 2).
        var loader = PDFLoader(fontAnalysis: fonts)
        if let parts = ProcessInfo.processInfo.environment["HEPCHAIN_PDF_PARTS"].flatMap(Int.init) { loader.pageParallelism = parts }
        let result = try IngestBenchmark.run(paths: paths, counter: ApproximateCounter(), loader: loader)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        print(String(decoding: try encoder.encode(result), as: UTF8.self))
    default:
        FileHandle.standardError.write(Data("unknown command \(command)\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
