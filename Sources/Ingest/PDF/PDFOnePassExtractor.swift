import Foundation
import Synchronization

/// Runs HepChain's `hepchain-pdftext` (Sources/hepchain-pdftext), which lays every page out once and prints both
/// what `pdftotext -htmlmeta` prints (reading-order text, info dictionary) and, into a second file, what
/// `pdftotext -bbox-layout` prints (line and word boxes) — byte for byte, so the same parsers read them.
///
/// Two `pdftotext` children parse the PDF and lay out every page twice; this costs about one `pdftotext` run
/// (docs/ingest.md, "One poppler pass"). It runs in the same sandbox (prlimit, wall-clock timeout).
struct PDFOnePassExtractor: Sendable {
    /// Path of `hepchain-pdftext`.
    var executable: String
    /// Wall-clock limit per document.
    var timeout: Double
    /// Pages read at most.
    var maxPages: Int

    /// What one run gives: the text pass, and the boxes of pages 1…`boxPages` (nil when none were asked for).
    struct Output: Sendable {
        var text: RawPDFText
        var boxes: PDFBoxLayout?
    }

    /// How a run failed.
    enum Failure: Error {
        /// The wall-clock limit fired: running anything else on this file would wait as long again.
        case timedOut
        /// Any other failure (unreadable, encrypted, damaged, a resource limit): `pdftotext` gives the precise reason.
        case failed
    }

    /// Where the tool is: `$HEPCHAIN_PDFTEXT` (empty turns it off), else next to the running executable
    /// (`hepchain`, `rag-server` and the test runner are all built into the same folder). Nil when absent.
    static let installed: String? = {
        if let configured = ProcessInfo.processInfo.environment["HEPCHAIN_PDFTEXT"] {
            return configured.isEmpty ? nil : configured
        }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let candidate = executable.deletingLastPathComponent().appendingPathComponent("hepchain-pdftext").path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
    }()

    /// Extracts text of pages 1…`maxPages` and boxes of pages 1…`boxPages` (0: no boxes), with `parts` children
    /// at once, each laying out an equal range of pages; the result is the same for any `parts`.
    func extract(path: String, boxPages: Int, parts: Int = 1, source: String) throws(Failure) -> Output {
        guard parts > 1 else { return try extract(path: path, boxPages: boxPages, part: 0, of: 1, source: source) }
        let results = PartResults(count: parts)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let result = Result { () throws(Failure) -> Output in
                try extract(path: path, boxPages: boxPages, part: part, of: parts, source: source)
            }
            results.value.withLock { $0[part] = result }
        }
        var outputs: [Output] = []
        for result in results.value.withLock({ $0 }) {
            switch result {
            case .success(let output): outputs.append(output)
            case .failure(.timedOut): throw .timedOut
            case .failure, nil: throw .failed
            }
        }
        let text = RawPDFText(info: outputs[0].text.info, pages: outputs.flatMap(\.text.pages))
        let boxes = boxPages > 0 ? PDFBoxLayout(merging: outputs.compactMap(\.boxes)) : nil
        return Output(text: text, boxes: boxes)
    }

    /// One child: pages in part `part` of `parts` (`-part K/P`).
    private func extract(path: String, boxPages: Int, part: Int, of parts: Int, source: String) throws(Failure) -> Output {
        var runner = Subprocess(executable: executable, timeout: timeout)
        // The boxes are ~17× the plain text and are held in memory twice while scanned: past 256 MB the child
        // stops on the file-size limit, and the caller falls back to the two pdftotext runs, whose box pass
        // stops the same way, so the document loads without font sizes.
        runner.fileSizeLimit = 256 << 20
        let boxesFile = FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-\(UUID().uuidString).boxes")
        defer { try? FileManager.default.removeItem(at: boxesFile) }  // best-effort cleanup of our own scratch file
        var arguments = ["-l", String(maxPages), "-part", "\(part)/\(parts)"]
        if boxPages > 0 { arguments += ["-boxes", boxesFile.path, "-box-pages", String(boxPages)] }
        guard let result = try? runner.run(arguments + [path], source: source) else { throw .failed }
        if result.timedOut { throw .timedOut }
        guard result.status == 0, !result.wasSignalled else { throw .failed }
        var text = PDFTextExtractor.parseHTMLMeta(String(decoding: result.standardOutput, as: UTF8.self))
        // Every page ends with a form feed: a part with none (more parts than pages) has no pages.
        if !result.standardOutput.contains(0x0C) { text.pages = [] }
        guard boxPages > 0 else { return Output(text: text, boxes: nil) }
        guard let boxes = try? Data(contentsOf: boxesFile) else { throw .failed }
        return Output(text: text, boxes: PDFBoxLayout.parse(boxes))
    }
}

/// The parts' results, written by `concurrentPerform`'s workers, read after it returns.
private final class PartResults: Sendable {
    let value: Mutex<[Result<PDFOnePassExtractor.Output, PDFOnePassExtractor.Failure>?]>
    init(count: Int) { value = Mutex(Array(repeating: nil, count: count)) }
}
