import ArgumentParser
import Foundation
import RAGCore
import Store
import VectorIndex

struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "SQLite store throughput: write synthetic chunks, then time BM25, filtered key lookups and chunk fetches.",
        discussion: """
            Writes --documents × --chunks-per-document chunks (150 Zipf-distributed HEP words, a random unit
            384-d vector each) through SQLiteDocumentStore in a temporary folder, then times 300 BM25 searches
            (k = 10), 50 filtered key lookups and 300 fetches of 10 chunks. Prints one JSON line.
            """)
    @Option(help: "Documents to write.") var documents = 1_000
    @Option(help: "Chunks per document.") var chunksPerDocument = 100

    func run() throws {
        let dimension = 384
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteDocumentStore(path: folder.appendingPathComponent("bench.sqlite").path)
        try store.createCollection(CollectionInfo(name: "bench", modelID: "m", dimension: dimension, createdAt: "now"))

        var random = SeededGenerator(seed: 42)
        let vocabulary = Self.vocabulary
        func text() -> String {
            // Zipf-like word choice: squaring a uniform number favours the start of the list.
            (0..<150).map { _ in
                let uniform = Double(random.next() % 1_000_000) / 1_000_000
                return vocabulary[Int(uniform * uniform * Double(vocabulary.count))]
            }.joined(separator: " ")
        }
        func vector() -> Vector {
            var raw = (0..<dimension).map { _ in Float(Int(random.next() % 2001) - 1000) / 1000 }
            let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for index in raw.indices { raw[index] /= norm }
            return raw
        }

        let clock = ContinuousClock()
        var writeTime = Duration.zero
        for documentIndex in 0..<documents {
            let id = DocumentID("doc\(documentIndex)")
            let chunks = (0..<chunksPerDocument).map { ordinal in
                Chunk(id: ChunkID(document: id, ordinal: ordinal), text: text(), pageStart: ordinal / 4 + 1, pageEnd: ordinal / 4 + 1)
            }
            let vectors = (0..<chunksPerDocument).map { _ in vector() }
            let record = StoredDocument(
                id: id, collection: "bench", source: "file:///bench/\(documentIndex).pdf", format: "pdf", contentHash: "\(documentIndex)",
                metadata: DocumentMetadata(title: "Document \(documentIndex)", categories: [documentIndex % 3 == 0 ? "hep-ex" : "hep-ph"],
                                           date: "\(2000 + documentIndex % 25)-01-01"),
                fetchedAt: "now")
            let start = clock.now
            _ = try store.replaceDocument(record, chunks: chunks, vectors: vectors, embeddedBy: "m")
            writeTime += clock.now - start
        }
        let totalChunks = documents * chunksPerDocument

        func storePercentile(_ samples: [Duration], _ fraction: Double) -> Double {
            percentile(samples.map(\.inMilliseconds).sorted(), fraction)
        }
        var bm25: [Duration] = []
        for _ in 0..<300 {
            let query = (0..<6).map { _ in vocabulary[Int(random.next() % UInt64(vocabulary.count))] }.joined(separator: " ")
            let start = clock.now
            _ = try store.lexicalSearch(query, in: "bench", filter: SearchFilter(), limit: 10)
            bm25.append(clock.now - start)
        }
        var filtered: [Duration] = []
        for year in 0..<50 {
            let start = clock.now
            _ = try store.chunkKeys(matching: SearchFilter(categories: ["hep-ex"], yearFrom: 2000 + year % 25), in: "bench")
            filtered.append(clock.now - start)
        }
        var fetch: [Duration] = []
        for _ in 0..<300 {
            let keys = (0..<10).map { _ in VectorKey(random.next() % UInt64(totalChunks) + 1) }
            let start = clock.now
            _ = try store.chunks(keys: keys)
            fetch.append(clock.now - start)
        }
        let writeSeconds = writeTime.inSeconds
        let statistics = try store.statistics(in: "bench")
        let result: [String: Double] = [
            "chunks": Double(totalChunks), "chunksPerSecond": Double(totalChunks) / writeSeconds,
            "databaseMegabytes": Double(statistics.databaseBytes) / 1_048_576,
            "bm25P50Milliseconds": storePercentile(bm25, 0.5), "bm25P99Milliseconds": storePercentile(bm25, 0.99),
            "filterKeysP50Milliseconds": storePercentile(filtered, 0.5), "fetch10ChunksP50Milliseconds": storePercentile(fetch, 0.5),
        ]
        let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        guard statistics.chunks == totalChunks else {
            throw ValidationError("The store holds \(statistics.chunks) chunks after writing \(totalChunks).")
        }
        print(String(decoding: json, as: UTF8.self))
    }

    /// HEP-flavoured words, most frequent first.
    static let vocabulary: [String] = {
        let base = """
            the of and in to a is for with by on at from that this are we as be an which data detector energy mass
            events measurement cross section decay muon electron photon jet jets quark gluon higgs boson neutrino lepton
            hadron proton collision luminosity trigger reconstruction calorimeter tracking momentum transverse missing
            background signal selection efficiency uncertainty systematic statistical simulation monte carlo model
            standard supersymmetry squark gluino neutralino chargino top bottom charm strange charmonium bottomonium
            tetraquark pentaquark lattice qcd perturbative nlo nnlo parton distribution function pdf resonance width
            branching fraction asymmetry cp violation oscillation mixing flavour flavor universality drell yan
            """.split(whereSeparator: \.isWhitespace).map(String.init)
        return base + (0..<4000).map { "term\($0)" }
    }()
}
