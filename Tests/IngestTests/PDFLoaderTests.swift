import Foundation
import Ingest
import RAGCore
import TestSupport
import Testing

@Suite("PDF loader")
struct PDFLoaderTests {
    @Test("Every real PDF in the shared corpus yields non-empty pages and a page count equal to pdfinfo's")
    func everyPDFHasPages() async throws {
        for url in try TestPaths.pdfs() {
            let document = try await PDFLoader().load(url)
            let expectedPages = try pdfinfoPageCount(url)
            #expect(document.pages.count == expectedPages, "\(url.lastPathComponent)")
            let nonEmpty = document.pages.filter { !$0.text.isEmpty }.count
            #expect(nonEmpty * 10 >= document.pages.count * 8, "\(url.lastPathComponent): \(nonEmpty)/\(document.pages.count) pages with text")
        }
    }

    @Test("An upload's scratch file is parsed in place: with `file`, poppler reads that file, not a copy of the bytes; the result equals parsing the bytes")
    func scratchFileReadInPlace() throws {
        let jpsi = TestPaths.repositoryRoot.appendingPathComponent("corpora/pdf/jpsi.pdf")
        let calorimetry = TestPaths.repositoryRoot.appendingPathComponent("corpora/pdf/calorimetry.pdf")
        let bytes = try Data(contentsOf: jpsi, options: .alwaysMapped)
        let inPlace = try AutoLoader().parse(bytes, source: "upload:jpsi.pdf", contentType: "application/pdf", file: jpsi)
        let copied = try AutoLoader().parse(bytes, source: "upload:jpsi.pdf", contentType: "application/pdf")
        #expect(inPlace == copied)
        #expect(inPlace.pages.count > 0 && inPlace.source == "upload:jpsi.pdf")
        // The file, not the bytes, is what poppler reads: another PDF's file gives that PDF's text.
        let other = try AutoLoader().parse(bytes, source: "upload:jpsi.pdf", contentType: "application/pdf", file: calorimetry)
        let calorimetryText = try PDFLoader().loadFile(calorimetry).fullText
        #expect(other.fullText == calorimetryText && other.fullText != copied.fullText)
    }

    @Test("Chosen phrases are found on the page pdftotext puts them on")
    func phrasesOnTheRightPage() async throws {
        let cases: [(file: String, phrase: String)] = [
            ("arxiv_1503.07589v1_atlas_cms_higgs_mass.pdf", "Submitted to Physical Review Letters"),
            ("arxiv_1605.03814v2_atlas_squarks_gluinos_13tev.pdf", "The top quark mass is set to 172.5 GeV"),
            ("arxiv_1503.07589v1_atlas_cms_higgs_mass.pdf", "profilelikelihood ratios Λ(α)"),
            ("arxiv_2404.02100v2_hsf_analysis_facilities_white_paper.pdf", "analysis facilities"),
            ("jacow_ipac2018_wepml008.pdf", "LCLS-II"),
        ]
        for testCase in cases {
            let document = try await PDFLoader().load(TestPaths.corpus("pdf/\(testCase.file)"))
            let squeezed = testCase.phrase.replacingOccurrences(of: " ", with: "")
            let pages = document.pages.filter { $0.text.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\n", with: "").contains(squeezed) }.map(\.number)
            let oracle = try pdftotextPages(of: testCase.file, containing: testCase.phrase)
            #expect(!oracle.isEmpty, "\(testCase.phrase) not in pdftotext output")
            #expect(pages == oracle, "\(testCase.phrase) in \(testCase.file)")
        }
    }

    @Test("Running headers and page numbers are removed, so no line repeats at the top of most pages")
    func runningHeadersRemoved() async throws {
        for url in try TestPaths.pdfs() {
            let document = try await PDFLoader().load(url)
            guard document.pages.count >= 6 else { continue }
            var firstLines: [String: Int] = [:]
            for page in document.pages {
                if let first = page.text.split(separator: "\n").first { firstLines[String(first.prefix(60)), default: 0] += 1 }
                let lastParagraph = page.text.components(separatedBy: "\n\n").last ?? ""
                #expect(Int(lastParagraph) == nil, "\(url.lastPathComponent) page \(page.number) ends with a page number")
            }
            let repeated = firstLines.filter { $0.value * 2 > document.pages.count }
            #expect(repeated.isEmpty, "\(url.lastPathComponent): \(repeated.keys.sorted())")
        }
    }

    @Test("Ligatures are folded and zero-width spaces are gone while Greek letters and maths symbols stay")
    func normalisation() async throws {
        let draft = try await PDFLoader().load(TestPaths.corpus("pdf/hsf_cwp_software_trigger_reconstruction_draft.pdf"))
        let text = draft.fullText
        #expect(!text.unicodeScalars.contains { [0x200B, 0x2060, 0xFEFF].contains($0.value) })
        let higgs = try await PDFLoader().load(TestPaths.corpus("pdf/arxiv_1503.07589v1_atlas_cms_higgs_mass.pdf"))
        #expect(!higgs.fullText.unicodeScalars.contains { (0xFB00...0xFB06).contains($0.value) })
        #expect(higgs.fullText.contains("γγ"))
        #expect(higgs.fullText.contains("→"))
    }

    @Test("Metadata comes from the info dictionary and the arXiv stamp on the first page")
    func metadata() async throws {
        let document = try await PDFLoader().load(TestPaths.corpus("pdf/arxiv_1503.07589v1_atlas_cms_higgs_mass.pdf"))
        #expect(document.metadata.title?.hasPrefix("Combined Measurement of the Higgs Boson Mass") == true)
        #expect(document.metadata.arxivID == "1503.07589")
        #expect(document.metadata.arxivVersion == 1)
        #expect(document.metadata.categories.first == "hep-ex")
        #expect(document.metadata.date == "2015-03-26")
        #expect(document.id == DocumentID("arxiv:1503.07589"))
    }

    @Test("Without a usable info title, the title is the largest type at the top of page 1, as the corpus manifest states it", arguments: [
        "arxiv_1605.03844v1_lux_noble_gas_chromatography.pdf", "arxiv_2503.05372v1_open_charm_tetraquarks.pdf",
        "arxiv_2404.02100v2_hsf_analysis_facilities_white_paper.pdf",
    ])
    func titleFromFontSize(file: String) async throws {
        let manifest = try String(contentsOf: TestPaths.corpus("MANIFEST.tsv"), encoding: .utf8)
        let row = try #require(manifest.split(separator: "\n").first { $0.hasPrefix("pdf/\(file)\t") })
        let manifestTitle = String(row.split(separator: "\t", omittingEmptySubsequences: false)[5])
        let document = try await PDFLoader().load(TestPaths.corpus("pdf/\(file)"))
        let title = try #require(document.metadata.title)
        #expect(title.split(separator: " ").count >= 4)
        #expect(manifestTitle.contains(title), "'\(title)' not in '\(manifestTitle)'")
    }

    @Test("Numbered section headings are detected with their nesting level")
    func headings() async throws {
        let document = try await PDFLoader().load(TestPaths.corpus("pdf/arxiv_1605.03814v2_atlas_squarks_gluinos_13tev.pdf"))
        let titles = document.sections.map(\.title)
        #expect(titles.contains("1 Introduction"))
        #expect(titles.contains("10 Conclusion"))
        let introduction = try #require(document.sections.first { $0.title == "1 Introduction" })
        #expect(introduction.page == 3)
        let page = try #require(document.pages.first { $0.number == introduction.page })
        let scalars = Array(page.text.unicodeScalars)
        let atOffset = String(String.UnicodeScalarView(scalars[introduction.offset..<(introduction.offset + 14)]))
        #expect(atOffset == "1 Introduction")
        let drellYan = try await PDFLoader().load(TestPaths.corpus("pdf/arxiv_2502.21088v1_atlas_cc_drell_yan_high_mass.pdf"))
        let eventSelection = try #require(drellYan.sections.first { $0.title == "4.2 Event selection" })
        #expect(eventSelection.level == 2)
        #expect(drellYan.sections.filter { $0.title == "4.2 Event selection" }.count == 1, "the table of contents is not a heading source")
    }

    @Test("A PDF of only an image reports that it has no text layer and that OCR is not supported")
    func scannedPDF() async throws {
        let error = await #expect(throws: IngestError.self) {
            try await PDFLoader().load(TestPaths.corpus("bad/image_only_pdf_no_text_layer_iop.pdf"))
        }
        #expect(error == .noTextLayer(source: "image_only_pdf_no_text_layer_iop.pdf"))
        #expect(error?.description.contains("no text layer; OCR is not supported") == true)
    }

    @Test("A file named .pdf that is not a PDF, a zero-byte file and a truncated PDF give typed errors")
    func corruptInputs() async throws {
        await #expect(throws: IngestError.corruptPDF(source: "not_a_pdf_dummy_desy_thesis_title.pdf", reason: "no %PDF- header")) {
            try await PDFLoader().load(TestPaths.corpus("bad/not_a_pdf_dummy_desy_thesis_title.pdf"))
        }
        #expect(throws: IngestError.emptyInput(source: "empty.pdf")) { try PDFLoader().parse(Data(), source: "empty.pdf", contentType: nil) }
        let whole = try Data(contentsOf: TestPaths.corpus("pdf/arxiv_1612.06414v1_instanton_corrections.pdf"))
        let truncated = whole.prefix(whole.count / 3)
        let error = #expect(throws: IngestError.self) { try PDFLoader().parse(Data(truncated), source: "truncated.pdf", contentType: nil) }
        switch error {
        case .corruptPDF(let source, _), .noTextLayer(let source): #expect(source == "truncated.pdf")
        default: Issue.record("unexpected \(String(describing: error))")
        }
    }

    @Test("An encrypted PDF is refused with a message that says it is encrypted")
    func encryptedPDF() throws {
        let data = try Data(contentsOf: TestPaths.fixture("encrypted.pdf"))
        #expect(throws: IngestError.encryptedPDF(source: "encrypted.pdf")) { try PDFLoader().parse(data, source: "encrypted.pdf", contentType: nil) }
    }

    @Test("A PDF that takes longer than the timeout is stopped with a timeout error")
    func timeout() throws {
        let data = try Data(contentsOf: TestPaths.corpus("pdf/hepml_living_review_2102.02770.pdf"))
        #expect(throws: IngestError.timedOut(source: "review.pdf", seconds: 0.05)) {
            try PDFLoader(timeout: 0.05).parse(data, source: "review.pdf", contentType: nil)
        }
    }

    // MARK: - Oracles

    private func pdfinfoPageCount(_ url: URL) throws -> Int {
        let output = try run("/usr/bin/pdfinfo", [url.path])
        let line = output.split(separator: "\n").first { $0.hasPrefix("Pages:") } ?? ""
        return Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces)) ?? -1
    }

    private func pdftotextPages(of file: String, containing phrase: String) throws -> [Int] {
        let output = try run("/usr/bin/pdftotext", ["-enc", "UTF-8", TestPaths.corpus("pdf/\(file)").path, "-"])
        let squeezed = phrase.replacingOccurrences(of: " ", with: "")
        return output.components(separatedBy: "\u{0C}").enumerated().filter {
            $0.element.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: " ", with: "").contains(squeezed)
        }.map { $0.offset + 1 }
    }

    private func run(_ tool: String, _ arguments: [String]) throws -> String {
        try ChildProcess(executable: URL(fileURLWithPath: tool), arguments: arguments).runBlocking().output
    }
}
