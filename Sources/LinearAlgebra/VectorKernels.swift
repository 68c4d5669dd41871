/// Inner product of two equal-length vectors, with 16-wide SIMD accumulation.
@inline(__always)
public func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
    var sum = SIMD16<Float>()
    var i = 0
    while i + 16 <= count {
        let a = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD16<Float>.self)
        let b = UnsafeRawPointer(y + i).loadUnaligned(as: SIMD16<Float>.self)
        sum.addProduct(a, b)
        i += 16
    }
    var total = sum.sum()
    while i < count {
        total += x[i] * y[i]
        i += 1
    }
    return total
}

/// Inner product of two arrays of equal length.
public func dot(_ x: [Float], _ y: [Float]) -> Float {
    precondition(x.count == y.count, "dot: lengths differ (\(x.count) vs \(y.count))")
    return x.withUnsafeBufferPointer { xp in
        y.withUnsafeBufferPointer { yp in
            guard let xb = xp.baseAddress, let yb = yp.baseAddress else { return 0 }
            return dot(xb, yb, count: x.count)
        }
    }
}

/// Scales `x` to unit L2 norm in place; a zero vector stays zero.
public func normalize(_ x: inout [Float]) {
    let norm = dot(x, x).squareRoot()
    guard norm > 0 else { return }
    let scale = 1 / norm
    for i in x.indices { x[i] *= scale }
}
