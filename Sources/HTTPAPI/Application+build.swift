import Foundation
public import Hummingbird
import HummingbirdCore
public import Logging
import NIOCore
public import HepChainApp

/// The composition root of the HTTP service: the same application runs in `rag-server`,
/// `hepchain serve` and the end-to-end tests.
///
/// Usage example:
/// ```swift
/// let app = buildApplication(configuration: configuration, services: services, logger: logger)
/// try await app.runService()
/// ```
/// - Parameter onServerRunning: called with the bound port once the server listens (port 0 picks a free one).
public func buildApplication(
    configuration: HepChainApp.ServerConfiguration, services: HepChainServices, logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let router = buildRouter(configuration: configuration, services: services)
    let connections = ConnectionRegistry()
    let responder = DeadlineResponder(
        inner: router.buildResponder(), requestSeconds: configuration.requestTimeoutSeconds,
        uploadSeconds: configuration.uploadTimeoutSeconds, connections: connections)
    // Hummingbird's idle timer counts from the last complete request part, so a head that trickles in a line
    // at a time is closed at the same limit as an idle connection.
    let idle = configuration.idleTimeoutSeconds
    let http1 = HTTP1Channel.Configuration(
        additionalChannelHandlers: [ConnectionWatcher(registry: connections)],
        idleTimeout: idle > 0 ? .milliseconds(Int64((idle * 1000).rounded())) : nil)
    return Application(
        responder: responder,
        server: .http1(configuration: http1),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "hepchain"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
}

/// All routes and middleware. Order: metrics (outermost, so every status is counted), CORS (so errors carry its
/// headers too), errors (every throw becomes a JSON error), rate limit, authentication, read-only refusal, load
/// shedding, then the route. `DeadlineResponder` wraps it all.
func buildRouter(configuration: HepChainApp.ServerConfiguration, services: HepChainServices) -> Router<HepChainRequestContext> {
    let router = Router(context: HepChainRequestContext.self)
    let keys = APIKeys(configuration.apiKeys)
    router.add(middleware: MetricsMiddleware(metrics: services.metrics, keys: keys))
    if !configuration.corsOrigins.isEmpty {
        router.add(middleware: CORSMiddleware(origins: Set(configuration.corsOrigins)))
    }
    router.add(middleware: ErrorMiddleware())
    if configuration.rateLimitPerSecond > 0 {
        router.add(
            middleware: RateLimitMiddleware(
                limiter: RateLimiter(rate: configuration.rateLimitPerSecond, burst: configuration.rateLimitBurst),
                keys: Set(configuration.apiKeys)))
    }
    router.add(middleware: AuthMiddleware(keys: keys, publicReads: configuration.publicReads))
    if configuration.servesReadOnly { router.add(middleware: ReadOnlyMiddleware(dataFolder: configuration.dataFolder)) }
    router.add(
        middleware: LoadSheddingMiddleware(
            limiter: WorkLimiter(limits: [
                .answer: configuration.maxConcurrentAnswers, .search: configuration.maxConcurrentSearches,
                .upload: configuration.maxConcurrentUploads,
            ])))
    OperationsRoutes(services: services).register(on: router)
    CollectionRoutes(services: services, configuration: configuration).register(on: router)
    let jobRecords = URL(fileURLWithPath: configuration.dataFolder).appendingPathComponent("jobs")
    if !configuration.servesReadOnly {
        UploadReceiver.removeAbandoned(in: UploadReceiver.folder(inDataFolder: configuration.dataFolder))
    }
    DocumentRoutes(services: services, configuration: configuration, jobs: JobQueue(folder: jobRecords, metrics: services.metrics))
        .register(on: router)
    SearchRoutes(services: services, configuration: configuration).register(on: router)
    OpenAIRoutes(services: services, configuration: configuration).register(on: router)
    FissionRoutes(services: services, configuration: configuration).register(on: router)
    WebRoutes().register(on: router)
    return router
}
