import Foundation
import LinearAlgebra
import VectorIndex

/// Seeded, clustered, L2-normalised vectors that look like sentence embeddings to an ANN index: each cluster is a
/// random centre plus a Gaussian spread inside its own low-dimensional subspace, so the local intrinsic
/// dimension is about `subspaceDimension` (real MiniLM chunk embeddings measure about 16; see docs/vector-index.md).
/// The vector-index tests and `hepchain-bench vectors synthetic` draw their data from it.
public enum SyntheticVectors {
    /// `count` vectors of `dimension` in `clusters` clusters, fully determined by `seed`.
    public static func clustered(
        count: Int, dimension: Int, clusters: Int = 100, subspaceDimension: Int = 24, spread: Float = 1.0, seed: UInt64 = 42
    ) -> [[Float]] {
        precondition(count >= 0 && dimension > 0 && clusters > 0 && subspaceDimension > 0, "SyntheticVectors: invalid shape")
        var generator = SeededGenerator(seed: seed)
        let basisScale = spread / Float(Double(dimension * subspaceDimension).squareRoot())
        var centres: [Matrix] = []
        var bases: [Matrix] = []
        for _ in 0 ..< clusters {
            var centre = Matrix(rows: 1, columns: dimension, values: gaussians(dimension, scale: 1, &generator))
            normalize(&centre.values)
            centres.append(centre)
            bases.append(Matrix(rows: subspaceDimension, columns: dimension,
                                values: gaussians(subspaceDimension * dimension, scale: basisScale, &generator)))
        }
        // Points per cluster: z (n, s) @ basis (s, d) -> offsets (n, d), plus the centre, then normalised.
        var clusterOf = [Int](repeating: 0, count: count)
        for i in 0 ..< count { clusterOf[i] = Int(generator.next() % UInt64(clusters)) }
        var members = [[Int]](repeating: [], count: clusters)
        for (i, cluster) in clusterOf.enumerated() { members[cluster].append(i) }
        var vectors = [[Float]](repeating: [], count: count)
        for cluster in 0 ..< clusters where !members[cluster].isEmpty {
            let rows = members[cluster].count
            let z = Matrix(rows: rows, columns: subspaceDimension, values: gaussians(rows * subspaceDimension, scale: 1, &generator))
            var offsets = Matrix(rows: rows, columns: dimension)
            matmul(z, bases[cluster], into: &offsets)
            for (position, index) in members[cluster].enumerated() {
                var vector = Array(offsets.values[position * dimension ..< (position + 1) * dimension])
                for j in 0 ..< dimension { vector[j] += centres[cluster].values[j] }
                normalize(&vector)
                vectors[index] = vector
            }
        }
        return vectors
    }

    /// Box–Muller standard normals times `scale`.
    private static func gaussians(_ count: Int, scale: Float, _ generator: inout SeededGenerator) -> [Float] {
        var values = [Float](repeating: 0, count: count)
        var i = 0
        while i < count {
            let u1 = generator.nextUnitInterval()
            let u2 = generator.nextUnitInterval()
            let radius = (-2 * log(u1)).squareRoot()
            values[i] = Float(radius * cos(2 * .pi * u2)) * scale
            if i + 1 < count { values[i + 1] = Float(radius * sin(2 * .pi * u2)) * scale }
            i += 2
        }
        return values
    }
}
