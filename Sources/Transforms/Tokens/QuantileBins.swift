/// Bins of one continuous column's encoded scalar, fitted from the training values: up to
/// `maxBins` bins holding about equally many values (quantiles), each remembered by the smallest
/// and largest value it holds. A column with at most `maxBins` distinct values gets one bin per
/// value, so integer columns with spikes (years of schooling) decode to exactly their values.
///
/// Decoding draws within a bin by its ``insidePoints`` when it has them — a fitted bin remembers
/// nine evenly spaced quantiles of its own values and draws by linear
/// interpolation between them, so a bin that mixes a spike (12 years of schooling) with a few other
/// values gives the spike back as often as the data has it — and uniformly within [low, high]
/// otherwise; a bin that holds one repeated value is a point. ``init(fitting:maxBins:)`` reads the
/// data (a private fact); ``init(equalWidthOver:count:)`` only public bounds, for DP fits.
public struct QuantileBins: Sendable, Equatable, Codable {
    /// Smallest value of each bin, ascending.
    public let lows: [Float]
    /// Largest value of each bin, ascending; `highs[k] < lows[k + 1]`.
    public let highs: [Float]
    /// Per bin, ``insidePointCount`` ascending quantiles of its training values (the first its low,
    /// the last its high); nil for bins cut from bounds alone (and files written before them).
    public let insidePoints: [[Float]]?

    /// Quantiles each fitted bin keeps of its own values.
    public static let insidePointCount = 9

    /// Bins given directly (tests, decoding).
    public init(lows: [Float], highs: [Float], insidePoints: [[Float]]? = nil) {
        precondition(lows.count == highs.count && !lows.isEmpty, "one low and one high per bin, at least one bin")
        precondition(insidePoints.map { $0.count == lows.count && $0.allSatisfy { $0.count >= 2 } } ?? true, "two or more points per bin")
        self.lows = lows
        self.highs = highs
        self.insidePoints = insidePoints
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
        var lows: [Float] = [], highs: [Float] = [], points: [[Float]] = []
        let n = sorted.count
        var start = 0
        for k in 0..<maxBins where start < n {
            // End of bin k at the (k+1)/maxBins quantile, pushed past values equal to the last one.
            var end = max(start + 1, ((k + 1) * n + maxBins - 1) / maxBins)
            end = min(end, n)
            while end < n && sorted[end] == sorted[end - 1] { end += 1 }
            if k == maxBins - 1 { end = n }  // the last bin takes whatever is left
            lows.append(sorted[start])
            highs.append(sorted[end - 1])
            let last = Self.insidePointCount - 1
            points.append((0...last).map { j in sorted[start + (j * (end - 1 - start) + last / 2) / last] })
            start = end
        }
        self.init(lows: lows, highs: highs, insidePoints: points)
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

    /// A value of bin `k` from `unit` ∈ [0, 1): interpolated between its inside points, or uniform
    /// within its [low, high] without them.
    public func value(ofBin k: Int, unit: Float) -> Float {
        guard let points = insidePoints?[k] else { return lows[k] + (highs[k] - lows[k]) * unit }
        let position = unit * Float(points.count - 1)
        let i = min(Int(position), points.count - 2)
        let value = points[i] + (points[i + 1] - points[i]) * (position - Float(i))
        return min(max(value, lows[k]), highs[k])
    }
}
