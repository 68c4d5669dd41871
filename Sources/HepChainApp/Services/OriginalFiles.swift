public import Foundation
import KnowledgeBase
import RAGCore

/// The bytes a document was parsed from, as `GET /v1/documents/{id}/original` serves them.
public struct OriginalFile: Sendable {
    /// The document's bytes.
    public var data: Data
    /// Content type of the bytes (sniffed from their first bytes, else from the document's format).
    public var contentType: String
    /// A file name safe to put in `Content-Disposition` (ASCII letters, digits, `.`, `-`, `_`).
    public var filename: String

    /// Creates an original file.
    public init(data: Data, contentType: String, filename: String) {
        self.data = data
        self.contentType = contentType
        self.filename = filename
    }
}

/// Keeps the original bytes of uploaded and fetched documents, content-addressed under
/// `<data>/originals/<sha256>` (the document's `contentHash`), so a citation can open the page it came from.
/// Documents indexed from local files are served from their path while the file still hashes the same.
struct OriginalFiles: Sendable {
    let folder: URL

    init(dataFolder: URL) {
        folder = dataFolder.appendingPathComponent("originals", isDirectory: true)
    }

    /// Stores `data` under `contentHash` (once; the same hash means the same bytes).
    func save(_ data: Data, contentHash: String) throws {
        guard Self.isHash(contentHash) else { return }
        let target = folder.appendingPathComponent(contentHash)
        if FileManager.default.fileExists(atPath: target.path) { return }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try data.write(to: target, options: .atomic)
    }

    /// Removes the bytes stored under `contentHash`.
    func remove(contentHash: String) {
        guard Self.isHash(contentHash) else { return }
        try? FileManager.default.removeItem(at: folder.appendingPathComponent(contentHash))
    }

    /// Whether `original(of:)` would find bytes (without reading or hashing them).
    func exists(for document: StoredDocument) -> Bool {
        if Self.isHash(document.contentHash), FileManager.default.fileExists(atPath: folder.appendingPathComponent(document.contentHash).path) {
            return true
        }
        return Self.localPath(document.source).map { FileManager.default.fileExists(atPath: $0) } ?? false
    }

    /// The original of `document`: the stored copy, else its local source file when that still has the
    /// document's content hash; nil when neither exists.
    func original(of document: StoredDocument) throws -> OriginalFile? {
        var data: Data?
        if Self.isHash(document.contentHash) {
            data = try? Data(contentsOf: folder.appendingPathComponent(document.contentHash))
        }
        if data == nil, let path = Self.localPath(document.source),
            let bytes = try? Data(contentsOf: URL(fileURLWithPath: path)),
            SHA256.hexDigest(of: bytes) == document.contentHash
        {
            data = bytes
        }
        guard let data else { return nil }
        let type = Self.contentType(of: data, format: document.format)
        return OriginalFile(data: data, contentType: type, filename: Self.filename(for: document, contentType: type))
    }

    static func isHash(_ text: String) -> Bool {
        text.count == 64 && text.allSatisfy { $0.isHexDigit && ($0.isNumber || $0.isLowercase) }
    }

    /// An absolute path or `file://` URL as a path; nil for uploads (`upload:…`), web URLs and anything else.
    static func localPath(_ source: String) -> String? {
        if source.hasPrefix("/") { return source }
        if source.hasPrefix("file://"), let url = URL(string: source), url.isFileURL { return url.path }
        return nil
    }

    /// The content type of `data`, from its magic bytes first (a PDF or a gzip e-print), then the format.
    static func contentType(of data: Data, format: String) -> String {
        let head = [UInt8](data.prefix(5))
        if head.starts(with: Array("%PDF-".utf8)) { return "application/pdf" }
        if head.starts(with: [0x1f, 0x8b]) { return "application/gzip" }
        if head.count >= 5, data.count > 262, [UInt8](data[data.startIndex + 257..<data.startIndex + 262]) == Array("ustar".utf8) {
            return "application/x-tar"
        }
        switch format {
        case "pdf": return "application/pdf"
        case "html": return "text/html"
        case "atom": return "application/atom+xml"
        case "latex": return "text/x-tex; charset=utf-8"
        case "markdown": return "text/markdown; charset=utf-8"
        default: return "text/plain; charset=utf-8"
        }
    }

    /// A download name built from the source's last component (or the arXiv id), reduced to safe characters,
    /// with the extension of its content type.
    static func filename(for document: StoredDocument, contentType: String) -> String {
        var base: String
        if let arxiv = document.metadata.arxivID {
            base = "arXiv-" + arxiv + (document.metadata.arxivVersion.map { "v\($0)" } ?? "")
        } else {
            var source = document.source
            if source.hasPrefix("upload:") { source.removeFirst("upload:".count) }
            if let url = URL(string: source), url.scheme != nil, !url.lastPathComponent.isEmpty, url.lastPathComponent != "/" {
                source = url.lastPathComponent
            }
            base = String(source.split(separator: "/").last ?? "document")
        }
        let ext = Self.fileExtension(for: contentType)
        var safe = String(base.unicodeScalars.map { scalar -> Character in
            let value = scalar.value
            let isSafe = (0x30...0x39).contains(value) || (0x41...0x5a).contains(value) || (0x61...0x7a).contains(value)
                || scalar == "." || scalar == "-" || scalar == "_"
            return isSafe ? Character(scalar) : "_"
        })
        while safe.hasPrefix(".") { safe.removeFirst() }
        if safe.isEmpty || safe.allSatisfy({ $0 == "_" || $0 == "." }) { safe = "document" }
        safe = String(safe.prefix(100))
        if !ext.isEmpty, !safe.lowercased().hasSuffix("." + ext) {
            if let dot = safe.lastIndex(of: "."), ["pdf", "html", "htm", "txt", "md", "tex", "gz", "tar", "tgz", "xml"].contains(
                safe[safe.index(after: dot)...].lowercased())
            {
                if ext == "gz" && safe.lowercased().hasSuffix(".tgz") { return safe }
                if ext == "html" && safe.lowercased().hasSuffix(".htm") { return safe }
                safe = String(safe[..<dot])
            }
            safe += "." + ext
        }
        return safe
    }

    static func fileExtension(for contentType: String) -> String {
        switch contentType.split(separator: ";").first.map(String.init) ?? contentType {
        case "application/pdf": "pdf"
        case "application/gzip": "gz"
        case "application/x-tar": "tar"
        case "text/html": "html"
        case "application/atom+xml": "xml"
        case "text/x-tex": "tex"
        case "text/markdown": "md"
        default: "txt"
        }
    }
}
