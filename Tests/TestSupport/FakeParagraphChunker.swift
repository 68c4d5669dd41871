public import RAGCore

/// Test double for `TokenWindowChunker`: one chunk per non-empty paragraph (blank-line separated) of each
/// page; a paragraph with any CJK character is tagged `zh`; a paragraph "## Heading" is no chunk but the section of
/// the paragraphs after it.
package struct FakeParagraphChunker: Chunker {
    package init() {}

    package func chunks(of document: Document) -> [Chunk] {
        var chunks: [Chunk] = []
        var section: [String] = []
        for page in document.pages {
            for paragraph in page.text.components(separatedBy: "\n\n") {
                let text = paragraph.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !text.isEmpty else { continue }
                if text.hasPrefix("## ") {
                    section = [String(text.dropFirst(3))]
                    continue
                }
                let isChinese = text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
                chunks.append(Chunk(
                    id: ChunkID(document: document.id, ordinal: chunks.count), text: text, pageStart: page.number,
                    pageEnd: page.number, sectionPath: section, language: isChinese ? "zh" : "en"))
            }
        }
        return chunks
    }
}
