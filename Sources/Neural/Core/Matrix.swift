/// A dense row-major matrix of `Float`: `rows` examples (the batch) × `columns` features.
///
/// `Matrix` is a reference type on purpose: layers own their output and gradient matrices as
/// preallocated workspaces and hand out references to them, so a training step allocates nothing.
/// A value type would copy its storage the first time a layer wrote into a buffer that a caller
/// still held. Use ``copy()`` when you need an independent snapshot.
///
/// Storage is 64-byte aligned and keeps its capacity when the matrix shrinks, so a smaller last
/// batch does not reallocate; ``resize(rows:columns:)`` only allocates when it must grow.
public final class Matrix {
    /// Number of rows (examples).
    public private(set) var rows: Int
    /// Number of columns (features).
    public private(set) var columns: Int
    /// Number of `Float`s the storage can hold without reallocating.
    public private(set) var capacity: Int
    /// The first element; row `r` starts at `data + r * columns`.
    public private(set) var data: UnsafeMutablePointer<Float>

    /// A `rows × columns` matrix of zeros.
    public init(rows: Int, columns: Int) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        capacity = max(rows * columns, 1)
        data = Matrix.allocate(capacity)
        data.initialize(repeating: 0, count: capacity)
    }

    /// A `rows × columns` matrix holding `values` in row-major order.
    public convenience init(rows: Int, columns: Int, values: [Float]) {
        precondition(values.count == rows * columns, "expected \(rows * columns) values, got \(values.count)")
        self.init(rows: rows, columns: columns)
        values.withUnsafeBufferPointer { data.update(from: $0.baseAddress!, count: values.count) }
    }

    /// A matrix filled by `value(row, column)`.
    public convenience init(rows: Int, columns: Int, _ value: (Int, Int) -> Float) {
        self.init(rows: rows, columns: columns)
        for r in 0..<rows {
            for c in 0..<columns { data[r * columns + c] = value(r, c) }
        }
    }

    deinit { data.deallocate() }

    private static func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
        // 64-byte alignment keeps SIMD loads and OpenBLAS' packing on cache-line boundaries.
        UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
            .bindMemory(to: Float.self, capacity: count)
    }

    /// `rows * columns`.
    @inlinable public var count: Int { rows * columns }

    /// The element at (`row`, `column`).
    @inlinable
    public subscript(row: Int, column: Int) -> Float {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "index out of range")
            return data[row * columns + column]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "index out of range")
            data[row * columns + column] = newValue
        }
    }

    /// All elements, row-major, as a mutable buffer over the matrix's storage.
    @inlinable public var buffer: UnsafeMutableBufferPointer<Float> { .init(start: data, count: count) }

    /// Row `row` as a mutable buffer over the matrix's storage.
    @inlinable
    public func row(_ row: Int) -> UnsafeMutableBufferPointer<Float> {
        precondition(row >= 0 && row < rows, "row out of range")
        return .init(start: data + row * columns, count: columns)
    }

    /// A copy of the elements in row-major order.
    public var values: [Float] { Array(buffer) }

    /// Changes the shape. Reallocates only if the new size exceeds ``capacity``; the contents are
    /// unspecified afterwards unless the shape is unchanged (callers overwrite them).
    public func resize(rows newRows: Int, columns newColumns: Int) {
        precondition(newRows >= 0 && newColumns >= 0, "matrix dimensions must be non-negative")
        if newRows == rows && newColumns == columns { return }
        let needed = newRows * newColumns
        if needed > capacity {
            data.deallocate()
            capacity = needed
            data = Matrix.allocate(capacity)
            data.initialize(repeating: 0, count: capacity)
        }
        rows = newRows
        columns = newColumns
    }

    /// Makes this matrix the same shape as `other` (see ``resize(rows:columns:)``).
    @inlinable
    public func resize(like other: Matrix) { resize(rows: other.rows, columns: other.columns) }

    /// Sets every element to `value`.
    public func fill(_ value: Float) { data.update(repeating: value, count: count) }

    /// An independent copy with its own storage.
    public func copy() -> Matrix {
        let result = Matrix(rows: rows, columns: columns)
        result.data.update(from: data, count: count)
        return result
    }

    /// Becomes a copy of `source` (shape and contents), reusing storage when it is large enough.
    public func copy(from source: Matrix) {
        resize(like: source)
        data.update(from: source.data, count: count)
    }

    /// Whether `other` has the same shape and bit-identical elements.
    public func isIdentical(to other: Matrix) -> Bool {
        guard rows == other.rows && columns == other.columns else { return false }
        for i in 0..<count where data[i].bitPattern != other.data[i].bitPattern { return false }
        return true
    }
}

extension Matrix: CustomStringConvertible {
    /// Shape and the top-left corner of the values, for debugging.
    public var description: String {
        let shown = (0..<min(rows, 6)).map { r in
            (0..<min(columns, 8)).map { c in String(self[r, c]) }.joined(separator: " ")
                + (columns > 8 ? " …" : "")
        }
        return "Matrix(\(rows)×\(columns))[" + shown.joined(separator: "; ") + (rows > 6 ? "; …" : "") + "]"
    }
}
