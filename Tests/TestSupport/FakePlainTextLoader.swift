public import Foundation
public import RAGCore

/// Test double for `AutoLoader`: UTF-8 text, pages split by form feeds, and metadata from leading
/// `% key: value` lines (`arxiv: 1503.07589v2`, `categories: hep-ex hep-ph`, `date: 2015-03-26`, `title: …`).
package struct FakePlainTextLoader: DocumentLoader {
    package init() {}

    package struct Unreadable: Error, CustomStringConvertible {
        var source: String
        package var description: String { "Cannot read '\(source)': it is not UTF-8 text." }
    }

    package func load(_ source: URL) async throws -> Document {
        try parse(Data(contentsOf: source), source: source.absoluteString, contentType: nil)
    }

    package func parse(_ data: Data, source: String, contentType: String?) throws -> Document {
        guard let text = String(data: data, encoding: .utf8), !text.hasPrefix("%BINARY") else { throw Unreadable(source: source) }
        var metadata = DocumentMetadata()
        var body: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard body.isEmpty, line.hasPrefix("% "), let colon = line.firstIndex(of: ":") else {
                body.append(line)
                continue
            }
            let key = line[line.index(line.startIndex, offsetBy: 2)..<colon]
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "arxiv":
                let parts = value.split(separator: "v")
                metadata.arxivID = parts.first.map(String.init)
                metadata.arxivVersion = parts.count > 1 ? Int(parts[1]) : nil
            case "categories": metadata.categories = value.split(separator: " ").map(String.init)
            case "date": metadata.date = value
            case "title": metadata.title = value
            case "language": metadata.language = value
            default: break
            }
        }
        let pages = body.joined(separator: "\n").split(separator: "\u{0C}", omittingEmptySubsequences: false)
            .enumerated().map { Page(number: $0.offset + 1, text: String($0.element)) }
        return Document(source: source, format: "text", metadata: metadata, pages: pages)
    }
}
