/// A graph slot and its distance to the query.
struct Neighbor: Sendable, Hashable {
    /// Distance to the query (smaller is closer).
    var distance: Float
    /// Slot of the node in the graph.
    var slot: UInt32
}

/// Which end of a `NeighborHeap` is its top.
protocol HeapOrder {
    /// True when `a` belongs above `b`.
    static func isAbove(_ a: Float, _ b: Float) -> Bool
}

/// Closest first: the paper's candidate set `C`.
enum ClosestFirst: HeapOrder {
    @inline(__always) static func isAbove(_ a: Float, _ b: Float) -> Bool { a < b }
}

/// Farthest first: the paper's result set `W`, whose top is the bound to beat.
enum FarthestFirst: HeapOrder {
    @inline(__always) static func isAbove(_ a: Float, _ b: Float) -> Bool { a > b }
}

/// A binary heap of neighbours over storage that is kept between searches (`removeAll` keeps capacity),
/// so a search allocates nothing once its scratch has grown to size.
struct NeighborHeap<Order: HeapOrder>: Sendable {
    /// Heap-ordered elements; `elements[0]` is the top.
    private(set) var elements: [Neighbor] = []

    /// Number of elements.
    var count: Int { elements.count }
    /// True when empty.
    var isEmpty: Bool { elements.isEmpty }
    /// The top element (closest for `ClosestFirst`, farthest for `FarthestFirst`); the heap must not be empty.
    var top: Neighbor { elements[0] }

    /// Empties the heap, keeping its storage.
    mutating func removeAll() { elements.removeAll(keepingCapacity: true) }

    /// Reserves room for `capacity` elements.
    mutating func reserve(_ capacity: Int) { elements.reserveCapacity(capacity) }

    /// Adds an element.
    mutating func push(_ neighbor: Neighbor) {
        elements.append(neighbor)
        var child = elements.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Order.isAbove(neighbor.distance, elements[parent].distance) else { break }
            elements[child] = elements[parent]
            child = parent
        }
        elements[child] = neighbor
    }

    /// Removes and returns the top element; the heap must not be empty.
    @discardableResult
    mutating func pop() -> Neighbor {
        let top = elements[0]
        let last = elements.removeLast()
        let count = elements.count
        guard count > 0 else { return top }
        var parent = 0
        while true {
            var child = 2 * parent + 1
            guard child < count else { break }
            if child + 1 < count, Order.isAbove(elements[child + 1].distance, elements[child].distance) { child += 1 }
            guard Order.isAbove(elements[child].distance, last.distance) else { break }
            elements[parent] = elements[child]
            parent = child
        }
        elements[parent] = last
        return top
    }
}
