import RAGCore

/// Test double for `BERTEmbedder`: a normalised bag of hashed lower-case words (FNV-1a, then splitmix64's finaliser), so texts sharing
/// words are close and unrelated texts are not.
struct FakeHashEmbedder: Embedder {
    var dimension: Int = 64
    var modelID: String = "fake-hash-64"

    func embed(_ texts: [String]) async throws -> [Vector] {
        texts.map(vector)
    }

    func vector(_ text: String) -> Vector {
        var vector = [Float](repeating: 0, count: dimension)
        let words = text.lowercased().split { !$0.isLetter && !$0.isNumber }
        for word in words {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in word.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            // FNV's low bits mix poorly; the splitmix64 finaliser spreads them before the modulo.
            hash = (hash ^ (hash >> 30)) &* 0xbf58_476d_1ce4_e5b9
            hash = (hash ^ (hash >> 27)) &* 0x94d0_49bb_1331_11eb
            hash ^= hash >> 31
            vector[Int(hash % UInt64(dimension))] += 1
        }
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? vector.map { $0 / norm } : vector
    }
}
