/// Element-wise kernels. The loops are written over raw pointers with no cross-iteration
/// dependence so that LLVM's loop vectorizer turns them into SSE/AVX code on the baseline x86-64
/// target (no `-march`, no `unsafeFlags`); reductions that would need reassociation use BLAS
/// level-1 routines instead (see `rowSquaredNorms`).
extension Matrix {
    /// `self *= factor`.
    public func scale(by factor: Float) {
        let p = data
        ComputePool.shared.forEachRange(of: count, grain: ComputePool.elementGrain) { range in
            for i in range { p[i] *= factor }
        }
    }

    /// `self += factor · other` (same shape).
    public func add(_ other: Matrix, scaledBy factor: Float = 1) {
        precondition(rows == other.rows && columns == other.columns, "shape mismatch in add")
        let p = data, q = other.data
        ComputePool.shared.forEachRange(of: count, grain: ComputePool.elementGrain) { range in
            for i in range { p[i] += factor * q[i] }
        }
    }

    /// Adds `vector` (a `1 × columns` matrix) to every row: the bias broadcast of a linear layer.
    public func addToEveryRow(_ vector: Matrix) {
        precondition(vector.count == columns, "row vector has \(vector.count) elements, matrix has \(columns) columns")
        let v = vector.data, width = columns
        ComputePool.shared.forEachRowRange(rows: rows, columns: width) { range in
            for r in range {
                let p = data + r * width
                for c in 0..<width { p[c] += v[c] }
            }
        }
    }

    /// `vector += Σ_rows self` (column sums accumulated into a `1 × columns` matrix): the bias
    /// gradient. Summing row after row keeps the inner loop element-wise, hence vectorized; the
    /// columns are split across cores, each column still summed in row order.
    public func accumulateColumnSums(into vector: Matrix) {
        precondition(vector.count == columns, "row vector has \(vector.count) elements, matrix has \(columns) columns")
        let v = vector.data, width = columns, height = rows
        ComputePool.shared.forEachRange(of: width, grain: max(8, ComputePool.elementGrain / max(1, height))) { columns in
            for r in 0..<height {
                let p = data + r * width
                for c in columns { v[c] += p[c] }
            }
        }
    }

    /// `self = source` with row `r` multiplied by `weights[r]` (same shape as `source`).
    public func setRowsScaled(_ source: Matrix, by weights: UnsafePointer<Float>) {
        resize(like: source)
        let width = columns
        ComputePool.shared.forEachRowRange(rows: rows, columns: width) { range in
            for r in range {
                let w = weights[r]
                let p = data + r * width, q = source.data + r * width
                for c in 0..<width { p[c] = w * q[c] }
            }
        }
    }

    /// Copies `source` into columns `columnOffset ..< columnOffset + source.columns` (rows must match).
    public func setColumns(startingAt columnOffset: Int, from source: Matrix) {
        precondition(source.rows == rows && columnOffset + source.columns <= columns, "column block out of range")
        let width = columns
        ComputePool.shared.forEachRowRange(rows: rows, columns: source.columns) { range in
            for r in range {
                (data + r * width + columnOffset).update(from: source.data + r * source.columns, count: source.columns)
            }
        }
    }

    /// `destination[r, :] = self[r, columnOffset ..< columnOffset + destination.columns]`, and when
    /// `accumulate` is true adds instead of overwriting.
    public func extractColumns(startingAt columnOffset: Int, into destination: Matrix, accumulate: Bool = false) {
        precondition(destination.rows == rows && columnOffset + destination.columns <= columns, "column block out of range")
        let width = destination.columns, sourceWidth = columns
        ComputePool.shared.forEachRowRange(rows: rows, columns: width) { range in
            for r in range {
                let from = data + r * sourceWidth + columnOffset, to = destination.data + r * width
                if accumulate {
                    for c in 0..<width { to[c] += from[c] }
                } else {
                    to.update(from: from, count: width)
                }
            }
        }
    }

    /// Sum of squares of all elements, accumulated in `Double`.
    public func squaredNorm() -> Double {
        var sum = 0.0
        for i in 0..<count { sum += Double(data[i]) * Double(data[i]) }
        return sum
    }
}
