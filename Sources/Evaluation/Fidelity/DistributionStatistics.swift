/// The one- and two-variable statistics the fidelity scores are built from. `package`: benchmarks
/// that stream generated rows score counts with the same statistics.
package enum DistributionStatistics {
    /// The two-sample Kolmogorov–Smirnov statistic `sup |F_a − F_b|` over non-missing values, or `nil`
    /// when either sample is empty. Values are rounded to 14 decimals first, as SDMetrics does, so that
    /// float noise in a CSV round trip does not count as a difference.
    static func kolmogorovSmirnov(_ a: [Double], _ b: [Double]) -> Double? {
        let x = a.filter { !$0.isNaN }.map(roundedLikeSDMetrics).sorted()
        let y = b.filter { !$0.isNaN }.map(roundedLikeSDMetrics).sorted()
        guard !x.isEmpty, !y.isEmpty else { return nil }
        var i = 0, j = 0, d = 0.0
        let nx = Double(x.count), ny = Double(y.count)
        while i < x.count, j < y.count {
            // Step past every copy of the smaller value in both samples before comparing the CDFs.
            let v = min(x[i], y[j])
            while i < x.count, x[i] == v { i += 1 }
            while j < y.count, y[j] == v { j += 1 }
            d = max(d, abs(Double(i) / nx - Double(j) / ny))
        }
        return d
    }

    private static func roundedLikeSDMetrics(_ v: Double) -> Double {
        // `Series.round(14)`; beyond 1e6 the product would lose the integer part's precision and the
        // rounding is a no-op anyway.
        abs(v) < 1e6 ? (v * 1e14).rounded() / 1e14 : v
    }

    /// Total variation distance `½ Σ |p − q|` between two count vectors over the same categories
    /// (normalized separately), or `nil` if either is all zero.
    package static func totalVariation(_ p: [Double], _ q: [Double]) -> Double? {
        let sp = p.reduce(0, +), sq = q.reduce(0, +)
        guard sp > 0, sq > 0 else { return nil }
        var total = 0.0
        for k in p.indices { total += abs(p[k] / sp - q[k] / sq) }
        return total / 2
    }

    /// Pearson's ρ over the rows where both values are present; `nil` if fewer than two such rows or a
    /// constant column (SDMetrics then reports no score for the pair).
    static func pearson(_ a: [Double], _ b: [Double]) -> Double? {
        var n = 0.0, sa = 0.0, sb = 0.0
        for k in a.indices where !a[k].isNaN && !b[k].isNaN {
            n += 1; sa += a[k]; sb += b[k]
        }
        guard n >= 2 else { return nil }
        let ma = sa / n, mb = sb / n
        var saa = 0.0, sbb = 0.0, sab = 0.0
        for k in a.indices where !a[k].isNaN && !b[k].isNaN {
            let da = a[k] - ma, db = b[k] - mb
            saa += da * da; sbb += db * db; sab += da * db
        }
        guard saa > 0, sbb > 0 else { return nil }
        return max(-1, min(1, sab / (saa * sbb).squareRoot()))
    }

    /// Cramér's V of a contingency table given as counts `table[a * columns + b]`: 0 = independent,
    /// 1 = one column determines the other. Empty rows and columns are ignored.
    static func cramersV(_ table: [Double], rows: Int, columns: Int) -> Double? {
        var rowSums = [Double](repeating: 0, count: rows), colSums = [Double](repeating: 0, count: columns)
        var total = 0.0
        for r in 0..<rows {
            for c in 0..<columns {
                let v = table[r * columns + c]
                rowSums[r] += v; colSums[c] += v; total += v
            }
        }
        let usedRows = rowSums.filter { $0 > 0 }.count, usedColumns = colSums.filter { $0 > 0 }.count
        guard total > 0, min(usedRows, usedColumns) > 1 else { return nil }
        var chi2 = 0.0
        for r in 0..<rows where rowSums[r] > 0 {
            for c in 0..<columns where colSums[c] > 0 {
                let expected = rowSums[r] * colSums[c] / total
                let diff = table[r * columns + c] - expected
                chi2 += diff * diff / expected
            }
        }
        return min(1, (chi2 / (total * Double(min(usedRows, usedColumns) - 1))).squareRoot())
    }
}
