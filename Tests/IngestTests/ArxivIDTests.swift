import Foundation
import Ingest
import Testing

@Suite("arXiv identifiers")
struct ArxivIDTests {
    @Test("New-style, old-style and versioned ids are recognised in plain text, URLs and file names", arguments: [
        ("2303.12712", "2303.12712", nil),
        ("2303.12712v2", "2303.12712", 2),
        ("arXiv:0704.0001", "0704.0001", nil),
        ("hep-ex/0101001", "hep-ex/0101001", nil),
        ("hep-ex/0101001v3", "hep-ex/0101001", 3),
        ("math.GT/0309136", "math.GT/0309136", nil),
        ("https://arxiv.org/abs/2303.12712v2", "2303.12712", 2),
        ("https://arxiv.org/pdf/2303.12712v1.pdf", "2303.12712", 1),
        ("https://export.arxiv.org/e-print/hep-th/9901001", "hep-th/9901001", nil),
        ("http://arxiv.org/abs/physics/0112006v1", "physics/0112006", 1),
    ] as [(String, String, Int?)])
    func parsesIdentifiers(text: String, identifier: String, version: Int?) throws {
        let id = try ArxivID(parsing: text)
        #expect(id.identifier == identifier)
        #expect(id.version == version)
    }

    @Test("File names from arXiv downloads and our corpus carry the id")
    func fileNames() {
        #expect(ArxivID(fileName: "arxiv_1503.07589v1_atlas_cms_higgs_mass.pdf") == ArxivID(identifier: "1503.07589", version: 1))
        #expect(ArxivID(fileName: "2502.21088.pdf") == ArxivID(identifier: "2502.21088"))
        #expect(ArxivID(fileName: "hep-ex0101001v2.tar.gz") == ArxivID(identifier: "hep-ex/0101001", version: 2))
        #expect(ArxivID(fileName: "hsf_cwp_software_trigger_reconstruction_draft.pdf") == nil)
    }

    @Test("Running text only yields ids that are marked as arXiv ids, not arbitrary numbers")
    func findInText() {
        #expect(ArxivID.find(in: "see arXiv:1605.03814v2 [hep-ex]") == ArxivID(identifier: "1605.03814", version: 2))
        #expect(ArxivID.find(in: "m = 1234.56789 GeV and 2303.12712") == nil)
        #expect(ArxivID.find(in: "preprint arXiv: hep-ph/0412345") == ArxivID(identifier: "hep-ph/0412345"))
    }

    @Test("Text that is not an id is refused with a typed error")
    func rejectsNonIDs() {
        #expect(throws: IngestError.self) { try ArxivID(parsing: "not an id") }
        #expect(throws: IngestError.self) { try ArxivID(parsing: "2313.12345") }  // month 13
        #expect(ArxivID(url: URL(string: "https://example.org/abs/2303.12712")!) == nil)
    }

    @Test("An id maps to its abs, PDF and e-print URLs, and versions of one paper share an identity")
    func urls() throws {
        let id = try ArxivID(parsing: "2303.12712v2")
        #expect(id.absURL.absoluteString == "https://arxiv.org/abs/2303.12712v2")
        #expect(id.pdfURL.absoluteString == "https://arxiv.org/pdf/2303.12712v2")
        #expect(id.ePrintURL.absoluteString == "https://arxiv.org/e-print/2303.12712v2")
        #expect(try ArxivID(parsing: id.absURL.absoluteString) == id)
        #expect(try ArxivID(parsing: "2303.12712v1").unversioned == id.unversioned)
    }
}
