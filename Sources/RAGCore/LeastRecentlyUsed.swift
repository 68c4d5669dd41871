import Synchronization

/// A bounded map that forgets its least recently used entry when a new one does not fit. The outbound HTTP pools
/// (one `HTTPClient` per upstream: the document fetcher's and the LLM client's) keep their clients in one; the
/// caller closes what is evicted, outside the lock.
package final class LeastRecentlyUsed<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct State {
        var values: [Key: Value] = [:]
        var order: [Key] = []
    }

    private let capacity: Int
    private let state = Mutex(State())

    /// Creates an empty map holding at most `capacity` entries.
    package init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// The value for `key`, made by `make` on first use, and the entry evicted to make room for it (if any).
    package func value(for key: Key, make: () -> Value) -> (value: Value, evicted: Value?) {
        state.withLock { state in
            if let value = state.values[key] {
                state.order.removeAll { $0 == key }
                state.order.append(key)
                return (value, nil)
            }
            let value = make()
            state.values[key] = value
            state.order.append(key)
            guard state.order.count > capacity else { return (value, nil) }
            return (value, state.values.removeValue(forKey: state.order.removeFirst()))
        }
    }

    /// Forgets every entry and returns them (for the caller to close).
    package func removeAll() -> [Value] {
        state.withLock { state in
            defer { state = State() }
            return Array(state.values.values)
        }
    }
}
