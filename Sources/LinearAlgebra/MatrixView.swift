/// A read-only, row-major matrix of `Float` whose memory belongs to someone else: a memory-mapped
/// checkpoint, or a `FloatStorage` made by copying.
///
/// Weights are views, activations are `[Float]` arrays in a workspace; kernels read one and write the other.
public struct MatrixView: @unchecked Sendable {
    // Sendable: the memory behind `base` is never written after the view is made, and `owner` keeps it alive
    // (a mapping is unmapped, a storage freed, only in the owner's deinit).
    /// Number of rows.
    public let rows: Int
    /// Number of columns (the leading dimension: rows are contiguous).
    public let columns: Int
    let base: UnsafePointer<Float>
    let owner: AnyObject

    /// A view over `rows * columns` floats at `base`, kept alive by `owner`.
    ///
    /// `base` must be aligned for `Float` and stay valid and unchanged while `owner` lives.
    public init(rows: Int, columns: Int, base: UnsafePointer<Float>, owner: AnyObject) {
        precondition(rows >= 0 && columns >= 0, "MatrixView shape must be non-negative")
        precondition(Int(bitPattern: base) % MemoryLayout<Float>.alignment == 0, "MatrixView base is misaligned")
        self.rows = rows
        self.columns = columns
        self.base = base
        self.owner = owner
    }

    /// A view over a copy of `values` (64-byte aligned), which must hold `rows * columns` floats.
    public init(rows: Int, columns: Int, copying values: [Float]) {
        precondition(values.count == rows * columns, "MatrixView values (\(values.count)) do not match \(rows)x\(columns)")
        let storage = FloatStorage(values)
        self.init(rows: rows, columns: columns, base: UnsafePointer(storage.pointer), owner: storage)
    }

    /// A view over `rows * columns` new floats (64-byte aligned, zeroed), which `fill` writes once, as raw bytes.
    init(rows: Int, columns: Int, initializingWith fill: (UnsafeMutableRawBufferPointer) -> Void) {
        let storage = FloatStorage(count: rows * columns)
        fill(UnsafeMutableRawBufferPointer(start: storage.pointer, count: storage.count * MemoryLayout<Float>.stride))
        self.init(rows: rows, columns: columns, base: UnsafePointer(storage.pointer), owner: storage)
    }

    /// A view over a copy of `matrix`.
    public init(copying matrix: Matrix) {
        self.init(rows: matrix.rows, columns: matrix.columns, copying: matrix.values)
    }

    /// Number of elements.
    public var count: Int { rows * columns }

    /// Element at (row, column).
    public subscript(row: Int, column: Int) -> Float {
        precondition(row >= 0 && row < rows && column >= 0 && column < columns, "MatrixView index out of range")
        return base[row * columns + column]
    }

    /// All elements, row after row, as a new array.
    public var values: [Float] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// The same memory seen as a different shape with the same element count (e.g. a bias as 1×n).
    public func reshaped(rows newRows: Int, columns newColumns: Int) -> MatrixView {
        precondition(newRows * newColumns == count, "MatrixView reshape changes the element count")
        return MatrixView(rows: newRows, columns: newColumns, base: base, owner: owner)
    }
}

/// A heap block of floats, 64-byte aligned for SIMD and BLAS, freed when the last view goes away.
final class FloatStorage {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    /// A copy of `values`.
    init(_ values: [Float]) {
        count = values.count
        pointer = Self.allocate(count)
        values.withUnsafeBufferPointer { source in
            if let start = source.baseAddress { pointer.initialize(from: start, count: count) }
        }
    }

    /// `count` zeros.
    init(count: Int) {
        self.count = count
        pointer = Self.allocate(count)
        pointer.initialize(repeating: 0, count: max(1, count))
    }

    /// Room for `count` floats (at least one), 64-byte aligned, not yet initialised.
    private static func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * MemoryLayout<Float>.stride, alignment: 64)
        return raw.bindMemory(to: Float.self, capacity: max(1, count))
    }

    deinit {
        UnsafeMutableRawPointer(pointer).deallocate()
    }
}
