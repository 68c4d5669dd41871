public import Foundation
public import RAGCore

#if canImport(Glibc)
import Glibc
#endif

/// Measures PDF ingestion throughput (load + clean, then chunking) over a set of files; `hepchain bench ingest` prints it.
///
/// Usage example:
/// ```swift
/// let result = try IngestBenchmark.run(paths: pdfs, counter: tokenizer)
/// print(result.pagesPerSecond, result.megabytesPerSecond)
/// ```
public struct IngestBenchmark: Sendable {
    /// Throughput figures of one run.
    public struct Result: Codable, Sendable, Hashable {
        /// Files parsed successfully.
        public var files: Int
        /// Files that failed, with the error message.
        public var failures: [String]
        /// Pages parsed.
        public var pages: Int
        /// Bytes of input parsed.
        public var bytes: Int
        /// Chunks produced (0 without a counter).
        public var chunks: Int
        /// Wall-clock seconds spent loading (pdftotext + cleaning).
        public var loadSeconds: Double
        /// Wall-clock seconds spent chunking.
        public var chunkSeconds: Double
        /// CPU seconds (user + system) spent loading, this process and its pdftotext children together.
        public var loadCPUSeconds: Double = 0
        /// CPU seconds spent chunking.
        public var chunkCPUSeconds: Double = 0
        /// Pages per second of loading alone.
        public var pagesPerSecond: Double
        /// Input megabytes (10^6 bytes) per second of loading alone.
        public var megabytesPerSecond: Double
        /// Pages per second of loading and chunking.
        public var pagesPerSecondWithChunking: Double
    }

    /// Loads every PDF in `paths` once, in order, then chunks it when `counter` is given.
    public static func run(paths: [URL], counter: (any TokenCounter)? = nil, loader: PDFLoader = PDFLoader()) throws -> Result {
        var result = Result(
            files: 0, failures: [], pages: 0, bytes: 0, chunks: 0, loadSeconds: 0, chunkSeconds: 0, pagesPerSecond: 0,
            megabytesPerSecond: 0, pagesPerSecondWithChunking: 0)
        let clock = ContinuousClock()
        for path in paths {
            let started = clock.now
            let cpuStarted = cpuSeconds()
            do {
                let document = try loader.loadFile(path)
                result.loadSeconds += seconds(clock.now - started)
                result.loadCPUSeconds += cpuSeconds() - cpuStarted
                result.files += 1
                result.pages += document.pages.count
                result.bytes += try FileProbe.size(of: path)
                if let counter {
                    let chunkStart = clock.now
                    let chunkCPUStart = cpuSeconds()
                    result.chunks += TokenWindowChunker(counter: counter).chunks(of: document).count
                    result.chunkSeconds += seconds(clock.now - chunkStart)
                    result.chunkCPUSeconds += cpuSeconds() - chunkCPUStart
                }
            } catch {
                result.loadSeconds += seconds(clock.now - started)
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

    /// User + system CPU seconds of this process and of its children that have been waited for.
    static func cpuSeconds() -> Double {
        #if canImport(Glibc)
        var own = rusage()
        var children = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &own)
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &children)
        func total(_ usage: rusage) -> Double {
            Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        }
        return total(own) + total(children)
        #else
        return 0
        #endif
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
