import ArgumentParser
import Embedding
import Foundation
import HepChainApp
import Ingest
import KnowledgeBase
import PostgresStore
import RAGCore
import Store

extension HepChainBench {
    /// `hepchain-bench postgres`: the PostgreSQL backend against SQLite (bench/kb/postgres.sh).
    struct Postgres: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "postgres",
            abstract: "Load a data folder's store into PostgreSQL and compare both backends' search latency, QPS and dense recall.",
            discussion: """
                1. Reads every document (chunks and stored vectors) of --from's SQLite store, then times writing them to
                   --to with --writers writers, each writing batches of about --batch-chunks chunks (one transaction and
                   one COPY per batch; --batch-chunks 0: one per document), into a table without HNSW index, then the
                   index build: chunks/s with vectors precomputed.
                2. Embeds the questions once; searches then reuse those vectors, so latency excludes the embedder.
                3. For dense, BM25 and hybrid, on SQLite (HNSW file + in-memory BM25) and PostgreSQL (pgvector HNSW +
                   the same BM25): p50/p99 latency at concurrency 1 and QPS and p50/p99 at concurrency 8.
                4. recall@10 of pgvector's HNSW against exact search for each --ef value, with the plan the planner
                   chose for the first question (HNSW index scan or exact scan and sort).
                """)
        @Option(help: "Data folder with the SQLite store to load (e.g. bench/out/kb-100k).") var from: String
        @Option(help: "Target: postgres://USER@HOST:PORT/DATABASE[?schema=NAME] (emptied first if --reset).") var to: String
        @Option(help: "Questions file (JSON lines with a \"question\" field).") var questions: String
        @Option(help: "Model folder (default: $HEPCHAIN_MODEL, else models/all-MiniLM-L6-v2).") var model: String?
        @Option(help: "Comma-separated hnsw.ef_search values for the recall sweep.") var ef = "16,32,64,100"
        @Option(help: "Timed passes over the questions per mode and concurrency.") var runs = 2
        @Flag(help: "Skip loading (the target already holds the data).") var skipLoad = false
        @Option(help: "Concurrent writers during the load.") var writers = 2
        @Option(help: "Chunks per write transaction during the load (0: one transaction per document).") var batchChunks = 2_000
        @Option(help: "Connections the searching store keeps open and warm (min_connections), as a server expecting 8 concurrent searches would.")
        var minConnections = 8

        func run() async throws {
            let folder = URL(fileURLWithPath: from)
            guard FileManager.default.fileExists(atPath: DocumentStores.databaseURL(in: folder).path) else { throw KnowledgeBaseError.noStore(folder: folder.path) }
            let source = try SQLiteDocumentStore(path: DocumentStores.databaseURL(in: folder).path)
            var target = try PostgresStoreConfiguration(url: to)
            let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
                .split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":").last?
                .trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
            print("CPU: \(cpu); \(ProcessInfo.processInfo.activeProcessorCount) cores; \(Date())")

            if !skipLoad { try await load(from: source, to: target) }

            let texts = try questionTexts(questions)
            let embedder = try BERTEmbedder(
                modelFolder: URL(fileURLWithPath: model ?? ProcessInfo.processInfo.environment["HEPCHAIN_MODEL"] ?? "models/all-MiniLM-L6-v2"))
            let vectors = try await embedder.embed(texts)
            let precomputed = PrecomputedEmbedder(base: embedder, vectors: Dictionary(zip(texts, vectors), uniquingKeysWith: { first, _ in first }))
            let chunker = TokenWindowChunker(counter: embedder.tokenizer)

            let sqlite = try await KnowledgeBase.open(
                folder: folder, store: source, embedder: precomputed, indexFactory: .hnsw, loader: AutoLoader(), chunker: chunker)
            target.minConnections = min(minConnections, target.maxConnections)
            let postgresStore = try await PostgresDocumentStore.connect(target)
            defer { postgresStore.close() }
            let postgres = try await KnowledgeBase.open(
                folder: folder.appendingPathComponent("unused"), store: postgresStore, embedder: precomputed, indexFactory: .hnsw,
                loader: AutoLoader(), chunker: chunker)
            await sqlite.warmUp()
            await postgres.warmUp()

            print("| backend | mode | p50 ms (c=1) | p99 ms (c=1) | QPS (c=1) | p50 ms (c=8) | p99 ms (c=8) | QPS (c=8) |")
            print("|---|---|---|---|---|---|---|---|")
            var slowestLines: [String] = []
            for (name, knowledgeBase) in [("SQLite + HNSW", sqlite), ("PostgreSQL + pgvector", postgres)] {
                for mode in [SearchMode.dense, .bm25, .hybrid] {
                    for text in texts { _ = try await knowledgeBase.search(RetrievalQuery(text: text, k: 10, mode: mode)) }
                    let one = try await Self.time(knowledgeBase, texts, mode: mode, concurrency: 1, runs: runs)
                    let eight = try await Self.time(knowledgeBase, texts, mode: mode, concurrency: 8, runs: runs)
                    print(String(
                        format: "| %@ | %@ | %.2f | %.2f | %.0f | %.2f | %.2f | %.0f |", name, mode.rawValue, one.p50, one.p99, one.qps,
                        eight.p50, eight.p99, eight.qps))
                    slowestLines.append(
                        "\(name) \(mode.rawValue), c=8, slowest: "
                            + eight.slowest.map { String(format: "%.1f ms (#%d)", $0.milliseconds, $0.position) }.joined(separator: ", "))
                }
            }
            slowestLines.forEach { print($0) }

            try await Self.breakdown(postgresStore, vectors: vectors, texts: texts)

            print("\n| ef_search | recall@10 vs exact | dense p50 ms | dense p99 ms |")
            print("|---|---|---|---|")
            var plans: [String] = []
            for value in ef.split(separator: ",").compactMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
                target.efSearch = value
                let store = try await PostgresDocumentStore.connect(target)
                defer { store.close() }
                if let first = vectors.first {
                    let plan = try await store.explainNearest(to: first, in: KnowledgeBase.defaultCollection, filter: SearchFilter(), limit: 10)
                    let lines = plan.split(separator: "\n").filter { $0.contains("Scan") || $0.contains("Sort ") || $0.contains("Time:") }
                    plans.append("plan at ef_search \(value): " + lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " | "))
                }
                var found = 0, total = 0
                var latencies: [Double] = []
                for vector in vectors {
                    let exact = try await store.exactNearest(to: vector, in: KnowledgeBase.defaultCollection, limit: 10)
                    let start = ContinuousClock.now
                    let approximate = try await store.nearest(to: vector, in: KnowledgeBase.defaultCollection, filter: SearchFilter(), limit: 10)
                    latencies.append(Self.milliseconds(ContinuousClock.now - start))
                    found += Set(exact.map(\.key)).intersection(approximate.map(\.key)).count
                    total += exact.count
                }
                latencies.sort()
                print(String(
                    format: "| %d | %.4f | %.2f | %.2f |", value, Double(found) / Double(max(1, total)), latencies[latencies.count / 2],
                    latencies[min(latencies.count - 1, Int(0.99 * Double(latencies.count)))]))
            }
            print("")
            plans.forEach { print($0) }
        }

        /// Reads everything first, then times only the writes.
        private func load(from source: SQLiteDocumentStore, to target: PostgresStoreConfiguration) async throws {
            let store = try await PostgresDocumentStore.connect(target)
            defer { store.close() }
            try await store.suspendVectorIndexes()
            for collection in try source.collections() {
                if try await store.collection(named: collection.name) == nil { try await store.createCollection(collection) }
                var batch: [(StoredDocument, [Chunk], [Vector])] = []
                for document in try source.documents(in: collection.name) {
                    let keys = Array(try source.chunkKeys(matching: SearchFilter(documents: [document.id]), in: collection.name))
                    let chunks = try source.chunks(keys: keys)
                    let vectors = try source.vectors(keys: keys)
                    let ordered = keys.sorted()
                    batch.append((document, ordered.compactMap { chunks[$0]?.chunk }, ordered.compactMap { vectors[$0] }))
                }
                let chunkCount = batch.reduce(0) { $0 + $1.1.count }
                // Consecutive documents form a batch; batches go round-robin to the writers.
                var batches: [[DocumentWrite]] = [[]]
                for (document, chunks, vectors) in batch {
                    if !batches[batches.count - 1].isEmpty,
                        batchChunks == 0 || batches[batches.count - 1].reduce(0, { $0 + $1.chunks.count }) + chunks.count > batchChunks
                    {
                        batches.append([])
                    }
                    batches[batches.count - 1].append(DocumentWrite(record: document, chunks: chunks, vectors: vectors))
                }
                let work = batches
                let modelID = collection.modelID
                let writerCount = max(1, writers)
                let start = ContinuousClock.now
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for part in 0..<writerCount {
                        group.addTask {
                            for index in stride(from: part, to: work.count, by: writerCount) {
                                _ = try await store.replaceDocuments(work[index], embeddedBy: modelID)
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                let seconds = Self.milliseconds(ContinuousClock.now - start) / 1000
                print(String(
                    format: "load '%@': %d documents, %d chunks in %.1f s = %.0f chunks/s (%d writers, %d transactions of <= %d chunks, COPY, vectors precomputed, no HNSW index)",
                    collection.name, batch.count, chunkCount, seconds, Double(chunkCount) / seconds, writerCount, work.count, batchChunks))
            }
            let indexStart = ContinuousClock.now
            try await store.resumeVectorIndexes()
            print(String(format: "HNSW index build (CREATE INDEX, m 16, ef_construction 64): %.1f s", Self.milliseconds(ContinuousClock.now - indexStart) / 1000))
        }

        /// The store calls a PostgreSQL search makes, timed one by one at concurrency 1 (p50 over the questions), and the
        /// plan chosen for a dense query of 10 and of 30 (the hybrid depth): what `KnowledgeBase.search` adds is the
        /// difference between the full search and these calls.
        private static func breakdown(_ store: PostgresDocumentStore, vectors: [Vector], texts: [String]) async throws {
            let collection = KnowledgeBase.defaultCollection
            func p50(_ label: String, _ body: (Int) async throws -> Void) async throws {
                var latencies: [Double] = []
                for index in vectors.indices {
                    let start = ContinuousClock.now
                    try await body(index)
                    latencies.append(milliseconds(ContinuousClock.now - start))
                }
                latencies.sort()
                print(String(format: "| %@ | %.2f | %.2f |", label, latencies[latencies.count / 2], latencies[min(latencies.count - 1, Int(0.99 * Double(latencies.count)))]))
            }
            print("\n| PostgreSQL store call, c=1 | p50 ms | p99 ms |")
            print("|---|---|---|")
            var tops: [[VectorKey]] = Array(repeating: [], count: vectors.count)
            try await p50("nearest, limit 10") { index in
                tops[index] = try await store.nearest(to: vectors[index], in: collection, filter: SearchFilter(), limit: 10).map(\.key)
            }
            try await p50("nearest, limit 30") { index in
                _ = try await store.nearest(to: vectors[index], in: collection, filter: SearchFilter(), limit: 30)
            }
            try await p50("lexicalSearch, limit 30 (change-log check + BM25)") { index in
                _ = try await store.lexicalSearch(texts[index], in: collection, filter: SearchFilter(), limit: 30)
            }
            try await p50("chunks of 10 keys") { index in _ = try await store.chunks(keys: tops[index]) }
            try await p50("latestSequence (one round trip)") { _ in _ = try await store.latestSequence() }
            for limit in [10, 30] {
                guard let first = vectors.first else { break }
                let plan = try await store.explainNearest(to: first, in: collection, filter: SearchFilter(), limit: limit)
                let lines = plan.split(separator: "\n").filter { $0.contains("Scan") || $0.contains("Sort ") || $0.contains("Time:") }
                print("plan at limit \(limit): " + lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " | "))
            }
        }

        struct Timing {
            var p50: Double
            var p99: Double
            var qps: Double
            /// The slowest searches and their place in the run (0 = started first): early ones wait for new connections.
            var slowest: [(position: Int, milliseconds: Double)]
        }

        private static func time(
            _ knowledgeBase: KnowledgeBase, _ texts: [String], mode: SearchMode, concurrency: Int, runs: Int
        ) async throws -> Timing {
            let work = (0..<max(1, runs)).flatMap { _ in texts }
            let start = ContinuousClock.now
            let latencies = try await withThrowingTaskGroup(of: [(position: Int, milliseconds: Double)].self) { group in
                for lane in 0..<concurrency {
                    group.addTask {
                        var mine: [(position: Int, milliseconds: Double)] = []
                        for index in stride(from: lane, to: work.count, by: concurrency) {
                            let begin = ContinuousClock.now
                            _ = try await knowledgeBase.search(RetrievalQuery(text: work[index], k: 10, mode: mode))
                            mine.append((index, milliseconds(ContinuousClock.now - begin)))
                        }
                        return mine
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }.sorted { $0.milliseconds < $1.milliseconds }
            let wall = milliseconds(ContinuousClock.now - start) / 1000
            return Timing(
                p50: latencies[latencies.count / 2].milliseconds,
                p99: latencies[min(latencies.count - 1, Int(0.99 * Double(latencies.count)))].milliseconds,
                qps: Double(latencies.count) / wall, slowest: Array(latencies.suffix(3).reversed()))
        }

        static func milliseconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) / 1e15
        }
    }
}

/// Returns stored vectors for known texts (the benchmark's questions), so search timings exclude the model.
struct PrecomputedEmbedder: Embedder {
    let base: BERTEmbedder
    let vectors: [String: Vector]
    var dimension: Int { base.dimension }
    var modelID: String { base.modelID }
    func embed(_ texts: [String]) async throws -> [Vector] {
        let known = texts.compactMap { vectors[$0] }
        if known.count == texts.count { return known }
        return try await base.embed(texts)
    }
}
