extension GaussianMixture {
    /// The span a component can encode without clipping: μ ± `reach`·σ (4σ for mode-specific
    /// normalization, whose scalar is (x − μ)/(4σ) clipped to [−1, 1]).
    public func encodableSpan(of component: Int, reach: Double = 4) -> ClosedRange<Double> {
        (means[component] - reach * standardDeviations[component])...(means[component] + reach * standardDeviations[component])
    }

    /// This mixture with some standard deviations widened (never narrowed) so that every point of
    /// `range` lies within `reach`·σ of some component's mean: then every value in the range encodes
    /// without clipping and decodes back (up to `Float` precision).
    ///
    /// A fitted mixture leaves gaps for outliers, and between far-apart modes; each gap is closed by
    /// widening whichever neighbouring component needs the smaller relative increase. Weights and
    /// means are unchanged.
    public func covering(_ range: ClosedRange<Double>, reach: Double = 4) -> GaussianMixture {
        var sd = standardDeviations
        func left(_ k: Int) -> Double { means[k] - reach * sd[k] }
        func right(_ k: Int) -> Double { means[k] + reach * sd[k] }
        // The relative margin keeps the far edge on the covered side after rounding.
        func widen(_ k: Int, toReach x: Double) { sd[k] = max(sd[k], abs(x - means[k]) / reach * (1 + 1e-12)) }

        // Sweep components by left edge, tracking how far [lower, covered] is already covered and
        // which component reaches furthest right (`reacher`).
        var covered = range.lowerBound
        var reacher: Int?
        for k in means.indices.sorted(by: { left($0) < left($1) }) {
            if covered >= range.upperBound { break }
            if left(k) > covered {
                // A gap (covered, left(k)) inside the range: stretch whichever side's σ grows less.
                let target = min(left(k), range.upperBound)
                let stretchNext = (means[k] - covered) / reach / sd[k]
                if let r = reacher, (target - means[r]) / reach / sd[r] <= stretchNext {
                    widen(r, toReach: target)
                    covered = max(covered, right(r))
                } else {
                    widen(k, toReach: covered)
                }
            }
            if left(k) <= covered {
                covered = max(covered, right(k))
                if reacher.map({ right(k) > right($0) }) ?? true { reacher = k }
            }
        }
        if covered < range.upperBound, let r = reacher ?? means.indices.first { widen(r, toReach: range.upperBound) }
        return GaussianMixture(weights: weights, means: means, standardDeviations: sd)
    }
}
