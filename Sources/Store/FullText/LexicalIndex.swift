import Foundation
package import RAGCore

/// BM25 over the chunks' lexical forms, in memory, scoring exactly as FTS5's `bm25()` does.
///
/// FTS5 finds the rows of an OR query quickly, but its `bm25()` reads each matching row's size and position
/// lists: ~3–9 µs per row, so a question whose terms match 20,000 of 100,000 chunks takes 60–180 ms. Here the
/// postings hold each term's frequency and every chunk's length, and a query adds up term-at-a-time scores in
/// one array: the cost is a few nanoseconds per posting. FTS5 stays the source of truth: the index is built
/// from `chunks_fts` and kept in step by the store (see `SQLiteDocumentStore.lexicalSearch`). `PostgresDocumentStore` builds the same
/// index from its `chunks.lexical` column and catches it up from its change log.
///
/// Scoring (FTS5 `fts5_aux.c`): for each query term t present in chunk d,
/// `idf(t) · tf·(k1 + 1) / (tf + k1·(1 − b + b·|d| / avgdl))` with k1 = 1.2, b = 0.75,
/// `idf(t) = ln((N − n(t) + 0.5) / (n(t) + 0.5))` (1e-6 when not positive), N and avgdl over all chunks of all
/// collections, as in the one FTS5 table. Tokens are what `unicode61 remove_diacritics 2` makes: runs of
/// letters, digits and private-use characters, lower-cased, with diacritics removed.
package struct LexicalIndex {
    private struct Posting {
        var slot: UInt32
        var frequency: Float
    }

    private static let k1: Float = 1.2
    private static let b: Float = 0.75

    private var termIDs: [String: Int32] = [:]
    private var postings: [[Posting]] = []
    /// Live chunks containing each term.
    private var documentFrequency: [Int32] = []

    private var keys: [VectorKey] = []
    private var collectionOfSlot: [Int32] = []
    private var lengths: [Float] = []
    private var alive: [Bool] = []
    /// Distinct term ids of each slot, flat, from `termStart[slot]` to `termStart[slot + 1]`.
    private var slotTerms: [Int32] = []
    private var termStart: [Int] = [0]
    private var slotOfKey: [VectorKey: UInt32] = [:]
    private var collectionIDs: [String: Int32] = [:]

    package private(set) var liveCount = 0
    private var liveTokens = 0.0
    private var deadCount = 0

    /// An empty index.
    package init() {}

    /// Adds (or replaces) chunk `key` of `collection` with lexical form `body`.
    package mutating func add(key: VectorKey, collection: String, body: String) {
        remove(key: key)
        let collectionID = collectionIDs[collection] ?? {
            let id = Int32(collectionIDs.count)
            collectionIDs[collection] = id
            return id
        }()
        let slot = UInt32(keys.count)
        var counts: [Int32: Float] = [:]
        var length = 0
        Self.forEachToken(in: body) { token in
            length += 1
            let id = termIDs[token] ?? {
                let id = Int32(postings.count)
                termIDs[token] = id
                postings.append([])
                documentFrequency.append(0)
                return id
            }()
            counts[id, default: 0] += 1
        }
        for (term, frequency) in counts.sorted(by: { $0.key < $1.key }) {
            postings[Int(term)].append(Posting(slot: slot, frequency: frequency))
            documentFrequency[Int(term)] += 1
            slotTerms.append(term)
        }
        termStart.append(slotTerms.count)
        keys.append(key)
        collectionOfSlot.append(collectionID)
        lengths.append(Float(length))
        alive.append(true)
        slotOfKey[key] = slot
        liveCount += 1
        liveTokens += Double(length)
    }

    /// Removes chunk `key` if present.
    package mutating func remove(key: VectorKey) {
        guard let slot = slotOfKey.removeValue(forKey: key) else { return }
        let index = Int(slot)
        alive[index] = false
        for term in slotTerms[termStart[index]..<termStart[index + 1]] { documentFrequency[Int(term)] -= 1 }
        liveCount -= 1
        liveTokens -= Double(lengths[index])
        deadCount += 1
        if deadCount > 1024 && deadCount > keys.count / 4 { compact() }
    }

    /// Removes every chunk of `collection`.
    package mutating func removeCollection(_ collection: String) {
        guard let id = collectionIDs[collection] else { return }
        for slot in keys.indices where alive[slot] && collectionOfSlot[slot] == id { remove(key: keys[slot]) }
    }

    /// The best `limit` chunks of `collection` for `terms` (index form, e.g. `LexicalText.queryTerms`), best
    /// first; scores are BM25 (FTS5's `bm25()` negated), ties broken by key.
    package func search(terms: [String], collection: String, limit: Int) -> [SearchHit] {
        guard limit > 0, liveCount > 0, let collectionID = collectionIDs[collection] else { return [] }
        var queryTerms: [Int32] = []
        for term in terms {
            Self.forEachToken(in: term) { token in
                if let id = termIDs[token], !queryTerms.contains(id) { queryTerms.append(id) }
            }
        }
        guard !queryTerms.isEmpty else { return [] }
        let rows = Float(liveCount)
        let averageLength = Float(liveTokens / Double(liveCount))
        var scores = [Float](repeating: 0, count: keys.count)
        var touched: [UInt32] = []
        for term in queryTerms {
            let hits = Float(documentFrequency[Int(term)])
            var idf = Float(Foundation.log(Double((rows - hits + 0.5) / (hits + 0.5))))
            if idf <= 0 { idf = 1e-6 }
            for posting in postings[Int(term)] {
                let slot = Int(posting.slot)
                guard alive[slot], collectionOfSlot[slot] == collectionID else { continue }
                let frequency = posting.frequency
                let norm = Self.k1 * (1 - Self.b + Self.b * lengths[slot] / averageLength)
                if scores[slot] == 0 { touched.append(posting.slot) }
                scores[slot] += idf * frequency * (Self.k1 + 1) / (frequency + norm)
            }
        }
        // The best `limit` by (score descending, key ascending). A common word touches most of the corpus;
        // sorting every touched row cost 15 % of a loaded server's CPU, keeping a heap of `limit` costs ~1 %.
        func ranksBefore(_ left: UInt32, _ right: UInt32) -> Bool {
            let l = scores[Int(left)], r = scores[Int(right)]
            return l != r ? l > r : keys[Int(left)] < keys[Int(right)]
        }
        var heap = WorstFirstHeap(capacity: limit, ranksBefore: ranksBefore)
        for slot in touched { heap.offer(slot) }
        return heap.elements.sorted(by: ranksBefore).map { SearchHit(key: keys[Int($0)], score: scores[Int($0)]) }
    }

    /// Drops removed slots and renumbers the rest.
    private mutating func compact() {
        var newSlot = [UInt32](repeating: .max, count: keys.count)
        var next: UInt32 = 0
        for slot in keys.indices where alive[slot] {
            newSlot[slot] = next
            next += 1
        }
        for term in postings.indices {
            postings[term] = postings[term].compactMap { posting in
                let mapped = newSlot[Int(posting.slot)]
                return mapped == .max ? nil : Posting(slot: mapped, frequency: posting.frequency)
            }
        }
        var newTerms: [Int32] = []
        var newStart = [0]
        for slot in keys.indices where alive[slot] {
            newTerms.append(contentsOf: slotTerms[termStart[slot]..<termStart[slot + 1]])
            newStart.append(newTerms.count)
        }
        let liveSlots = keys.indices.filter { alive[$0] }
        keys = liveSlots.map { keys[$0] }
        collectionOfSlot = liveSlots.map { collectionOfSlot[$0] }
        lengths = liveSlots.map { lengths[$0] }
        alive = [Bool](repeating: true, count: liveSlots.count)
        slotTerms = newTerms
        termStart = newStart
        slotOfKey = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($0.element, UInt32($0.offset)) })
        deadCount = 0
    }

    // MARK: - Tokens

    /// Calls `body` with each token of `text` as FTS5's `unicode61 remove_diacritics 2` forms it.
    static func forEachToken(in text: String, _ body: (String) -> Void) {
        let utf8 = text.utf8
        if utf8.allSatisfy({ $0 < 0x80 }) {
            var token: [UInt8] = []
            token.reserveCapacity(32)
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): token.append(byte)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): token.append(byte + 32)
                default:
                    if !token.isEmpty {
                        body(String(decoding: token, as: UTF8.self))
                        token.removeAll(keepingCapacity: true)
                    }
                }
            }
            if !token.isEmpty { body(String(decoding: token, as: UTF8.self)) }
            return
        }
        var token = String.UnicodeScalarView()
        func flush() {
            guard !token.isEmpty else { return }
            let word = String(token).lowercased()
            token.removeAll(keepingCapacity: true)
            body(word.unicodeScalars.allSatisfy(\.isASCII) ? word : word.folding(options: .diacriticInsensitive, locale: nil))
        }
        for scalar in text.unicodeScalars {
            if LexicalText.isTokenCharacter(scalar) { token.append(scalar) } else { flush() }
        }
        flush()
    }
}

/// The best `capacity` slots seen so far, with the worst of them on top so a better newcomer replaces it in
/// O(log capacity).
private struct WorstFirstHeap {
    let capacity: Int
    /// Whether the first slot ranks before (is better than) the second.
    let ranksBefore: (UInt32, UInt32) -> Bool
    private(set) var elements: [UInt32] = []

    init(capacity: Int, ranksBefore: @escaping (UInt32, UInt32) -> Bool) {
        self.capacity = capacity
        self.ranksBefore = ranksBefore
        elements.reserveCapacity(capacity)
    }

    mutating func offer(_ slot: UInt32) {
        if elements.count < capacity {
            elements.append(slot)
            siftUp(elements.count - 1)
        } else if ranksBefore(slot, elements[0]) {
            elements[0] = slot
            siftDown(0)
        }
    }

    /// A parent ranks after (is worse than) its children.
    private mutating func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard ranksBefore(elements[parent], elements[child]) else { return }
            elements.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ index: Int) {
        var parent = index
        while true {
            var worst = parent
            let left = 2 * parent + 1, right = left + 1
            if left < elements.count && ranksBefore(elements[worst], elements[left]) { worst = left }
            if right < elements.count && ranksBefore(elements[worst], elements[right]) { worst = right }
            guard worst != parent else { return }
            elements.swapAt(parent, worst)
            parent = worst
        }
    }
}
