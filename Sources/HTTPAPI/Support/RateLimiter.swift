import Synchronization

/// Token buckets, one per client: each holds up to `burst` tokens, refills at `rate` tokens per second,
/// and a request takes one. A client whose bucket is empty is told how long until the next token.
///
/// Buckets that have refilled completely carry no information, so they are dropped when the table grows
/// past `pruneThreshold` clients; memory stays bounded by the number of recently active clients.
final class RateLimiter: Sendable {
    /// Whether a request may proceed, and if not, the seconds until it could.
    struct Decision: Equatable, Sendable {
        var allowed: Bool
        var retryAfter: Double
        /// Whole tokens left after this request.
        var remaining: Int
    }

    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private struct State {
        var buckets: [String: Bucket] = [:]
        var pruneThreshold: Int
    }

    /// Tokens added per second.
    let rate: Double
    /// Bucket size.
    let burst: Double
    private let state: Mutex<State>

    /// A limiter allowing `rate` requests per second per client on average and `burst` at once.
    init(rate: Double, burst: Int, pruneThreshold: Int = 10_000) {
        precondition(rate > 0 && burst >= 1, "a rate limiter needs a positive rate and a burst of at least 1")
        self.rate = rate
        self.burst = Double(burst)
        self.state = Mutex(State(pruneThreshold: max(16, pruneThreshold)))
    }

    /// Takes a token from `client`'s bucket if it has one.
    func acquire(_ client: String, now: ContinuousClock.Instant = .now) -> Decision {
        state.withLock { state in
            var bucket = state.buckets[client] ?? Bucket(tokens: burst, updated: now)
            bucket.tokens = min(burst, bucket.tokens + rate * Self.seconds(now - bucket.updated))
            bucket.updated = max(bucket.updated, now)
            let decision: Decision
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                decision = Decision(allowed: true, retryAfter: 0, remaining: Int(bucket.tokens))
            } else {
                decision = Decision(allowed: false, retryAfter: (1 - bucket.tokens) / rate, remaining: 0)
            }
            state.buckets[client] = bucket
            if state.buckets.count > state.pruneThreshold { prune(&state, now: now) }
            return decision
        }
    }

    /// Clients with a bucket (for tests and metrics).
    var clientCount: Int { state.withLock { $0.buckets.count } }

    private func prune(_ state: inout State, now: ContinuousClock.Instant) {
        state.buckets = state.buckets.filter { _, bucket in bucket.tokens + rate * Self.seconds(now - bucket.updated) < burst }
        // If most clients are genuinely active, wait for the table to double before scanning it again.
        state.pruneThreshold = max(state.pruneThreshold, state.buckets.count * 2)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
