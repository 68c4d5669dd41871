import Foundation
import Ingest
import Testing

/// PDFs past the page limit (issue 23: a 100,000-page PDF with text was reported as "no text layer").
@Suite("PDF page limit")
struct PDFPageLimitTests {
    /// A minimal PDF of `pages` US-letter pages in Helvetica; page `n` (from 1) shows `text(n)`, or nothing
    /// when that is nil. Pages with the same text share one content stream, so 100,000 pages take 16 MB.
    static func pdf(pages: Int, text: (Int) -> String?) -> Data {
        var streams: [String: Int] = [:]  // text → index into `contents`
        var contents: [String] = []
        var pageStream: [Int] = []
        for page in 1...pages {
            let line = text(page).map { "BT /F1 12 Tf 72 720 Td (\($0)) Tj ET" } ?? ""
            if streams[line] == nil {
                streams[line] = contents.count
                contents.append(line)
            }
            pageStream.append(streams[line]!)
        }
        // Objects: 1 catalog, 2 page tree, 3 font, 4… content streams, then the pages.
        let firstPage = 4 + contents.count
        var objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [" + (0..<pages).map { "\(firstPage + $0) 0 R" }.joined(separator: " ") + "] /Count \(pages) >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        objects += contents.map { "<< /Length \($0.utf8.count) >>\nstream\n\($0)\nendstream" }
        objects += pageStream.map {
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents \(4 + $0) 0 R >>"
        }
        var file = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(file.utf8.count)
            file += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = file.utf8.count
        file += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets {
            let digits = String(offset)
            file += String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n"
        }
        file += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(file.utf8)
    }

    @Test("A 100,000-page PDF with the same text on every page is read (its first 2,000 pages), not called textless")
    func hundredThousandPages() throws {
        let data = Self.pdf(pages: 100_000) { _ in "Quarks and gluons interact through the strong force." }
        let document = try PDFLoader().parse(data, source: "generated.pdf", contentType: nil)
        #expect(document.pages.count == 2_000)
        #expect(document.pages.allSatisfy { $0.text.contains("Quarks and gluons") })
    }

    @Test("Text repeated on every page of a short PDF is its content when it is all the text there is")
    func repeatedText() throws {
        let data = Self.pdf(pages: 8) { _ in "The Higgs boson couples to mass." }
        let document = try PDFLoader().parse(data, source: "same.pdf", contentType: nil)
        #expect(document.pages.count == 8)
        #expect(document.fullText.contains("The Higgs boson couples to mass."))
    }

    @Test("A PDF whose text starts past the page limit names its page count and the limit")
    func textPastTheLimit() throws {
        let data = Self.pdf(pages: 25) { $0 > 10 ? "Text only after the first ten pages of this report." : nil }
        let error = #expect(throws: IngestError.self) { try PDFLoader(maxPages: 10).parse(data, source: "late.pdf", contentType: nil) }
        #expect(error == .tooManyPages(source: "late.pdf", pages: 25, limit: 10))
        let message = error?.description ?? ""
        #expect(message.contains("has 25 pages, over the limit of 10") && !message.contains("no text layer"), "\(message)")
        // Within the limit, blank pages are still "no text layer".
        let blank = Self.pdf(pages: 5) { _ in nil }
        #expect(throws: IngestError.noTextLayer(source: "blank.pdf")) { try PDFLoader(maxPages: 10).parse(blank, source: "blank.pdf", contentType: nil) }
    }
}
