/// Inner product of two equal-length vectors, in the kernel level chosen for this CPU.
@inline(__always)
public func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
    VectorKernelTable.selected.innerProduct(x, y, count)
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
