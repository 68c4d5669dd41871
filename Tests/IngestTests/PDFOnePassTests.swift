import Foundation
import Ingest
import RAGCore
import TestSupport
import Testing

/// `hepchain-pdftext` replaces two `pdftotext` runs with one poppler layout pass: these tests hold its output
/// byte-identical to pdftotext's, and PDFLoader's documents identical either way.
@Suite("PDF one-pass text tool")
struct PDFOnePassTests {
    /// The tool is built with the package, next to the test runner.
    private func tool() throws -> String {
        try #require(PDFLoader.installedTextTool, "hepchain-pdftext is not built next to the test runner")
    }

    @Test("hepchain-pdftext prints exactly what `pdftotext -htmlmeta` and `pdftotext -bbox-layout` print, for every corpus PDF")
    func outputEqualsPdftotext() async throws {
        let tool = try tool()
        let scratch = try TestPaths.scratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        for url in try TestPaths.pdfs() {
            let boxesFile = scratch.appendingPathComponent("boxes.xml")
            let onePass = try await ChildProcess(executable: URL(fileURLWithPath: tool), arguments: ["-l", "2000", "-boxes", boxesFile.path, url.path]).run()
            #expect(onePass.status == 0, "\(url.lastPathComponent): \(onePass.errors)")
            let text = try await ChildProcess(
                executable: URL(fileURLWithPath: "/usr/bin/pdftotext"),
                arguments: ["-q", "-enc", "UTF-8", "-htmlmeta", "-eol", "unix", "-l", "2000", url.path, "-"]
            ).run()
            let boxes = try await ChildProcess(executable: URL(fileURLWithPath: "/usr/bin/pdftotext"), arguments: ["-q", "-bbox-layout", "-l", "2000", url.path, "-"]).run()
            #expect(text.outputData.count > 1_000, "\(url.lastPathComponent)")
            #expect(onePass.outputData == text.outputData, "\(url.lastPathComponent): text differs from pdftotext -htmlmeta")
            #expect(try Data(contentsOf: boxesFile) == boxes.outputData, "\(url.lastPathComponent): boxes differ from pdftotext -bbox-layout")
        }
    }

    @Test("The tool's own number formatting agrees with printf's %f on two million values, half-way points included")
    func numberFormatting() async throws {
        let run = try await ChildProcess(executable: URL(fileURLWithPath: try tool()), arguments: ["-check-number-format"]).run()
        #expect(run.status == 0, "\(run.errors)")
    }

    @Test("PDFLoader builds the same document from the one-pass tool as from two pdftotext runs", arguments: [
        "arxiv_1503.07589v1_atlas_cms_higgs_mass.pdf",  // two columns, title and authors from page 1
        "arxiv_2502.21088v1_atlas_cc_drell_yan_high_mass.pdf",  // numbered and font-size headings
        "hsf_cwp_software_trigger_reconstruction_draft.pdf",  // no arXiv stamp, zero-width spaces
    ])
    func sameDocumentEitherWay(file: String) async throws {
        let url = TestPaths.corpus("pdf/\(file)")
        let twoPasses = try await PDFLoader(textToolPath: nil).load(url)
        // One child, and three children each laying out a third of the pages: the same document.
        for parts in [1, 3] {
            let onePass = try await PDFLoader(textToolPath: try tool(), pageParallelism: parts).load(url)
            #expect(onePass.pages == twoPasses.pages, "\(parts) part(s)")
            #expect(onePass.sections == twoPasses.sections, "\(parts) part(s)")
            #expect(onePass.metadata == twoPasses.metadata, "\(parts) part(s)")
        }
        #expect(twoPasses.sections.count >= 3, "headings were found")
    }

    @Test("With only the first page's boxes asked for, the tool writes boxes for page 1 and text for every page")
    func firstPageBoxes() async throws {
        let scratch = try TestPaths.scratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let boxesFile = scratch.appendingPathComponent("boxes.xml")
        let url = TestPaths.corpus("pdf/arxiv_1612.06414v1_instanton_corrections.pdf")
        let run = try await ChildProcess(executable: URL(fileURLWithPath: try tool()), arguments: ["-boxes", boxesFile.path, "-box-pages", "1", url.path]).run()
        #expect(run.status == 0)
        let boxes = String(decoding: try Data(contentsOf: boxesFile), as: UTF8.self)
        #expect(boxes.components(separatedBy: "<page ").count - 1 == 1)
        #expect(run.output.components(separatedBy: "\u{0C}").count - 1 > 5, "a form feed after every page")
    }

    @Test("A PDF split into more parts than it has pages loads with the right page count")
    func morePartsThanPages() async throws {
        let url = TestPaths.corpus("pdf/jacow_ipac2018_wepml008.pdf")
        let whole = try await PDFLoader(textToolPath: try tool(), pageParallelism: 1).load(url)
        let split = try await PDFLoader(textToolPath: try tool(), pageParallelism: whole.pages.count + 3).load(url)
        #expect(split.pages == whole.pages)
        #expect(split.sections == whole.sections)
    }

    @Test("An encrypted PDF makes the tool exit with status 3 and say so; PDFLoader still reports it as encrypted")
    func encrypted() async throws {
        let fixture = TestPaths.fixture("encrypted.pdf")
        let run = try await ChildProcess(executable: URL(fileURLWithPath: try tool()), arguments: [fixture.path]).run()
        #expect(run.status == 3)
        #expect(run.errors.contains("encrypted"))
        #expect(throws: IngestError.encryptedPDF(source: "encrypted.pdf")) {
            try PDFLoader(textToolPath: try tool()).parse(try Data(contentsOf: fixture), source: "encrypted.pdf", contentType: nil)
        }
    }

    @Test("When the tool fails, PDFLoader falls back to pdftotext and still loads the paper")
    func fallsBackWhenTheToolFails() async throws {
        let url = TestPaths.corpus("pdf/arxiv_1612.06414v1_instanton_corrections.pdf")
        let fallback = try await PDFLoader(textToolPath: "/bin/false").load(url)
        let onePass = try await PDFLoader(textToolPath: try tool()).load(url)
        #expect(fallback.pages == onePass.pages)
        #expect(fallback.metadata == onePass.metadata)
    }
}
