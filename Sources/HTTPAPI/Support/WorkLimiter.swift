import Hummingbird
import Synchronization

/// Limits how many requests of each expensive kind run at once; one over the limit is refused at once
/// (load shedding) rather than queued behind work that would make every caller wait.
///
/// At 64 concurrent `/v1/ask` requests on two cores, queueing gave every caller a median of 27 s and stalled
/// search; with a limit the callers over it learn within milliseconds to come back (503 + `Retry-After`).
final class WorkLimiter: Sendable {
    /// The kinds of expensive work, each with its own limit.
    enum Kind: String, Sendable, CaseIterable {
        /// `/v1/ask`, `/v1/chat/completions`, `/v1/completions`: retrieval plus generation.
        case answer
        /// `/v1/search`, `/v1/embeddings`: one embedding and an index search.
        case search
        /// `POST /v1/documents`: receiving, parsing and indexing uploads and fetched pages.
        case upload

        /// The setting that holds the limit, for messages.
        var setting: String {
            switch self {
            case .answer: "maxConcurrentAnswers"
            case .search: "maxConcurrentSearches"
            case .upload: "maxConcurrentUploads"
            }
        }

        /// The work in words, plural, for messages.
        var plural: String {
            switch self {
            case .answer: "answers"
            case .search: "searches"
            case .upload: "uploads"
            }
        }

        /// The kind of a request, nil for cheap routes (listings, health, metrics, the page).
        init?(method: HTTPRequest.Method, path: String) {
            guard method == .post else { return nil }
            switch path {
            case "/v1/ask", "/v1/chat/completions", "/v1/completions": self = .answer
            case "/v1/search", "/v1/embeddings": self = .search
            case "/v1/documents": self = .upload
            default: return nil
            }
        }
    }

    /// A place taken by one request; given back by `release()` or, failing that, when it is freed.
    final class Slot: Sendable {
        private let limiter: WorkLimiter
        private let kind: Kind
        private let isHeld = Mutex(true)

        fileprivate init(limiter: WorkLimiter, kind: Kind) {
            self.limiter = limiter
            self.kind = kind
        }

        /// Gives the place back (only the first call counts).
        func release() {
            let wasHeld = isHeld.withLock { held in
                defer { held = false }
                return held
            }
            if wasHeld { limiter.give(kind) }
        }

        deinit { release() }
    }

    /// Most requests of each kind at once; 0 or absent: no limit.
    let limits: [Kind: Int]
    private let inFlight = Mutex([Kind: Int]())

    init(limits: [Kind: Int]) {
        self.limits = limits
    }

    /// A slot for one request of `kind`, or nil when as many are already running as the limit allows.
    func acquire(_ kind: Kind) -> Slot? {
        let limit = limits[kind] ?? 0
        let taken = inFlight.withLock { counts -> Bool in
            let current = counts[kind, default: 0]
            guard limit <= 0 || current < limit else { return false }
            counts[kind] = current + 1
            return true
        }
        return taken ? Slot(limiter: self, kind: kind) : nil
    }

    /// Requests of `kind` running now.
    func running(_ kind: Kind) -> Int { inFlight.withLock { $0[kind, default: 0] } }

    fileprivate func give(_ kind: Kind) {
        inFlight.withLock { $0[kind, default: 1] -= 1 }
    }
}
