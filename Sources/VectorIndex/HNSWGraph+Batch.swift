// Multi-threaded bulk insertion in four phases, so that the expensive part (the searches) runs in parallel under
// a shared lock while the graph stays a plain single-owner struct:
//   1. plan (parallel, read): each new vector searches the graph as it was before the batch, selects its
//      neighbours per layer with the heuristic, and measures its distance to the earlier vectors of the batch;
//   2. link (serial, write): each vector gets a slot and its links, merging graph neighbours with the closest
//      earlier batch vectors, and back-links are appended where there is room;
//   3. prune (parallel, read): lists that overflowed are re-selected with the heuristic;
//   4. store (serial, write): the pruned lists are written back.
// Vectors of one batch see each other through the exact distances of phase 1, so the graph is close to what
// serial insertion builds (ParlayANN's batch insertion, arXiv:2305.04359, does the same with prefix doubling).
import Dispatch
import LinearAlgebra
import RAGCore
import Synchronization

/// What phase 1 found for one vector of a batch.
struct InsertionPlan: Sendable {
    /// Per layer (index = layer, up to the graph's top layer), the neighbours selected in the existing graph.
    var layers: [[Neighbor]]
    /// Distance to each earlier vector of the batch (index = position in the batch).
    var batchDistances: [Float]
    /// Positions of the (at most `M`) closest earlier vectors of the batch.
    var closestInBatch: [Int]
}

/// A neighbour list that phase 2 could not extend in place.
struct OverflowingList: Sendable {
    var slot: UInt32
    var level: Int
    var extra: [Neighbor]
}

extension HNSWGraph {
    /// Phase 1 for the vector at `position` of `batch` (rows of `dimension` floats).
    func plan(position: Int, level: Int, batch: [Float], scratch: inout SearchScratch) -> InsertionPlan {
        var batchDistances = [Float](repeating: 0, count: position)
        for earlier in 0 ..< position {
            batchDistances[earlier] = distance(batch, row: position, batch, row: earlier)
        }
        let closestInBatch = Array(batchDistances.indices.sorted { batchDistances[$0] < batchDistances[$1] }.prefix(maxNeighbors))
        guard let entryPoint else { return InsertionPlan(layers: [], batchDistances: batchDistances, closestInBatch: closestInBatch) }
        let top = min(level, maxLevel)
        var layers = [[Neighbor]](repeating: [], count: top + 1)
        var entry = Neighbor(distance: distance(batch, row: position, vectors, row: Int(entryPoint)), slot: entryPoint)
        entry = greedyClosest(query: batch, queryRow: position, from: entry, topLevel: maxLevel, bottomLevel: level + 1)
        var chosen: [Neighbor] = []
        for layer in stride(from: top, through: 0, by: -1) {
            chooseNeighbors(query: batch, queryRow: position, entry: entry, layer: layer, scratch: &scratch, into: &chosen)
            layers[layer] = chosen
            if let closest = chosen.first { entry = closest }
        }
        return InsertionPlan(layers: layers, batchDistances: batchDistances, closestInBatch: closestInBatch)
    }

    /// Phase 2: gives every batch vector a slot and its links; returns the lists that need pruning.
    mutating func link(batch: [[Float]], keys: [VectorKey], levels batchLevels: [Int], plans: [InsertionPlan]) -> [OverflowingList] {
        var slots: [UInt32] = []
        slots.reserveCapacity(batch.count)
        var overflowIndex: [UInt64: Int] = [:]
        var overflow: [OverflowingList] = []
        var pool: [Neighbor] = []
        var chosen: [Neighbor] = []
        for position in batch.indices {
            let key = keys[position]
            let level = batchLevels[position]
            if let old = slotOfKey[key] { removeSlot(old) }
            let slot = allocateSlot(key: key, vector: batch[position], level: level)
            slotOfKey[key] = slot
            slots.append(slot)
            guard entryPoint != nil, count > 1 else {
                entryPoint = slot
                maxLevel = level
                continue
            }
            let plan = plans[position]
            for layer in 0 ... level {
                pool.removeAll(keepingCapacity: true)
                if layer < plan.layers.count { pool.append(contentsOf: plan.layers[layer]) }
                let earlier: [Int] = layer == 0 ? plan.closestInBatch : Array(0 ..< position)
                for index in earlier where batchLevels[index] >= layer {
                    pool.append(Neighbor(distance: plan.batchDistances[index], slot: slots[index]))
                }
                pool.removeAll { states[Int($0.slot)] != .live || $0.slot == slot }
                pool.sort { $0.distance < $1.distance }
                selectNeighbors(pool, limit: maxNeighbors, into: &chosen)
                setNeighbors(of: slot, level: layer, to: chosen)
                let limit = layer == 0 ? maxBaseNeighbors : maxNeighbors
                for neighbor in chosen {
                    let count = linkCount(of: neighbor.slot, level: layer)
                    if count < limit {
                        if layer == 0 {
                            let block = Int(neighbor.slot) * baseStride
                            baseLinks[block + 1 + count] = slot
                            baseLinks[block] += 1
                        } else {
                            let block = (layer - 1) * upperStride
                            upperLinks[Int(neighbor.slot)][block + 1 + count] = slot
                            upperLinks[Int(neighbor.slot)][block] += 1
                        }
                    } else {
                        let listKey = UInt64(neighbor.slot) << 8 | UInt64(layer)
                        if let existing = overflowIndex[listKey] {
                            overflow[existing].extra.append(Neighbor(distance: neighbor.distance, slot: slot))
                        } else {
                            overflowIndex[listKey] = overflow.count
                            overflow.append(OverflowingList(slot: neighbor.slot, level: layer, extra: [Neighbor(distance: neighbor.distance, slot: slot)]))
                        }
                    }
                }
            }
            if level > maxLevel {
                entryPoint = slot
                maxLevel = level
            }
        }
        return overflow
    }

    /// Phase 3: the heuristic's choice among a full list and the links that did not fit.
    func prune(_ list: OverflowingList, scratch: inout SearchScratch) -> [Neighbor] {
        var pool = list.extra
        let row = Int(list.slot)
        for position in 0 ..< linkCount(of: list.slot, level: list.level) {
            let neighbor = link(of: list.slot, level: list.level, at: position)
            pool.append(Neighbor(distance: distance(vectors, row: row, vectors, row: Int(neighbor)), slot: neighbor))
        }
        pool.sort { $0.distance < $1.distance }
        var selected: [Neighbor] = []
        selectNeighbors(pool, limit: list.level == 0 ? maxBaseNeighbors : maxNeighbors, into: &selected)
        return selected
    }

    /// Marks a slot removed (a key replaced inside a batch).
    mutating func removeSlot(_ slot: UInt32) {
        slotOfKey[keys[Int(slot)]] = nil
        states[Int(slot)] = .tombstone
        tombstoneCount += 1
    }
}

/// Runs `body` for every index in `0 ..< count` on `threads` threads and returns the results in index order.
/// Each thread has its own `SearchScratch`.
func parallelMap<T: Sendable>(count: Int, threads: Int, _ body: @Sendable (Int, inout SearchScratch) -> T) -> [T] {
    let results = Locked<[T?]>([T?](repeating: nil, count: count))
    let next = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: max(1, min(threads, count))) { _ in
        var scratch = SearchScratch()
        while true {
            let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
            guard index < count else { break }
            let value = body(index, &scratch)
            results.withLock { $0[index] = value }
        }
    }
    return results.withLock { values in values.compactMap { $0 } }
}
