/// A dense row-major matrix of `Float`.
public struct Matrix: Sendable, Equatable {
    /// Number of rows.
    public var rows: Int
    /// Number of columns.
    public var columns: Int
    /// `rows * columns` values, row after row.
    public var values: [Float]

    /// A zero matrix.
    public init(rows: Int, columns: Int) {
        precondition(rows >= 0 && columns >= 0, "Matrix shape must be non-negative")
        self.rows = rows
        self.columns = columns
        self.values = [Float](repeating: 0, count: rows * columns)
    }

    /// A matrix over existing values; `values.count` must be `rows * columns`.
    public init(rows: Int, columns: Int, values: [Float]) {
        precondition(values.count == rows * columns, "Matrix values (\(values.count)) do not match shape \(rows)x\(columns)")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// Element at (row, column).
    public subscript(row: Int, column: Int) -> Float {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }
}
