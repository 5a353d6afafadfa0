/// A target marginal for ``BatchMarginalLoss``: a distribution over one column's cells, or over a
/// pair of columns' cells (row-major, `first.count × second.count`).
public struct MarginalTarget: Sendable, Equatable {
    public let first: MarginalCells
    /// The second column of a two-way marginal; nil for a one-way marginal.
    public let second: MarginalCells?
    /// Non-negative, summing to 1.
    public let distribution: [Float]

    public init(first: MarginalCells, second: MarginalCells? = nil, distribution: [Float]) {
        self.first = first
        self.second = second
        self.distribution = distribution
    }
}
