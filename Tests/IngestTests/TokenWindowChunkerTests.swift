import Foundation
import Ingest
import RAGCore
import TestSupport
import Testing

@Suite("Token-window chunker")
struct TokenWindowChunkerTests {
    let counter = ApproximateTokenCounter()

    private func sampleDocument() -> Document {
        let sentence = "The detector measures the energy of photons with a resolution of one percent."
        let page1 = "1 Introduction\n\n" + Array(repeating: sentence, count: 12).joined(separator: " ") + "\n\nA short closing paragraph."
        let page2 = "2 Method\n\n" + Array(repeating: "We select events with two isolated leptons and missing energy.", count: 9).joined(separator: " ")
            + "\n\nChannel | Events | Background\nee | 120 | 30.5\nμμ | 140 | 28.1"
        return Document(
            source: "file:///sample.pdf", format: "pdf", pages: [Page(number: 1, text: page1), Page(number: 2, text: page2)],
            sections: [Section(title: "1 Introduction", level: 1, page: 1, offset: 0), Section(title: "2 Method", level: 1, page: 2, offset: 0)])
    }

    @Test("Chunks respect the token budget, have consecutive ordinals and quote their page text exactly at their offsets")
    func budgetAndOffsets() {
        let document = sampleDocument()
        for (budget, overlap) in [(40, 8), (64, 16), (200, 32)] {
            let chunks = TokenWindowChunker(counter: counter, budget: budget, overlap: overlap).chunks(of: document)
            #expect(chunks.map(\.id.ordinal) == Array(chunks.indices))
            for chunk in chunks {
                #expect(counter.tokenCount(chunk.text) <= budget, "budget \(budget): \(chunk.text)")
                #expect(chunk.id.document == document.id)
                guard chunk.pageStart == chunk.pageEnd else { continue }
                let page = Array(document.pages[chunk.pageStart - 1].text.unicodeScalars)
                #expect(String(String.UnicodeScalarView(page[chunk.startOffset..<chunk.endOffset])) == chunk.text)
            }
        }
    }

    @Test("Every word of the document appears in some chunk, in document order")
    func coverage() {
        let document = sampleDocument()
        let chunks = TokenWindowChunker(counter: counter, budget: 40, overlap: 8).chunks(of: document)
        let words = document.fullText.split(whereSeparator: \.isWhitespace)
        var chunkIndex = 0
        var searchFrom = chunks.first.map { $0.text.startIndex }
        for word in words {
            while chunkIndex < chunks.count {
                let text = chunks[chunkIndex].text
                if let from = searchFrom, let found = text.range(of: word, range: from..<text.endIndex) {
                    searchFrom = found.upperBound
                    break
                }
                chunkIndex += 1
                searchFrom = chunkIndex < chunks.count ? chunks[chunkIndex].text.startIndex : nil
            }
            #expect(chunkIndex < chunks.count, "word '\(word)' not covered in order")
        }
    }

    @Test("Chunks never mix sections and carry their section path")
    func sections() {
        let chunks = TokenWindowChunker(counter: counter, budget: 40, overlap: 8).chunks(of: sampleDocument())
        #expect(chunks.allSatisfy { $0.sectionPath.count == 1 })
        #expect(chunks.filter { $0.text.contains("photons") }.allSatisfy { $0.sectionPath == ["1 Introduction"] && $0.pageStart == 1 })
        #expect(chunks.filter { $0.text.contains("leptons") }.allSatisfy { $0.sectionPath == ["2 Method"] && $0.pageStart == 2 })
    }

    @Test("Consecutive chunks of a section overlap by whole words of at most the overlap budget")
    func overlap() {
        let chunks = TokenWindowChunker(counter: counter, budget: 40, overlap: 8).chunks(of: sampleDocument())
        var overlapping = 0
        for (previous, next) in zip(chunks, chunks.dropFirst()) where previous.sectionPath == next.sectionPath && previous.pageStart == next.pageStart {
            guard next.startOffset < previous.endOffset else { continue }
            overlapping += 1
            let shared = Array(previous.text.unicodeScalars).suffix(previous.endOffset - next.startOffset)
            #expect(next.text.hasPrefix(String(String.UnicodeScalarView(shared))))
            #expect(counter.tokenCount(String(String.UnicodeScalarView(shared))) <= 8)
        }
        #expect(overlapping > 0)
    }

    @Test("A table row is never split across chunks")
    func tableRows() {
        let chunks = TokenWindowChunker(counter: counter, budget: 12, overlap: 2).chunks(of: sampleDocument())
        for row in ["Channel | Events | Background", "ee | 120 | 30.5", "μμ | 140 | 28.1"] {
            #expect(chunks.contains { $0.text.contains(row) }, "\(row)")
        }
    }

    @Test("English sentences end chunks at sentence boundaries, not inside abbreviations or decimals")
    func sentenceBoundaries() {
        let text = Array(repeating: "The mass is 125.09 GeV, see Fig. 3 and Ref. [12] by J. Smith et al. for details.", count: 10).joined(separator: " ")
        let document = Document(source: "s", format: "text", pages: [Page(number: 1, text: text)])
        let chunks = TokenWindowChunker(counter: counter, budget: 50, overlap: 0).chunks(of: document)
        #expect(chunks.count > 1)
        #expect(chunks.allSatisfy { $0.text.hasSuffix("for details.") && $0.text.hasPrefix("The mass") })
    }

    @Test("Running headers of the real PDFs do not repeat into chunks")
    func runningHeadersNotInChunks() async throws {
        var checkedHeaders = 0
        for url in try TestPaths.pdfs() {
            let headers = try repeatedMarginLines(url)
            checkedHeaders += headers.count
            guard !headers.isEmpty else { continue }
            let document = try await PDFLoader().load(url)
            let chunks = TokenWindowChunker(counter: counter).chunks(of: document)
            for (page, line) in headers {
                let leaking = chunks.filter { $0.pageStart <= page && page <= $0.pageEnd && $0.text.contains(line) }
                #expect(leaking.isEmpty, "\(url.lastPathComponent) p. \(page): '\(line)'")
            }
        }
        #expect(checkedHeaders > 0)
    }

    /// Oracle, independent of the loader: first and last non-empty lines of pdftotext's raw pages whose
    /// digit-blind form recurs on at least half the pages (page numbers alone are skipped: they occur in text).
    private func repeatedMarginLines(_ url: URL) throws -> [(page: Int, line: String)] {
        let output = try ChildProcess("pdftotext", ["-enc", "UTF-8", url.path, "-"]).runBlocking().output
        let pages = output.components(separatedBy: "\u{0C}").dropLast()
        guard pages.count >= 3 else { return [] }
        func key(_ line: String) -> String { line.replacingOccurrences(of: "[0-9]+", with: "#", options: .regularExpression) }
        var margins: [(page: Int, line: String)] = []
        for (index, page) in pages.enumerated() {
            let lines = page.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for line in [lines.first, lines.last].compactMap({ $0 }) { margins.append((index + 1, line)) }
        }
        var counts: [String: Set<Int>] = [:]
        for margin in margins { counts[key(margin.line), default: []].insert(margin.page) }
        return margins.filter { counts[key($0.line), default: []].count * 2 >= pages.count && $0.line.count >= 5 && key($0.line) != "#" }
    }
}
