import Foundation
import Ingest
import RAGCore
import TestSupport
import Testing

@Suite("HTML loader")
struct HTMLLoaderTests {
    static let chinese = "中国科学院高能物理研究所是我国从事高能物理研究的综合性研究基地。北京正负电子对撞机是重大科技基础设施！"

    private func page(charsetMeta: String?) -> String {
        let meta = charsetMeta.map { "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=\($0)\">" } ?? ""
        return "<html><head>\(meta)<title>高能所简介</title></head><body><nav>首页 | 新闻</nav><div id=\"content\"><h1>研究所概况</h1><p>\(Self.chinese)</p><p>\(String(repeating: "更多内容。", count: 40))</p></div><footer>版权所有</footer></body></html>"
    }

    @Test("A GB2312-declared Chinese page decodes to the right characters", arguments: ["gb2312", "GBK", "gb18030"])
    func chineseWithMeta(charset: String) throws {
        let data = try TarWriter.iconv(page(charsetMeta: charset), to: "GB18030")
        let document = try HTMLLoader().parse(data, source: "http://www.ihep.cas.cn/gkjj/", contentType: "text/html")
        #expect(document.fullText.contains(Self.chinese))
        #expect(document.metadata.title == "高能所简介")
        #expect(document.metadata.language == "zh")
        #expect(document.sections.map(\.title) == ["研究所概况"])
        #expect(!document.fullText.contains("版权所有"))
        #expect(!document.fullText.contains("首页"))
    }

    @Test("The HTTP header charset wins, and an undeclared GB18030 page is recognised from its bytes")
    func chineseWithoutMeta() throws {
        let data = try TarWriter.iconv(page(charsetMeta: nil), to: "GB18030")
        let fromHeader = try HTMLLoader().parse(data, source: "http://ihep/", contentType: "text/html; charset=GBK")
        #expect(fromHeader.fullText.contains(Self.chinese))
        let guessed = try HTMLLoader().parse(data, source: "http://ihep/", contentType: nil)
        #expect(guessed.fullText.contains(Self.chinese))
        #expect(guessed.metadata.extra["charset"] == "GB18030 (guess)")
        // A wrong meta charset is overridden by the header.
        let mislabelled = try TarWriter.iconv(page(charsetMeta: "iso-8859-1"), to: "GB18030")
        #expect(try HTMLLoader().parse(mislabelled, source: "x.html", contentType: "text/html; charset=gb2312").fullText.contains(Self.chinese))
    }

    @Test("Chinese text is chunked at Chinese sentence punctuation")
    func chineseChunking() throws {
        let data = try TarWriter.iconv(page(charsetMeta: "gbk"), to: "GB18030")
        let document = try HTMLLoader().parse(data, source: "x.html", contentType: nil)
        let chunks = TokenWindowChunker(counter: ApproximateTokenCounter(), budget: 40, overlap: 0).chunks(of: document)
        #expect(chunks.count > 3)
        #expect(chunks.dropLast().allSatisfy { "。！？；".contains($0.text.last ?? " ") }, "\(chunks.map(\.text))")
        #expect(chunks.allSatisfy { $0.language == "zh" })
    }

    @Test("Tables become one line per row with cells joined by ' | ', lists one line per item, links are kept")
    func tablesListsLinks() throws {
        let html = """
            <html><body><main><h2>Results</h2><table><tr><th>Channel</th><th>Mass [GeV]</th></tr>
            <tr><td>H → γγ</td><td>125.07 ± 0.29</td></tr><tr><td>H → ZZ → 4ℓ</td><td>125.15 ± 0.40</td></tr></table>
            <ul><li>First <a href="/abs/1503.07589">item</a></li><li>Second item</li></ul><script>var tracking = 1;</script></main></body></html>
            """
        let document = try HTMLLoader().parse(Data(html.utf8), source: "https://example.org/page.html", contentType: "text/html")
        let lines = document.fullText.split(separator: "\n").map(String.init)
        #expect(lines.contains("Channel | Mass [GeV]"))
        #expect(lines.contains("H → γγ | 125.07 ± 0.29"))
        #expect(lines.contains("- First item"))
        #expect(lines.contains("- Second item"))
        #expect(!document.fullText.contains("tracking"))
        #expect(document.metadata.links == ["https://example.org/abs/1503.07589"])
        #expect(document.sections.first?.title == "Results")
        #expect(document.sections.first?.level == 2)
    }

    @Test("An arXiv abs page's citation meta tags give title, authors, abstract, date, id, category and DOI")
    func citationMeta() throws {
        let html = """
            <html><head><meta name="citation_title" content="Combined Measurement of the Higgs Boson Mass"/>
            <meta name="citation_author" content="Aad, Georges"/><meta name="citation_author" content="Abbott, Brad"/>
            <meta name="citation_date" content="2015/03/26"/><meta name="citation_arxiv_id" content="1503.07589"/>
            <meta name="citation_doi" content="10.1103/PhysRevLett.114.191803"/>
            <meta name="citation_abstract" content="A measurement of the Higgs boson mass is presented."/></head>
            <body><div class="metatable"><span class="primary-subject">High Energy Physics - Experiment (hep-ex)</span></div>
            <blockquote class="abstract">A measurement of the Higgs boson mass is presented.</blockquote></body></html>
            """
        let document = try HTMLLoader().parse(Data(html.utf8), source: "https://arxiv.org/abs/1503.07589v1", contentType: "text/html; charset=utf-8")
        let metadata = document.metadata
        #expect(metadata.title == "Combined Measurement of the Higgs Boson Mass")
        #expect(metadata.authors == ["Aad, Georges", "Abbott, Brad"])
        #expect(metadata.date == "2015-03-26")
        #expect(metadata.arxivID == "1503.07589")
        #expect(metadata.categories == ["hep-ex"])
        #expect(metadata.doi == "10.1103/PhysRevLett.114.191803")
        #expect(metadata.abstract == "A measurement of the Higgs boson mass is presented.")
        #expect(document.id == DocumentID("arxiv:1503.07589"))
    }

    @Test("Every HTML page in the shared corpus parses, and page furniture stays out of the text", arguments: [
        "arxiv_export_no_pdf_1707.02785.html", "hepml_living_review_about.html", "hepml_living_review_recent.html",
        "hepml_living_review_resources.html", "pos_lattice2013_contribution_001.html", "pos_lattice2013_proceedings_index.html",
    ])
    func corpusPages(file: String) async throws {
        let document = try await HTMLLoader().load(TestPaths.corpus("html/\(file)"))
        #expect(!document.fullText.isEmpty)
        #expect(document.metadata.title?.isEmpty == false)
        #expect(!document.fullText.contains("<script"))
        #expect(!document.fullText.contains("function("))
    }

    @Test("Binary data named .html is refused as binary, and an empty file as empty")
    func binary() throws {
        var bytes = Data((0..<4_096).map { UInt8(truncatingIfNeeded: $0 &* 7919) })
        bytes[10] = 0
        #expect(throws: IngestError.binaryContent(source: "page.html", expected: "HTML")) { try HTMLLoader().parse(bytes, source: "page.html", contentType: nil) }
        #expect(throws: IngestError.emptyInput(source: "page.html")) { try HTMLLoader().parse(Data(), source: "page.html", contentType: nil) }
    }

    @Test("A 50 MB single-line page is refused as too large without reading it all")
    func hugePage() async throws {
        let folder = try TestPaths.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("huge.html")
        var data = Data("<html><body><p>".utf8)
        data.append(Data(repeating: UInt8(ascii: "a"), count: 50 << 20))
        try data.write(to: file)
        await #expect(throws: IngestError.tooLarge(source: "huge.html", limit: "32 MB")) { try await HTMLLoader().load(file) }
    }

    @Test("A 2 MB single-line page without spaces parses and chunks into bounded pieces")
    func longLine() throws {
        var html = "<html><body><p>"
        html += String(repeating: "x", count: 2 << 20)
        html += "</p></body></html>"
        let document = try HTMLLoader().parse(Data(html.utf8), source: "line.html", contentType: nil)
        let counter = ApproximateTokenCounter()
        let chunks = TokenWindowChunker(counter: counter, budget: 200, overlap: 32).chunks(of: document)
        #expect(chunks.allSatisfy { counter.tokenCount($0.text) <= 200 })
        #expect(chunks.reduce(0) { $0 + $1.text.count } >= 2 << 20)
    }
}
