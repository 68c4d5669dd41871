import Foundation
import HTTPAPI
import Logging
@testable import HepChainApp

/// Where the repository and the shared corpora are.
enum TestPaths {
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let corpora = root.appendingPathComponent("corpora")
    static let sharedCorpora = root.deletingLastPathComponent().appendingPathComponent("shared/corpora")
    static var model: URL {
        if let path = ProcessInfo.processInfo.environment["HEPCHAIN_MODEL"] { return URL(fileURLWithPath: path) }
        return root.appendingPathComponent("models/all-MiniLM-L6-v2")
    }
}

/// The real application (real model, store, index, chains) listening on an ephemeral loopback port,
/// started once per test process over a fresh data folder.
actor TestServer {
    static let shared = TestServer()

    struct Running: Sendable {
        var client: LoopbackClient
        var runtime: HepChainRuntime
        var apiKey: String
    }

    private var running: Task<Running, any Error>?

    /// Starts the server on first use, with the project corpus and the shared real documents indexed.
    func start() async throws -> Running {
        if let running { return try await running.value }
        let task = Task { try await Self.launch() }
        running = task
        return try await task.value
    }

    /// Another application over the shared runtime (same store, model, chains) with its own configuration
    /// and, optionally, services wrapped by the test, listening on its own port. For limits and timeouts
    /// that must not disturb the shared server. Stop it with `stop()`.
    static func variant(
        configure: (inout ServerConfiguration) -> Void, services wrap: (HepChainServices) -> HepChainServices = { $0 },
        logger custom: Logger? = nil
    ) async throws -> Variant {
        let shared = try await TestServer.shared.start()
        var configuration = shared.runtime.configuration
        configuration.port = 0
        configure(&configuration)
        var logger = Logger(label: "e2e-variant")
        // Stopping a variant logs a cancelled listener at error level; its requests' failures are asserted.
        logger.logLevel = .critical
        if let custom { logger = custom }
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = buildApplication(
            configuration: configuration, services: wrap(shared.runtime.services()), logger: logger,
            onServerRunning: { port in portContinuation.yield(port) })
        // If the server cannot start, the stream ends, so the wait for its port ends too.
        let task = Task {
            defer { portContinuation.finish() }
            try await app.run()
        }
        var iterator = portStream.makeAsyncIterator()
        guard let port = await iterator.next(), let base = URL(string: "http://127.0.0.1:\(port)") else {
            task.cancel()
            throw URLError(.cannotConnectToHost)
        }
        return Variant(client: LoopbackClient(base: base), port: port, task: task)
    }

    /// A server started by `variant`.
    struct Variant: Sendable {
        var client: LoopbackClient
        var port: Int
        let task: Task<Void, any Error>

        /// Stops accepting connections.
        func stop() { task.cancel() }
    }

    private static func launch() async throws -> Running {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-e2e-\(UUID().uuidString)")
        var configuration = ServerConfiguration()
        configuration.dataFolder = data.path
        configuration.modelFolder = TestPaths.model.path
        configuration.port = 0
        configuration.apiKeys = ["test-key"]
        // Reads open as before keys guarded them by default; AuthTests checks the secure default on a variant.
        configuration.publicReads = true
        configuration.maxBodyBytes = 4 * 1024 * 1024
        let runtime = try await HepChainRuntime.open(configuration: configuration)
        let sources = [
            TestPaths.corpora.appendingPathComponent("pdf"), TestPaths.corpora.appendingPathComponent("html"),
            TestPaths.sharedCorpora.appendingPathComponent("pdf"), TestPaths.sharedCorpora.appendingPathComponent("html"),
        ]
        let report = try await runtime.knowledgeBase.ingest(sources: sources)
        // A failed file makes later retrieval assertions fail for reasons they cannot name: say it here.
        for failure in report.failures {
            FileHandle.standardError.write(Data("TestServer: ingesting \(failure.source) failed: \(failure.message)\n".utf8))
        }

        var logger = Logger(label: "e2e")
        logger.logLevel = .warning
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = buildApplication(
            configuration: configuration, services: runtime.services(), logger: logger,
            onServerRunning: { port in portContinuation.yield(port) })
        Task {
            defer { portContinuation.finish() }
            try await app.run()
        }
        var iterator = portStream.makeAsyncIterator()
        guard let port = await iterator.next(), let base = URL(string: "http://127.0.0.1:\(port)") else {
            throw URLError(.cannotConnectToHost)
        }
        return Running(client: LoopbackClient(base: base), runtime: runtime, apiKey: "test-key")
    }
}
