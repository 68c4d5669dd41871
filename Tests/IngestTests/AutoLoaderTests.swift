import Foundation
import Ingest
import RAGCore
import TestSupport
import Testing

@Suite("Auto loader")
struct AutoLoaderTests {
    @Test("Bytes decide the format before the extension: a PDF named .html is read as a PDF")
    func bytesWin() throws {
        let pdf = try Data(contentsOf: TestPaths.corpus("pdf/jacow_ipac2018_wepml008.pdf"))
        #expect(try AutoLoader().parse(pdf, source: "download.html", contentType: "text/html").format == "pdf")
        #expect(AutoLoader.sniff(Data("<!DOCTYPE html><html>".utf8), name: "x.txt", contentType: nil) == .html)
        #expect(AutoLoader.sniff(Data("\\documentclass{article}".utf8), name: "paper", contentType: nil) == .latex)
        #expect(AutoLoader.sniff(Data("# Notes".utf8), name: "notes.md", contentType: nil) == .markdown)
    }

    @Test("A batch continues past every bad input, each failing with a typed error that names the input")
    func batchContinues() async throws {
        let folder = try TestPaths.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let zeroByte = folder.appendingPathComponent("zero.pdf")
        try Data().write(to: zeroByte)
        let binaryHTML = folder.appendingPathComponent("binary.html")
        try Data((0..<2_048).map { UInt8(truncatingIfNeeded: $0 * 31) }).write(to: binaryHTML)
        let inputs = [
            TestPaths.corpus("pdf/jacow_ipac2018_wepml008.pdf"), TestPaths.corpus("bad/not_a_pdf_dummy_desy_thesis_title.pdf"),
            TestPaths.corpus("bad/image_only_pdf_no_text_layer_iop.pdf"), TestPaths.corpus("bad/arxiv_oai_error_malformed_identifier.xml"),
            zeroByte, binaryHTML, TestPaths.fixture("encrypted.pdf"), TestPaths.corpus("html/pos_lattice2013_contribution_001.html"),
            TestPaths.corpus("atom/arxiv_oai_getrecord_1305.0014.xml"),
        ]
        var loaded: [String] = []
        var failed: [String: IngestError] = [:]
        for input in inputs {
            do {
                _ = try await AutoLoader().load(input)
                loaded.append(input.lastPathComponent)
            } catch let error as IngestError {
                failed[input.lastPathComponent] = error
                #expect(error.description.contains(input.lastPathComponent), "\(error)")
            }
        }
        #expect(loaded == ["jacow_ipac2018_wepml008.pdf", "pos_lattice2013_contribution_001.html", "arxiv_oai_getrecord_1305.0014.xml"])
        #expect(failed.count == 6)
        #expect(failed["zero.pdf"] == .emptyInput(source: "zero.pdf"))
        #expect(failed["binary.html"] == .binaryContent(source: "binary.html", expected: "HTML"))
        #expect(failed["encrypted.pdf"] == .encryptedPDF(source: "encrypted.pdf"))
    }

    @Test("Markdown headings become sections and the first level-1 heading the title")
    func markdown() throws {
        let text = "# HepChain notes\n\nIntro.\n\n```\n# not a heading\n```\n\n## Jets\n\nAnti-kt with R = 0.4.\n"
        let document = try AutoLoader().parse(Data(text.utf8), source: "notes.md", contentType: nil)
        #expect(document.format == "markdown")
        #expect(document.metadata.title == "HepChain notes")
        #expect(document.sections.map(\.title) == ["HepChain notes", "Jets"])
        let scalars = Array(document.pages[0].text.unicodeScalars)
        let jets = document.sections[1]
        #expect(String(String.UnicodeScalarView(scalars[jets.offset..<(jets.offset + 7)])) == "## Jets")
    }

    @Test("The parse report has the documented JSON shape")
    func reportShape() throws {
        let document = try AutoLoader().parse(Data("# Title\n\nSome text about muons.".utf8), source: "a.md", contentType: nil)
        let report = ParsedDocumentReport(document: document, chunks: TokenWindowChunker(counter: ApproximateTokenCounter()).chunks(of: document))
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any]
        let documentJSON = json?["document"] as? [String: Any]
        #expect(documentJSON?["title"] as? String == "Title")
        #expect(documentJSON?["arxivId"] is NSNull)
        let pages = json?["pages"] as? [[String: Any]]
        #expect(pages?.first?["number"] as? Int == 1)
        let chunks = json?["chunks"] as? [[String: Any]]
        #expect(chunks?.first?["text"] as? String == "# Title\n\nSome text about muons.")
        #expect(chunks?.first?["id"] as? String == "\(document.id.rawValue)#0")
        #expect(chunks?.first?["pageStart"] as? Int == 1 && chunks?.first?["sectionPath"] as? [String] == ["Title"])
        #expect(chunks?.first?["tokens"] == nil, "no counter, no token counts")
        let counted = try JSONSerialization.jsonObject(
            with: JSONEncoder().encode(ParsedDocumentReport(document: document, chunks: report.chunks, counter: ApproximateTokenCounter()))) as? [String: Any]
        #expect(((counted?["chunks"] as? [[String: Any]])?.first?["tokens"] as? Int ?? 0) > 0)
    }
}
