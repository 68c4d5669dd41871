import Foundation
import Ingest
import RAGCore
import TestSupport
import Testing

/// Title, authors and headings from font sizes (the `pdftotext -bbox-layout` pass). Expected values were read
/// off the first pages with `pdftotext -f 1 -l 1` (and `-bbox-layout` for the sizes).
@Suite("PDF font layout: title, authors, headings")
struct PDFFontLayoutTests {
    struct Expectation: Sendable, CustomTestStringConvertible {
        var file: String
        var title: String
        var authors: [String]
        var testDescription: String { file }
    }

    static let expectations: [Expectation] = [
        // The title used to run into the author line here (title 10.6 pt over 8.85 pt text: exactly the old 1.2× cut).
        .init(file: "arxiv_2110.02751_nuclear_recoils_neutron_capture.pdf", title: "First observation of isolated nuclear recoils following neutron capture",
              authors: ["A.N. Villano", "M. Fritts", "N. Mast", "S. Brown", "P. Cushman", "K. Harris", "V. Mandic"]),
        // And here (12.5 pt title over 12 pt text; the paragraph fallback gave "… Ω Micha Moskovic 1 and Ahmad Zein Assi 2").
        .init(file: "arxiv_1612.06414v1_instanton_corrections.pdf", title: "Instanton Corrections for m and Ω", authors: ["Micha Moskovic", "Ahmad Zein Assi"]),
        .init(file: "arxiv_1508.05632v2_diboson_excess_low_scale_susy.pdf", title: "ATLAS diboson excess from low scale supersymmetry breaking",
              authors: ["Christoffer Petersson", "Riccardo Torre"]),
        .init(file: "arxiv_2503.05372v1_open_charm_tetraquarks.pdf", title: "Are compact open-charm tetraquarks consistent with recent lattice results?",
              authors: ["Feng-Kun Guo", "Christoph Hanhart"]),
        .init(file: "arxiv_1605.03844v1_lux_noble_gas_chromatography.pdf", title: "Chromatographic separation of radioactive noble gases from xenon", authors: []),
        .init(file: "arxiv_2404.02100v2_hsf_analysis_facilities_white_paper.pdf", title: "Analysis Facilities White Paper", authors: []),
        .init(file: "hepml_living_review_2102.02770.pdf", title: "A Living Review of Machine Learning for Particle and Nuclear Physics", authors: []),
        .init(file: "hsf_cwp_software_trigger_reconstruction_draft.pdf", title: "Software trigger and event reconstruction", authors: []),
    ]

    @Test("Title and authors come from page 1 by font size, superscript affiliation marks stripped", arguments: expectations)
    func titleAndAuthors(expected: Expectation) async throws {
        let document = try await PDFLoader().load(TestPaths.corpus("pdf/\(expected.file)"))
        #expect(document.metadata.title == expected.title)
        if !expected.authors.isEmpty { #expect(document.metadata.authors == expected.authors) }
    }

    @Test("Long author lists: every name, none of the affiliations, names broken across lines rejoined")
    func longAuthorLists() async throws {
        // 98 and 66 names: counted in `pdftotext -f 1 -l 1` output as comma-separated pieces with an initial.
        let lux = try await PDFLoader().load(TestPaths.corpus("pdf/arxiv_1605.03844v1_lux_noble_gas_chromatography.pdf")).metadata.authors
        #expect(lux.count == 98)
        #expect(Array(lux.prefix(3)) == ["D.S. Akerib", "H.M. Araújo", "X. Bai"])
        #expect(Array(lux.suffix(2)) == ["S.K. Young", "C. Zhang"])
        #expect(lux.contains("A.St.J. Murphy"))
        #expect(!lux.contains { $0.contains("University") || $0.contains("USA") || $0 == "UK" })
        let hsf = try await PDFLoader().load(TestPaths.corpus("pdf/arxiv_2404.02100v2_hsf_analysis_facilities_white_paper.pdf")).metadata.authors
        #expect(hsf.count == 66)
        #expect(hsf.first == "D. Ciangottini")
        #expect(hsf.last == "G. Watts")
        #expect(hsf.contains("A. Delgado Peris"), "'A.' ends one line and 'Delgado Peris' starts the next")
        #expect(hsf.contains("M. Aly"))
    }

    @Test("Collaborations are authors; a usable info title is kept", arguments: [
        ("arxiv_1503.07589v1_atlas_cms_higgs_mass.pdf", "ATLAS and CMS Collaborations"),
        ("arxiv_1605.03814v2_atlas_squarks_gluinos_13tev.pdf", "ATLAS Collaboration"),
        ("arxiv_2502.21088v1_atlas_cc_drell_yan_high_mass.pdf", "ATLAS Collaboration"),
    ])
    func collaborations(file: String, collaboration: String) async throws {
        let document = try await PDFLoader().load(TestPaths.corpus("pdf/\(file)"))
        #expect(document.metadata.authors == [collaboration])
    }

    @Test("Titles of papers whose info title is a placeholder ('ATLAS draft') come from the largest type")
    func placeholderInfoTitle() async throws {
        let squarks = try await PDFLoader().load(TestPaths.corpus("pdf/arxiv_1605.03814v2_atlas_squarks_gluinos_13tev.pdf"))
        let title = try #require(squarks.metadata.title)
        #expect(title.hasPrefix("Search for squarks and gluinos in final states with jets and missing transverse momentum at s"))
        #expect(title.hasSuffix("TeV with the ATLAS detector"))
        #expect(!title.contains("Collaboration") && !title.contains("√"))
        let jacow = try await PDFLoader().load(TestPaths.corpus("pdf/jacow_ipac2018_wepml008.pdf"))
        #expect(jacow.metadata.title == "Tuner Testing of a Dressed 3.9 GHz Cavity for LCLS-II at Fermilab")
        #expect(Array(jacow.metadata.authors.prefix(6)) == ["Y. Pischalnikov", "S. Aderhold", "J. P. Holzbauer", "T. Khabiboulline", "W. Schappert", "J. C. Yun"])
    }

    @Test("Unnumbered headings set in larger type are sections, with levels by size, and chunks carry them")
    func fontHeadings() async throws {
        let counter = ApproximateTokenCounter()
        // HSF white paper: no section numbers in the text lines; sections 12.7 pt, subsections 10.6 pt, body 8.8 pt.
        let hsf = try await PDFLoader().load(TestPaths.corpus("pdf/arxiv_2404.02100v2_hsf_analysis_facilities_white_paper.pdf"))
        let titles = hsf.sections.map(\.title)
        for expected in ["User perspective", "Compute resources: access and provisioning", "User Interfaces", "Common namespaces", "CVMFS", "Monitoring and Metrics"] {
            #expect(titles.contains(expected), "\(expected) not in \(titles)")
        }
        let userPerspective = try #require(hsf.sections.first { $0.title == "User perspective" })
        let subsection = try #require(hsf.sections.first { $0.title == "Ability to convert interactive to batch-schedulable workloads" })
        #expect(userPerspective.level < subsection.level)
        #expect(userPerspective.page == 3)
        let hsfChunks = TokenWindowChunker(counter: counter).chunks(of: hsf)
        let scheduling = try #require(hsfChunks.first { $0.text.contains("When an analysis matures from an R&D phase") })
        #expect(scheduling.sectionPath == ["User perspective", "Ability to convert interactive to batch-schedulable workloads"])

        // JACoW proceedings: upper-case headings in larger type, not in the list of usual names.
        let jacow = try await PDFLoader().load(TestPaths.corpus("pdf/jacow_ipac2018_wepml008.pdf"))
        #expect(jacow.sections.map(\.title).contains("TUNER TEST RESULTS"))
        let jacowChunks = TokenWindowChunker(counter: counter).chunks(of: jacow)
        let gap = try #require(jacowChunks.first { $0.text.contains("we decided to keep safety gap") })
        #expect(gap.sectionPath.last == "TUNER TEST RESULTS")
        // Page-1 title, author and affiliation lines are large too, but are not headings.
        #expect(!jacow.sections.contains { $0.title.contains("FNAL") || $0.title.contains("Contreras") || $0.title.contains("TUNER TESTING") })

        // ATLAS paper: numbered headings keep their depth; figure labels in large type ("Data / MC") are not sections.
        let drellYan = try await PDFLoader().load(TestPaths.corpus("pdf/arxiv_2502.21088v1_atlas_cc_drell_yan_high_mass.pdf"))
        #expect(drellYan.sections.first { $0.title == "4.1.2 Muons" }?.level == 3)
        let squarks = try await PDFLoader().load(TestPaths.corpus("pdf/arxiv_1605.03814v2_atlas_squarks_gluinos_13tev.pdf"))
        #expect(!squarks.sections.contains { $0.title.contains("Data / MC") || $0.title.contains("region name") })
        let squarkChunks = TokenWindowChunker(counter: counter).chunks(of: squarks)
        let topMass = try #require(squarkChunks.first { $0.text.contains("The top quark mass is set to 172.5 GeV") })
        #expect(topMass.sectionPath.last == "3 Monte Carlo simulated samples")
    }

    @Test("Affiliation lists with superscript numbers are not numbered headings")
    func superscriptNumbersAreNotHeadings() async throws {
        // 1503.07589 has no section numbers; its author list ends with "¹ Department of Physics, University of
        // Adelaide, …", which reads as "1 Department of Physics, …" in the text layer.
        let higgs = try await PDFLoader().load(TestPaths.corpus("pdf/arxiv_1503.07589v1_atlas_cms_higgs_mass.pdf"))
        #expect(!higgs.sections.contains { $0.title.contains("Department") || $0.title.contains("University") }, "\(higgs.sections.map(\.title))")
        #expect(higgs.sections.map(\.title).contains("Acknowledgments"))
    }

    @Test("Without the font pass, the loader still works on text alone; with page 1 only, title and authors still come from it")
    func reducedFontPass() async throws {
        let url = TestPaths.corpus("pdf/arxiv_1605.03814v2_atlas_squarks_gluinos_13tev.pdf")
        let textOnly = try await PDFLoader(fontAnalysis: .off).load(url)
        #expect(textOnly.sections.map(\.title).contains("1 Introduction"))
        #expect(textOnly.metadata.authors == ["The ATLAS Collaboration"])  // the info dictionary's Author
        let jacow = TestPaths.corpus("pdf/jacow_ipac2018_wepml008.pdf")
        let firstPage = try await PDFLoader(fontAnalysis: .firstPage).load(jacow)
        #expect(firstPage.metadata.authors.first == "Y. Pischalnikov")
        #expect(!firstPage.sections.map(\.title).contains("TUNER TEST RESULTS"), "font-size headings need the whole document")
        let full = try await PDFLoader().load(jacow)
        #expect(full.sections.map(\.title).contains("TUNER TEST RESULTS"))
    }
}
