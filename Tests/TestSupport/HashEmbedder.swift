public import RAGCore

/// The test suites' stand-in for the model (the one test double of `Embedder`): every word, and optionally
/// every character trigram, adds to one hashed dimension; vectors are L2-normalised. Texts sharing words point
/// the same way, so retrieval and diversification behave sensibly without loading weights.
public struct HashEmbedder: Embedder {
    public var dimension: Int
    public var modelID: String
    /// Also count character trigrams of each word (at half weight), so "charmonium" is near "charmonia".
    public var trigrams: Bool

    public init(dimension: Int = 64, modelID: String? = nil, trigrams: Bool = false) {
        precondition(dimension >= 1, "HashEmbedder: dimension must be positive")
        self.dimension = dimension
        self.modelID = modelID ?? "hash-\(dimension)"
        self.trigrams = trigrams
    }

    public func embed(_ texts: [String]) async throws -> [Vector] {
        texts.map(vector)
    }

    public func vector(_ text: String) -> Vector {
        var vector = Vector(repeating: 0, count: dimension)
        for word in text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
            vector[bucket(trigrams ? "w:\(word)" : String(word))] += 1
            let padded = Array("#\(word)#")
            if trigrams, padded.count >= 3 {
                for start in 0...(padded.count - 3) { vector[bucket("t:" + String(padded[start..<start + 3]))] += 0.5 }
            }
        }
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? vector.map { $0 / norm } : vector
    }

    /// FNV-1a, then the splitmix64 finaliser (FNV's low bits mix poorly before the modulo).
    private func bucket(_ feature: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in feature.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        hash = (hash ^ (hash >> 30)) &* 0xbf58_476d_1ce4_e5b9
        hash = (hash ^ (hash >> 27)) &* 0x94d0_49bb_1331_11eb
        hash ^= hash >> 31
        return Int(hash % UInt64(dimension))
    }
}
