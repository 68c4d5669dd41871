import Foundation
import Hummingbird
import Ingest
import Logging

/// Runs the HTTP server until SIGINT/SIGTERM, then lets in-flight requests finish and closes the store.
public func runServer(configuration: ServerConfiguration, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
    var logger = Logger(label: "hepchain")
    logger.logLevel = Logger.Level(rawValue: configuration.logLevel) ?? .info
    let runtime = try await HepChainRuntime.open(configuration: configuration)
    let info = runtime.info
    logger.notice(
        "starting rag-server",
        metadata: [
            "version": "\(info.version)", "model": "\(info.model)", "blasCore": "\(info.blasCore)",
            "vectorKernels": "\(info.vectorKernels)",
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
    let app = buildApplication(
        configuration: configuration, services: runtime.services(), logger: logger,
        onServerRunning: { port in
            runningLogger.notice("listening", metadata: ["address": "http://\(configuration.host):\(port)"])
            await onServerRunning(port)
        })
    try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    try await runtime.close()
    logger.notice("stopped")
}
