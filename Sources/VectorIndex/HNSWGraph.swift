// Hierarchical Navigable Small World graph: Y. A. Malkov and D. A. Yashunin, "Efficient and robust approximate
// nearest neighbor search using Hierarchical Navigable Small World graphs", arXiv:1603.09320.
// Reference implementation followed: hnswlib `hnswlib/hnswalg.h` at commit c1b9b79af3d10c6ee7b5d0afa1ce851ae975254c
// (`searchBaseLayerST`, `getNeighborsByHeuristic2`, `mutuallyConnectNewElement`, `addPoint`, `searchKnn`).
import Foundation
import LinearAlgebra
import RAGCore

/// What a graph slot holds.
enum SlotState: UInt8, Sendable {
    /// A vector that searches return.
    case live = 0
    /// A removed vector that is still linked: searches walk through it but never return it.
    case tombstone = 1
    /// A removed vector that nothing links to any more; the next insert reuses the slot.
    case free = 2
}

/// The HNSW graph itself: plain single-owner data with no locks, no logging and no `async`.
/// `HNSWIndex` decides how it is shared.
///
/// Storage is one flat array per field, indexed by slot: vectors (`slot · dimension`), bottom-layer links
/// (`slot · (Mmax0 + 1)`, a count then the neighbour slots, as hnswlib's level-0 block) and, only for the
/// few nodes above layer 0, one small array of upper-layer links.
struct HNSWGraph: Sendable {
    let dimension: Int
    let metric: Metric
    let parameters: HNSWParameters
    /// Picked once from the metric; never branched on inside a search.
    let distance: DistanceKernel
    /// `M`: links per node on layers above 0.
    let maxNeighbors: Int
    /// `Mmax0 = 2 · M`: links per node on layer 0.
    let maxBaseNeighbors: Int
    /// `mL = 1 / ln(M)`, the level normalisation factor.
    let levelMultiplier: Double

    /// Vectors, `slotCount × dimension`, prepared for the metric (normalised for cosine).
    var vectors: [Float] = []
    /// 8-bit copies of the vectors (`.int8` encoding only), `slotCount × dimension`.
    var codes: [Int8] = []
    /// Per-slot scale of `codes`: vector ≈ scale · code.
    var codeScales: [Float] = []
    /// Layer-0 links: per slot, `[count, neighbour₀, …, neighbour_{Mmax0−1}]`.
    var baseLinks: [UInt32] = []
    /// Layers 1…level: per slot, `level` blocks of `[count, neighbour₀, …, neighbour_{M−1}]`.
    var upperLinks: [[UInt32]] = []
    /// Top layer of each slot.
    var levels: [UInt8] = []
    /// Key of each slot.
    var keys: [VectorKey] = []
    /// Live, tombstone or free, per slot.
    var states: [SlotState] = []
    /// Slot of every live key.
    var slotOfKey: [VectorKey: UInt32] = [:]
    /// Slots ready for reuse.
    var freeSlots: [UInt32] = []
    /// Removed slots that are still linked.
    var tombstoneCount = 0
    /// Where every search starts: a node on the top layer.
    var entryPoint: UInt32?
    /// Top layer of the graph (−1 when empty).
    var maxLevel = -1
    /// Level generator.
    var generator: SeededGenerator
    /// Slots the arrays have room for; grows geometrically.
    var slotCapacity = 0

    /// Creates an empty graph.
    init(dimension: Int, metric: Metric, parameters: HNSWParameters) {
        precondition(dimension > 0, "HNSWGraph: dimension must be positive")
        precondition(parameters.encoding == .float32 || metric != .l2, "HNSWGraph: int8 encoding supports cosine and inner product only")
        self.dimension = dimension
        self.metric = metric
        self.parameters = parameters
        self.distance = DistanceKernel(kind: metric.distanceKind, dimension: dimension)
        self.maxNeighbors = parameters.maxNeighbors
        self.maxBaseNeighbors = parameters.maxBaseNeighbors
        self.levelMultiplier = 1 / log(Double(parameters.maxNeighbors))
        self.generator = SeededGenerator(seed: parameters.seed)
    }

    /// Number of live vectors.
    var count: Int { slotOfKey.count }
    /// Number of slots in use (live, tombstone or free).
    var slotCount: Int { keys.count }
    /// Length of one layer-0 link block.
    var baseStride: Int { maxBaseNeighbors + 1 }
    /// Length of one upper-layer link block.
    var upperStride: Int { maxNeighbors + 1 }

    // MARK: - Search

    /// The `k` nearest live vectors to row `queryRow` of `query` that `isAllowed` accepts, closest first,
    /// by descending the layers greedily and then running `searchBaseLayer` with `ef`.
    func search(
        query: [Float], queryRow: Int = 0, k: Int, ef: Int, isAllowed: ((VectorKey) -> Bool)?,
        scratch: inout SearchScratch
    ) -> [Neighbor] {
        guard k > 0, let entryPoint else { return [] }
        var entry = Neighbor(distance: distance(query, row: queryRow, vectors, row: Int(entryPoint)), slot: entryPoint)
        entry = greedyClosest(query: query, queryRow: queryRow, from: entry, topLevel: maxLevel, bottomLevel: 1)
        if parameters.encoding == .int8 {
            // Walk over the 8-bit codes, then re-score the ef survivors with the 32-bit vectors.
            searchBaseLayer(query: query, queryRow: queryRow, entry: entry, ef: max(ef, k), isAllowed: isAllowed,
                            scorer: Int8Rows(), scratch: &scratch)
            scratch.sorted.removeAll(keepingCapacity: true)
            for candidate in scratch.results.elements {
                scratch.sorted.append(Neighbor(distance: distance(query, row: queryRow, vectors, row: Int(candidate.slot)), slot: candidate.slot))
            }
            scratch.sorted.sort { $0.distance < $1.distance }
            return Array(scratch.sorted.prefix(k))
        }
        searchBaseLayer(query: query, queryRow: queryRow, entry: entry, ef: max(ef, k), isAllowed: isAllowed,
                        scorer: FullPrecisionRows(), scratch: &scratch)
        while scratch.results.count > k { scratch.results.pop() }
        var found = [Neighbor](repeating: Neighbor(distance: 0, slot: 0), count: scratch.results.count)
        for position in found.indices.reversed() { found[position] = scratch.results.pop() }
        return found
    }

    /// Greedy walk (ef = 1) from `entry` down the layers `topLevel` … `bottomLevel`.
    func greedyClosest(query: [Float], queryRow: Int, from entry: Neighbor, topLevel: Int, bottomLevel: Int) -> Neighbor {
        var current = entry
        var level = topLevel
        while level >= bottomLevel {
            var hasChanged = true
            while hasChanged {
                hasChanged = false
                let block = (level - 1) * upperStride
                let links = upperLinks[Int(current.slot)]
                let linkCount = Int(links[block])
                var j = 1
                while j <= linkCount {
                    let neighbor = links[block + j]
                    let d = distance(query, row: queryRow, vectors, row: Int(neighbor))
                    if d < current.distance {
                        current = Neighbor(distance: d, slot: neighbor)
                        hasChanged = true
                    }
                    j += 1
                }
            }
            level -= 1
        }
        return current
    }

    /// Best-first search of layer 0 from `entry`, leaving the `ef` closest acceptable nodes in `scratch.results`
    /// (hnswlib `searchBaseLayerST`). Removed slots and slots `isAllowed` rejects are walked through but never
    /// enter the results; while any exist, the search runs until it has `ef` results or runs out of candidates.
    func searchBaseLayer<Scorer: RowScorer>(
        query: [Float], queryRow: Int, entry: Neighbor, ef: Int, isAllowed: ((VectorKey) -> Bool)?,
        scorer: Scorer, scratch: inout SearchScratch
    ) {
        let mustFillResults = isAllowed != nil || tombstoneCount > 0
        var lowerBound = beginSearch(at: entry, isAllowed: isAllowed, scratch: &scratch)
        while !scratch.candidates.isEmpty {
            let current = scratch.candidates.top
            if current.distance > lowerBound && (scratch.results.count == ef || !mustFillResults) { break }
            scratch.candidates.pop()
            let block = Int(current.slot) * baseStride
            let linkCount = Int(baseLinks[block])
            var pendingCount = 0
            var j = 1
            while j <= linkCount {
                let neighbor = baseLinks[block + j]
                j += 1
                guard scratch.visit(neighbor) else { continue }
                scratch.pendingSlots[pendingCount] = neighbor
                pendingCount += 1
            }
            scorer.score(self, query: query, queryRow: queryRow, slots: scratch.pendingSlots, count: pendingCount, into: &scratch.pendingDistances)
            for position in 0 ..< pendingCount {
                let neighbor = Neighbor(distance: scratch.pendingDistances[position], slot: scratch.pendingSlots[position])
                offer(neighbor, ef: ef, isAllowed: isAllowed, lowerBound: &lowerBound, scratch: &scratch)
            }
        }
    }

    /// The same best-first search on an upper layer, used only while inserting.
    func searchUpperLayer(query: [Float], queryRow: Int, entry: Neighbor, ef: Int, level: Int, scratch: inout SearchScratch) {
        let mustFillResults = tombstoneCount > 0
        var lowerBound = beginSearch(at: entry, isAllowed: nil, scratch: &scratch)
        let block = (level - 1) * upperStride
        while !scratch.candidates.isEmpty {
            let current = scratch.candidates.top
            if current.distance > lowerBound && (scratch.results.count == ef || !mustFillResults) { break }
            scratch.candidates.pop()
            let links = upperLinks[Int(current.slot)]
            let linkCount = Int(links[block])
            var j = 1
            while j <= linkCount {
                let neighbor = links[block + j]
                j += 1
                guard scratch.visit(neighbor) else { continue }
                let d = distance(query, row: queryRow, vectors, row: Int(neighbor))
                offer(Neighbor(distance: d, slot: neighbor), ef: ef, isAllowed: nil, lowerBound: &lowerBound, scratch: &scratch)
            }
        }
    }

    /// Starts a best-first search at `entry`: clears the scratch, marks the entry visited and queues it. Returns the
    /// first bound on result distances: the entry's distance when it is a result, else infinity.
    @inline(__always)
    private func beginSearch(at entry: Neighbor, isAllowed: ((VectorKey) -> Bool)?, scratch: inout SearchScratch) -> Float {
        scratch.beginVisits(slotCount: slotCount, maxLinks: maxBaseNeighbors)
        scratch.candidates.removeAll()
        scratch.results.removeAll()
        _ = scratch.visit(entry.slot)
        scratch.candidates.push(entry)
        guard isResult(entry.slot, isAllowed) else { return .infinity }
        scratch.results.push(entry)
        return entry.distance
    }

    /// Offers a scored, newly visited neighbour to the search: queued as a candidate unless the results are full and
    /// it is no closer than the farthest of them, and kept as a result when it is one (the farthest dropped past
    /// `ef`); `lowerBound` follows the farthest result.
    @inline(__always)
    private func offer(
        _ neighbor: Neighbor, ef: Int, isAllowed: ((VectorKey) -> Bool)?, lowerBound: inout Float, scratch: inout SearchScratch
    ) {
        guard scratch.results.count < ef || neighbor.distance < lowerBound else { return }
        scratch.candidates.push(neighbor)
        if isResult(neighbor.slot, isAllowed) {
            scratch.results.push(neighbor)
            if scratch.results.count > ef { scratch.results.pop() }
        }
        if !scratch.results.isEmpty { lowerBound = scratch.results.top.distance }
    }

    @inline(__always)
    private func isResult(_ slot: UInt32, _ isAllowed: ((VectorKey) -> Bool)?) -> Bool {
        let index = Int(slot)
        guard states[index] == .live else { return false }
        guard let isAllowed else { return true }
        return isAllowed(keys[index])
    }

    /// Exact search over all live slots that `isAllowed` accepts, closest first.
    func exactSearch(query: [Float], k: Int, isAllowed: ((VectorKey) -> Bool)?, scratch: inout SearchScratch) -> [Neighbor] {
        guard k > 0 else { return [] }
        scratch.results.removeAll()
        for slot in 0 ..< slotCount where isResult(UInt32(slot), isAllowed) {
            let d = distance(query, row: 0, vectors, row: slot)
            if scratch.results.count < k {
                scratch.results.push(Neighbor(distance: d, slot: UInt32(slot)))
            } else if d < scratch.results.top.distance {
                scratch.results.pop()
                scratch.results.push(Neighbor(distance: d, slot: UInt32(slot)))
            }
        }
        var found = [Neighbor](repeating: Neighbor(distance: 0, slot: 0), count: scratch.results.count)
        for position in found.indices.reversed() { found[position] = scratch.results.pop() }
        return found
    }

    /// Estimated fraction of live slots that `isAllowed` accepts, from an evenly spaced sample of slots.
    func estimatedSelectivity(_ isAllowed: (VectorKey) -> Bool, sampleSize: Int = 256) -> Double {
        guard slotCount > 0 else { return 0 }
        let step = max(1, slotCount / sampleSize)
        var live = 0
        var allowed = 0
        var slot = 0
        while slot < slotCount {
            if states[slot] == .live {
                live += 1
                if isAllowed(keys[slot]) { allowed += 1 }
            }
            slot += step
        }
        return live == 0 ? 0 : Double(allowed) / Double(live)
    }

    // MARK: - Links

    /// The neighbours of `slot` on `level`, copied out, so the caller may change links while it holds them
    /// (a slice would keep the whole link array shared and turn the next write into a full copy).
    func neighbors(of slot: UInt32, level: Int) -> [UInt32] {
        if level == 0 {
            let block = Int(slot) * baseStride
            return Array(baseLinks[(block + 1) ..< (block + 1 + Int(baseLinks[block]))])
        }
        let block = (level - 1) * upperStride
        return Array(upperLinks[Int(slot)][(block + 1) ..< (block + 1 + Int(upperLinks[Int(slot)][block]))])
    }

    /// Number of neighbours of `slot` on `level`.
    @inline(__always)
    func linkCount(of slot: UInt32, level: Int) -> Int {
        level == 0 ? Int(baseLinks[Int(slot) * baseStride]) : Int(upperLinks[Int(slot)][(level - 1) * upperStride])
    }

    /// Neighbour number `position` of `slot` on `level`.
    @inline(__always)
    func link(of slot: UInt32, level: Int, at position: Int) -> UInt32 {
        level == 0
            ? baseLinks[Int(slot) * baseStride + 1 + position]
            : upperLinks[Int(slot)][(level - 1) * upperStride + 1 + position]
    }

    /// Replaces the neighbours of `slot` on `level`.
    mutating func setNeighbors(of slot: UInt32, level: Int, to neighbors: [Neighbor]) {
        if level == 0 {
            let block = Int(slot) * baseStride
            precondition(neighbors.count <= maxBaseNeighbors, "HNSWGraph: too many layer-0 links")
            baseLinks[block] = UInt32(neighbors.count)
            for (position, neighbor) in neighbors.enumerated() { baseLinks[block + 1 + position] = neighbor.slot }
        } else {
            let block = (level - 1) * upperStride
            precondition(neighbors.count <= maxNeighbors, "HNSWGraph: too many upper-layer links")
            upperLinks[Int(slot)][block] = UInt32(neighbors.count)
            for (position, neighbor) in neighbors.enumerated() { upperLinks[Int(slot)][block + 1 + position] = neighbor.slot }
        }
    }

    /// The paper's neighbour-selection heuristic (Algorithm 4 without extension, hnswlib
    /// `getNeighborsByHeuristic2`): walk candidates closest first and keep one only if it is closer to the base
    /// than to every neighbour kept so far, which keeps links pointing in diverse directions.
    /// `candidates` must be sorted closest first.
    func selectNeighbors(_ candidates: [Neighbor], limit: Int, into selected: inout [Neighbor]) {
        selected.removeAll(keepingCapacity: true)
        if candidates.count <= limit {
            selected.append(contentsOf: candidates)
            return
        }
        for candidate in candidates {
            if selected.count >= limit { break }
            var isDiverse = true
            for kept in selected
            where distance(vectors, row: Int(candidate.slot), vectors, row: Int(kept.slot)) < candidate.distance {
                isDiverse = false
                break
            }
            if isDiverse { selected.append(candidate) }
        }
    }

    // MARK: - Insert

    /// Inserts `vector` (already prepared for the metric) under `key`; an existing key is replaced.
    mutating func insert(_ vector: [Float], key: VectorKey, scratch: inout SearchScratch) {
        precondition(vector.count == dimension, "HNSWGraph: vector dimension \(vector.count) ≠ \(dimension)")
        if let old = slotOfKey[key] { removeSlot(old) }
        let level = randomLevel()
        let slot = allocateSlot(key: key, vector: vector, level: level)
        slotOfKey[key] = slot
        connect(slot: slot, level: level, scratch: &scratch)
    }

    /// A level drawn from the paper's distribution: ⌊−ln(unif(0, 1]) · mL⌋, capped at 255.
    mutating func randomLevel() -> Int {
        min(255, Int(-log(generator.nextUnitInterval()) * levelMultiplier))
    }

    /// Puts `vector` in a reused or new slot with empty links.
    mutating func allocateSlot(key: VectorKey, vector: [Float], level: Int) -> UInt32 {
        let upper = [UInt32](repeating: 0, count: level * upperStride)
        let quantized = parameters.encoding == .int8 ? Self.quantized(vector) : nil
        if let slot = freeSlots.popLast() {
            let index = Int(slot)
            vectors.replaceSubrange(index * dimension ..< (index + 1) * dimension, with: vector)
            if let quantized {
                codes.replaceSubrange(index * dimension ..< (index + 1) * dimension, with: quantized.codes)
                codeScales[index] = quantized.scale
            }
            baseLinks[index * baseStride] = 0
            upperLinks[index] = upper
            levels[index] = UInt8(level)
            keys[index] = key
            states[index] = .live
            return slot
        }
        reserveSlots(slotCount + 1)
        let slot = UInt32(slotCount)
        vectors.append(contentsOf: vector)
        if let quantized {
            codes.append(contentsOf: quantized.codes)
            codeScales.append(quantized.scale)
        }
        baseLinks.append(0)
        baseLinks.append(contentsOf: repeatElement(0, count: maxBaseNeighbors))
        upperLinks.append(upper)
        levels.append(UInt8(level))
        keys.append(key)
        states.append(.live)
        return slot
    }

    /// Symmetric 8-bit quantisation of one vector: codes in −127…127 and the scale that maps them back.
    static func quantized<Values: Collection<Float>>(_ vector: Values) -> (codes: [Int8], scale: Float) {
        let largest = vector.reduce(Float(0)) { max($0, abs($1)) }
        guard largest > 0 else { return ([Int8](repeating: 0, count: vector.count), 0) }
        let scale = largest / 127
        return (vector.map { Int8(max(-127, min(127, ($0 / scale).rounded()))) }, scale)
    }

    /// Recomputes every slot's 8-bit code from its vector (after loading a file).
    mutating func rebuildCodes() {
        guard parameters.encoding == .int8 else { return }
        codes = []
        codeScales = []
        codes.reserveCapacity(slotCapacity * dimension)
        codeScales.reserveCapacity(slotCapacity)
        for slot in 0 ..< slotCount {
            let quantized = Self.quantized(vectors[slot * dimension ..< (slot + 1) * dimension])
            codes.append(contentsOf: quantized.codes)
            codeScales.append(quantized.scale)
        }
    }

    /// Makes room for `needed` slots, growing by at least half the current capacity so that a stream of
    /// single inserts copies each element O(1) times; a large batch reserves exactly what it needs.
    mutating func reserveSlots(_ needed: Int) {
        guard needed > slotCapacity else { return }
        let newCapacity = max(needed, slotCapacity + slotCapacity / 2, 16)
        vectors.reserveCapacity(newCapacity * dimension)
        if parameters.encoding == .int8 {
            codes.reserveCapacity(newCapacity * dimension)
            codeScales.reserveCapacity(newCapacity)
        }
        baseLinks.reserveCapacity(newCapacity * baseStride)
        upperLinks.reserveCapacity(newCapacity)
        levels.reserveCapacity(newCapacity)
        keys.reserveCapacity(newCapacity)
        states.reserveCapacity(newCapacity)
        slotCapacity = newCapacity
    }

    /// Links a freshly allocated `slot` into every layer up to `level` (hnswlib `addPoint` +
    /// `mutuallyConnectNewElement`).
    mutating func connect(slot: UInt32, level: Int, scratch: inout SearchScratch) {
        guard let entryPoint, entryPoint != slot, count > 1 else {
            self.entryPoint = slot
            maxLevel = level
            return
        }
        let row = Int(slot)
        var entry = Neighbor(distance: distance(vectors, row: row, vectors, row: Int(entryPoint)), slot: entryPoint)
        entry = greedyClosest(query: vectors, queryRow: row, from: entry, topLevel: maxLevel, bottomLevel: level + 1)
        var chosen: [Neighbor] = []
        for layer in stride(from: min(level, maxLevel), through: 0, by: -1) {
            chooseNeighbors(query: vectors, queryRow: row, entry: entry, layer: layer, scratch: &scratch, into: &chosen)
            setNeighbors(of: slot, level: layer, to: chosen)
            for neighbor in chosen {
                addLink(from: neighbor.slot, to: slot, distance: neighbor.distance, level: layer, scratch: &scratch)
            }
            if let closest = chosen.first { entry = closest }
        }
        if level > maxLevel {
            self.entryPoint = slot
            maxLevel = level
        }
    }

    /// The neighbours a new vector (row `queryRow` of `query`) gets on `layer`: an `efConstruction` search from
    /// `entry`, then the selection heuristic (hnswlib `searchBaseLayer` + `getNeighborsByHeuristic2`).
    func chooseNeighbors(query: [Float], queryRow: Int, entry: Neighbor, layer: Int, scratch: inout SearchScratch,
                         into chosen: inout [Neighbor]) {
        if layer == 0 {
            searchBaseLayer(query: query, queryRow: queryRow, entry: entry, ef: parameters.efConstruction, isAllowed: nil,
                            scorer: FullPrecisionRows(), scratch: &scratch)
        } else {
            searchUpperLayer(query: query, queryRow: queryRow, entry: entry, ef: parameters.efConstruction, level: layer,
                             scratch: &scratch)
        }
        scratch.sorted.removeAll(keepingCapacity: true)
        scratch.sorted.append(contentsOf: scratch.results.elements)
        scratch.sorted.sort { $0.distance < $1.distance }
        selectNeighbors(scratch.sorted, limit: maxNeighbors, into: &chosen)
    }

    /// Adds `target` to the links of `source` on `level`; when the list is full, re-selects it with the heuristic.
    mutating func addLink(from source: UInt32, to target: UInt32, distance targetDistance: Float, level: Int, scratch: inout SearchScratch) {
        let limit = level == 0 ? maxBaseNeighbors : maxNeighbors
        let count = linkCount(of: source, level: level)
        if count < limit {
            if level == 0 {
                let block = Int(source) * baseStride
                baseLinks[block + 1 + count] = target
                baseLinks[block] += 1
            } else {
                let block = (level - 1) * upperStride
                upperLinks[Int(source)][block + 1 + count] = target
                upperLinks[Int(source)][block] += 1
            }
            return
        }
        var pool = scratch.sorted
        scratch.sorted = []
        pool.removeAll(keepingCapacity: true)
        let sourceRow = Int(source)
        for position in 0 ..< count {
            let neighbor = link(of: source, level: level, at: position)
            pool.append(Neighbor(distance: distance(vectors, row: sourceRow, vectors, row: Int(neighbor)), slot: neighbor))
        }
        pool.append(Neighbor(distance: targetDistance, slot: target))
        pool.sort { $0.distance < $1.distance }
        selectNeighbors(pool, limit: limit, into: &scratch.selected)
        setNeighbors(of: source, level: level, to: scratch.selected)
        scratch.sorted = pool
    }

    // MARK: - Remove and repair

    /// Removes `key`; returns false when it is not in the graph.
    @discardableResult
    mutating func remove(key: VectorKey) -> Bool {
        guard let slot = slotOfKey[key] else { return false }
        removeSlot(slot)
        return true
    }


    /// True when enough slots are tombstones that walking through them costs more than repairing.
    var needsRepair: Bool { tombstoneCount > max(32, count / 10) }

    /// Unlinks every tombstone and frees its slot for reuse. Each live node that linked to a tombstone gets its
    /// list re-selected with the heuristic from its live neighbours plus the tombstones' live neighbours
    /// (the local repair of FreshDiskANN, arXiv:2105.09613, applied per layer). Memory then stays bounded by
    /// the peak live count plus the repair threshold, however many insert/remove cycles run.
    mutating func repairTombstones(scratch: inout SearchScratch) {
        guard tombstoneCount > 0 else { return }
        var pool: [Neighbor] = []
        var selected: [Neighbor] = []
        for slot in 0 ..< slotCount where states[slot] == .live {
            let source = UInt32(slot)
            for level in 0 ... Int(levels[slot]) {
                let current = neighbors(of: source, level: level)
                guard current.contains(where: { states[Int($0)] == .tombstone }) else { continue }
                scratch.beginVisits(slotCount: slotCount, maxLinks: maxBaseNeighbors)
                _ = scratch.visit(source)
                pool.removeAll(keepingCapacity: true)
                for neighbor in current where states[Int(neighbor)] == .live && scratch.visit(neighbor) {
                    pool.append(Neighbor(distance: distance(vectors, row: slot, vectors, row: Int(neighbor)), slot: neighbor))
                }
                for removed in current where states[Int(removed)] == .tombstone {
                    for neighbor in neighbors(of: removed, level: level)
                    where states[Int(neighbor)] == .live && scratch.visit(neighbor) {
                        pool.append(Neighbor(distance: distance(vectors, row: slot, vectors, row: Int(neighbor)), slot: neighbor))
                    }
                }
                pool.sort { $0.distance < $1.distance }
                selectNeighbors(pool, limit: level == 0 ? maxBaseNeighbors : maxNeighbors, into: &selected)
                setNeighbors(of: source, level: level, to: selected)
            }
        }
        for slot in 0 ..< slotCount where states[slot] == .tombstone {
            states[slot] = .free
            baseLinks[slot * baseStride] = 0
            upperLinks[slot] = []
            levels[slot] = 0
            freeSlots.append(UInt32(slot))
        }
        tombstoneCount = 0
        if let entryPoint, states[Int(entryPoint)] != .live {
            self.entryPoint = nil
            maxLevel = -1
            for slot in 0 ..< slotCount where states[slot] == .live && Int(levels[slot]) > maxLevel {
                self.entryPoint = UInt32(slot)
                maxLevel = Int(levels[slot])
            }
        }
        // Slots above the new top layer would be unreachable there; that cannot happen, because the entry point
        // is a live node of the highest remaining level.
        freeSlots.sort(by: >)
    }

    // MARK: - Memory

    /// Bytes held by the graph's arrays (capacity, not just count) plus an estimate for the key dictionary.
    var memoryBytes: Int {
        var bytes = vectors.capacity * 4 + codes.capacity + codeScales.capacity * 4 + baseLinks.capacity * 4 + upperLinks.capacity * 8
        bytes += levels.capacity + keys.capacity * 8 + states.capacity + freeSlots.capacity * 4
        for links in upperLinks where !links.isEmpty { bytes += links.capacity * 4 + 32 }
        // Swift's Dictionary: key + value per bucket at ≤ 75 % load, plus one metadata bit per bucket.
        bytes += slotOfKey.capacity * 12 * 4 / 3
        return bytes
    }
}

// MARK: - Row scorers

/// How `searchBaseLayer` scores a block of rows; a generic parameter, so each encoding gets its own specialised loop.
protocol RowScorer {
    /// Distances from row `queryRow` of `query` to the graph rows `slots[0 ..< count]`, into `distances`.
    func score(_ graph: HNSWGraph, query: [Float], queryRow: Int, slots: [UInt32], count: Int, into distances: inout [Float])
}

/// Exact distances over the 32-bit vectors.
struct FullPrecisionRows: RowScorer {
    @inline(__always)
    func score(_ graph: HNSWGraph, query: [Float], queryRow: Int, slots: [UInt32], count: Int, into distances: inout [Float]) {
        graph.distance(query, row: queryRow, graph.vectors, slots: slots, count: count, into: &distances)
    }
}

/// Approximate negated inner products over the 8-bit codes.
struct Int8Rows: RowScorer {
    @inline(__always)
    func score(_ graph: HNSWGraph, query: [Float], queryRow: Int, slots: [UInt32], count: Int, into distances: inout [Float]) {
        precondition(queryRow == 0, "Int8Rows: the query must be a single row")
        negativeInnerProducts(query, codes: graph.codes, scales: graph.codeScales, dimension: graph.dimension,
                              slots: slots, count: count, into: &distances)
    }
}
