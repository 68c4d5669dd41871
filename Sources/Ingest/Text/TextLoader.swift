public import Foundation
public import RAGCore

/// Loads plain text and Markdown: one page; Markdown ATX headings (`#`, `##`, …) become sections, the first
/// level-1 heading (or a front-matter `title:`) the title; fenced code blocks are not searched for headings.
///
/// Usage example:
/// ```swift
/// let notes = try await TextLoader().load(URL(fileURLWithPath: "notes.md"))
/// ```
public struct TextLoader: WholeFileLoader {
    /// Largest accepted input in bytes.
    public var maxBytes: Int

    /// Creates a loader.
    public init(maxBytes: Int = 64 << 20) {
        self.maxBytes = maxBytes
    }

    /// Parses text bytes; Markdown when the content type or the file extension says so.
    public func parse(_ data: Data, source: String, contentType: String?) throws -> Document {
        let name = FileProbe.displayName(source)
        if data.isEmpty { throw IngestError.emptyInput(source: name) }
        if data.count > maxBytes { throw IngestError.tooLarge(source: name, limit: "\(maxBytes >> 20) MB") }
        if TextDecoder.looksBinary(data), TextDecoder.bomEncoding(data) == nil { throw IngestError.binaryContent(source: name, expected: "text") }
        let text = TextNormalizer.normalize(try TextDecoder.decodePlain(data, source: name)).replacingOccurrences(of: "\r\n", with: "\n")
        let lowered = name.lowercased()
        let isMarkdown = contentType?.lowercased().contains("markdown") == true || lowered.hasSuffix(".md") || lowered.hasSuffix(".markdown")
        var metadata = DocumentMetadata(language: TextNormalizer.language(of: text.prefix(4_000)))
        var sections: [Section] = []
        if isMarkdown {
            sections = Self.markdownSections(text)
            metadata.title = Self.frontMatterTitle(text) ?? sections.first(where: { $0.level == 1 })?.title
        } else {
            metadata.title = text.split(separator: "\n").first { !$0.allSatisfy(\.isWhitespace) }.map { String($0.prefix(200)).trimmingCharacters(in: .whitespaces) }
        }
        if let id = ArxivID(fileName: name) {
            metadata.arxivID = id.identifier
            metadata.arxivVersion = id.version
        }
        return Document(source: source, format: isMarkdown ? "markdown" : "text", metadata: metadata, pages: [Page(number: 1, text: text)], sections: sections)
    }

    /// ATX headings outside fenced code blocks, with Unicode-scalar offsets.
    static func markdownSections(_ text: String) -> [Section] {
        var sections: [Section] = []
        var offset = 0
        var isInFence = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            defer { offset += line.unicodeScalars.count + 1 }
            if line.hasPrefix("```") || line.hasPrefix("~~~") {
                isInFence.toggle()
                continue
            }
            guard !isInFence, line.hasPrefix("#") else { continue }
            let level = line.prefix { $0 == "#" }.count
            let rest = line.dropFirst(level)
            guard level <= 6, rest.first == " " else { continue }
            let title = rest.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: .init(charactersIn: "#")).trimmingCharacters(in: .whitespaces)
            if !title.isEmpty { sections.append(Section(title: title, level: level, page: 1, offset: offset)) }
        }
        return sections
    }

    private static func frontMatterTitle(_ text: String) -> String? {
        guard text.hasPrefix("---\n") else { return nil }
        for line in text.split(separator: "\n").dropFirst().prefix(50) {
            if line == "---" { break }
            if line.hasPrefix("title:") {
                return line.dropFirst(6).trimmingCharacters(in: .whitespaces.union(.init(charactersIn: "\"'")))
            }
        }
        return nil
    }
}
