/// One-dimensional data summarized as weighted points, each with the variance of the values it
/// stands for: the input of the Gaussian mixture fit.
///
/// Three sources produce it:
/// - ``init(samples:groupWidth:)``: raw values, sorted and merged into groups no wider than
///   `groupWidth` (equal values always merge). The fit then costs O(groups) per round instead of
///   O(values), and because each group keeps its count, mean and variance (the sufficient
///   statistics), the only approximation is that a group shares one responsibility vector.
/// - ``WeightedHistogram/weightedPoints``: bin centers weighted by (possibly noisy) counts, each with
///   the variance of a uniform bin, width²/12 — how a differentially private fit sees the data.
/// - ``init(values:weights:variances:)``: anything else.
public struct WeightedPoints: Sendable, Equatable {
    /// The point locations, ascending.
    public let values: [Double]
    /// The weight of each point (> 0).
    public let weights: [Double]
    /// The variance of the data each point stands for (≥ 0).
    public let variances: [Double]

    /// Creates points from parallel arrays (`variances` defaults to zeros); points with a nonfinite
    /// value or a nonpositive weight are dropped and the rest sorted by value.
    public init(values: [Double], weights: [Double], variances: [Double]? = nil) {
        let variances = variances ?? [Double](repeating: 0, count: values.count)
        precondition(values.count == weights.count && values.count == variances.count, "parallel arrays")
        let kept = values.indices
            .filter { values[$0].isFinite && weights[$0] > 0 && weights[$0].isFinite }
            .sorted { values[$0] < values[$1] }
        self.values = kept.map { values[$0] }
        self.weights = kept.map { weights[$0] }
        self.variances = kept.map { max(0, variances[$0]) }
    }

    /// Summarizes `samples` (NaN skipped): sorted values are merged into groups spanning at most
    /// `groupWidth` (0: merge only equal values), each keeping its count, mean and variance.
    public init(samples: some Sequence<Double>, groupWidth: Double = 0) {
        let sorted = samples.filter { !$0.isNaN }.sorted()
        var values: [Double] = [], weights: [Double] = [], variances: [Double] = []
        var start = 0
        while start < sorted.count {
            var end = start + 1
            while end < sorted.count && sorted[end] - sorted[start] <= groupWidth { end += 1 }
            let group = sorted[start..<end]
            let mean = group.reduce(0, +) / Double(group.count)
            values.append(mean)
            weights.append(Double(group.count))
            variances.append(group.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(group.count))
            start = end
        }
        self.values = values
        self.weights = weights
        self.variances = variances
    }

    /// The number of points.
    public var count: Int { values.count }
    /// The total weight.
    public var totalWeight: Double { weights.reduce(0, +) }

    /// The weighted mean and (population) variance of the data the points stand for.
    public var meanAndVariance: (mean: Double, variance: Double) {
        let total = totalWeight
        guard total > 0 else { return (0, 0) }
        var mean = 0.0
        for (x, w) in zip(values, weights) { mean += w * x }
        mean /= total
        var variance = 0.0
        for i in values.indices { variance += weights[i] * ((values[i] - mean) * (values[i] - mean) + variances[i]) }
        return (mean, variance / total)
    }

    /// The weighted `p`-quantile of the point locations (the first location whose cumulative weight
    /// reaches `p` of the total).
    public func quantile(_ p: Double) -> Double {
        precondition(!values.isEmpty, "no points")
        let target = p * totalWeight
        var cumulative = 0.0
        for (x, w) in zip(values, weights) {
            cumulative += w
            if cumulative >= target { return x }
        }
        return values[values.count - 1]
    }

    /// A scale that a few extreme values cannot inflate: the interquartile range / 1.349 (the
    /// standard deviation for normal data), or the standard deviation when the quartiles coincide.
    public var robustScale: Double {
        guard !values.isEmpty else { return 0 }
        let spread = (quantile(0.75) - quantile(0.25)) / 1.349
        return spread > 0 ? spread : meanAndVariance.variance.squareRoot()
    }
}
