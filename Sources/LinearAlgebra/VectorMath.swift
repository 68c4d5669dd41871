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
        // Every step is a fused multiply-add (`addingProduct`): Swift does not contract `a * b + c` by itself.
        let roundingShift = SIMD8<Float>(repeating: 12_582_912)
        let n = roundingShift.addingProduct(clamped, 1.44269504088896341) - roundingShift
        // x = n·ln2 + r, |r| ≤ ln2/2; ln2 is split in two parts for an exact n·ln2.
        var r = clamped.addingProduct(n, -0.693359375)
        r = r.addingProduct(n, 2.12194440e-4)
        var p: SIMD8<Float> = SIMD8(repeating: 1.3981999507e-3).addingProduct(r, 1.9875691500e-4)
        p = SIMD8(repeating: 8.3334519073e-3).addingProduct(p, r)
        p = SIMD8(repeating: 4.1665795894e-2).addingProduct(p, r)
        p = SIMD8(repeating: 1.6666665459e-1).addingProduct(p, r)
        p = SIMD8(repeating: 5.0000001201e-1).addingProduct(p, r)
        let y = (r + 1).addingProduct(p, r * r)
        // 2ⁿ: in 2²³ + (n + 127) the low mantissa bits hold n + 127; shifted up, they become the exponent.
        let biased = unsafeBitCast(n + 8_388_735, to: SIMD8<UInt32>.self) &<< 23
        return y * unsafeBitCast(biased, to: SIMD8<Float>.self)
    }

    /// erf(x) lane by lane.
    @inline(__always)
    package static func erf(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let magnitude = x.replacing(with: -x, where: x .< 0)
        let t = 1 / (magnitude * 0.3275911 + 1)
        var r: SIMD8<Float> = SIMD8(repeating: -1.453152027).addingProduct(t, 1.061405429)
        r = SIMD8(repeating: 1.421413741).addingProduct(r, t)
        r = SIMD8(repeating: -0.284496736).addingProduct(r, t)
        r = SIMD8(repeating: 0.254829592).addingProduct(r, t)
        let value = SIMD8(repeating: 1).addingProduct(-(r * t), exp(-(magnitude * magnitude)))
        return value.replacing(with: -value, where: x .< 0)
    }

    /// Scalar `exp`, the same approximation and the same fused steps, so a lane and a tail value agree bit for bit.
    @inline(__always)
    package static func exp(_ x: Float) -> Float {
        let clamped = min(max(x, -87.3), 88.3762626647949)
        let n = Float(12_582_912).addingProduct(clamped, 1.44269504088896341) - 12_582_912
        let r = clamped.addingProduct(n, -0.693359375).addingProduct(n, 2.12194440e-4)
        var p = Float(1.3981999507e-3).addingProduct(r, 1.9875691500e-4)
        p = Float(8.3334519073e-3).addingProduct(p, r)
        p = Float(4.1665795894e-2).addingProduct(p, r)
        p = Float(1.6666665459e-1).addingProduct(p, r)
        p = Float(5.0000001201e-1).addingProduct(p, r)
        let y = (r + 1).addingProduct(p, r * r)
        return y * Float(bitPattern: (n + 8_388_735).bitPattern << 23)
    }

    /// Scalar `erf`, the same approximation.
    @inline(__always)
    package static func erf(_ x: Float) -> Float {
        let magnitude = Swift.abs(x)
        let t = 1 / (magnitude * 0.3275911 + 1)
        var r = Float(-1.453152027).addingProduct(t, 1.061405429)
        r = Float(1.421413741).addingProduct(r, t)
        r = Float(-0.284496736).addingProduct(r, t)
        r = Float(0.254829592).addingProduct(r, t)
        let value = Float(1).addingProduct(-(r * t), exp(-(magnitude * magnitude)))
        return x < 0 ? -value : value
    }

    /// x ← softmax(x) over `count` values, subtracting the maximum first for stability.
    @inline(__always)
    package static func softmaxInPlace(_ x: UnsafeMutablePointer<Float>, count: Int) {
        guard count > 0 else { return }
        #if DEBUG
        var maximum = -Float.infinity
        for i in 0..<count { maximum = max(maximum, x[i]) }
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
        // Eight running maxima, not one: a scalar max chain waits on its own latency at every element.
        var maxima = SIMD8<Float>(repeating: -.infinity)
        var m = 0
        while m + 8 <= count {
            let v = raw.loadUnaligned(fromByteOffset: m * 4, as: SIMD8<Float>.self)
            maxima.replace(with: v, where: v .> maxima)
            m += 8
        }
        // Lane-wise halving instead of `SIMD.max()`, whose generic reduction was not specialised (a call per row).
        let fours = maxima.lowHalf.replacing(with: maxima.highHalf, where: maxima.highHalf .> maxima.lowHalf)
        let twos = fours.lowHalf.replacing(with: fours.highHalf, where: fours.highHalf .> fours.lowHalf)
        var maximum = Swift.max(twos[0], twos[1])
        while m < count {
            maximum = max(maximum, x[m])
            m += 1
        }
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
        var j = 0
        while j + 8 <= count {
            let scaled = raw.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self) * inverse
            raw.storeBytes(of: scaled, toByteOffset: j * 4, as: SIMD8<Float>.self)
            j += 8
        }
        while j < count {
            x[j] *= inverse
            j += 1
        }
        #endif
    }
}
