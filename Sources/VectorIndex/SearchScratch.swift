/// Per-search working memory: the visited set, the two heaps and small buffers. One scratch serves one search
/// at a time; the index keeps a pool of them so searches allocate nothing in steady state
/// (hnswlib's `VisitedListPool`, usearch's per-thread `context_t`).
struct SearchScratch: Sendable {
    /// Visit marks per slot: a slot is visited when its mark equals `visitTag` (hnswlib's `VisitedList`).
    private var visitMarks: [UInt16] = []
    private var visitTag: UInt16 = 0
    /// The candidate set `C`, closest first.
    var candidates = NeighborHeap<ClosestFirst>()
    /// The result set `W`, farthest first.
    var results = NeighborHeap<FarthestFirst>()
    /// Unvisited neighbours of the node being expanded, scored together in one kernel call.
    var pendingSlots: [UInt32] = []
    /// Distances of `pendingSlots`.
    var pendingDistances: [Float] = []
    /// Neighbours sorted by distance, for the selection heuristic.
    var sorted: [Neighbor] = []
    /// Neighbours chosen by the selection heuristic.
    var selected: [Neighbor] = []

    /// Starts a new visited set over `slotCount` slots; O(1) except when the marks wrap around or grow.
    mutating func beginVisits(slotCount: Int, maxLinks: Int) {
        if pendingSlots.count < maxLinks {
            pendingSlots = [UInt32](repeating: 0, count: maxLinks)
            pendingDistances = [Float](repeating: 0, count: maxLinks)
        }
        if visitMarks.count < slotCount {
            visitMarks = [UInt16](repeating: 0, count: slotCount + slotCount / 2)
            visitTag = 0
        }
        if visitTag == UInt16.max {
            for i in visitMarks.indices { visitMarks[i] = 0 }
            visitTag = 0
        }
        visitTag += 1
    }

    /// Marks `slot` visited and returns true if it was not visited before.
    @inline(__always)
    mutating func visit(_ slot: UInt32) -> Bool {
        let index = Int(slot)
        if visitMarks[index] == visitTag { return false }
        visitMarks[index] = visitTag
        return true
    }

    /// Bytes held by this scratch.
    var memoryBytes: Int {
        visitMarks.capacity * 2 + (candidates.elements.capacity + results.elements.capacity) * 8
            + pendingSlots.capacity * 4 + pendingDistances.capacity * 4 + (sorted.capacity + selected.capacity) * 8
    }
}
