/// Rows of numeric features, row-major: `values[row * columns + column]`.
struct FeatureMatrix: Sendable {
    var rows: Int
    var columns: Int
    var values: [Double]

    /// The rows at `indices`, in order.
    func gathering(_ indices: [Int]) -> FeatureMatrix {
        var out = [Double]()
        out.reserveCapacity(indices.count * columns)
        for r in indices { out.append(contentsOf: values[(r * columns)..<((r + 1) * columns)]) }
        return FeatureMatrix(rows: indices.count, columns: columns, values: out)
    }

    /// These rows stacked on top of `other`'s.
    func stacked(on other: FeatureMatrix) -> FeatureMatrix {
        precondition(columns == other.columns)
        return FeatureMatrix(rows: rows + other.rows, columns: columns, values: values + other.values)
    }

    /// The values converted to single precision, for the BLAS distance kernel.
    var floats: [Float] { values.map { Float($0) } }
}
