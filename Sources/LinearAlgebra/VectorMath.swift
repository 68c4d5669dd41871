import Foundation

/// Vectorised transcendental functions for the encoder's element-wise steps.
///
/// `exp` is the Cephes `expf` range reduction and polynomial (relative error ≈ 1 ulp);
/// `erf` is Abramowitz & Stegun 7.1.26 (absolute error ≤ 1.5e-7, ≤ 4e-7 after float rounding), the form PyTorch's
/// `Vectorized<float>::erf` uses for GELU on x86.
package enum VectorMath {
    /// eˣ lane by lane; inputs are clamped to [-87.3, 88.376], so the result is finite and normal.
    @inline(__always)
    package static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
        // Compare-and-blend rather than `clamped(lowerBound:upperBound:)`, whose generic `pointwiseMin`/`Max`
        // were not inlined (2.6 % of a query's time went to those calls).
        let lower = SIMD8<Float>(repeating: -87.3), upper = SIMD8<Float>(repeating: 88.3762626647949)
        var clamped = x.replacing(with: lower, where: x .< lower)
        clamped.replace(with: upper, where: clamped .> upper)
        // n = round(x / ln2) by the 1.5·2²³ trick (integer conversions and `rounded` are not vectorised).
        let roundingShift = SIMD8<Float>(repeating: 12_582_912)
        let n = (clamped * 1.44269504088896341 + roundingShift) - roundingShift
        // x = n·ln2 + r, |r| ≤ ln2/2; ln2 is split in two parts for an exact n·ln2.
        var r = clamped - n * 0.693359375
        r = r + n * 2.12194440e-4
        var p: SIMD8<Float> = SIMD8(repeating: 1.9875691500e-4)
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        let y = p * (r * r) + r + 1
        // 2ⁿ: in 2²³ + (n + 127) the low mantissa bits hold n + 127; shifted up, they become the exponent.
        let biased = unsafeBitCast(n + 8_388_735, to: SIMD8<UInt32>.self) &<< 23
        return y * unsafeBitCast(biased, to: SIMD8<Float>.self)
    }

    /// erf(x) lane by lane.
    @inline(__always)
    package static func erf(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let magnitude = x.replacing(with: -x, where: x .< 0)
        let t = 1 / (magnitude * 0.3275911 + 1)
        var r: SIMD8<Float> = SIMD8(repeating: 1.061405429)
        r = r * t - 1.453152027
        r = r * t + 1.421413741
        r = r * t - 0.284496736
        r = r * t + 0.254829592
        let value = 1 - r * t * exp(-(magnitude * magnitude))
        return value.replacing(with: -value, where: x .< 0)
    }

    /// Scalar `exp`, the same approximation (for tails and unoptimised builds).
    @inline(__always)
    package static func exp(_ x: Float) -> Float {
        let clamped = min(max(x, -87.3), 88.3762626647949)
        let n = (clamped * 1.44269504088896341 + 12_582_912) - 12_582_912
        let r = clamped - n * 0.693359375 + n * 2.12194440e-4
        var p: Float = 1.9875691500e-4
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        let y = p * (r * r) + r + 1
        return y * Float(bitPattern: (n + 8_388_735).bitPattern << 23)
    }

    /// Scalar `erf`, the same approximation.
    @inline(__always)
    package static func erf(_ x: Float) -> Float {
        let magnitude = Swift.abs(x)
        let t = 1 / (magnitude * 0.3275911 + 1)
        var r: Float = 1.061405429
        r = r * t - 1.453152027
        r = r * t + 1.421413741
        r = r * t - 0.284496736
        r = r * t + 0.254829592
        let value = 1 - r * t * exp(-(magnitude * magnitude))
        return x < 0 ? -value : value
    }

    /// x ← softmax(x) over `count` values, subtracting the maximum first for stability.
    @inline(__always)
    package static func softmaxInPlace(_ x: UnsafeMutablePointer<Float>, count: Int) {
        guard count > 0 else { return }
        var maximum = -Float.infinity
        for i in 0..<count { maximum = max(maximum, x[i]) }
        #if DEBUG
        // Unoptimised builds (tests): generic SIMD code is ~100× slower than this loop over libm's expf.
        var total: Float = 0
        for i in 0..<count {
            x[i] = Foundation.exp(x[i] - maximum)
            total += x[i]
        }
        let scale = 1 / total
        for i in 0..<count { x[i] *= scale }
        #else
        let raw = UnsafeMutableRawPointer(x)
        let shift = SIMD8<Float>(repeating: maximum)
        var sums = SIMD8<Float>()
        var i = 0
        while i + 8 <= count {
            let e = exp(raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) - shift)
            raw.storeBytes(of: e, toByteOffset: i * 4, as: SIMD8<Float>.self)
            sums += e
            i += 8
        }
        var sum = sums.sum()
        while i < count {
            x[i] = exp(x[i] - maximum)
            sum += x[i]
            i += 1
        }
        let inverse = 1 / sum
        for j in 0..<count { x[j] *= inverse }
        #endif
    }
}
