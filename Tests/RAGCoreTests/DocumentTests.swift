import RAGCore
import Testing

@Suite("Document identity")
struct DocumentTests {
    @Test("An arXiv paper is identified by its id without version, anything else by its source")
    func identity() {
        var paper = Document(source: "file:///tmp/2303.12712v2.pdf", format: "pdf", pages: [Page(number: 1, text: "x")])
        paper.metadata.arxivID = "2303.12712"
        paper.metadata.arxivVersion = 2
        #expect(paper.id == DocumentID("arxiv:2303.12712"))
        let page = Document(source: "https://ihep.ac.cn/a.html", format: "html", pages: [])
        #expect(page.id.rawValue == "https://ihep.ac.cn/a.html")
    }

    @Test("The year comes from the first four digits of the date")
    func year() {
        #expect(DocumentMetadata(date: "2023-03-22").year == 2023)
        #expect(DocumentMetadata(date: "23").year == nil)
    }

    @Test("A citation shows a local file by its name, never the server's path; other sources as they are", arguments: [
        ("file:///srv/papers/sub/higgs%20mass.pdf", "higgs mass.pdf"),
        ("/home/user/corpora/pdf/jpsi.pdf", "jpsi.pdf"),
        ("https://arxiv.org/abs/1503.07589", "https://arxiv.org/abs/1503.07589"),
        ("upload:notes.md", "upload:notes.md"),
        ("file:///srv/bad%zzname.txt", "bad%zzname.txt"),
    ])
    func shownSource(_ source: String, _ shown: String) {
        let citation = Citation(chunkID: ChunkID(document: DocumentID("d"), ordinal: 0), title: nil, source: source, arxivID: nil, pageStart: 1, pageEnd: 1, section: nil)
        #expect(citation.shownSource == shown)
    }
}

