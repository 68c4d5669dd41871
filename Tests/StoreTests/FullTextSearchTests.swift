import Foundation
import RAGCore
import Store
import Testing
import TestSupport

@Suite("Full-text search")
struct FullTextSearchTests {
    @Test("Chinese text is found by a Chinese query through character bigrams")
    func chinese() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try makeStore(in: folder)
        let zh = try store.replaceDocument(
            record("zh"), chunks: chunks("zh", ["北京谱仪在粲偶素能区采集了大量数据。"], language: "zh"), vectors: vectors(1), embeddedBy: "m")
        _ = try store.replaceDocument(
            record("en", hash: "h2"), chunks: chunks("en", ["The detector records charmonium decays."]), vectors: vectors(1),
            embeddedBy: "m")
        let hits = try store.lexicalSearch("粲偶素的数据", in: "c", filter: SearchFilter(), limit: 5)
        #expect(hits.first?.key == zh.addedKeys[0])
        #expect(hits.count == 1)
    }

    @Test("Words split by zero-width spaces and ligatures in the source are found by plain queries")
    func normalisedSource() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try makeStore(in: folder)
        let receipt = try store.replaceDocument(
            record("gdoc"), chunks: chunks("gdoc", ["track\u{200B}ing and \u{FB01}tting in the trig\u{200B}ger"]), vectors: vectors(1),
            embeddedBy: "m")
        for query in ["tracking", "fitting", "trigger"] {
            #expect(try store.lexicalSearch(query, in: "c", filter: SearchFilter(), limit: 5).map(\.key) == receipt.addedKeys)
        }
    }

    @Test("BM25 ranks the chunk with the rarer matching term first and scores higher-is-better")
    func ranking() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try makeStore(in: folder)
        var texts = (0..<20).map { "the detector measured energy in event \($0)" }
        texts.append("the calorimeter measured energy")
        let receipt = try store.replaceDocument(record("d"), chunks: chunks("d", texts), vectors: vectors(texts.count), embeddedBy: "m")
        let hits = try store.lexicalSearch("calorimeter energy", in: "c", filter: SearchFilter(), limit: 3)
        #expect(hits.first?.key == receipt.addedKeys.last)
        #expect(zip(hits, hits.dropFirst()).allSatisfy { $0.score >= $1.score })
    }

    @Test("Every filter field selects exactly the chunks a direct check over all documents selects")
    func filters() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try makeStore(in: folder)
        struct Fixture { var id: String; var categories: [String]; var year: Int; var language: String; var source: String }
        let fixtures = [
            Fixture(id: "a", categories: ["hep-ex"], year: 2015, language: "en", source: "file:///corpora/pdf/a.pdf"),
            Fixture(id: "b", categories: ["hep-ph", "hep-ex"], year: 2018, language: "en", source: "file:///corpora/pdf/b.pdf"),
            Fixture(id: "c", categories: ["hep-th"], year: 2021, language: "zh", source: "https://ihep.ac.cn/c.html"),
            Fixture(id: "d", categories: [], year: 2024, language: "en", source: "https://ihep.ac.cn/d.html"),
        ]
        var keysByDocument: [String: [VectorKey]] = [:]
        for fixture in fixtures {
            keysByDocument[fixture.id] = try store.replaceDocument(
                record(fixture.id, hash: fixture.id, categories: fixture.categories, date: "\(fixture.year)-01-01", source: fixture.source),
                chunks: chunks(fixture.id, ["muon momentum \(fixture.id)", "muon charge \(fixture.id)"], language: fixture.language),
                vectors: vectors(2), embeddedBy: "m"
            ).addedKeys
        }
        let filters: [(SearchFilter, (Fixture) -> Bool)] = [
            (SearchFilter(documents: [DocumentID("a"), DocumentID("d")]), { ["a", "d"].contains($0.id) }),
            (SearchFilter(categories: ["hep-ex"]), { $0.categories.contains("hep-ex") }),
            (SearchFilter(yearFrom: 2016, yearTo: 2021), { (2016...2021).contains($0.year) }),
            (SearchFilter(language: "zh"), { $0.language == "zh" }),
            (SearchFilter(sourcePrefix: "https://ihep.ac.cn/"), { $0.source.hasPrefix("https://ihep.ac.cn/") }),
            (SearchFilter(categories: ["hep-ex"], yearFrom: 2016), { $0.categories.contains("hep-ex") && $0.year >= 2016 }),
            (SearchFilter(documents: []), { _ in false }),
        ]
        for (filter, accepts) in filters {
            let expected = Set(fixtures.filter(accepts).flatMap { keysByDocument[$0.id] ?? [] })
            #expect(try store.chunkKeys(matching: filter, in: "c") == expected, "filter \(filter)")
            let lexical = try store.lexicalSearch("muon", in: "c", filter: filter, limit: 100)
            #expect(Set(lexical.map(\.key)) == expected, "lexical filter \(filter)")
        }
    }
}

@Suite("Full-text search across collections")
struct FullTextCollectionTests {
    @Test("A collection's BM25 results are not crowded out by better matches in another collection")
    func crowdedOut() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try makeStore(in: folder)
        try store.createCollection(CollectionInfo(name: "other", modelID: "m", dimension: 4, createdAt: "now"))
        for index in 0..<10 {
            let texts = (0..<20).map { "pion pion pion kaon \(index) \($0)" }
            _ = try store.replaceDocument(
                record("o\(index)", collection: "other", hash: "o\(index)"), chunks: chunks("o\(index)", texts),
                vectors: vectors(texts.count), embeddedBy: "m")
        }
        let mine = try store.replaceDocument(
            record("mine", hash: "mine"), chunks: chunks("mine", ["a long passage that mentions a pion only once among many other words",
                                                               "another passage about the pion decay into muons and neutrinos in flight"]),
            vectors: vectors(2), embeddedBy: "m")
        let hits = try store.lexicalSearch("pion", in: "c", filter: SearchFilter(), limit: 5)
        #expect(Set(hits.map(\.key)) == Set(mine.addedKeys))
        let filtered = try store.lexicalSearch("pion", in: "other", filter: SearchFilter(documents: [DocumentID("o3")]), limit: 50)
        #expect(filtered.count == 20)
    }
}
