import NIOCore
import Synchronization

/// The open connections of one server, so that the work of a request can be stopped when its client goes.
///
/// Hummingbird's connections allow half-closure (a client may close its sending side and still read the
/// reply), so a client that closes its socket while its request is being worked on does not close the
/// channel: the server only sees "input closed". `ConnectionWatcher`, one per connection in the HTTP
/// pipeline, reports that event and the connection's end here; `DeadlineResponder` subscribes for the
/// request it runs and cancels the work when the client has gone.
final class ConnectionRegistry: Sendable {
    private struct Entry {
        var hasClientGone = false
        var observers: [Int: @Sendable () -> Void] = [:]
    }

    private struct State {
        var entries: [ObjectIdentifier: Entry] = [:]
        var nextObserver = 0
    }

    private let state = Mutex(State())

    /// Connections open now.
    var openCount: Int { state.withLock { $0.entries.count } }

    /// Records a new connection.
    func opened(_ connection: ObjectIdentifier) {
        state.withLock { state in
            if state.entries[connection] == nil { state.entries[connection] = Entry() }
        }
    }

    /// The client closed its side (input closed) or the connection ended: tells the observers, once.
    func clientGone(_ connection: ObjectIdentifier, connectionEnded: Bool) {
        let observers = state.withLock { state -> [@Sendable () -> Void] in
            guard var entry = state.entries[connection] else { return [] }
            let observers = entry.hasClientGone ? [] : Array(entry.observers.values)
            entry.hasClientGone = true
            entry.observers = [:]
            state.entries[connection] = connectionEnded ? nil : entry
            return observers
        }
        for observer in observers { observer() }
    }

    /// Calls `action` once when the client of `connection` goes (at once if it has already gone, or the
    /// connection is unknown); returns a token for `stopObserving`, nil when `action` has already run.
    func onClientGone(_ connection: ObjectIdentifier, _ action: @escaping @Sendable () -> Void) -> Int? {
        let token = state.withLock { state -> Int? in
            guard var entry = state.entries[connection], !entry.hasClientGone else { return nil }
            let token = state.nextObserver
            state.nextObserver += 1
            entry.observers[token] = action
            state.entries[connection] = entry
            return token
        }
        if token == nil { action() }
        return token
    }

    /// Forgets an observer registered with `onClientGone`.
    func stopObserving(_ connection: ObjectIdentifier, token: Int?) {
        guard let token else { return }
        state.withLock { state in
            _ = state.entries[connection]?.observers.removeValue(forKey: token)
        }
    }
}

/// Reports a connection's life to a `ConnectionRegistry`: added to every connection's pipeline after the
/// HTTP codec.
final class ConnectionWatcher: ChannelInboundHandler, RemovableChannelHandler {
    // Reads pass through untouched (the default `channelRead` forwards them), so the part type is not named.
    typealias InboundIn = Any
    typealias InboundOut = Any

    private let registry: ConnectionRegistry

    init(registry: ConnectionRegistry) {
        self.registry = registry
    }

    func handlerAdded(context: ChannelHandlerContext) {
        registry.opened(ObjectIdentifier(context.channel))
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        registry.clientGone(ObjectIdentifier(context.channel), connectionEnded: true)
    }

    func channelInactive(context: ChannelHandlerContext) {
        registry.clientGone(ObjectIdentifier(context.channel), connectionEnded: true)
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .some(.inputClosed) = event as? ChannelEvent {
            registry.clientGone(ObjectIdentifier(context.channel), connectionEnded: false)
        }
        context.fireUserInboundEventTriggered(event)
    }
}

@available(*, unavailable)
extension ConnectionWatcher: Sendable {}
