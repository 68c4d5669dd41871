import Foundation
import PostgresStore
import RAGCore
import Store
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
import TestSupport
#endif

/// Real processes on one database, as deployed: two `rag-server`s and `hepchain index` workers built by this
/// package, all with `HEPCHAIN_STORE` pointing at one PostgreSQL schema.
@Suite("Servers and workers on one PostgreSQL", .enabled(if: Backend.postgresURL != nil, "HEPCHAIN_TEST_POSTGRES is not set"))
struct ScaleOutProcessTests {
    static let root = HybridEqualityTests.root
    static let binaries = root.appendingPathComponent(".build/debug")

    @Test("A document indexed by a worker is found through both servers within seconds; an upload to one is found on the other")
    func twoServersOneWorker() async throws {
        let store = try Backend.freshSchemaURL()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("scale-out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let first = try await LaunchedServer.start(store: store, scratch: scratch, name: "a")
        defer { first.stop() }
        let second = try await LaunchedServer.start(store: store, scratch: scratch, name: "b")
        defer { second.stop() }

        let sources = scratch.appendingPathComponent("sources")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        try Data("The zeppelin calorimeter of the Quokka experiment measures hadronic showers.\n".utf8)
            .write(to: sources.appendingPathComponent("quokka.txt"))
        let worker = try await run(["index", sources.path, "--data", scratch.appendingPathComponent("worker").path], store: store)
        #expect(worker.status == 0, "\(worker.errors)")

        for server in [first, second] {
            for mode in ["bm25", "dense", "hybrid"] {
                let hits = try await server.searchUntilFound("zeppelin calorimeter Quokka", mode: mode, within: .seconds(10))
                #expect(hits.contains { $0.contains("Quokka") }, "\(server.name) \(mode)")
            }
        }

        let uploadURL = try #require(URL(string: first.base.absoluteString + "/v1/documents?filename=wombat.txt"))
        var upload = URLRequest(url: uploadURL)
        upload.httpMethod = "POST"
        upload.setValue("text/plain", forHTTPHeaderField: "Content-Type")
        upload.httpBody = Data("Wombat spectrometer resolution reaches twelve permille for muons.\n".utf8)
        let (_, response) = try await URLSession.shared.data(for: upload)
        #expect((response as? HTTPURLResponse).map { (200..<300).contains($0.statusCode) } == true, "\(response)")
        let found = try await second.searchUntilFound("wombat spectrometer permille", mode: "hybrid", within: .seconds(10))
        #expect(found.contains { $0.contains("Wombat") })
    }

    @Test("A worker killed with SIGKILL mid-run leaves only whole documents, and a second run completes the set")
    func killedWorker() async throws {
        let url = try Backend.freshSchemaURL()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let sources = Self.root.appendingPathComponent("corpora/pdf")
        let store = try await PostgresDocumentStore.connect(PostgresStoreConfiguration(url: url))
        defer { store.close() }

        let worker = try launch(["index", sources.path, "--data", scratch.path, "--jobs", "1"], store: url, log: scratch.appendingPathComponent("worker.log"))
        // Kill it once it has stored something and is working on the next document.
        let deadline = ContinuousClock.now + .seconds(300)
        var stored = 0
        while ContinuousClock.now < deadline, worker.isRunning {
            stored = (try? await store.statistics(in: "default").documents) ?? 0
            if stored >= 1 { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        kill(worker.processIdentifier, SIGKILL)
        worker.waitUntilExit()
        #expect(stored >= 1, "the worker stored nothing before the deadline")

        try await expectWhole(store)
        let killedCount = try await store.statistics(in: "default").documents

        let again = try await run(["index", sources.path, "--data", scratch.path], store: url)
        #expect(again.status == 0, "\(again.errors)")
        try await expectWhole(store)
        let files = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { $0.hasSuffix(".pdf") }
        let documents = try await store.documents(in: "default")
        #expect(documents.count == files.count && documents.count >= killedCount)
        #expect(Set(documents.map(\.id)).count == documents.count)
    }

    /// Every stored document has exactly its chunks, each with a vector, and the change log accounts for them.
    private func expectWhole(_ store: PostgresDocumentStore) async throws {
        var total = 0
        for document in try await store.documents(in: "default") {
            let keys = try await store.chunkKeys(matching: SearchFilter(documents: [document.id]), in: "default")
            #expect(keys.count == document.chunkCount && document.chunkCount > 0, "\(document.id)")
            let vectors = try await store.vectors(keys: Array(keys))
            #expect(vectors.count == keys.count)
            let ordinals = try await store.chunks(keys: Array(keys)).values.map(\.chunk.id.ordinal).sorted()
            #expect(ordinals == Array(0..<document.chunkCount), "\(document.id)")
            total += keys.count
        }
        var live: [VectorKey: Bool] = [:]
        for change in try await store.changes(after: 0, in: "default") { live[change.key] = change.operation == .add }
        #expect(live.values.filter { $0 }.count == total)
    }

    private func run(_ arguments: [String], store: String) async throws -> (status: Int32, errors: String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: log) }
        let process = try launch(arguments, store: store, log: log)
        while process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        return (process.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    private func launch(_ arguments: [String], store: String, log: URL) throws -> Process {
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = Self.binaries.appendingPathComponent("hepchain")
        process.arguments = arguments
        process.environment = LaunchedServer.environment(store: store)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }
}

/// A `rag-server` child on a free loopback port.
struct LaunchedServer: Sendable {
    let name: String
    let base: URL
    let pid: Int32

    static func environment(store: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["HEPCHAIN_MODEL"] = HybridEqualityTests.modelFolder.path
        environment["HEPCHAIN_STORE"] = store
        return environment
    }

    static func start(store: String, scratch: URL, name: String) async throws -> LaunchedServer {
        let data = scratch.appendingPathComponent("server-\(name)")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let log = scratch.appendingPathComponent("server-\(name).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = ScaleOutProcessTests.binaries.appendingPathComponent("rag-server")
        process.arguments = ["--data", data.path, "--port", "0", "--host", "127.0.0.1"]
        process.environment = environment(store: store)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression), let base = URL(string: String(text[range])) {
                return LaunchedServer(name: name, base: base, pid: process.processIdentifier)
            }
            if !process.isRunning { throw TestSetupError(message: "rag-server \(name) exited: \(text)") }
            try await Task.sleep(for: .milliseconds(100))
        }
        kill(process.processIdentifier, SIGKILL)
        throw TestSetupError(message: "rag-server \(name) did not report its address within 120 s")
    }

    func stop() { kill(pid, SIGTERM) }

    /// Texts of the hits for `query`, polling until one contains the query's last word or `within` passes.
    func searchUntilFound(_ query: String, mode: String, within limit: Duration) async throws -> [String] {
        let deadline = ContinuousClock.now + limit
        let word = String(query.split(separator: " ").last ?? "")
        var texts: [String] = []
        repeat {
            var request = URLRequest(url: base.appendingPathComponent("v1/search"))
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: ["query": query, "k": 5, "mode": mode])
            let (data, _) = try await URLSession.shared.data(for: request)
            let body = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            texts = (body?["hits"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
            if texts.contains(where: { $0.contains(word) }) { return texts }
            try await Task.sleep(for: .milliseconds(200))
        } while ContinuousClock.now < deadline
        return texts
    }
}
