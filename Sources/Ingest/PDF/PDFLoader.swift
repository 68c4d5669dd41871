public import Foundation
public import RAGCore
import Synchronization

/// Loads PDFs: per-page text in reading order (two-column pages column by column), de-hyphenated,
/// ligatures folded, zero-width characters dropped, running headers, footers and page numbers removed,
/// headings detected, metadata from the info dictionary, the first page and the file name.
///
/// Text and boxes come from poppler in a child process with a timeout and resource limits, so a damaged or
/// hostile PDF cannot crash or hang the caller: HepChain's `hepchain-pdftext`, which lays each page out once
/// for both, when it is installed next to the executable; else (or when it fails) two `pdftotext` runs.
///
/// Usage example:
/// ```swift
/// let document = try await PDFLoader().load(URL(fileURLWithPath: "2303.12712v2.pdf"))
/// print(document.metadata.title ?? "", document.pages.count)
/// ```
public struct PDFLoader: DocumentLoader {
    /// Wall-clock limit per document in seconds.
    public var timeout: Double
    /// Pages read at most; later pages are ignored.
    public var maxPages: Int
    /// Largest accepted file in bytes.
    public var maxBytes: Int
    /// Path of poppler's `pdftotext`.
    public var pdftotextPath: String
    /// Path of `hepchain-pdftext` (text and boxes from one poppler pass); nil runs `pdftotext` twice instead.
    /// Defaults to the copy built next to the running executable (`$HEPCHAIN_PDFTEXT` overrides; empty turns it off).
    public var textToolPath: String?
    /// Children of `hepchain-pdftext` that lay out one PDF at once, each an equal range of its pages (the
    /// result does not depend on it). Defaults to one per core, at most 2; files under 256 KB always use one.
    public var pageParallelism: Int
    /// How much of the document the font-size pass (word boxes, from the same poppler pass as the text) reads:
    /// `.allPages` (default) gives the page-1 title and authors and headings set in larger type; `.firstPage`
    /// only the title and authors; `.off` keeps text-only headings and info-dictionary authors.
    public var fontAnalysis: FontAnalysis

    /// Extent of the font-size pass.
    public enum FontAnalysis: Sendable, Equatable {
        case off, firstPage, allPages
    }

    /// Creates a loader with limits suited to papers and theses.
    public init(
        timeout: Double = 60, maxPages: Int = 2_000, maxBytes: Int = 200 << 20, pdftotextPath: String = "/usr/bin/pdftotext",
        textToolPath: String? = PDFLoader.installedTextTool, fontAnalysis: FontAnalysis = .allPages,
        pageParallelism: Int = min(2, ProcessInfo.processInfo.activeProcessorCount)
    ) {
        self.fontAnalysis = fontAnalysis
        self.pageParallelism = max(1, pageParallelism)
        self.textToolPath = textToolPath
        self.timeout = timeout
        self.maxPages = maxPages
        self.maxBytes = maxBytes
        self.pdftotextPath = pdftotextPath
    }

    /// Loads a PDF file.
    public func load(_ source: URL) async throws -> Document {
        // pdftotext runs for up to `timeout`: wait for it off the cooperative pool.
        try await BlockingWork.run { try loadFile(source) }
    }

    /// Loads a PDF file synchronously.
    public func loadFile(_ source: URL) throws(IngestError) -> Document {
        let name = source.lastPathComponent
        let header = try FileProbe.head(of: source, count: 1_024)
        let size = try FileProbe.size(of: source)
        try check(header: header, size: size, source: name)
        return try parseFile(path: source.path, size: size, source: source.absoluteString, name: name)
    }

    /// Parses PDF bytes (an upload or a download); they are written to a private temporary file for poppler.
    public func parse(_ data: Data, source: String, contentType: String?) throws -> Document {
        try parse(data, source: source, contentType: contentType, file: nil)
    }

    /// Parses PDF bytes; when `file` (an upload's scratch file, which holds exactly `data`) is given, poppler
    /// reads it in place, else the bytes are written to a private temporary file for poppler.
    public func parse(_ data: Data, source: String, contentType: String?, file scratch: URL?) throws -> Document {
        let name = FileProbe.displayName(source)
        try check(header: data.prefix(1_024), size: data.count, source: name)
        if let scratch { return try parseFile(path: scratch.path, size: data.count, source: source, name: name) }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-\(UUID().uuidString).pdf")
        do { try data.write(to: file, options: .atomic) } catch {
            throw IngestError.toolFailed(tool: "pdftotext", source: name, reason: "cannot write a temporary file: \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: file) }  // best-effort cleanup of our own temporary file
        return try parseFile(path: file.path, size: data.count, source: source, name: name)
    }

    /// At least 16 letters anywhere; stops at the 16th, so a long document costs nothing here.
    static func hasText(_ pages: [Page]) -> Bool { hasText(texts: pages.lazy.map(\.text)) }

    static func hasText(texts: some Sequence<String>) -> Bool {
        var letters = 0
        for text in texts {
            for scalar in text.unicodeScalars where scalar.value < 0x80 ? ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) : scalar.properties.isAlphabetic {
                letters += 1
                if letters >= 16 { return true }
            }
        }
        return false
    }

    private func check(header: Data, size: Int, source: String) throws(IngestError) {
        if size == 0 { throw .emptyInput(source: source) }
        if size > maxBytes { throw .tooLarge(source: source, limit: "\(maxBytes >> 20) MB") }
        guard header.range(of: Data("%PDF-".utf8)) != nil else {
            throw .corruptPDF(source: source, reason: "no %PDF- header")
        }
    }

    /// Where `hepchain-pdftext` is installed, if anywhere (see `textToolPath`).
    public static var installedTextTool: String? { PDFOnePassExtractor.installed }

    /// Smallest file split between `pageParallelism` children: below it, a second child's start-up and its
    /// own parse of the file's cross-reference table and fonts cost about what it would save.
    static let parallelPartMinimumBytes = 256 << 10

    private func parseFile(path: String, size: Int, source: String, name: String) throws(IngestError) -> Document {
        let boxPages = fontAnalysis == .off ? 0 : fontAnalysis == .firstPage ? 1 : maxPages
        var extracted: PDFOnePassExtractor.Output?
        if let textToolPath {
            let tool = PDFOnePassExtractor(executable: textToolPath, timeout: timeout, maxPages: maxPages)
            let parts = size >= Self.parallelPartMinimumBytes ? pageParallelism : 1
            do { extracted = try tool.extract(path: path, boxPages: boxPages, parts: parts, source: name) } catch {
                // A timeout would recur; any other failure gets pdftotext's diagnosis (encrypted, damaged, …) below.
                if error == .timedOut { throw .timedOut(source: name, seconds: timeout) }
            }
        }
        let raw: RawPDFText
        let boxLayout: PDFBoxLayout?
        if let extracted {
            (raw, boxLayout) = (extracted.text, extracted.boxes)
        } else {
            (raw, boxLayout) = try twoPasses(path: path, name: name)
        }
        let firstPage = boxLayout.map(PDFTitleReader.read)
        let fonts = fontAnalysis == .allPages ? boxLayout.map { FontHeadings.analyse($0, headerBottom: firstPage?.headerBottom ?? 0) } : nil
        var layout = PDFLayout.clean(raw.pages, fonts: fonts)
        if !Self.hasText(layout.pages), Self.hasText(texts: raw.pages) {
            // Lines that recur on many pages are running heads; when they are all the text there is (the same
            // text on every page of a generated PDF), they are the content.
            layout = PDFLayout.clean(raw.pages, fonts: fonts, keepingMargins: true)
        }
        guard !raw.pages.isEmpty, Self.hasText(layout.pages) else {
            // Only pages 1…maxPages were read: past the limit, "no text layer" may be untrue of the rest.
            if raw.pages.count >= maxPages, let pages = pageCount(path: path, source: name), pages > maxPages {
                throw .tooManyPages(source: name, pages: pages, limit: maxPages)
            }
            throw .noTextLayer(source: name)
        }
        var metadata = PDFMetadataReader.metadata(info: raw.info, firstPageParagraphs: layout.firstPageParagraphs, fileName: name)
        if !(raw.info["Title"].map(PDFMetadataReader.isPlausibleTitle) ?? false), let title = firstPage?.title {
            metadata.title = title
        }
        // Authors as printed on page 1; the info `Author` field (often empty, or with affiliations mixed in) otherwise.
        if let authors = firstPage?.authors, !authors.isEmpty { metadata.authors = authors }
        return Document(source: source, format: "pdf", metadata: metadata, pages: layout.pages, sections: layout.sections)
    }

    /// The page count `pdfinfo` (beside `pdftotext`) reads, in the same sandbox; nil when it cannot tell.
    private func pageCount(path: String, source: String) -> Int? {
        let pdfinfo = URL(fileURLWithPath: pdftotextPath).deletingLastPathComponent().appendingPathComponent("pdfinfo").path
        guard let result = try? Subprocess(executable: pdfinfo, timeout: timeout).run([path], source: source), result.status == 0 else {
            return nil
        }
        let line = String(decoding: result.standardOutput, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("Pages:") }
        return line.flatMap { Int($0.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) }
    }

    /// The text pass and the box pass as two concurrent `pdftotext` children.
    private func twoPasses(path: String, name: String) throws(IngestError) -> (RawPDFText, PDFBoxLayout?) {
        let extractor = PDFTextExtractor(executable: pdftotextPath, timeout: timeout, maxPages: maxPages)
        // The box pass (font sizes) runs in a second sandboxed child at the same time as the text pass.
        let boxes = BoxLayoutSlot()
        let boxesDone = DispatchSemaphore(value: 0)
        if fontAnalysis != .off {
            let (executable, timeout, maxPages) = (pdftotextPath, timeout, fontAnalysis == .firstPage ? 1 : maxPages)
            DispatchQueue.global().async {
                let layout = PDFBoxLayout.extract(executable: executable, timeout: timeout, maxPages: maxPages, path: path, source: name)
                boxes.value.withLock { $0 = layout }
                boxesDone.signal()
            }
        } else {
            boxesDone.signal()
        }
        let raw: RawPDFText
        do { raw = try extractor.extract(fileAt: path, source: name) } catch {
            boxesDone.wait()  // the child is bounded by the same timeout; never leave it running behind us
            throw error
        }
        boxesDone.wait()
        return (raw, boxes.value.withLock { $0 })
    }
}

/// The box pass's result, handed from its worker thread.
private final class BoxLayoutSlot: Sendable {
    let value = Mutex<PDFBoxLayout?>(nil)
}
