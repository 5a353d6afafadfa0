/// Fidelity scores defined exactly as SDMetrics' (0.32) single-table `QualityReport`, so numbers can be
/// compared across tools: the mean of *column shapes* (how well each column's distribution is kept) and
/// *column pair trends* (how well each pair's relationship is kept), each the mean of its parts.
public struct QualityScores: Sendable, Codable, Equatable {
    /// The mean of ``columnShapes`` and ``columnPairTrends`` (whichever exist), 0…1, higher is better.
    public var overall: Double?
    /// The mean of the column scores that could be computed.
    public var columnShapes: Double?
    /// The mean of the pair scores that could be computed.
    public var columnPairTrends: Double?
    /// One score per learned column, in schema order.
    public var columns: [ColumnShapeScore]
    /// One score per pair of learned columns, in schema order (`(0,1), (0,2), …`).
    public var pairs: [ColumnPairScore]

    public init(columns: [ColumnShapeScore], pairs: [ColumnPairScore]) {
        self.columns = columns
        self.pairs = pairs
        columnShapes = Self.mean(columns.compactMap(\.score))
        columnPairTrends = Self.mean(pairs.compactMap(\.score))
        overall = Self.mean([columnShapes, columnPairTrends].compactMap { $0 })
    }

    static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}

/// How well one column's distribution is reproduced.
public struct ColumnShapeScore: Sendable, Codable, Equatable {
    /// The column's name.
    public var column: String
    /// `KSComplement` (continuous: 1 − two-sample Kolmogorov–Smirnov statistic, missing cells dropped)
    /// or `TVComplement` (categorical, boolean: 1 − total variation distance, missing cells dropped).
    /// Multilabel columns (our extension) score the mean `TVComplement` of their yes/no label indicators.
    public var metric: String
    /// 0…1, higher is better; `nil` when a side has no non-missing value.
    public var score: Double?
    /// For multilabel columns, each label's own `TVComplement`.
    public var labels: [LabelScore]?
}

/// One label of a multilabel column and its score.
public struct LabelScore: Sendable, Codable, Equatable {
    public var label: String
    public var score: Double?
}

/// How well the relationship between two columns is reproduced.
public struct ColumnPairScore: Sendable, Codable, Equatable {
    /// The two column names, in schema order.
    public var columns: [String]
    /// `CorrelationSimilarity` (both continuous: 1 − |ρ_real − ρ_synthetic| / 2, Pearson) or
    /// `ContingencySimilarity` (otherwise: 1 − total variation distance of the joint distribution, missing
    /// as its own value, a continuous column binned into SDMetrics' ten bins per table).
    public var metric: String
    /// 0…1, higher is better; `nil` when undefined (e.g. a constant column under Pearson).
    public var score: Double?
    /// The association in the real table: Pearson's ρ for two continuous columns, else Cramér's V.
    public var realAssociation: Double?
    /// The same association in the synthetic table.
    public var syntheticAssociation: Double?
}
