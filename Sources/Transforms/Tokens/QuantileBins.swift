/// Bins of one continuous column's encoded scalar, fitted from the training values: up to
/// `maxBins` bins holding about equally many values (quantiles), each remembered by the smallest
/// and largest value it holds. A column with at most `maxBins` distinct values gets one bin per
/// value, so integer columns with spikes (years of schooling) decode to exactly their values.
///
/// Decoding draws uniformly within a bin's [low, high]; a bin that holds one repeated value is a
/// point. ``init(fitting:maxBins:)`` reads the data (a private fact); ``init(equalWidthOver:count:)``
/// only public bounds, for DP fits.
public struct QuantileBins: Sendable, Equatable, Codable {
    /// Smallest value of each bin, ascending.
    public let lows: [Float]
    /// Largest value of each bin, ascending; `highs[k] < lows[k + 1]`.
    public let highs: [Float]

    /// Bins given directly (tests, decoding).
    public init(lows: [Float], highs: [Float]) {
        precondition(lows.count == highs.count && !lows.isEmpty, "one low and one high per bin, at least one bin")
        self.lows = lows
        self.highs = highs
    }

    /// Fits at most `maxBins` bins to `values` (non-empty; NaN not allowed). Equal values always share
    /// a bin, so a bin boundary never splits a spike.
    public init(fitting values: [Float], maxBins: Int) {
        precondition(maxBins >= 1)
        let sorted = values.sorted()
        guard !sorted.isEmpty else { self.init(lows: [0], highs: [0]); return }
        var distinct: [Float] = []
        for v in sorted where distinct.last != v { distinct.append(v) }
        if distinct.count <= maxBins {
            self.init(lows: distinct, highs: distinct)
            return
        }
        var lows: [Float] = [], highs: [Float] = []
        let n = sorted.count
        var start = 0
        for k in 0..<maxBins where start < n {
            // End of bin k at the (k+1)/maxBins quantile, pushed past values equal to the last one.
            var end = max(start + 1, ((k + 1) * n + maxBins - 1) / maxBins)
            end = min(end, n)
            while end < n && sorted[end] == sorted[end - 1] { end += 1 }
            lows.append(sorted[start])
            highs.append(sorted[end - 1])
            start = end
        }
        if start < n { highs[highs.count - 1] = sorted[n - 1] }
        self.init(lows: lows, highs: highs)
    }

    /// `count` bins of equal width covering `range` (public bounds: reads no value). Adjacent bins
    /// meet at a boundary, which belongs to the lower bin.
    public init(equalWidthOver range: ClosedRange<Float>, count: Int) {
        precondition(count >= 1, "at least one bin")
        let width = (range.upperBound - range.lowerBound) / Float(count)
        let edges = (0...count).map { $0 == count ? range.upperBound : range.lowerBound + width * Float($0) }
        self.init(lows: (0..<count).map { $0 == 0 ? edges[0] : edges[$0].nextUp }, highs: Array(edges[1...]))
    }

    /// Number of bins.
    public var count: Int { lows.count }

    /// The bin of `value`: the first whose high is ≥ value (values beyond the last bin go to it).
    public func bin(of value: Float) -> Int {
        var lo = 0, hi = highs.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if highs[mid] >= value { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// A value of bin `k` drawn uniformly within its [low, high] from `unit` ∈ [0, 1).
    public func value(ofBin k: Int, unit: Float) -> Float {
        lows[k] + (highs[k] - lows[k]) * unit
    }
}
