public import Foundation
public import RAGCore

/// Picks the right loader from the bytes, the file extension and the declared content type, in that order of
/// trust: a PDF named `.html` is read as a PDF; binary data named `.html` is refused as binary.
///
/// Handles PDF, HTML (incl. arXiv abs pages), LaTeX (`.tex`, e-print `.tar.gz`, `.gz`, a folder), arXiv Atom and
/// OAI-PMH feeds, Markdown and plain text. The knowledge base ingests everything through this loader.
///
/// Usage example:
/// ```swift
/// let loader = AutoLoader()
/// let paper = try await loader.load(URL(fileURLWithPath: "2303.12712v2.tar.gz"))
/// let page = try loader.parse(fetched.data, source: fetched.finalURL.absoluteString, contentType: fetched.contentType)
/// ```
public struct AutoLoader: DocumentLoader {
    /// PDF loader and its limits.
    public var pdf: PDFLoader
    /// HTML loader and its limits.
    public var html: HTMLLoader
    /// LaTeX loader and its limits.
    public var latex: LaTeXLoader
    /// Text and Markdown loader.
    public var text: TextLoader

    /// Creates a loader with each format's default limits.
    public init(pdf: PDFLoader = PDFLoader(), html: HTMLLoader = HTMLLoader(), latex: LaTeXLoader = LaTeXLoader(), text: TextLoader = TextLoader()) {
        self.pdf = pdf
        self.html = html
        self.latex = latex
        self.text = text
    }

    /// The formats `AutoLoader` can tell apart.
    public enum Format: String, Sendable, Codable {
        case pdf, html, latex, latexArchive, gzip, feed, markdown, text
    }

    /// Loads a file or a LaTeX source folder.
    public func load(_ source: URL) async throws -> Document {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source.path, isDirectory: &isDirectory) else {
            throw IngestError.unreadable(source: source.lastPathComponent, reason: "no such file or folder")
        }
        if isDirectory.boolValue { return try latex.loadFolder(source) }
        let head = try FileProbe.head(of: source, count: 4_096)
        switch Self.sniff(head, name: source.lastPathComponent, contentType: nil) {
        case .pdf: return try pdf.loadFile(source)
        case .latex, .latexArchive, .gzip: return try await latex.load(source)
        case .html: return try await html.load(source)
        case .feed: return try ArxivFeedParser().document(from: try FileProbe.contents(of: source, limit: text.maxBytes), source: source.absoluteString)
        case .markdown, .text: return try await text.load(source)
        }
    }

    /// Parses bytes from an upload or a fetch.
    public func parse(_ data: Data, source: String, contentType: String?) throws -> Document {
        try parse(data, source: source, contentType: contentType, file: nil)
    }

    /// Parses bytes from an upload whose scratch `file` holds exactly `data`: a PDF is read by poppler from
    /// `file` in place, not copied to a temporary file first.
    public func parse(_ data: Data, source: String, contentType: String?, file: URL?) throws -> Document {
        if let format = Self.unreadableFormat(data.prefix(8)) {
            throw IngestError.unsupportedFormat(source: source, format: format)
        }
        switch Self.sniff(data.prefix(4_096), name: FileProbe.displayName(source), contentType: contentType) {
        case .pdf: return try pdf.parse(data, source: source, contentType: contentType, file: file)
        case .latex, .latexArchive, .gzip: return try latex.parse(data, source: source, contentType: contentType)
        case .html: return try html.parse(data, source: source, contentType: contentType)
        case .feed: return try ArxivFeedParser().document(from: data, source: source)
        case .markdown, .text: return try text.parse(data, source: source, contentType: contentType)
        }
    }

    /// The name of a format HepChain cannot read, from its magic bytes: office and archive containers (ZIP:
    /// DOCX, XLSX, ODT, EPUB; OLE2: DOC, XLS; 7z, RAR, xz), images and executables; nil for everything
    /// else. Without this such files were refused as "binary data" (422) instead of as an unsupported format
    /// (415 with the formats that can be read).
    static func unreadableFormat(_ head: Data) -> String? {
        let bytes = Array(head)
        for (magic, name) in unreadableMagic where bytes.starts(with: magic) { return name }
        return nil
    }

    /// Magic bytes of the formats `unreadableFormat` names. gzip and tar are not here: they are LaTeX e-prints.
    private static let unreadableMagic: [(magic: [UInt8], name: String)] = [
        ([0x50, 0x4B, 0x03, 0x04], "ZIP container (DOCX, XLSX, PPTX, ODT or EPUB)"),
        ([0x50, 0x4B, 0x05, 0x06], "ZIP container (DOCX, XLSX, PPTX, ODT or EPUB)"),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "OLE2 container (DOC, XLS or PPT)"),
        ([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], "7z archive"),
        ([0x52, 0x61, 0x72, 0x21, 0x1A, 0x07], "RAR archive"),
        ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "xz archive"),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "PNG image"),
        ([0xFF, 0xD8, 0xFF], "JPEG image"),
        (Array("GIF87a".utf8), "GIF image"),
        (Array("GIF89a".utf8), "GIF image"),
        ([0x49, 0x49, 0x2A, 0x00], "TIFF image"),
        ([0x4D, 0x4D, 0x00, 0x2A], "TIFF image"),
        ([0x7F, 0x45, 0x4C, 0x46], "ELF executable"),
    ]

    /// The format of `head` (the first few KiB), using the name and content type only when the bytes are not decisive.
    public static func sniff(_ head: Data, name: String, contentType: String?) -> Format {
        let lowerName = name.lowercased()
        let type = contentType?.lowercased() ?? ""
        if head.prefix(1_024).range(of: Data("%PDF-".utf8)) != nil { return .pdf }
        if head.count > 262, head[head.startIndex + 257..<head.startIndex + 262] == Data("ustar".utf8) { return .latexArchive }
        if head.starts(with: [0x1F, 0x8B]) { return .gzip }
        let prefix = String(decoding: head.prefix(2_048), as: UTF8.self).lowercased()
        let trimmed = prefix.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        if trimmed.hasPrefix("<?xml") || trimmed.hasPrefix("<feed") || trimmed.hasPrefix("<oai-pmh") {
            if prefix.contains("<feed") || prefix.contains("<oai-pmh") { return .feed }
            if prefix.contains("<html") { return .html }
        }
        if trimmed.hasPrefix("<!doctype html") || trimmed.hasPrefix("<html") || prefix.contains("<html") || prefix.contains("<head") || prefix.contains("<body") {
            return .html
        }
        if prefix.contains("\\documentclass") || prefix.contains("\\begin{document}") || lowerName.hasSuffix(".tex") { return .latex }
        if type.contains("html") || lowerName.hasSuffix(".html") || lowerName.hasSuffix(".htm") || lowerName.hasSuffix(".xhtml") { return .html }
        if type.contains("atom") || lowerName.hasSuffix(".atom") { return .feed }
        if type.contains("pdf") || lowerName.hasSuffix(".pdf") { return .pdf }
        if type.contains("markdown") || lowerName.hasSuffix(".md") || lowerName.hasSuffix(".markdown") { return .markdown }
        return .text
    }
}
