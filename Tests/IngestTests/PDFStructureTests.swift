import Foundation
@testable import Ingest
import RAGCore
import TestSupport
import Testing

/// Regression tests on real files for what issue #22 found wrong in PDF structure and text.
@Suite("PDF structure")
struct PDFStructureTests {
    @Test("A heading wrapped onto two lines is one section: '4 Measuring θ13 at Daya Bay'")
    func twoLineHeading() async throws {
        let document = try await PDFLoader().load(TestPaths.repositoryRoot.appendingPathComponent("corpora/pdf/neutrino-oscillation.pdf"))
        let titles = document.sections.map(\.title)
        #expect(titles.contains("4 Measuring θ13 at Daya Bay"), "\(titles)")
        #expect(!titles.contains("4 Measuring θ13 at Daya"), "\(titles)")
        // "Bay" is not left at the start of the section's text.
        let section = try #require(document.sections.first { $0.title.hasPrefix("4 Measuring") })
        let page = document.pages[section.page - 1].text
        let start = page.unicodeScalars.index(page.unicodeScalars.startIndex, offsetBy: section.offset)
        let body = String(page.unicodeScalars[start...]).dropFirst(section.title.count).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!body.hasPrefix("Bay"), "\(body.prefix(60))")
    }

    @Test("The ATLAS+CMS Higgs letter: the abstract is its own section and the body from page 3 is not cited as 'Abstract'")
    func letterSections() async throws {
        let document = try await PDFLoader().load(TestPaths.corpus("pdf/arxiv_1503.07589v1_atlas_cms_higgs_mass.pdf"))
        let sections = document.sections.map { "\($0.title) p\($0.page)" }
        #expect(sections.prefix(3) == ["Abstract p1", "Main text p3", "Acknowledgments p11"], "\(sections)")
        let loader = TokenWindowChunker(counter: WhitespaceCounter(), budget: 200, overlap: 20)
        let chunks = loader.chunks(of: document)
        for chunk in chunks where chunk.pageStart >= 3 {
            #expect(chunk.sectionPath.first != "Abstract", "page \(chunk.pageStart) cited as Abstract")
        }
    }

    @Test("ℓ set in TeX's math italic comes back: 'H → ZZ → 4ℓ', '4`' is gone; backticks in words stay")
    func scriptL() async throws {
        let document = try await PDFLoader().load(TestPaths.corpus("pdf/arxiv_1503.07589v1_atlas_cms_higgs_mass.pdf"))
        #expect(document.fullText.contains("H → ZZ → 4ℓ"))
        #expect(!document.fullText.contains("4`"))
        #expect(PDFLayout.restoreScriptL("ZZ → `+ `− `0+ `0−") == "ZZ → ℓ+ ℓ− ℓ0+ ℓ0−")
        #expect(PDFLayout.restoreScriptL("where ` and `0 are") == "where ℓ and ℓ0 are")
        #expect(PDFLayout.restoreScriptL("run `make` here") == "run `make` here")
    }
}
