import ArgumentParser
import Foundation
import HTTPAPI
import Ingest
import KnowledgeBase
import Synchronization

struct IndexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Index files, folders, URLs and arXiv ids (resumable: unchanged files are skipped).",
        discussion: """
            Examples:
              hepchain index corpora --recursive
              hepchain index paper.pdf https://example.org/page.html 2303.12712
              hepchain index --arxiv-query 'cat:hep-ex AND ti:BESIII' --max 200
            A live progress bar is drawn on a terminal; otherwise a log line every few seconds. The exit status
            is non-zero when any source failed; the others are indexed all the same.
            """)

    @OptionGroup var options: DataOptions
    @Argument(help: "Files, folders, http(s) URLs or arXiv ids.") var sources: [String] = []
    @Option(help: "Collection to index into.") var collection = "default"
    @Flag(help: "Descend into sub-folders.") var recursive = false
    @Option(help: "Documents parsed and embedded at once (default: 2).") var jobs: Int?
    @Option(help: "arXiv API search query to harvest, e.g. 'cat:hep-ex AND ti:BESIII'.") var arxivQuery: String?
    @Option(help: "Most papers to harvest with --arxiv-query.") var max = 100
    @Option(help: "arXiv API endpoint (for mirrors and tests).") var arxivAPI = "https://export.arxiv.org/api/query"
    @Option(help: "Seconds between arXiv API requests (their policy asks for 3).") var arxivDelay = 3.0
    @Flag(help: "Let the fetcher load loopback, private and link-local addresses.") var allowPrivateAddresses = false
    @Flag(help: "Print the report as JSON.") var json = false

    func validate() throws {
        if sources.isEmpty && arxivQuery == nil {
            throw ValidationError("Give files, folders, URLs or arXiv ids to index, or --arxiv-query.")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
    }

    func run() async throws {
        let configuration = try options.configuration { configuration in
            if allowPrivateAddresses { configuration.allowPrivateAddresses = true }
        }
        let runtime = try await HepChainRuntime.open(configuration: configuration, jobs: jobs)
        if try await !runtime.knowledgeBase.collections().contains(where: { $0.name == collection }) {
            try await runtime.knowledgeBase.createCollection(collection)
        }
        let progress = ProgressPrinter(interactive: isInteractive && !json)
        var report = IngestReport()

        // Local paths go through the batch pipeline; URLs and arXiv ids through the fetcher.
        var paths: [URL] = []
        var locations: [String] = []
        for source in sources {
            if FileManager.default.fileExists(atPath: source) {
                paths.append(URL(fileURLWithPath: source))
            } else if source.hasPrefix("http://") || source.hasPrefix("https://") || (try? ArxivID(parsing: source)) != nil {
                locations.append(source)
            } else {
                report.failures.append(.init(source: source, message: "No such file or folder, and not a URL or arXiv id."))
            }
        }
        if !paths.isEmpty {
            let expanded = recursive ? paths : try paths.flatMap(Self.topLevelFiles)
            let batch = try await runtime.knowledgeBase.ingest(sources: expanded, in: collection) { progress.update($0) }
            report.outcomes += batch.outcomes
            report.failures += batch.failures
            report.seconds += batch.seconds
        }
        if let arxivQuery {
            let harvester = ArxivHarvester(
                fetcher: runtime.fetcher, endpoint: arxivAPI, delaySeconds: arxivDelay)
            let entries = try await harvester.search(query: arxivQuery, max: max) { message in
                if !json { printError(message) }
            }
            locations += entries.map { $0.id.versioned }
        }
        for (index, location) in locations.enumerated() {
            if !json { printError("[\(index + 1)/\(locations.count)] \(location)") }
            do {
                let resource = try await runtime.fetcher.fetchDocument(location)
                let outcome = try await runtime.knowledgeBase.ingest(
                    data: resource.data, source: resource.source, contentType: resource.contentType, in: collection)
                report.outcomes.append(outcome)
            } catch {
                report.failures.append(.init(source: location, message: "\(error)"))
            }
        }
        progress.finish()
        try await runtime.close()

        if json {
            try printJSON(report)
        } else {
            print(
                "Indexed \(report.count(.added)), replaced \(report.count(.replaced)), unchanged \(report.count(.unchanged)), older versions skipped \(report.count(.olderVersion)), failed \(report.failures.count); \(report.chunks) chunks in \(String(format: "%.1f", report.seconds)) s."
            )
            for failure in report.failures {
                printError("failed: \(failure.source): \(failure.message)")
            }
        }
        if !report.failures.isEmpty { throw ExitCode(1) }
    }

    /// Files directly inside a folder (no recursion), or the path itself if it is a file.
    static func topLevelFiles(_ url: URL) throws -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return [url]
        }
        return try FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: [.isRegularFileKey])
            .filter { !$0.lastPathComponent.hasPrefix(".") }
            .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
            .sorted { $0.path < $1.path }
    }
}

/// Draws a progress bar on a terminal, or prints a log line every few seconds otherwise.
final class ProgressPrinter: Sendable {
    private let interactive: Bool
    private let lastPrint = Mutex<ContinuousClock.Instant?>(nil)
    private let drewBar = Mutex(false)

    init(interactive: Bool) { self.interactive = interactive }

    func update(_ progress: IngestProgress) {
        let now = ContinuousClock.now
        let interval: Duration = interactive ? .milliseconds(100) : .seconds(5)
        let shouldPrint = lastPrint.withLock { last -> Bool in
            let isLast = progress.documentsDone == progress.documentsTotal
            if let previous = last, now - previous < interval, !isLast { return false }
            last = now
            return true
        }
        guard shouldPrint else { return }
        let eta = progress.estimatedSecondsRemaining.map(formatDuration) ?? "--:--"
        let rate = formatBytes(progress.bytesPerSecond) + "/s"
        let current = progress.currentSource.map { URL(fileURLWithPath: $0).lastPathComponent } ?? ""
        let counts = "\(progress.documentsDone)/\(progress.documentsTotal) files  \(progress.chunks) chunks  \(formatBytes(Double(progress.bytesDone)))/\(formatBytes(Double(progress.bytesTotal)))  \(rate)  ETA \(eta)"
        if interactive {
            let width = 24
            let fraction = progress.documentsTotal > 0 ? Double(progress.documentsDone) / Double(progress.documentsTotal) : 1
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let failures = progress.failures > 0 ? "  \(progress.failures) failed" : ""
            FileHandle.standardError.write(Data("\r\u{1B}[2K\(bar) \(counts)\(failures)  \(current.prefix(40))".utf8))
            drewBar.withLock { $0 = true }
        } else {
            printError("index: \(counts)\(progress.failures > 0 ? ", \(progress.failures) failed" : "")\(current.isEmpty ? "" : ", current \(current)")")
        }
    }

    func finish() {
        if drewBar.withLock({ $0 }) { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
