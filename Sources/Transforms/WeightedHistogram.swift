/// A histogram over a continuous column's public bounds: equal-width bins and their counts.
///
/// This is the interface between the privacy layer and mode-specific normalization under
/// differential privacy: the privacy layer computes ``exactCounts(of:bounds:binCount:)`` on the
/// private column, adds calibrated noise, charges the release to the budget, and hands the noisy
/// histogram to ``DataTransformer/init(publicSchema:options:continuousHistograms:rng:)``. The
/// transformer then fits its mixture from bin centers and counts alone (post-processing), never
/// reading a private value.
public struct WeightedHistogram: Sendable, Equatable, Codable {
    /// The lower edge of the first bin (the column's public minimum).
    public let lowerBound: Double
    /// The upper edge of the last bin (the column's public maximum).
    public let upperBound: Double
    /// One count per bin. May be noisy: negative counts are allowed here and treated as zero by the fit.
    public let counts: [Double]

    /// Creates a histogram of `counts.count` equal-width bins over `[lowerBound, upperBound]`.
    public init(lowerBound: Double, upperBound: Double, counts: [Double]) {
        precondition(lowerBound < upperBound, "the bounds must satisfy lower < upper")
        precondition(!counts.isEmpty, "a histogram needs at least one bin")
        self.lowerBound = lowerBound
        self.upperBound = upperBound
        self.counts = counts
    }

    /// The width of every bin.
    public var binWidth: Double { (upperBound - lowerBound) / Double(counts.count) }

    /// The center of each bin.
    public var binCenters: [Double] {
        (0..<counts.count).map { lowerBound + (Double($0) + 0.5) * binWidth }
    }

    /// The bin centers weighted by the counts (negative counts clipped to zero), each with the
    /// variance of a value spread uniformly over its bin (width²/12).
    public var weightedPoints: WeightedPoints {
        WeightedPoints(values: binCenters, weights: counts.map { max(0, $0) },
                       variances: [Double](repeating: binWidth * binWidth / 12, count: counts.count))
    }

    /// The exact (not private) histogram of `values` (NaN skipped) over `bounds`; values outside the
    /// bounds count in the nearest end bin. The privacy layer noises this before release: its counts
    /// have sensitivity 1 under adding or removing one row.
    public static func exactCounts(of values: some Sequence<Double>, bounds: ClosedRange<Double>, binCount: Int) -> WeightedHistogram {
        precondition(binCount > 0, "binCount must be positive")
        precondition(bounds.lowerBound < bounds.upperBound, "the bounds must satisfy lower < upper")
        var counts = [Double](repeating: 0, count: binCount)
        let scale = Double(binCount) / (bounds.upperBound - bounds.lowerBound)
        for value in values where !value.isNaN {
            let bin = Int(((value - bounds.lowerBound) * scale).rounded(.down))
            counts[min(max(bin, 0), binCount - 1)] += 1
        }
        return WeightedHistogram(lowerBound: bounds.lowerBound, upperBound: bounds.upperBound, counts: counts)
    }
}
