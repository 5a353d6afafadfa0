/// Ten equal-width bins over a sample's own range, the way SDMetrics discretizes a continuous column
/// before comparing it with a discrete one: `numpy.histogram_bin_edges(values, bins=10)` then
/// `numpy.digitize(values, edges)`.
///
/// Reproduced quirks, because matching SDMetrics' numbers is the point:
/// - the edges come from each table's own non-missing values (real and synthetic are binned separately);
/// - `digitize` uses all 11 edges, so the minimum lands in bin 1 and the maximum in bin 11 (alone with
///   every value equal to it); a missing value also lands in bin 11 (NumPy sorts NaN last).
struct EqualWidthBins: Sendable {
    /// The `count + 1` increasing edges.
    let edges: [Double]

    /// Edges over the non-missing `values` (NaN is ignored); an empty sample gets NumPy's `(0, 1)` range,
    /// a constant one is widened by ±0.5 as NumPy does.
    init(values: [Double], count: Int = 10) {
        var low = Double.infinity, high = -Double.infinity
        for v in values where !v.isNaN {
            low = min(low, v)
            high = max(high, v)
        }
        if low > high { (low, high) = (0, 1) }
        if low == high { (low, high) = (low - 0.5, high + 0.5) }
        let step = (high - low) / Double(count)
        var edges = (0..<count).map { low + Double($0) * step }
        edges.append(high)
        self.edges = edges
    }

    /// `numpy.digitize(value, edges)`: the number of edges less than or equal to `value`; NaN gives `edges.count`.
    func bin(of value: Double) -> Int {
        if value.isNaN { return edges.count }
        var lo = 0, hi = edges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if edges[mid] <= value { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The number of distinct bin indices `bin(of:)` can return (`0...edges.count`).
    var binIndexCount: Int { edges.count + 1 }
}
