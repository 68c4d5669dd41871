public import Hummingbird
public import NIOCore

/// The request context of every route: Hummingbird's core context plus the client's address, which the
/// rate limiter keys on when a request carries no API key.
public struct HepChainRequestContext: RequestContext, RemoteAddressRequestContext {
    /// Hummingbird's per-request storage (id, logger, route parameters).
    public var coreContext: CoreRequestContextStorage
    /// The connected client's address.
    public let remoteAddress: SocketAddress?
    /// The id (`key<N>`) of the valid API key the request carries, set by the authentication middleware.
    public var apiKeyID: String?

    /// Creates the context for a request arriving on `source.channel`.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}
