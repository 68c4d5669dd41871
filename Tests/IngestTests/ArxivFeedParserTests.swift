import Foundation
import Ingest
import Testing

@Suite("arXiv feeds")
struct ArxivFeedParserTests {
    /// Oracle: the number of <record> elements that have metadata, counted with a plain text search.
    private func recordCount(_ data: Data) -> Int {
        String(decoding: data, as: UTF8.self).components(separatedBy: "<metadata>").count - 1
    }

    @Test("Every OAI-PMH response in the corpus parses to as many entries as it has records", arguments: [
        "arxiv_oai_getrecord_1305.0014.xml", "arxiv_oai_getrecord_1601.03238.xml", "arxiv_oai_getrecord_physics_0112006.xml",
        "arxiv_oai_listrecords_hep-ex_2017-12-14.xml", "arxiv_oai_listrecords_hep-th.xml",
    ])
    func oaiEntryCounts(file: String) throws {
        let data = try Data(contentsOf: TestPaths.corpus("atom/\(file)"))
        let feed = try ArxivFeedParser().parse(data, source: file)
        #expect(feed.kind == .oaiPMH)
        #expect(feed.entries.count == recordCount(data))
        #expect(feed.entries.allSatisfy { !$0.title.isEmpty && !$0.abstract.isEmpty && !$0.authors.isEmpty && !$0.categories.isEmpty })
    }

    @Test("An OAI-PMH record keeps id, authors, categories, DOI and dates, including an old-style id")
    func oaiFields() throws {
        let data = try Data(contentsOf: TestPaths.corpus("atom/arxiv_oai_getrecord_physics_0112006.xml"))
        let entry = try #require(try ArxivFeedParser().parse(data, source: "oai").entries.first)
        #expect(entry.id == ArxivID(identifier: "physics/0112006"))
        #expect(entry.title == "Is G a conversion factor or a fundamental unit?")
        #expect(entry.authors == ["G. Fiorentini", "L. Okun", "M. Vysotsky"])
        #expect(entry.categories == ["physics.class-ph", "physics.gen-ph"])
        #expect(entry.doi == "10.1134/1.1533770")
        #expect(entry.published == "2001-12-04")
        #expect(entry.abstract.hasPrefix("By using fundamental units c, h, G"))
        #expect(entry.metadata.arxivID == "physics/0112006")
    }

    @Test("A record's page reads like its abstract page: title, authors, id and dates, journal reference, comment, abstract")
    func recordPageText() throws {
        let data = try Data(contentsOf: TestPaths.corpus("atom/arxiv_oai_getrecord_1305.0014.xml"))
        let document = try ArxivFeedParser().document(from: data, source: "arxiv_oai_getrecord_1305.0014.xml")
        let page = try #require(document.pages.first).text
        let entry = try #require(try ArxivFeedParser().parse(data, source: "oai").entries.first)
        // Oracle: the record's own fields, each stated in the page as a sentence of its own.
        let lines = page.components(separatedBy: "\n")
        #expect(lines.first == entry.title)
        #expect(lines.contains("Authors: \(entry.authors.joined(separator: ", "))."), "\(page.prefix(400))")
        #expect(entry.authors.contains { $0.hasSuffix("Gardner") } && entry.authors.contains { $0.hasSuffix("Plaster") })
        #expect(lines.contains { $0.hasPrefix("Submitted to arXiv on 2013-04-30 as arXiv:1305.0014 [") }, "\(page.prefix(400))")
        #expect(lines.contains("Journal reference: Phys. Rev. C 87, 065504 (2013)."), "\(page.prefix(400))")
        #expect(page.hasSuffix(entry.abstract))
        // A listing has one such page per record: the comment of each ("13 tables") is in its page.
        let listing = try Data(contentsOf: TestPaths.corpus("atom/arxiv_oai_listrecords_hep-ex_2017-12-14.xml"))
        let feed = try ArxivFeedParser().parse(listing, source: "listing")
        let pages = try ArxivFeedParser().document(from: listing, source: "listing").pages
        #expect(pages.count == feed.entries.count)
        for (entry, page) in zip(feed.entries, pages) {
            #expect(page.text.hasPrefix(entry.title + "\n\n") && page.text.hasSuffix(entry.abstract))
            if let comment = entry.comment { #expect(page.text.contains("Comments: \(comment.trimmingCharacters(in: .whitespaces))")) }
        }
    }

    @Test("A record without a namespace declaration still parses")
    func recordWithoutNamespace() throws {
        let data = try Data(contentsOf: TestPaths.corpus("atom/arxiv_oai_getrecord_1601.03238.xml"))
        let feed = try ArxivFeedParser().parse(data, source: "oai")
        let first = try #require(feed.entries.first)
        #expect(first.id.identifier == "1601.03238")
        #expect(first.authors.first == "Planck Collaboration")
        #expect(first.doi == "10.1103/PhysRevD.93.016005")
    }

    @Test("An OAI-PMH error response becomes a typed feed error carrying the error code")
    func oaiError() throws {
        let data = try Data(contentsOf: TestPaths.corpus("bad/arxiv_oai_error_malformed_identifier.xml"))
        let error = #expect(throws: IngestError.self) { try ArxivFeedParser().parse(data, source: "is-malformed.xml") }
        guard case .feedError(_, let code, let message) = error else {
            Issue.record("expected a feed error, got \(String(describing: error))")
            return
        }
        #expect(code == "idDoesNotExist")
        #expect(message.contains("Malformed identifier"))
    }

    @Test("An arXiv API Atom feed yields entries with versioned ids, primary category first, links and pagination")
    func atomFeed() throws {
        let data = try Data(contentsOf: TestPaths.fixture("arxiv_api_query.atom"))
        let feed = try ArxivFeedParser().parse(data, source: "query")
        #expect(feed.kind == .atom)
        #expect(feed.entries.count == 2)
        #expect(feed.totalResults == 3)
        #expect(feed.startIndex == 0)
        #expect(feed.itemsPerPage == 2)
        #expect(feed.hasMore)
        let first = feed.entries[0]
        #expect(first.id == ArxivID(identifier: "1503.07589", version: 1))
        #expect(first.categories.first == "hep-ex")
        #expect(first.authors.count == 2)
        #expect(first.links.contains("http://arxiv.org/pdf/1503.07589v1"))
        #expect(first.doi == "10.1103/PhysRevLett.114.191803")
        #expect(first.journalReference == "Phys. Rev. Lett. 114, 191803 (2015)")
        #expect(feed.entries[1].id == ArxivID(identifier: "hep-ex/0101001", version: 2))
    }

    @Test("An arXiv API error entry becomes a typed feed error")
    func atomError() {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.1234567</id>
            <title>Error</title><summary>incorrect id format for 1234.1234567</summary></entry></feed>
            """
        #expect(throws: IngestError.feedError(source: "q", code: "incorrect_id_format_for_1234.1234567", message: "incorrect id format for 1234.1234567")) {
            try ArxivFeedParser().parse(Data(xml.utf8), source: "q")
        }
    }

    @Test("A resumption token on a ListRecords page is reported for the next request")
    func resumptionToken() throws {
        let xml = """
            <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords>
            <record><header><identifier>oai:arXiv.org:1706.05371</identifier></header><metadata><arXiv xmlns="http://arxiv.org/OAI/arXiv/">
            <id>1706.05371</id><title>T</title><authors><author><keyname>A</keyname></author></authors><categories>hep-ex</categories><abstract>X</abstract></arXiv></metadata></record>
            <resumptionToken cursor="0" completeListSize="2500">6416234|1001</resumptionToken></ListRecords></OAI-PMH>
            """
        let feed = try ArxivFeedParser().parse(Data(xml.utf8), source: "oai")
        #expect(feed.resumptionToken == "6416234|1001")
        #expect(feed.totalResults == 2500)
        #expect(feed.hasMore)
    }

    @Test("Malformed XML and an external entity are refused or left unexpanded, never fetched")
    func hostileXML() throws {
        #expect(throws: IngestError.self) { try ArxivFeedParser().parse(Data("<feed><entry>".utf8), source: "broken") }
        let xxe = """
            <?xml version="1.0"?><!DOCTYPE feed [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
            <feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2303.12712v1</id><title>&secret;</title><summary>s</summary></entry></feed>
            """
        let feed = try ArxivFeedParser().parse(Data(xxe.utf8), source: "xxe")
        #expect(feed.entries.first.map { !$0.title.contains("root:") } == true)
    }
}
