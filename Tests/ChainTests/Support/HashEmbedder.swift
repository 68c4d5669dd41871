import RAGCore

/// A deterministic stand-in for the BERT embedder: feature hashing of lower-cased words and character
/// trigrams (FNV-1a, so vectors are stable across processes), L2-normalised. Similar wording gives similar
/// vectors; paraphrase does not, which is what the offline generator's lexical half must cover anyway.
struct HashEmbedder: Embedder {
    var dimension: Int = 512
    var modelID: String { "hash-\(dimension)" }

    func embed(_ texts: [String]) async throws -> [Vector] {
        texts.map(vector)
    }

    func vector(_ text: String) -> Vector {
        var vector = Vector(repeating: 0, count: dimension)
        let lowered = text.lowercased()
        let words = lowered.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        for word in words {
            vector[bucket("w:" + word)] += 1
            let padded = Array("#" + word + "#")
            if padded.count >= 3 {
                for start in 0...(padded.count - 3) { vector[bucket("t:" + String(padded[start..<start + 3]))] += 0.5 }
            }
        }
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? vector.map { $0 / norm } : vector
    }

    private func bucket(_ feature: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in feature.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int(hash % UInt64(dimension))
    }
}
