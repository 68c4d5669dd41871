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
}
