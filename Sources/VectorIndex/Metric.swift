import LinearAlgebra

/// How similarity between vectors is measured. Scores are "higher is closer" for every metric.
public enum Metric: String, Sendable, Codable, CaseIterable {
    /// Cosine similarity; vectors (and queries) are normalised when they enter the index, so it is an inner product.
    case cosine
    /// Inner product, for vectors whose norm carries meaning.
    case innerProduct
    /// Euclidean distance; the score is the negated squared distance.
    case l2

    /// The distance the graph minimises for this metric.
    var distanceKind: DistanceKind {
        switch self {
        case .cosine, .innerProduct: .negativeInnerProduct
        case .l2: .squaredL2
        }
    }

    /// Stable number used in index files.
    var fileCode: UInt32 {
        switch self {
        case .cosine: 0
        case .innerProduct: 1
        case .l2: 2
        }
    }

    /// The metric stored as `code` in an index file, or nil for an unknown code.
    init?(fileCode: UInt32) {
        switch fileCode {
        case 0: self = .cosine
        case 1: self = .innerProduct
        case 2: self = .l2
        default: return nil
        }
    }

    /// The user-facing score of an internal distance (smaller distance → higher score).
    @inline(__always)
    func score(fromDistance distance: Float) -> Float { -distance }
}

extension Array where Element == Float {
    /// The vector scaled to unit length for `.cosine`, unchanged otherwise; a zero vector stays zero.
    func prepared(for metric: Metric) -> [Float] {
        guard metric == .cosine else { return self }
        var copy = self
        normalize(&copy)
        return copy
    }
}
