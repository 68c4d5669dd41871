import ArgumentParser
import Foundation
import HepChainApp
import Ingest
import KnowledgeBase
import RAGCore
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
              hepchain index --arxiv-query 'ti:BESIII' --arxiv-delay 1 \\
                --arxiv-api-url http://mirror.example/api/query \\
                --arxiv-base-url http://mirror.example

            Progress: a live bar on a terminal, otherwise a log line every few
            seconds. The exit status is non-zero when any source failed; the
            others are indexed all the same.

            Interrupting (Ctrl-C, SIGINT or SIGTERM) stops cleanly: no new
            document starts, the ones in progress are dropped, every stored
            document is kept and the index is saved. The summary says what was
            done; the exit status is 130 (143 for SIGTERM). A second Ctrl-C quits
            at once. Run the same command again to resume: stored documents are
            skipped by content hash, so nothing is indexed twice.

            Chunking: the chunking settings (chunkTokens, chunkOverlap) are stored
            with each document; a stored document chunked with other settings is
            chunked and embedded again, with a notice. --reindex does that for every
            document given, whatever its settings. Files named README* and those
            listed in a folder's .hepchainignore are not indexed when a folder is
            walked (name a file to index it anyway).

            arXiv: papers are downloaded from <base>/e-print/<id> (LaTeX source),
            else <base>/pdf/<id>, and stored under their canonical
            https://arxiv.org/abs/<id> source whichever site served them. The
            flags override the configuration keys arxivAPIURL, arxivBaseURL and
            arxivDelaySeconds and the variables HEPCHAIN_ARXIV_API_URL and
            HEPCHAIN_ARXIV_BASE_URL (docs/CONFIGURATION.md). A mirror on loopback
            or a private network also needs --allow-private-addresses.
            """)

    @OptionGroup var options: DataOptions
    @Argument(help: "Files, folders, http(s) URLs or arXiv ids.") var sources: [String] = []
    @Option(help: "Collection to index into.") var collection = "default"
    @Flag(help: "Descend into sub-folders.") var recursive = false
    @Option(help: "Documents parsed and embedded at once (default: 2).") var jobs: Int?
    @Option(help: "arXiv API search query to harvest, e.g. 'cat:hep-ex AND ti:BESIII'.") var arxivQuery: String?
    @Option(help: "Most papers to harvest with --arxiv-query.") var max = 100
    @Option(
        name: [.customLong("arxiv-api-url"), .customLong("arxiv-api")],
        help: "arXiv API endpoint, for mirrors and tests (default: config arxivAPIURL, else https://export.arxiv.org/api/query).")
    var arxivAPIURL: String?
    @Option(
        name: .customLong("arxiv-base-url"),
        help: "Site to download arXiv papers from: <url>/e-print/<id>, <url>/pdf/<id> (default: config arxivBaseURL, else https://arxiv.org).")
    var arxivBaseURL: String?
    @Option(help: "Seconds between arXiv API requests (default: config arxivDelaySeconds, else 3, as arXiv's policy asks).")
    var arxivDelay: Double?
    @Flag(help: "Let the fetcher load loopback, private and link-local addresses.") var allowPrivateAddresses = false
    @Flag(help: "Chunk and embed the given sources again even when they are stored unchanged.") var reindex = false
    @Flag(help: "Print the report as JSON.") var json = false

    func validate() throws {
        if sources.isEmpty && arxivQuery == nil {
            throw ValidationError("Give files, folders, URLs or arXiv ids to index, or --arxiv-query.")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
        if max < 1 { throw ValidationError("--max must be at least 1.") }
        if let arxivDelay, !(arxivDelay >= 0 && arxivDelay.isFinite) {
            throw ValidationError("--arxiv-delay must be 0 or more seconds; got \(arxivDelay).")
        }
    }

    /// What `--json` prints: the ingest report, and whether the run was interrupted before it was done.
    struct Output: Encodable {
        var outcomes: [IngestOutcome]
        var failures: [IngestReport.Failure]
        var seconds: Double
        var interrupted: Bool
        /// Sources neither stored, skipped nor failed because the run was interrupted.
        var notDone: Int
    }

    func run() async throws {
        let configuration = try options.configuration { configuration in
            if allowPrivateAddresses { configuration.allowPrivateAddresses = true }
            if let arxivAPIURL { configuration.arxivAPIURL = arxivAPIURL }
            if let arxivBaseURL { configuration.arxivBaseURL = arxivBaseURL }
            if let arxivDelay { configuration.arxivDelaySeconds = arxivDelay }
        }
        guard configuration.arxivDelaySeconds >= 0, configuration.arxivDelaySeconds.isFinite else {
            throw ValidationError("arxivDelaySeconds must be 0 or more seconds; got \(configuration.arxivDelaySeconds).")
        }
        let runtime = try await HepChainRuntime.open(configuration: configuration, jobs: jobs)
        // One index run per data folder at a time: a second waits, then skips what the first stored.
        let lock = try await DataFolderLock.acquire(folder: configuration.dataFolder) {
            printError("notice: another 'hepchain index' is running on '\(configuration.dataFolder)'; waiting for it to finish.")
        }
        defer { lock.release() }
        if try await !runtime.knowledgeBase.collections().contains(where: { $0.name == collection }) {
            try await runtime.knowledgeBase.createCollection(collection)
        }
        let progress = ProgressPrinter(interactive: isInteractive && !json)
        let job = IndexJob(
            sources: sources, collection: collection, recursive: recursive, reindex: reindex, arxivQuery: arxivQuery, max: max,
            arxivDelaySeconds: configuration.arxivDelaySeconds, logs: !json)
        let work = Task { await job.run(runtime: runtime, progress: progress) }
        let interruption = Interruption { _ in
            work.cancel()
            printError(
                "\nInterrupted: no new document starts; a document in progress is finished if it is being stored, else rolled back (the summary says which); stored ones are kept. Press Ctrl-C again to quit at once."
            )
        }
        let result = await work.value
        progress.finish()
        try await runtime.close()
        let signal = interruption.received
        interruption.stop()
        if let error = result.error { throw error }
        let report = result.report

        if json {
            try printJSON(
                Output(
                    outcomes: report.outcomes, failures: report.failures, seconds: report.seconds, interrupted: signal != nil,
                    notDone: result.notDone))
        } else {
            print(
                "\(signal != nil ? "Interrupted: " : "")Indexed \(report.count(.added)), replaced \(report.count(.replaced)), unchanged \(report.count(.unchanged)), older versions skipped \(report.count(.olderVersion)), failed \(report.failures.count)\(signal != nil ? ", not done \(result.notDone)" : ""); \(report.chunks) chunks in \(String(format: "%.1f", report.seconds)) s."
            )
            let rechunked = report.outcomes.filter { $0.rechunkedFrom != nil }
            if let first = rechunked.first?.rechunkedFrom {
                printError(
                    "notice: the chunking settings changed since \(rechunked.count) document(s) were indexed (\(first), now \(runtime.chunker.settings)); they were chunked and embedded again.")
            }
            for failure in report.failures {
                printError("failed: \(failure.source): \(failure.message)")
            }
            if signal != nil {
                if !report.finishedAfterInterrupt.isEmpty {
                    printError("finished before stopping (stored): \(report.finishedAfterInterrupt.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", "))")
                }
                if !report.rolledBack.isEmpty {
                    printError("rolled back (nothing stored; the next run indexes them): \(report.rolledBack.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", "))")
                }
                printError(
                    "hepchain index was interrupted; every stored document is complete. To resume, run the same command again: stored documents are skipped."
                )
            }
        }
        if let signal { throw ExitCode(128 + signal) }
        if !report.failures.isEmpty { throw ExitCode(1) }
    }

    /// Files directly inside a folder (no recursion), or the path itself if it is a file.
    static func topLevelFiles(_ url: URL) throws -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return [url]
        }
        let ignore = CorpusIgnore(root: url)
        return try FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: [.isRegularFileKey])
            .filter { !$0.lastPathComponent.hasPrefix(".") && !ignore.ignores($0) }
            .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
            .sorted { $0.path < $1.path }
    }
}

/// One `hepchain index` run, as a value that can run in its own task (which an interrupt cancels).
struct IndexJob: Sendable {
    var sources: [String]
    var collection: String
    var recursive: Bool
    var reindex: Bool
    var arxivQuery: String?
    var max: Int
    var arxivDelaySeconds: Double
    var logs: Bool

    struct Result: Sendable {
        var report = IngestReport()
        /// Sources not reached because the run was cancelled.
        var notDone = 0
        /// An error that ended the run (not a per-source failure).
        var error: (any Error)?
    }

    /// A source fetched over the network: a URL or arXiv id, with the arXiv API entry's metadata when harvested.
    private struct Location: Sendable {
        var location: String
        var metadata: DocumentMetadata?
    }

    /// Indexes everything; when the task is cancelled it stops early and reports what was done.
    func run(runtime: HepChainRuntime, progress: ProgressPrinter) async -> Result {
        var result = Result()
        // Local paths go through the batch pipeline; URLs and arXiv ids through the fetcher.
        var paths: [URL] = []
        var locations: [Location] = []
        for source in sources {
            do {
                switch try DocumentLocation(source) {
                case .file(let url): paths.append(url)
                case .remote(let location): locations.append(Location(location: location))
                }
            } catch {
                result.report.failures.append(.init(source: source, message: "\(error)"))
            }
        }
        do {
            if !paths.isEmpty {
                let expanded = recursive ? paths : try paths.flatMap(IndexCommand.topLevelFiles)
                let batch = try await runtime.knowledgeBase.ingest(sources: expanded, in: collection, reindex: reindex) { progress.update($0) }
                result.report.outcomes += batch.outcomes
                result.report.failures += batch.failures
                result.report.seconds += batch.seconds
                result.report.rolledBack += batch.rolledBack
                result.report.finishedAfterInterrupt += batch.finishedAfterInterrupt
                if Task.isCancelled {
                    let total = progress.lastTotal ?? expanded.count
                    result.notDone += Swift.max(0, total - batch.outcomes.count - batch.failures.count)
                }
            }
        } catch {
            if !Task.isCancelled { result.error = error }
            return result
        }
        if let arxivQuery, !Task.isCancelled {
            let harvester = runtime.intake.harvester(delaySeconds: arxivDelaySeconds)
            do {
                let entries = try await harvester.search(query: arxivQuery, max: max) { message in
                    if logs { printError(message) }
                }
                locations += entries.map { Location(location: $0.id.versioned, metadata: $0.metadata) }
            } catch where !Task.isCancelled {
                // The query is a source like the others: it fails, the rest is still indexed and summarised.
                result.report.failures.append(.init(source: "--arxiv-query \(arxivQuery)", message: "\(error)"))
            } catch {
                // Interrupted while harvesting: nothing was fetched yet, and the summary says so.
            }
        }
        let clock = ContinuousClock()
        let start = clock.now
        for (index, location) in locations.enumerated() {
            if Task.isCancelled {
                result.notDone += locations.count - index
                break
            }
            if logs { printError("[\(index + 1)/\(locations.count)] \(location.location)") }
            do {
                let (outcome, _) = try await runtime.intake.ingest(
                    location: location.location, into: collection, metadata: location.metadata, reindex: reindex)
                result.report.outcomes.append(outcome)
            } catch where Task.isCancelled {
                result.notDone += locations.count - index
                break
            } catch {
                result.report.failures.append(.init(source: location.location, message: "\(error)"))
            }
        }
        let elapsed = clock.now - start
        result.report.seconds += elapsed.inSeconds
        return result
    }
}

/// Draws a progress bar on a terminal, or prints a log line every few seconds otherwise.
final class ProgressPrinter: Sendable {
    private let interactive: Bool
    private let lastPrint = Mutex<ContinuousClock.Instant?>(nil)
    private let drewBar = Mutex(false)
    private let total = Mutex<Int?>(nil)

    /// Sources in the batch, as of the latest report.
    var lastTotal: Int? { total.withLock { $0 } }

    init(interactive: Bool) { self.interactive = interactive }

    func update(_ progress: IngestProgress) {
        total.withLock { $0 = progress.documentsTotal }
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
            // Fit the terminal (re-read each time: it may be resized): required counts, then what fits, then the name.
            let line = ProgressLine(
                fraction: progress.documentsTotal > 0 ? Double(progress.documentsDone) / Double(progress.documentsTotal) : 1,
                required: ["\(progress.documentsDone)/\(progress.documentsTotal) files"] + (progress.failures > 0 ? ["\(progress.failures) failed"] : []),
                optional: [
                    "ETA \(eta)", "\(progress.chunks) chunks", rate,
                    "\(formatBytes(Double(progress.bytesDone)))/\(formatBytes(Double(progress.bytesTotal)))",
                ],
                name: current)
            FileHandle.standardError.write(Data("\r\u{1B}[2K\(line.render(columns: ProgressLine.terminalColumns()))".utf8))
            drewBar.withLock { $0 = true }
        } else {
            printError("index: \(counts)\(progress.failures > 0 ? ", \(progress.failures) failed" : "")\(current.isEmpty ? "" : ", current \(current)")")
        }
    }

    func finish() {
        if drewBar.withLock({ $0 }) { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
