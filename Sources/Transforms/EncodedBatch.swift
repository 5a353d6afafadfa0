/// Rows encoded by a ``DataTransformer``: a row-major `rows × width` matrix of `Float`, ready to
/// copy into the neural core's matrices.
public struct EncodedBatch: Sendable, Equatable {
    /// The number of rows.
    public let rows: Int
    /// The number of values per row (``DataTransformer/width``).
    public let width: Int
    /// Row-major values: row `r` is `values[(r * width)..<((r + 1) * width)]`.
    public var values: [Float]

    public init(rows: Int, width: Int, values: [Float]) {
        precondition(values.count == rows * width, "values must hold rows × width entries")
        self.rows = rows
        self.width = width
        self.values = values
    }

    /// The values of row `r`.
    public func row(_ r: Int) -> ArraySlice<Float> { values[(r * width)..<((r + 1) * width)] }
}
