import Chain
import Foundation
import Hummingbird
import Ingest
import Logging
import NIOCore
import Synchronization
public import HepChainApp

/// Runs the HTTP server until SIGINT/SIGTERM, then lets in-flight requests finish and closes the store.
public func runServer(configuration: ServerConfiguration, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
    var logger = Logger(label: "hepchain")
    logger.logLevel = Logger.Level(rawValue: configuration.logLevel) ?? .info
    let descriptorLimit = DescriptorLimit.raiseToHardLimit()
    let runtime = try await HepChainRuntime.open(configuration: configuration)
    let info = runtime.info
    logger.notice(
        "starting rag-server",
        metadata: [
            "version": "\(info.version)", "model": "\(info.model)", "blasCore": "\(info.blasCore)",
            "vectorKernels": "\(info.vectorKernels)", "openFileLimit": "\(descriptorLimit.map(String.init) ?? "unknown")", "readOnly": "\(configuration.servesReadOnly)",
            "generator": "\(info.generator)", "data": "\(configuration.dataFolder)",
            "pdfText": "\(PDFLoader.installedTextTool ?? "two pdftotext runs (hepchain-pdftext not found)")",
        ])
    if configuration.apiKeys.isEmpty && !["127.0.0.1", "localhost", "::1"].contains(configuration.host) {
        logger.warning("no API keys are configured and the server listens beyond loopback; anyone who reaches it can write")
    }
    let warmUpLogger = logger
    Task {
        let start = ContinuousClock.now
        await runtime.knowledgeBase.warmUp()
        warmUpLogger.info("indexes loaded", metadata: ["seconds": "\(ContinuousClock.now - start)"])
    }
    let runningLogger = logger
    let listening = ListeningFlag()
    let app = buildApplication(
        configuration: configuration, services: runtime.services(), logger: logger,
        onServerRunning: { port in
            listening.set()
            runningLogger.notice("listening", metadata: ["address": "http://\(configuration.host):\(port)"])
            await onServerRunning(port)
        })
    do {
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    } catch where !listening.isSet {
        try? await runtime.close()
        throw ServerStartError(host: configuration.host, port: configuration.port, underlying: error)
    }
    try await runtime.close()
    // The process ends here: close the pooled connections to the LLM server.
    await OpenAIChatGenerator.shutdownConnectionPools()
    logger.notice("stopped")
}

/// Set once the server listens: errors before that are start-up failures (`ServerStartError`).
private final class ListeningFlag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}

/// The server could not listen: names the address and port and says what to do (NIO's own message names neither).
public struct ServerStartError: Error, CustomStringConvertible {
    /// Address and port asked for.
    public var host: String
    public var port: Int
    /// errno of the failure, when the system gave one.
    public var errnoCode: Int32?
    /// The underlying error's text.
    public var detail: String

    init(host: String, port: Int, underlying: any Error) {
        self.host = host
        self.port = port
        self.detail = "\(underlying)"
        // The lifecycle layer may wrap NIO's IOError; its text still ends "(errno: N)".
        self.errnoCode = (underlying as? IOError)?.errnoCode
            ?? detail.range(of: #"errno: (\d+)"#, options: .regularExpression).flatMap { Int32(detail[$0].dropFirst(7)) }
    }

    public var description: String {
        let address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        switch errnoCode {
        case EADDRINUSE:
            return "Cannot listen on \(address): the address is already in use (another rag-server or program has the port). Stop it or choose another port with --port (or HEPCHAIN_PORT; 0 picks a free one)."
        case EACCES:
            return "Cannot listen on \(address): permission denied (ports below 1024 need privileges). Choose a port of 1024 or more with --port."
        case EADDRNOTAVAIL:
            return "Cannot listen on \(address): no network interface of this machine has that address. Check --host (127.0.0.1 for this machine only, 0.0.0.0 for all)."
        default:
            return "Cannot listen on \(address): \(detail). Check --host and --port."
        }
    }
}
