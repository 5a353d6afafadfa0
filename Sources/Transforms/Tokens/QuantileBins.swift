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

    /// At most `maxBins` bins of about equal mass cut from a histogram of the scalar over
    /// `range` (its cells of equal width; negative counts, which noise can give, count as 0), each
    /// with ``insidePointCount`` quantiles read off the same histogram — for DP fits, where the
    /// histogram is a noisy, charged release and the bins are post-processing. Mass is taken as
    /// spread evenly within a cell. Without mass it falls back to equal-width bins.
    public init(fittingHistogram counts: [Double], over range: ClosedRange<Float>, maxBins: Int) {
        precondition(maxBins >= 1 && !counts.isEmpty)
        let mass = counts.map { max(0, $0) }
        let total = mass.reduce(0, +)
        guard total > 0 else { self.init(equalWidthOver: range, count: maxBins); return }
        let cellWidth = Double(range.upperBound - range.lowerBound) / Double(mass.count)
        var cumulative = [0.0]
        for m in mass { cumulative.append(cumulative.last! + m) }
        // The scalar below which a share `p` of the mass lies (linear within a cell).
        func quantile(_ p: Double) -> Float {
            let target = min(max(p, 0), 1) * total
            var cell = 0
            while cell < mass.count - 1 && cumulative[cell + 1] < target { cell += 1 }
            let inside = mass[cell] > 0 ? (target - cumulative[cell]) / mass[cell] : 0
            return Float(Double(range.lowerBound) + (Double(cell) + min(max(inside, 0), 1)) * cellWidth)
        }
        var edges: [(value: Float, share: Double)] = [(range.lowerBound, 0)]
        for k in 1..<maxBins {
            let share = Double(k) / Double(maxBins), edge = quantile(share)
            // Empty stretches of the histogram give equal edges: those bins merge.
            if edge > edges.last!.value && edge < range.upperBound { edges.append((edge, share)) }
        }
        edges.append((range.upperBound, 1))
        var lows: [Float] = [], highs: [Float] = [], points: [[Float]] = []
        let last = Self.insidePointCount - 1
        for k in 0..<(edges.count - 1) {
            let (low, from) = edges[k], (high, to) = edges[k + 1]
            lows.append(k == 0 ? low : low.nextUp)
            highs.append(high)
            points.append((0...last).map { j in min(max(quantile(from + (to - from) * Double(j) / Double(last)), lows[k]), high) })
        }
        self.init(lows: lows, highs: highs, insidePoints: points)
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
