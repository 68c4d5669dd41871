import ArgumentParser
import Foundation
import Ingest
import RAGCore

/// Roughly one wordpiece per 4 characters: chunking cost without loading a model (the chunker's work is the same).
struct ApproximateCounter: TokenCounter {
    func tokenCount(_ text: String) -> Int { max(1, text.unicodeScalars.count / 4) }
}

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Parse PDFs as indexing does and report pages/s and MB/s, with and without chunking.",
        discussion: """
            Loads each PDF once, in order, through PDFLoader (hepchain-pdftext children; HEPCHAIN_PDFTEXT as for
            hepchain), then chunks it with a 4-characters-per-token counter. bench/ingest/ingest.sh runs it next
            to pdftotext, pypdf and poppler-glib on the same files.
            """)
    enum Fonts: String, ExpressibleByArgument { case off, first, all }

    @Argument(help: "PDF files.") var paths: [String]
    @Option(help: "Font-size pass: off, first (page) or all (pages).") var fonts = Fonts.all
    @Option(help: "Children laying out one PDF at once (default: PDFLoader's, one per core up to 2).") var parts: Int?
    @Flag(help: "Print one JSON line.") var json = false

    func run() throws {
        let analysis: PDFLoader.FontAnalysis = switch fonts {
        case .off: .off
        case .first: .firstPage
        case .all: .allPages
        }
        var loader = PDFLoader(fontAnalysis: analysis)
        if let parts { loader.pageParallelism = max(1, parts) }
        let report = try IngestBenchmark.run(paths: paths.map { URL(fileURLWithPath: $0) }, counter: ApproximateCounter(), loader: loader)
        if json {
            try printJSONLine(report)
            return
        }
        print("\(report.files) files, \(report.pages) pages, \(formatBytes(Double(report.bytes)))")
        print(String(format: "parse: %.1f pages/s, %.2f MB/s; with chunking: %.1f pages/s", report.pagesPerSecond, report.megabytesPerSecond, report.pagesPerSecondWithChunking))
        for failure in report.failures { printError("failed: \(failure)") }
    }
}
