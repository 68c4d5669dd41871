/// SplitMix64 (Steele, Lea & Flood 2014): a small, fast, seedable generator for HNSW levels and test data.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable {
    /// Current state; persisted so a loaded index keeps drawing the same levels.
    package var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform `Double` in (0, 1].
    public mutating func nextUnitInterval() -> Double {
        (Double(next() >> 11) + 1) * 0x1p-53
    }
}
