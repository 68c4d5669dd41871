public import Foundation
public import RAGCore
import Synchronization

/// Test double for `HNSWIndex`: exact inner-product search over a dictionary, saved as JSON.
package final class FakeExactIndex: PersistentVectorStore {
    private struct State: Codable {
        var dimension: Int
        var checkpoint: UInt64
        var vectors: [VectorKey: Vector]
    }
    private let state: Mutex<State>

    package init(dimension: Int) {
        state = Mutex(State(dimension: dimension, checkpoint: 0, vectors: [:]))
    }

    private init(state: State) {
        self.state = Mutex(state)
    }

    package static func load(from url: URL) throws -> FakeExactIndex {
        FakeExactIndex(state: try JSONDecoder().decode(State.self, from: Data(contentsOf: url)))
    }

    package var dimension: Int { state.withLock { $0.dimension } }
    package var count: Int { state.withLock { $0.vectors.count } }
    package var keys: Set<VectorKey> { state.withLock { Set($0.vectors.keys) } }

    package var userCheckpoint: UInt64 {
        get { state.withLock { $0.checkpoint } }
        set { state.withLock { $0.checkpoint = newValue } }
    }

    package func add(_ vectors: [Vector], keys: [VectorKey]) throws {
        precondition(vectors.count == keys.count)
        state.withLock { state in
            for (key, vector) in zip(keys, vectors) {
                precondition(vector.count == state.dimension)
                state.vectors[key] = vector
            }
        }
    }

    package func remove(keys: [VectorKey]) {
        state.withLock { state in
            for key in keys { state.vectors[key] = nil }
        }
    }

    package func nearest(to query: Vector, k: Int, isAllowed: (@Sendable (VectorKey) -> Bool)?) -> [SearchHit] {
        let all = state.withLock { $0.vectors }
        let hits = all.compactMap { key, vector -> SearchHit? in
            if let isAllowed, !isAllowed(key) { return nil }
            return SearchHit(key: key, score: zip(query, vector).reduce(0) { $0 + $1.0 * $1.1 })
        }
        return Array(hits.sorted { $0.score != $1.score ? $0.score > $1.score : $0.key < $1.key }.prefix(k))
    }

    package func save(to url: URL) throws {
        let snapshot = state.withLock { $0 }
        try JSONEncoder().encode(snapshot).write(to: url)
    }
}
