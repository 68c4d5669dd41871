import Foundation
import Ingest
import RAGCore

/// Measures PDF ingestion throughput (load + clean, then chunking) over a set of files; `hepchain-bench ingest`, which
/// bench/ingest/ingest.sh runs next to pdftotext, pypdf and poppler-glib.
///
/// Usage example:
/// ```swift
/// let result = try IngestBenchmark.run(paths: pdfs, counter: tokenizer)
/// print(result.pagesPerSecond, result.megabytesPerSecond)
/// ```
struct IngestBenchmark: Sendable {
    /// Throughput figures of one run.
    struct Result: Codable, Sendable, Hashable {
        /// Files parsed successfully.
        var files: Int
        /// Files that failed, with the error message.
        var failures: [String]
        /// Pages parsed.
        var pages: Int
        /// Bytes of input parsed.
        var bytes: Int
        /// Chunks produced (0 without a counter).
        var chunks: Int
        /// Wall-clock seconds spent loading (pdftotext + cleaning).
        var loadSeconds: Double
        /// Wall-clock seconds spent chunking.
        var chunkSeconds: Double
        /// CPU seconds (user + system) spent loading, this process and its pdftotext children together.
        var loadCPUSeconds: Double = 0
        /// CPU seconds spent chunking.
        var chunkCPUSeconds: Double = 0
        /// Pages per second of loading alone.
        var pagesPerSecond: Double
        /// Input megabytes (10^6 bytes) per second of loading alone.
        var megabytesPerSecond: Double
        /// Pages per second of loading and chunking.
        var pagesPerSecondWithChunking: Double
    }

    /// Loads every PDF in `paths` once, in order, then chunks it when `counter` is given.
    static func run(paths: [URL], counter: (any TokenCounter)? = nil, loader: PDFLoader = PDFLoader()) throws -> Result {
        var result = Result(
            files: 0, failures: [], pages: 0, bytes: 0, chunks: 0, loadSeconds: 0, chunkSeconds: 0, pagesPerSecond: 0,
            megabytesPerSecond: 0, pagesPerSecondWithChunking: 0)
        let clock = ContinuousClock()
        for path in paths {
            let started = clock.now
            let cpuStarted = processCPUSeconds(children: true)
            do {
                let document = try loader.loadFile(path)
                result.loadSeconds += (clock.now - started).inSeconds
                result.loadCPUSeconds += processCPUSeconds(children: true) - cpuStarted
                result.files += 1
                result.pages += document.pages.count
                result.bytes += (try FileManager.default.attributesOfItem(atPath: path.path)[.size] as? Int) ?? 0
                if let counter {
                    let chunkStart = clock.now
                    let chunkCPUStart = processCPUSeconds(children: true)
                    result.chunks += TokenWindowChunker(counter: counter).chunks(of: document).count
                    result.chunkSeconds += (clock.now - chunkStart).inSeconds
                    result.chunkCPUSeconds += processCPUSeconds(children: true) - chunkCPUStart
                }
            } catch {
                result.loadSeconds += (clock.now - started).inSeconds
                result.failures.append("\(path.lastPathComponent): \(error)")
            }
        }
        if result.loadSeconds > 0 {
            result.pagesPerSecond = Double(result.pages) / result.loadSeconds
            result.megabytesPerSecond = Double(result.bytes) / 1e6 / result.loadSeconds
            result.pagesPerSecondWithChunking = Double(result.pages) / (result.loadSeconds + result.chunkSeconds)
        }
        return result
    }
}
