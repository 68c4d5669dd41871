public import Foundation
public import RAGCore

/// Loads HTML pages: main content only (navigation, headers, footers, asides, scripts, styles and forms dropped),
/// headings as sections, lists and tables flattened to lines (one table row per line, cells joined by ` | `),
/// links kept as metadata, `citation_*` meta tags (arXiv abs pages, journals) read as bibliographic metadata.
///
/// The encoding comes from the HTTP header, a BOM or `<meta charset>`, else is guessed (UTF-8, GB18030,
/// Windows-1252), so GBK/GB2312 pages of Chinese institutes decode correctly. libxml2 parses with network
/// access off; HTML has no user-defined entities, so nothing expands beyond the predefined character entities.
///
/// Usage example:
/// ```swift
/// let page = try HTMLLoader().parse(data, source: "https://www.ihep.cas.cn/", contentType: "text/html; charset=gbk")
/// ```
public struct HTMLLoader: WholeFileLoader {
    /// Largest accepted page in bytes.
    public var maxBytes: Int

    /// Creates a loader.
    public init(maxBytes: Int = 32 << 20) {
        self.maxBytes = maxBytes
    }

    /// Parses HTML bytes; `contentType` is the HTTP `Content-Type`, whose charset wins over the page's own.
    public func parse(_ data: Data, source: String, contentType: String?) throws -> Document {
        try parsePage(data, source: source, contentType: contentType)
    }

    func parsePage(_ data: Data, source: String, contentType: String?) throws(IngestError) -> Document {
        let name = FileProbe.displayName(source)
        if data.isEmpty { throw .emptyInput(source: name) }
        if data.count > maxBytes { throw .tooLarge(source: name, limit: "\(maxBytes >> 20) MB") }
        if TextDecoder.looksBinary(data), TextDecoder.bomEncoding(data) == nil { throw .binaryContent(source: name, expected: "HTML") }
        let (charset, origin) = HTMLCharset.detect(data, contentType: contentType)
        let text = try HTMLCharset.decode(data, charset: charset, source: name)
        // An XHTML page's internal DTD subset would otherwise be read as body text.
        let root = try MarkupParser.parseHTML(Data(DoctypeSubset.removed(from: text).utf8), encoding: "UTF-8", source: name)
        var extractor = HTMLContentExtractor(baseURL: URL(string: source))
        var document = extractor.document(from: root, source: source)
        document.metadata.extra["charset"] = "\(charset) (\(origin))"
        if document.pages.allSatisfy({ $0.text.isEmpty }) {
            document.pages = [Page(number: 1, text: document.metadata.title ?? "")]
        }
        return document
    }
}
